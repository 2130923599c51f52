/** SQL for children, consent records and parental controls. */
import { type Executor, sql } from '@manabee/kernel';
import {
  type ConsentMethod,
  type ConsentRecord,
  DEFAULT_PARENTAL_CONTROLS,
  type Grade,
  type Language,
  type ParentalControls,
} from '../domain/index';
import { iso, type Timestamp, toDate } from './rows';

export interface Child {
  id: string;
  familyId: string;
  nickname: string;
  birthYear: number | null;
  grade: Grade | null;
  language: Language;
  avatar: string | null;
  pinHash: string | null;
  paused: boolean;
  createdAt: Date;
}

interface ChildRow {
  id: string;
  family_id: string;
  nickname: string;
  birth_year: number | null;
  grade: number | null;
  language: string;
  avatar: string | null;
  pin_hash: string | null;
  paused: boolean;
  created_at: Timestamp;
}

const toChild = (row: ChildRow): Child => ({
  id: row.id,
  familyId: row.family_id,
  nickname: row.nickname,
  birthYear: row.birth_year,
  grade: row.grade as Grade | null,
  language: row.language as Language,
  avatar: row.avatar,
  pinHash: row.pin_hash,
  paused: row.paused,
  createdAt: toDate(row.created_at),
});

export async function findChildById(db: Executor, id: string): Promise<Child | null> {
  const result = await sql<ChildRow>`select * from auth_children where id = ${id}`.execute(db);
  return result.rows[0] ? toChild(result.rows[0]) : null;
}

/** A child with the family's time zone, in one round trip (chat asks for this on every message). */
export async function findChildWithZone(
  db: Executor,
  id: string,
): Promise<{ child: Child; timeZone: string } | null> {
  const result = await sql<
    ChildRow & { family_time_zone: string }
  >`select c.*, f.time_zone as family_time_zone
    from auth_children c join auth_families f on f.id = c.family_id where c.id = ${id}`.execute(db);
  const row = result.rows[0];
  return row ? { child: toChild(row), timeZone: row.family_time_zone } : null;
}

/**
 * What the access check needs, in one round trip instead of four: the child,
 * the family's zone, the parental controls and the consent history.
 */
export async function accessFactsOf(db: Executor, id: string) {
  const result = await sql<
    ChildRow & {
      family_time_zone: string;
      controls: ParentalControls | string | null;
      consents: ConsentRow[] | string;
    }
  >`select c.*, f.time_zone as family_time_zone, pc.controls,
      coalesce((select json_agg(a order by a.given_at) from auth_consents a where a.child_id = c.id),
        '[]'::json) as consents
    from auth_children c
    join auth_families f on f.id = c.family_id
    left join auth_parental_controls pc on pc.child_id = c.id
    where c.id = ${id}`.execute(db);
  const row = result.rows[0];
  if (!row) return null;
  const controls =
    row.controls === null
      ? DEFAULT_PARENTAL_CONTROLS
      : typeof row.controls === 'string'
        ? (JSON.parse(row.controls) as ParentalControls)
        : row.controls;
  const consents = (
    typeof row.consents === 'string' ? JSON.parse(row.consents) : row.consents
  ) as ConsentRow[];
  return {
    child: toChild(row),
    timeZone: row.family_time_zone,
    controls,
    consents: consents.map(toStoredConsent),
  };
}

export async function findChildByNickname(
  db: Executor,
  familyId: string,
  nickname: string,
): Promise<Child | null> {
  const result = await sql<ChildRow>`select * from auth_children
    where family_id = ${familyId} and nickname = ${nickname}`.execute(db);
  return result.rows[0] ? toChild(result.rows[0]) : null;
}

export async function listChildren(db: Executor, familyId: string): Promise<Child[]> {
  const result = await sql<ChildRow>`select * from auth_children where family_id = ${familyId}
    order by created_at, id`.execute(db);
  return result.rows.map(toChild);
}

export async function countChildren(db: Executor, familyId: string): Promise<number> {
  const result = await sql<{ n: number | string }>`select count(*) as n from auth_children
    where family_id = ${familyId}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export type ChildFields = Omit<Child, 'id' | 'familyId' | 'createdAt'>;

/** False when the nickname is already used in the family. */
export async function insertChild(db: Executor, child: Child): Promise<boolean> {
  const result = await sql`insert into auth_children
      (id, family_id, nickname, birth_year, grade, language, avatar, pin_hash, paused, created_at, updated_at)
    values (${child.id}, ${child.familyId}, ${child.nickname}, ${child.birthYear}, ${child.grade}, ${child.language},
            ${child.avatar}, ${child.pinHash}, ${child.paused}, ${iso(child.createdAt)}, ${iso(child.createdAt)})
    on conflict (family_id, nickname) do nothing returning id`.execute(db);
  if (result.rows.length === 0) return false;
  await sql`insert into auth_parental_controls (child_id, controls, updated_by, updated_at)
    values (${child.id}, ${JSON.stringify(DEFAULT_PARENTAL_CONTROLS)}, ${'system'}, ${iso(child.createdAt)})`.execute(
    db,
  );
  return true;
}

export async function updateChild(db: Executor, child: Child, now: Date): Promise<void> {
  await sql`update auth_children set nickname = ${child.nickname}, birth_year = ${child.birthYear},
      grade = ${child.grade}, language = ${child.language}, avatar = ${child.avatar}, pin_hash = ${child.pinHash},
      paused = ${child.paused}, updated_at = ${iso(now)}
    where id = ${child.id}`.execute(db);
}

// ---------------------------------------------------------------------------
// Consent

export interface StoredConsent extends ConsentRecord {
  id: string;
}

interface ConsentRow {
  id: string;
  child_id: string;
  policy_version: string;
  method: string;
  given_by: string;
  given_at: Timestamp;
  withdrawn_at: Timestamp | null;
}

export async function consentRecords(db: Executor, childId: string): Promise<StoredConsent[]> {
  const result = await sql<ConsentRow>`select * from auth_consents where child_id = ${childId}
    order by given_at`.execute(db);
  return result.rows.map(toStoredConsent);
}

// json_agg gives timestamps as strings; toDate takes both.
const toStoredConsent = (row: ConsentRow): StoredConsent => ({
  id: row.id,
  childId: row.child_id,
  policyVersion: row.policy_version,
  method: row.method as ConsentMethod,
  givenBy: row.given_by,
  givenAt: toDate(row.given_at),
  withdrawnAt: toDate(row.withdrawn_at),
});

export async function insertConsent(db: Executor, id: string, familyId: string, record: ConsentRecord) {
  await sql`insert into auth_consents (id, child_id, family_id, policy_version, method, given_by, given_at)
    values (${id}, ${record.childId}, ${familyId}, ${record.policyVersion}, ${record.method}, ${record.givenBy},
            ${iso(record.givenAt)})`.execute(db);
}

/** Stamps every standing consent of the child; returns the ids withdrawn. */
export async function withdrawConsents(
  db: Executor,
  childId: string,
  by: string,
  now: Date,
): Promise<string[]> {
  const result = await sql<{
    id: string;
  }>`update auth_consents set withdrawn_at = ${iso(now)}, withdrawn_by = ${by}
    where child_id = ${childId} and withdrawn_at is null returning id`.execute(db);
  return result.rows.map((row) => row.id);
}

// ---------------------------------------------------------------------------
// Parental controls

export async function findControls(db: Executor, childId: string): Promise<ParentalControls> {
  const result = await sql<{
    controls: ParentalControls | string;
  }>`select controls from auth_parental_controls
    where child_id = ${childId}`.execute(db);
  const value = result.rows[0]?.controls;
  if (value === undefined) return DEFAULT_PARENTAL_CONTROLS;
  return typeof value === 'string' ? (JSON.parse(value) as ParentalControls) : value;
}

export async function saveControls(
  db: Executor,
  childId: string,
  controls: ParentalControls,
  by: string,
  now: Date,
) {
  await sql`insert into auth_parental_controls (child_id, controls, updated_by, updated_at)
    values (${childId}, ${JSON.stringify(controls)}, ${by}, ${iso(now)})
    on conflict (child_id) do update set controls = excluded.controls, updated_by = excluded.updated_by,
      updated_at = excluded.updated_at`.execute(db);
}

export interface ChildInZone {
  childId: string;
  familyId: string;
  timeZone: string;
  createdAt: Date;
}

/** The children of every family living in one of `zones`, by family. */
export async function childrenInTimeZones(db: Executor, zones: readonly string[]): Promise<ChildInZone[]> {
  if (zones.length === 0) return [];
  const result = await sql<{ id: string; family_id: string; time_zone: string; created_at: Timestamp }>`
    select c.id, c.family_id, f.time_zone, c.created_at from auth_children c
    join auth_families f on f.id = c.family_id
    where f.time_zone in (${sql.join([...zones])})
    order by c.family_id, c.id`.execute(db);
  return result.rows.map((row) => ({
    childId: row.id,
    familyId: row.family_id,
    timeZone: row.time_zone,
    createdAt: toDate(row.created_at),
  }));
}
