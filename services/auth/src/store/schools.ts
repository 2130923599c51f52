/** SQL for organizations, teacher memberships, invitations, classrooms and classroom links. */
import { type Executor, sql } from '@manabee/kernel';
import type { ClassroomLinkStatus } from '../domain/index';
import { iso, type Timestamp, toDate } from './rows';

export type OrgRole = 'teacher' | 'org_admin';

export interface Organization {
  id: string;
  name: string;
  createdAt: Date;
}

export async function insertOrganization(
  db: Executor,
  org: { id: string; name: string; createdBy: string; now: Date },
) {
  await sql`insert into auth_organizations (id, name, created_by, created_at)
    values (${org.id}, ${org.name}, ${org.createdBy}, ${iso(org.now)})`.execute(db);
}

export async function findOrganization(db: Executor, id: string): Promise<Organization | null> {
  const result = await sql<{ id: string; name: string; created_at: Timestamp }>`select id, name, created_at
    from auth_organizations where id = ${id}`.execute(db);
  const row = result.rows[0];
  return row ? { id: row.id, name: row.name, createdAt: toDate(row.created_at) } : null;
}

export async function listOrganizations(db: Executor, limit: number): Promise<Organization[]> {
  const result = await sql<{ id: string; name: string; created_at: Timestamp }>`select id, name, created_at
    from auth_organizations order by id limit ${limit}`.execute(db);
  return result.rows.map((row) => ({ id: row.id, name: row.name, createdAt: toDate(row.created_at) }));
}

export async function findMembership(
  db: Executor,
  userId: string,
): Promise<{ orgId: string; role: OrgRole } | null> {
  const result = await sql<{ org_id: string; role: OrgRole }>`select org_id, role from auth_teachers
    where user_id = ${userId}`.execute(db);
  const row = result.rows[0];
  return row ? { orgId: row.org_id, role: row.role } : null;
}

export async function insertMembership(
  db: Executor,
  userId: string,
  orgId: string,
  role: OrgRole,
  now: Date,
) {
  await sql`insert into auth_teachers (user_id, org_id, role, joined_at)
    values (${userId}, ${orgId}, ${role}, ${iso(now)})`.execute(db);
}

// ---------------------------------------------------------------------------
// Invitations

export interface Invitation {
  id: string;
  orgId: string;
  email: string;
  role: OrgRole;
  tokenId: string;
  acceptedAt: Date | null;
}

export async function insertInvitation(
  db: Executor,
  invitation: Omit<Invitation, 'acceptedAt'> & { invitedBy: string; now: Date },
) {
  await sql`insert into auth_invitations (id, org_id, email, role, invited_by, token_id, created_at)
    values (${invitation.id}, ${invitation.orgId}, ${invitation.email}, ${invitation.role}, ${invitation.invitedBy},
            ${invitation.tokenId}, ${iso(invitation.now)})`.execute(db);
}

export async function findInvitationByToken(db: Executor, tokenId: string): Promise<Invitation | null> {
  const result = await sql<{
    id: string;
    org_id: string;
    email: string;
    role: OrgRole;
    token_id: string;
    accepted_at: Timestamp | null;
  }>`select id, org_id, email, role, token_id, accepted_at from auth_invitations where token_id = ${tokenId}`.execute(
    db,
  );
  const row = result.rows[0];
  return row
    ? {
        id: row.id,
        orgId: row.org_id,
        email: row.email,
        role: row.role,
        tokenId: row.token_id,
        acceptedAt: toDate(row.accepted_at),
      }
    : null;
}

export async function markInvitationAccepted(db: Executor, id: string, now: Date) {
  await sql`update auth_invitations set accepted_at = ${iso(now)} where id = ${id}`.execute(db);
}

// ---------------------------------------------------------------------------
// Classrooms

export interface Classroom {
  id: string;
  orgId: string;
  name: string;
  teacherId: string;
}

interface ClassroomRow {
  id: string;
  org_id: string;
  name: string;
  teacher_id: string;
}
const toClassroom = (row: ClassroomRow): Classroom => ({
  id: row.id,
  orgId: row.org_id,
  name: row.name,
  teacherId: row.teacher_id,
});

export async function insertClassroom(db: Executor, classroom: Classroom, now: Date) {
  await sql`insert into auth_classrooms (id, org_id, name, teacher_id, created_at)
    values (${classroom.id}, ${classroom.orgId}, ${classroom.name}, ${classroom.teacherId}, ${iso(now)})`.execute(
    db,
  );
}

export async function findClassroom(db: Executor, id: string): Promise<Classroom | null> {
  const result = await sql<ClassroomRow>`select * from auth_classrooms where id = ${id}`.execute(db);
  return result.rows[0] ? toClassroom(result.rows[0]) : null;
}

export async function classroomsOfTeacher(db: Executor, teacherId: string): Promise<Classroom[]> {
  const result = await sql<ClassroomRow>`select * from auth_classrooms where teacher_id = ${teacherId}
    order by id`.execute(db);
  return result.rows.map(toClassroom);
}

export async function classroomsOfOrg(db: Executor, orgId: string): Promise<Classroom[]> {
  const result =
    await sql<ClassroomRow>`select * from auth_classrooms where org_id = ${orgId} order by id`.execute(db);
  return result.rows.map(toClassroom);
}

// ---------------------------------------------------------------------------
// Classroom links: teacher requests, parent approves or rejects, parent (or teacher) removes.

export interface ClassroomLink {
  id: string;
  classroomId: string;
  childId: string;
  familyId: string;
  status: ClassroomLinkStatus;
  requestedAt: Date;
}

interface LinkRow {
  id: string;
  classroom_id: string;
  child_id: string;
  family_id: string;
  status: ClassroomLinkStatus;
  requested_at: Timestamp;
}
const toLink = (row: LinkRow): ClassroomLink => ({
  id: row.id,
  classroomId: row.classroom_id,
  childId: row.child_id,
  familyId: row.family_id,
  status: row.status,
  requestedAt: toDate(row.requested_at),
});

/** False if a live (pending or approved) link already exists. */
export async function insertLinkRequest(
  db: Executor,
  link: Omit<ClassroomLink, 'status' | 'requestedAt'> & { requestedBy: string; now: Date },
): Promise<boolean> {
  const result = await sql`insert into auth_classroom_links
      (id, classroom_id, child_id, family_id, status, requested_by, requested_at)
    values (${link.id}, ${link.classroomId}, ${link.childId}, ${link.familyId}, 'pending', ${link.requestedBy}, ${iso(link.now)})
    on conflict do nothing returning id`.execute(db);
  return result.rows.length === 1;
}

export async function findLink(db: Executor, id: string): Promise<ClassroomLink | null> {
  const result = await sql<LinkRow>`select * from auth_classroom_links where id = ${id}`.execute(db);
  return result.rows[0] ? toLink(result.rows[0]) : null;
}

export async function linksOfChild(db: Executor, childId: string): Promise<ClassroomLink[]> {
  const result = await sql<LinkRow>`select * from auth_classroom_links where child_id = ${childId}
    order by requested_at`.execute(db);
  return result.rows.map(toLink);
}

export async function approvedLinksOfClassroom(db: Executor, classroomId: string): Promise<ClassroomLink[]> {
  const result = await sql<LinkRow>`select * from auth_classroom_links where classroom_id = ${classroomId}
    and status = 'approved' order by requested_at`.execute(db);
  return result.rows.map(toLink);
}

/** Moves a link from one of `from` to `to`; false if it was not in such a state (a stale click). */
export async function decideLink(
  db: Executor,
  id: string,
  from: readonly ClassroomLinkStatus[],
  to: ClassroomLinkStatus,
  by: string,
  now: Date,
): Promise<boolean> {
  const result = await sql<{ id: string }>`update auth_classroom_links
    set status = ${to}, decided_by = ${by}, decided_at = ${iso(now)}
    where id = ${id} and status in (${sql.join(from)}) returning id`.execute(db);
  return result.rows.length === 1;
}
