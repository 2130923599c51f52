import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { eventSchemas } from '@manabee/contracts';
import {
  AppError,
  createFamilyKeyring,
  createLogger,
  type Database,
  type Executor,
  type FamilyKeyring,
  ManualClock,
  newId,
  type Principal,
  sql,
} from '@manabee/kernel';
import {
  type Authorize,
  type ChildMessage,
  createSafetyService,
  type MessageSource,
  type SafetyAlertInput,
} from '../../src/index';

export const quiet = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_c, _e, cb) => cb() }),
});

/** Mirrors the auth policy for safety (services/auth/src/domain/policy.ts): somebody else's alert is NOT_FOUND. */
export const authorize: Authorize = (principal, action, resource) => {
  if (!principal) throw new AppError('UNAUTHENTICATED');
  const roles: string[] = principal.operatorRoles ?? [principal.role];
  const reviewer = roles.includes('safety_reviewer') || roles.includes('admin');
  if (resource.type === 'safety_alert') {
    if (principal.role === 'parent') {
      if (principal.familyId !== resource.familyId) throw new AppError('NOT_FOUND');
      return;
    }
    if (action === 'alert.read' && reviewer) return;
    throw new AppError('FORBIDDEN');
  }
  if (resource.type === 'review_queue' && reviewer) return;
  if (resource.type === 'keyword_list') {
    if (action === 'keywords.read' && reviewer) return;
    if (action === 'keywords.edit' && roles.includes('admin')) return;
  }
  throw new AppError('FORBIDDEN');
};

/** Audit entries and events are rows written through the caller's transaction, so a rollback takes them too. */
export async function createHarnessTables(database: Database): Promise<void> {
  await sql`create table test_audit (seq serial primary key, actor_id text, actor_role text, action text,
    resource_id text, metadata text)`.execute(database.db);
  await sql`create table test_events (seq serial primary key, name text, payload text)`.execute(database.db);
}

export function harness(
  database: Database,
  options: { onAcknowledged?: (id: string) => void; keyring?: FamilyKeyring; messages?: MessageSource } = {},
) {
  const messages = new Map<string, ChildMessage>();
  const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'));
  const service = createSafetyService({
    database,
    keyring: options.keyring ?? createFamilyKeyring(randomBytes(32)),
    logger: quiet,
    clock,
    authorize,
    // The chat service's port: child messages by id, as a test puts them in.
    messages: options.messages ?? { childMessage: async (messageId) => messages.get(messageId) ?? null },
    audit: {
      async record(tx: Executor, entry) {
        await sql`insert into test_audit (actor_id, actor_role, action, resource_id, metadata)
          values (${entry.actor.id}, ${entry.actor.role}, ${entry.action}, ${entry.resource.id ?? null},
            ${JSON.stringify(entry.metadata ?? {})})`.execute(tx);
      },
    },
    publish: async (tx, name, payload) => {
      // The real bus validates against the contracts; so does the double.
      const schema = eventSchemas[name as keyof typeof eventSchemas];
      if (!schema) throw new Error(`unknown event ${name}`);
      schema.parse(payload);
      await sql`insert into test_events (name, payload) values (${name}, ${JSON.stringify(payload)})`.execute(
        tx,
      );
    },
    ...(options.onAcknowledged ? { onAcknowledged: options.onAcknowledged } : {}),
  });
  return { service, clock, messages };
}

export async function auditRows(database: Database, action: string) {
  const { rows } = await sql<{ actor_id: string; actor_role: string; resource_id: string; metadata: string }>`
    select * from test_audit where action = ${action} order by seq`.execute(database.db);
  return rows;
}

export async function eventRows(database: Database) {
  const { rows } = await sql<{
    name: string;
    payload: string;
  }>`select * from test_events order by seq`.execute(database.db);
  return rows.map((row) => ({ name: row.name, payload: JSON.parse(row.payload) as Record<string, unknown> }));
}

export function family() {
  const familyId = newId('fam');
  const childId = newId('chd');
  const parent: Principal = { id: newId('usr'), role: 'parent', familyId };
  const child: Principal = { id: childId, role: 'child', childId, familyId };
  return { familyId, childId, parent, child };
}

export const reviewer = (): Principal => ({
  id: newId('usr'),
  role: 'safety_reviewer',
  operatorRoles: ['safety_reviewer'],
  mfaVerified: true,
});
export const admin = (): Principal => ({
  id: newId('usr'),
  role: 'admin',
  operatorRoles: ['admin'],
  mfaVerified: true,
});

export function alertInput(
  fam: { familyId: string; childId: string },
  overrides: Partial<SafetyAlertInput> = {},
): SafetyAlertInput {
  return {
    familyId: fam.familyId,
    childId: fam.childId,
    conversationId: newId('cnv'),
    messageId: newId('msg'),
    source: 'child',
    categories: ['self_harm'],
    severity: 'critical',
    flaggedText: 'もう死にたい。だれにも言えない',
    context: [
      { role: 'child', text: 'きょう学校でいやなことがあった' },
      { role: 'tutor', text: 'そうなんだ、話してくれてありがとう' },
    ],
    ...overrides,
  };
}
