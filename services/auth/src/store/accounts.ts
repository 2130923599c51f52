/** SQL for accounts: users, operator roles, families. Only services/auth touches these tables. */
import { type Executor, sql } from '@manabee/kernel';
import type { OperatorRole } from '../domain/index';
import { iso, type Timestamp, toDate } from './rows';

export type UserKind = 'parent' | 'teacher' | 'operator';

export interface User {
  id: string;
  kind: UserKind;
  email: string;
  passwordHash: string;
  emailVerifiedAt: Date | null;
  locale: string;
  timeZone: string;
  blockedAt: Date | null;
  blockedReason: string | null;
  totpSecret: string | null;
  totpConfirmedAt: Date | null;
  lastTotpStep: number | null;
  passwordChangedAt: Date;
  createdAt: Date;
}

interface UserRow {
  id: string;
  kind: UserKind;
  email: string;
  password_hash: string;
  email_verified_at: Timestamp | null;
  locale: string;
  time_zone: string;
  blocked_at: Timestamp | null;
  blocked_reason: string | null;
  totp_secret: string | null;
  totp_confirmed_at: Timestamp | null;
  last_totp_step: number | string | null;
  password_changed_at: Timestamp;
  created_at: Timestamp;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    kind: row.kind,
    email: row.email,
    passwordHash: row.password_hash,
    emailVerifiedAt: toDate(row.email_verified_at),
    locale: row.locale,
    timeZone: row.time_zone,
    blockedAt: toDate(row.blocked_at),
    blockedReason: row.blocked_reason,
    totpSecret: row.totp_secret,
    totpConfirmedAt: toDate(row.totp_confirmed_at),
    lastTotpStep: row.last_totp_step === null ? null : Number(row.last_totp_step),
    passwordChangedAt: toDate(row.password_changed_at),
    createdAt: toDate(row.created_at),
  };
}

export async function findUserByEmail(db: Executor, email: string): Promise<User | null> {
  const result = await sql<UserRow>`select * from auth_users where email = ${email}`.execute(db);
  return result.rows[0] ? toUser(result.rows[0]) : null;
}

export async function findUserById(db: Executor, id: string, forUpdate = false): Promise<User | null> {
  const lock = forUpdate ? sql`for update` : sql``;
  const result = await sql<UserRow>`select * from auth_users where id = ${id} ${lock}`.execute(db);
  return result.rows[0] ? toUser(result.rows[0]) : null;
}

/** Inserts unless the email is taken; null when it was (the caller answers the same either way). */
export async function insertUser(
  db: Executor,
  user: {
    id: string;
    kind: UserKind;
    email: string;
    passwordHash: string;
    locale: string;
    timeZone: string;
    now: Date;
  },
): Promise<boolean> {
  const result = await sql`insert into auth_users
      (id, kind, email, password_hash, locale, time_zone, password_changed_at, created_at, updated_at)
    values (${user.id}, ${user.kind}, ${user.email}, ${user.passwordHash}, ${user.locale}, ${user.timeZone},
            ${iso(user.now)}, ${iso(user.now)}, ${iso(user.now)})
    on conflict (email) do nothing returning id`.execute(db);
  return result.rows.length === 1;
}

export async function markEmailVerified(db: Executor, userId: string, now: Date): Promise<void> {
  await sql`update auth_users set email_verified_at = coalesce(email_verified_at, ${iso(now)}), updated_at = ${iso(now)}
    where id = ${userId}`.execute(db);
}

export async function updatePasswordHash(db: Executor, userId: string, passwordHash: string, now: Date) {
  await sql`update auth_users set password_hash = ${passwordHash}, password_changed_at = ${iso(now)},
    updated_at = ${iso(now)} where id = ${userId}`.execute(db);
}

/** The language and time zone mail, notifications and quiet hours use; for a parent, the family's zone too. */
export async function updateSettings(
  db: Executor,
  userId: string,
  settings: { locale: string; timeZone: string },
  now: Date,
) {
  await sql`update auth_users set locale = ${settings.locale}, time_zone = ${settings.timeZone},
    updated_at = ${iso(now)} where id = ${userId}`.execute(db);
  await sql`update auth_families set time_zone = ${settings.timeZone} where guardian_id = ${userId}`.execute(
    db,
  );
}

export async function setBlocked(db: Executor, userId: string, blocked: { at: Date; reason: string } | null) {
  await sql`update auth_users set blocked_at = ${blocked ? iso(blocked.at) : null},
    blocked_reason = ${blocked?.reason ?? null} where id = ${userId}`.execute(db);
}

export async function setTotp(
  db: Executor,
  userId: string,
  totp: { secret?: string | null; confirmedAt?: Date | null; lastStep?: number | null },
) {
  const user = await findUserById(db, userId);
  if (!user) return;
  await sql`update auth_users set
      totp_secret = ${totp.secret === undefined ? user.totpSecret : totp.secret},
      totp_confirmed_at = ${totp.confirmedAt === undefined ? (user.totpConfirmedAt ? iso(user.totpConfirmedAt) : null) : totp.confirmedAt ? iso(totp.confirmedAt) : null},
      last_totp_step = ${totp.lastStep === undefined ? user.lastTotpStep : totp.lastStep}
    where id = ${userId}`.execute(db);
}

// ---------------------------------------------------------------------------
// Operator roles

export async function operatorRoles(db: Executor, userId: string): Promise<OperatorRole[]> {
  const result = await sql<{ role: OperatorRole }>`select role from auth_operator_roles
    where user_id = ${userId} order by role`.execute(db);
  return result.rows.map((row) => row.role);
}

export async function replaceOperatorRoles(
  db: Executor,
  userId: string,
  roles: readonly OperatorRole[],
  grantedBy: string | null,
  now: Date,
) {
  await sql`delete from auth_operator_roles where user_id = ${userId}`.execute(db);
  for (const role of roles) {
    await sql`insert into auth_operator_roles (user_id, role, granted_by, granted_at)
      values (${userId}, ${role}, ${grantedBy}, ${iso(now)})`.execute(db);
  }
}

// ---------------------------------------------------------------------------
// Families

export interface Family {
  id: string;
  guardianId: string;
  timeZone: string;
  hasFamilyCode: boolean;
  createdAt: Date;
}

interface FamilyRow {
  id: string;
  guardian_id: string;
  time_zone: string;
  family_code_hash: string | null;
  created_at: Timestamp;
}

const toFamily = (row: FamilyRow): Family => ({
  id: row.id,
  guardianId: row.guardian_id,
  timeZone: row.time_zone,
  hasFamilyCode: row.family_code_hash !== null,
  createdAt: toDate(row.created_at),
});

export async function insertFamily(
  db: Executor,
  family: { id: string; guardianId: string; timeZone: string; now: Date },
) {
  await sql`insert into auth_families (id, guardian_id, time_zone, created_at)
    values (${family.id}, ${family.guardianId}, ${family.timeZone}, ${iso(family.now)})`.execute(db);
}

export async function findFamilyById(db: Executor, id: string): Promise<Family | null> {
  const result = await sql<FamilyRow>`select * from auth_families where id = ${id}`.execute(db);
  return result.rows[0] ? toFamily(result.rows[0]) : null;
}

export async function findFamilyByGuardian(db: Executor, guardianId: string): Promise<Family | null> {
  const result = await sql<FamilyRow>`select * from auth_families where guardian_id = ${guardianId}`.execute(
    db,
  );
  return result.rows[0] ? toFamily(result.rows[0]) : null;
}

export async function findFamilyByCodeHash(db: Executor, codeHash: string): Promise<Family | null> {
  const result =
    await sql<FamilyRow>`select * from auth_families where family_code_hash = ${codeHash}`.execute(db);
  return result.rows[0] ? toFamily(result.rows[0]) : null;
}

export async function setFamilyCodeHash(db: Executor, familyId: string, codeHash: string) {
  await sql`update auth_families set family_code_hash = ${codeHash} where id = ${familyId}`.execute(db);
}

/** Every zone some family lives in (the hourly jobs that run at a local hour look at each once). */
export async function familyTimeZones(db: Executor): Promise<string[]> {
  const result = await sql<{ time_zone: string }>`select distinct time_zone from auth_families
    order by time_zone`.execute(db);
  return result.rows.map((row) => row.time_zone);
}
