/** SQL for family exports; only services/privacy touches `privacy_exports`. */
import { type Executor, sql } from '@manabee/kernel';
import type { ExportStatus } from './domain/export-plan';

export interface ExportRow {
  id: string;
  familyId: string;
  requestedBy: string;
  status: ExportStatus;
  progress: number;
  step: string | null;
  sizeBytes: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
}

// The sealed document is read only by `sealedDocument`, never with a listing.
const COLUMNS = sql`id, family_id as "familyId", requested_by as "requestedBy", status, progress, step,
  size_bytes as "sizeBytes", error, created_at as "createdAt", finished_at as "finishedAt",
  expires_at as "expiresAt"`;

type RawRow = Omit<ExportRow, 'createdAt' | 'finishedAt' | 'expiresAt'> & {
  createdAt: Date | string;
  finishedAt: Date | string | null;
  expiresAt: Date | string | null;
};

const date = (value: Date | string | null) => (value === null ? null : new Date(value));
const toRow = (row: RawRow): ExportRow => ({
  ...row,
  progress: Number(row.progress),
  sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
  createdAt: new Date(row.createdAt),
  finishedAt: date(row.finishedAt),
  expiresAt: date(row.expiresAt),
});

/** False when another export of the family is queued or running (the partial unique index). */
export async function insertExport(
  executor: Executor,
  row: { id: string; familyId: string; requestedBy: string; now: Date },
): Promise<boolean> {
  const result = await sql<{ id: string }>`insert into privacy_exports
      (id, family_id, requested_by, status, progress, step, created_at)
    values (${row.id}, ${row.familyId}, ${row.requestedBy}, 'queued', 0, null, ${row.now.toISOString()})
    on conflict do nothing returning id`.execute(executor);
  return result.rows.length === 1;
}

export async function findExport(executor: Executor, id: string): Promise<ExportRow | null> {
  const { rows } = await sql<RawRow>`select ${COLUMNS} from privacy_exports where id = ${id}`.execute(
    executor,
  );
  return rows[0] ? toRow(rows[0]) : null;
}

export async function exportsOfFamily(
  executor: Executor,
  familyId: string,
  limit: number,
): Promise<ExportRow[]> {
  const { rows } = await sql<RawRow>`select ${COLUMNS} from privacy_exports where family_id = ${familyId}
    order by created_at desc, id desc limit ${limit}`.execute(executor);
  return rows.map(toRow);
}

export async function exportsSince(executor: Executor, familyId: string, since: Date): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from privacy_exports
    where family_id = ${familyId} and created_at > ${since.toISOString()}`.execute(executor);
  return Number(rows[0]?.n ?? 0);
}

export async function markProgress(
  executor: Executor,
  id: string,
  progress: { status: 'running'; progress: number; step: string },
): Promise<void> {
  await sql`update privacy_exports set status = ${progress.status}, progress = ${progress.progress},
    step = ${progress.step} where id = ${id} and status in ('queued', 'running')`.execute(executor);
}

export async function markReady(
  executor: Executor,
  id: string,
  ready: { documentSealed: string; sizeBytes: number; now: Date; expiresAt: Date },
): Promise<boolean> {
  const result = await sql<{ id: string }>`update privacy_exports set status = 'ready', progress = 100,
      step = null, document_sealed = ${ready.documentSealed}, size_bytes = ${ready.sizeBytes},
      finished_at = ${ready.now.toISOString()}, expires_at = ${ready.expiresAt.toISOString()}
    where id = ${id} and status in ('queued', 'running') returning id`.execute(executor);
  return result.rows.length === 1;
}

export async function markFailed(executor: Executor, id: string, error: string, now: Date): Promise<void> {
  await sql`update privacy_exports set status = 'failed', error = ${error.slice(0, 200)},
    finished_at = ${now.toISOString()} where id = ${id} and status in ('queued', 'running')`.execute(
    executor,
  );
}

export async function sealedDocument(executor: Executor, id: string): Promise<string | null> {
  const { rows } = await sql<{ document_sealed: string | null }>`select document_sealed from privacy_exports
    where id = ${id} and status = 'ready'`.execute(executor);
  return rows[0]?.document_sealed ?? null;
}

/** Ready exports past their time lose their document; the row stays as history. */
export async function expireExports(executor: Executor, now: Date): Promise<number> {
  const result = await sql<{
    id: string;
  }>`update privacy_exports set status = 'expired', document_sealed = null
    where status = 'ready' and expires_at <= ${now.toISOString()} returning id`.execute(executor);
  return result.rows.length;
}

export async function deleteExportsOfFamily(executor: Executor, familyId: string): Promise<number> {
  const result = await sql<{ id: string }>`delete from privacy_exports where family_id = ${familyId}
    returning id`.execute(executor);
  return result.rows.length;
}
