import { type Executor, sql } from '@manabee/kernel';
import type { ChainedFields, ChainLink } from './domain/chain';

/** The only code that touches audit_log, audit_chain_head and audit_pruned. */

export interface AuditRow {
  seq: number;
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_role: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  ip: string | null;
  user_agent: string | null;
  result: 'success' | 'failure';
  metadata: Record<string, unknown>;
  retention_class: string;
  expires_at: Date;
  prev_hash: string;
  hash: string;
}

export function rowToFields(row: AuditRow): ChainedFields {
  return {
    seq: Number(row.seq),
    id: row.id,
    occurredAt: new Date(row.occurred_at).toISOString(),
    actorId: row.actor_id,
    actorRole: row.actor_role,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    ip: row.ip,
    userAgent: row.user_agent,
    result: row.result,
    metadata: row.metadata,
    retentionClass: row.retention_class,
    prevHash: row.prev_hash,
  };
}

/** Locks the chain head until the caller's transaction ends. */
export async function lockHead(tx: Executor): Promise<{ lastSeq: number; lastHash: string }> {
  const { rows } = await sql<{ last_seq: number; last_hash: string }>`
    select last_seq, last_hash from audit_chain_head where id = 1 for update`.execute(tx);
  const head = rows[0]!;
  return { lastSeq: Number(head.last_seq), lastHash: head.last_hash };
}

export async function readHead(db: Executor): Promise<{ lastSeq: number; lastHash: string }> {
  const { rows } = await sql<{ last_seq: number; last_hash: string }>`
    select last_seq, last_hash from audit_chain_head where id = 1`.execute(db);
  return { lastSeq: Number(rows[0]!.last_seq), lastHash: rows[0]!.last_hash };
}

export async function appendEntry(
  tx: Executor,
  fields: ChainedFields,
  hash: string,
  expiresAt: Date,
): Promise<void> {
  await sql`insert into audit_log (seq, id, occurred_at, actor_id, actor_role, action, resource_type, resource_id,
      ip, user_agent, result, metadata, retention_class, expires_at, prev_hash, hash)
    values (${fields.seq}, ${fields.id}, ${fields.occurredAt}, ${fields.actorId}, ${fields.actorRole}, ${fields.action},
      ${fields.resourceType}, ${fields.resourceId}, ${fields.ip}, ${fields.userAgent}, ${fields.result},
      ${JSON.stringify(fields.metadata)}::jsonb, ${fields.retentionClass}, ${expiresAt}, ${fields.prevHash}, ${hash})`.execute(
    tx,
  );
  await sql`update audit_chain_head set last_seq = ${fields.seq}, last_hash = ${hash} where id = 1`.execute(
    tx,
  );
}

export interface AuditFilter {
  actorId?: string | undefined;
  action?: string | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** Keyset page in descending seq (newest first), strictly before `beforeSeq`. */
export async function findEntries(
  db: Executor,
  filter: AuditFilter,
  options: {
    beforeSeq?: number | undefined;
    afterSeq?: number | undefined;
    limit: number;
    ascending?: boolean;
  },
): Promise<AuditRow[]> {
  const conditions = [sql`true`];
  if (filter.actorId) conditions.push(sql`actor_id = ${filter.actorId}`);
  if (filter.action) {
    // A trailing * matches a family of actions (auth.*).
    if (filter.action.endsWith('*'))
      conditions.push(sql`action like ${`${filter.action.slice(0, -1).replace(/[%_\\]/g, '\\$&')}%`}`);
    else conditions.push(sql`action = ${filter.action}`);
  }
  if (filter.resourceType) conditions.push(sql`resource_type = ${filter.resourceType}`);
  if (filter.resourceId) conditions.push(sql`resource_id = ${filter.resourceId}`);
  if (filter.from) conditions.push(sql`occurred_at >= ${filter.from}`);
  if (filter.to) conditions.push(sql`occurred_at < ${filter.to}`);
  if (options.beforeSeq !== undefined) conditions.push(sql`seq < ${options.beforeSeq}`);
  if (options.afterSeq !== undefined) conditions.push(sql`seq > ${options.afterSeq}`);
  const order = options.ascending ? sql`seq asc` : sql`seq desc`;
  const { rows } = await sql<AuditRow>`select * from audit_log where ${sql.join(conditions, sql` and `)}
    order by ${order} limit ${options.limit}`.execute(db);
  return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
}

/** Entries and pruned placeholders merged in seq order, one page at a time. */
export async function chainPage(db: Executor, afterSeq: number, limit: number): Promise<ChainLink[]> {
  const entries = await findEntries(db, {}, { afterSeq, limit, ascending: true });
  const { rows: pruned } = await sql<{ seq: number; hash: string; prev_hash: string }>`
    select seq, hash, prev_hash from audit_pruned where seq > ${afterSeq} order by seq asc limit ${limit}`.execute(
    db,
  );
  const links: ChainLink[] = [
    ...entries.map((row): ChainLink => ({ kind: 'entry', fields: rowToFields(row), hash: row.hash })),
    ...pruned.map(
      (row): ChainLink => ({ kind: 'pruned', seq: Number(row.seq), prevHash: row.prev_hash, hash: row.hash }),
    ),
  ].sort((a, b) => linkSeq(a) - linkSeq(b));
  // Only the prefix that both sources fully cover this page is safe to hand out.
  const horizon = Math.min(
    entries.length === limit ? Number(entries.at(-1)!.seq) : Number.POSITIVE_INFINITY,
    pruned.length === limit ? Number(pruned.at(-1)!.seq) : Number.POSITIVE_INFINITY,
  );
  return links.filter((link) => linkSeq(link) <= horizon);
}

export function linkSeq(link: ChainLink): number {
  return link.kind === 'entry' ? link.fields.seq : link.seq;
}

/** Deletes expired entries (bounded batch) and keeps their chain links. */
export async function pruneExpired(tx: Executor, now: Date, batch: number): Promise<number> {
  await sql`select set_config('manabee.audit_prune', 'on', true)`.execute(tx);
  const { rows } = await sql<{ seq: number }>`
    with expired as (
      select seq, hash, prev_hash from audit_log where expires_at < ${now} order by seq limit ${batch}
    ), kept as (
      insert into audit_pruned (seq, hash, prev_hash) select seq, hash, prev_hash from expired
      on conflict (seq) do nothing
    )
    delete from audit_log where seq in (select seq from expired) returning seq`.execute(tx);
  await sql`select set_config('manabee.audit_prune', 'off', true)`.execute(tx);
  return rows.length;
}
