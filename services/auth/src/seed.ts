/**
 * `manabee seed --demo`: one family with two consented children of different
 * grades, a teacher with a classroom, and an admin operator. Passwords are
 * random and returned once (the CLI prints them). Does nothing if the demo
 * parent already exists.
 */
import { randomBytes } from 'node:crypto';
import { newId } from '@manabee/kernel';
import type { Accounts } from './accounts';
import type { Children } from './children';
import type { Devices } from './devices';
import type { Operators } from './operators';
import { hashPassword } from './passwords';
import { type RequestMeta, type Runtime, SYSTEM_META } from './runtime';
import type { Schools } from './schools';
import * as accounts from './store/accounts';
import * as schoolStore from './store/schools';

export const DEMO_PARENT_EMAIL = 'parent@demo.manabee.app';
export const DEMO_TEACHER_EMAIL = 'teacher@demo.manabee.app';
export const DEMO_OPERATOR_EMAIL = 'admin@demo.manabee.app';

export type DemoSeed =
  | { created: false; message: string }
  | {
      created: true;
      parent: { email: string; password: string };
      operator: { email: string; password: string; totpUri: string };
      familyCode: string;
      children: { id: string; nickname: string; grade: number; pin: string }[];
      teacher: { email: string; password: string };
    };

const randomPassword = () => randomBytes(12).toString('base64url');

export function createDemoSeed(
  runtime: Runtime,
  parts: { accounts: Accounts; children: Children; devices: Devices; schools: Schools; operators: Operators },
) {
  const { database, clock } = runtime;

  return async function seedDemo(): Promise<DemoSeed> {
    if (await accounts.findUserByEmail(database.db, DEMO_PARENT_EMAIL))
      return {
        created: false,
        message: `The demo family (${DEMO_PARENT_EMAIL}) already exists; nothing changed.`,
      };
    const now = clock.now();
    const parentPassword = randomPassword();
    await parts.accounts.signUp(
      { email: DEMO_PARENT_EMAIL, password: parentPassword, locale: 'ja', timeZone: 'Asia/Tokyo' },
      SYSTEM_META,
    );
    const parent = await accounts.findUserByEmail(database.db, DEMO_PARENT_EMAIL);
    const family = parent ? await accounts.findFamilyByGuardian(database.db, parent.id) : null;
    if (!parent || !family) throw new Error('demo parent was not created');
    await accounts.markEmailVerified(database.db, parent.id, now);
    const parentMeta: RequestMeta = {
      ...SYSTEM_META,
      principal: { id: parent.id, role: 'parent', familyId: family.id, locale: 'ja' },
    };
    const kids = [
      { nickname: 'はなこ', grade: 2, pin: '4831' },
      { nickname: 'Ken', grade: 7, pin: '9275' },
    ];
    const created = [];
    for (const kid of kids) {
      const child = await parts.children.addChild(
        { nickname: kid.nickname, grade: kid.grade, language: 'ja', pin: kid.pin },
        parentMeta,
      );
      await parts.children.giveConsent({ childId: child.id, password: parentPassword }, parentMeta);
      created.push({ id: child.id, nickname: child.nickname, grade: kid.grade, pin: kid.pin });
    }
    const familyCode = await parts.children.regenerateFamilyCode(parentMeta);

    const operatorPassword = randomPassword();
    const operator = await parts.operators.createOperator({
      email: DEMO_OPERATOR_EMAIL,
      password: operatorPassword,
      roles: ['admin'],
    });

    // The demo school is made directly: the invitation flow needs a mailbox.
    const teacherPassword = randomPassword();
    const teacherId = newId('usr');
    const orgId = newId('org');
    const teacherHash = await hashPassword(teacherPassword);
    await database.transaction(async (tx) => {
      await schoolStore.insertOrganization(tx, {
        id: orgId,
        name: 'Demo Elementary School',
        createdBy: operator.userId,
        now,
      });
      await accounts.insertUser(tx, {
        id: teacherId,
        kind: 'teacher',
        email: DEMO_TEACHER_EMAIL,
        passwordHash: teacherHash,
        locale: 'ja',
        timeZone: 'Asia/Tokyo',
        now,
      });
      await accounts.markEmailVerified(tx, teacherId, now);
      await schoolStore.insertMembership(tx, teacherId, orgId, 'org_admin', now);
      await schoolStore.insertClassroom(tx, { id: newId('cls'), orgId, name: '2年1組', teacherId }, now);
    });
    return {
      created: true,
      parent: { email: DEMO_PARENT_EMAIL, password: parentPassword },
      operator: { email: DEMO_OPERATOR_EMAIL, password: operatorPassword, totpUri: operator.totpUri },
      familyCode,
      children: created,
      teacher: { email: DEMO_TEACHER_EMAIL, password: teacherPassword },
    };
  };
}
