/**
 * SQL for the operators' user directory: one search across accounts, children
 * and organizations, and the facts an account's detail page shows.
 */
import { type Executor, sql } from '@manabee/kernel';
import type { UserKind } from './accounts';
import { type Timestamp, toDate } from './rows';

export type DirectoryKind = UserKind | 'child' | 'organization';

export interface DirectoryRow {
  kind: DirectoryKind;
  id: string;
  label: string;
  /** The account an operator acts on: the user itself, a child's guardian; null for organizations. */
  accountId: string | null;
  familyId: string | null;
  orgId: string | null;
  /** Guardian's email for a child, organization name for a teacher. */
  context: string | null;
  emailVerified: boolean | null;
  blocked: boolean | null;
  createdAt: Date;
}

interface Row {
  kind: DirectoryKind;
  id: string;
  label: string;
  account_id: string | null;
  family_id: string | null;
  org_id: string | null;
  context: string | null;
  email_verified: boolean | null;
  blocked: boolean | null;
  created_at: Timestamp;
}

const toRow = (row: Row): DirectoryRow => ({
  kind: row.kind,
  id: row.id,
  label: row.label,
  accountId: row.account_id,
  familyId: row.family_id,
  orgId: row.org_id,
  context: row.context,
  emailVerified: row.email_verified,
  blocked: row.blocked,
  createdAt: toDate(row.created_at),
});

/** LIKE patterns take the operator's text literally. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

// Every branch yields the same columns, so one statement answers the search.
const ACCOUNTS = sql`select u.kind, u.id, u.email as label, u.id as account_id, f.id as family_id,
    t.org_id, o.name as context, u.email_verified_at is not null as email_verified,
    u.blocked_at is not null as blocked, u.created_at
  from auth_users u
  left join auth_families f on f.guardian_id = u.id
  left join auth_teachers t on t.user_id = u.id
  left join auth_organizations o on o.id = t.org_id`;
const CHILDREN = sql`select 'child' as kind, c.id, c.nickname as label, f.guardian_id as account_id,
    c.family_id, null as org_id, g.email as context, null::boolean as email_verified,
    g.blocked_at is not null as blocked, c.created_at
  from auth_children c
  join auth_families f on f.id = c.family_id
  join auth_users g on g.id = f.guardian_id`;
const ORGANIZATIONS = sql`select 'organization' as kind, o.id, o.name as label, null as account_id,
    null as family_id, o.id as org_id, null as context, null::boolean as email_verified,
    null::boolean as blocked, o.created_at
  from auth_organizations o`;

/**
 * By id (any of usr_/fam_/chd_/org_, as found in alerts and the audit log), by
 * email prefix, by a child's nickname prefix, or by part of an organization's name.
 */
export async function searchDirectory(
  db: Executor,
  query: string,
  options: { includeOperators: boolean; limit: number },
): Promise<DirectoryRow[]> {
  const text = query.trim();
  const lower = text.toLowerCase();
  const prefix = `${literal(lower)}%`;
  const contains = `%${literal(lower)}%`;
  const operators = options.includeOperators ? sql`true` : sql`u.kind <> 'operator'`;
  const result = await sql<Row>`
    select * from (
      ${ACCOUNTS} where (u.id = ${text} or f.id = ${text} or u.email like ${prefix}) and ${operators}
      union all
      ${CHILDREN} where c.id = ${text} or c.family_id = ${text} or lower(c.nickname) like ${prefix}
      union all
      ${ORGANIZATIONS} where o.id = ${text} or lower(o.name) like ${contains}
    ) found
    order by case kind when 'organization' then 2 when 'child' then 1 else 0 end, label, id
    limit ${options.limit}`.execute(db);
  return result.rows.map(toRow);
}

export interface TeacherOfOrg {
  userId: string;
  email: string;
  role: 'teacher' | 'org_admin';
  blocked: boolean;
  classrooms: number;
}

export async function teachersOfOrg(db: Executor, orgId: string): Promise<TeacherOfOrg[]> {
  const result = await sql<{
    user_id: string;
    email: string;
    role: 'teacher' | 'org_admin';
    blocked: boolean;
    classrooms: number | string;
  }>`select t.user_id, u.email, t.role, u.blocked_at is not null as blocked,
      (select count(*) from auth_classrooms c where c.teacher_id = t.user_id) as classrooms
    from auth_teachers t join auth_users u on u.id = t.user_id
    where t.org_id = ${orgId} order by u.email`.execute(db);
  return result.rows.map((row) => ({
    userId: row.user_id,
    email: row.email,
    role: row.role,
    blocked: row.blocked,
    classrooms: Number(row.classrooms),
  }));
}

export interface ClassroomOfOrg {
  id: string;
  name: string;
  teacherEmail: string;
  linkedChildren: number;
}

export async function classroomSummariesOfOrg(db: Executor, orgId: string): Promise<ClassroomOfOrg[]> {
  const result = await sql<{
    id: string;
    name: string;
    teacher_email: string;
    linked: number | string;
  }>`select c.id, c.name, u.email as teacher_email,
      (select count(*) from auth_classroom_links l
        where l.classroom_id = c.id and l.status = 'approved') as linked
    from auth_classrooms c join auth_users u on u.id = c.teacher_id
    where c.org_id = ${orgId} order by c.name, c.id`.execute(db);
  return result.rows.map((row) => ({
    id: row.id,
    name: row.name,
    teacherEmail: row.teacher_email,
    linkedChildren: Number(row.linked),
  }));
}

/** When the newest verification mail went out, to refuse resending it in a burst. */
export async function lastTokenIssuedAt(
  db: Executor,
  subjectId: string,
  purpose: 'email_verification',
): Promise<Date | null> {
  const result = await sql<{ created_at: Timestamp }>`select created_at from auth_single_use_tokens
    where subject_id = ${subjectId} and purpose = ${purpose} order by created_at desc limit 1`.execute(db);
  const row = result.rows[0];
  return row ? toDate(row.created_at) : null;
}
