import {
  AppError,
  type Clock,
  type Database,
  type Executor,
  type Logger,
  newId,
  type Principal,
  type ServiceDefinition,
  systemClock,
} from '@manabee/kernel';
import { graphqlContribution } from './api/graphql';
import { registerAuditRoutes } from './api/rest';
import { type ChainVerification, createChainVerifier, hashEntry } from './domain/chain';
import { csvLine } from './domain/csv';
import { defaultRetentionClass, expiresAt, type RetentionClass } from './domain/retention';
import type { AuditFilter, AuditRow } from './store';
import * as store from './store';

export type { ChainVerification } from './domain/chain';
export { type RetentionClass, retentionClasses, retentionDays } from './domain/retention';
export type { AuditFilter, AuditRow } from './store';

export type AuditAction = 'audit.read' | 'audit.export' | 'audit.verify';

export interface AuditEntryInput {
  actor: { id: string | null; role: string };
  /** `service.noun.verb`, e.g. `auth.login.succeeded`. */
  action: string;
  resource: { type: string; id?: string | null };
  result?: 'success' | 'failure';
  ip?: string | null;
  userAgent?: string | null;
  /** Small, non-sensitive facts (ids, reasons). Never child text or secrets. */
  metadata?: Record<string, unknown>;
  retentionClass?: RetentionClass;
}

export interface AuditDeps {
  database: Database;
  logger: Logger;
  clock?: Clock;
  /** The policy: throws FORBIDDEN/UNAUTHENTICATED when the principal may not. */
  authorize: (principal: Principal | null, action: AuditAction) => void;
}

const MAX_METADATA_BYTES = 8 * 1024;
const EXPORT_PAGE = 1000;

export interface AuditPage {
  entries: AuditRow[];
  nextCursor: string | null;
}

export type AuditService = ReturnType<typeof createAuditService>;

/**
 * The audit log: append-only and hash-chained. Other services call
 * `record(tx, entry)` inside their own transaction, so an action and its audit
 * entry commit or roll back together.
 */
export function createAuditService(deps: AuditDeps) {
  const clock = deps.clock ?? systemClock;
  const { database, authorize } = deps;

  async function record(tx: Executor, entry: AuditEntryInput): Promise<{ id: string; seq: number }> {
    const metadata = entry.metadata ?? {};
    if (Buffer.byteLength(JSON.stringify(metadata)) > MAX_METADATA_BYTES) {
      throw new AppError('VALIDATION_FAILED', { detail: 'audit metadata is too large' });
    }
    const head = await store.lockHead(tx);
    const occurredAt = clock.now();
    const retentionClass = entry.retentionClass ?? defaultRetentionClass(entry.action);
    const fields = {
      seq: head.lastSeq + 1,
      id: newId('aud'),
      occurredAt: occurredAt.toISOString(),
      actorId: entry.actor.id,
      actorRole: entry.actor.role,
      action: entry.action,
      resourceType: entry.resource.type,
      resourceId: entry.resource.id ?? null,
      ip: entry.ip ?? null,
      userAgent: entry.userAgent ? entry.userAgent.slice(0, 512) : null,
      result: entry.result ?? 'success',
      metadata,
      retentionClass,
      prevHash: head.lastHash,
    } as const;
    await store.appendEntry(tx, fields, hashEntry(fields), expiresAt(occurredAt, retentionClass));
    return { id: fields.id, seq: fields.seq };
  }

  async function query(
    principal: Principal | null,
    filter: AuditFilter,
    page: { first: number; after?: string | undefined },
  ): Promise<AuditPage> {
    authorize(principal, 'audit.read');
    const first = Math.min(Math.max(page.first, 1), 200);
    const beforeSeq = page.after === undefined ? undefined : decodeCursor(page.after);
    const rows = await store.findEntries(database.db, filter, { beforeSeq, limit: first + 1 });
    const entries = rows.slice(0, first);
    return {
      entries,
      nextCursor: rows.length > first ? encodeCursor(Number(entries.at(-1)!.seq)) : null,
    };
  }

  async function verify(): Promise<ChainVerification> {
    const verifier = createChainVerifier();
    let after = 0;
    for (;;) {
      const links = await store.chainPage(database.db, after, EXPORT_PAGE);
      if (links.length === 0) break;
      for (const link of links) verifier.push(link);
      after = store.linkSeq(links.at(-1)!);
    }
    return verifier.finish(await store.readHead(database.db));
  }

  async function* exportRows(filter: AuditFilter): AsyncGenerator<AuditRow> {
    let beforeSeq: number | undefined;
    for (;;) {
      const rows = await store.findEntries(database.db, filter, { beforeSeq, limit: EXPORT_PAGE });
      for (const row of rows) yield row;
      if (rows.length < EXPORT_PAGE) return;
      beforeSeq = Number(rows.at(-1)!.seq);
    }
  }

  const columns = [
    'seq',
    'id',
    'occurred_at',
    'actor_id',
    'actor_role',
    'action',
    'resource_type',
    'resource_id',
    'ip',
    'user_agent',
    'result',
    'metadata',
    'retention_class',
    'hash',
  ] as const;

  async function* formatLines(filter: AuditFilter, format: 'csv' | 'json'): AsyncGenerator<string> {
    if (format === 'csv') yield csvLine([...columns]);
    else yield '[\n';
    let first = true;
    for await (const row of exportRows(filter)) {
      if (format === 'csv') {
        yield csvLine(
          columns.map((column) => (column === 'metadata' ? JSON.stringify(row.metadata) : row[column])),
        );
      } else {
        yield `${first ? '' : ',\n'}${JSON.stringify(row)}`;
      }
      first = false;
    }
    if (format === 'json') yield '\n]\n';
  }

  /** Authorizes and audits the export itself, then returns the lines to stream. */
  async function exportLines(
    principal: Principal | null,
    filter: AuditFilter,
    format: 'csv' | 'json',
    request: { ip?: string; userAgent?: string | undefined },
  ): Promise<AsyncGenerator<string>> {
    authorize(principal, 'audit.export');
    await database.transaction((tx) =>
      record(tx, {
        actor: { id: principal?.id ?? null, role: principal?.role ?? 'anonymous' },
        action: 'audit.log.exported',
        resource: { type: 'audit_log' },
        ip: request.ip ?? null,
        userAgent: request.userAgent ?? null,
        metadata: { format, filter: JSON.parse(JSON.stringify(filter)) },
      }),
    );
    return formatLines(filter, format);
  }

  /** Deletes entries past their retention, in bounded batches. */
  async function enforceRetention(batch = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const removed = await database.transaction((tx) => store.pruneExpired(tx, clock.now(), batch));
      total += removed;
      if (removed < batch) break;
    }
    if (total > 0) deps.logger.info({ removed: total }, 'audit retention pruned expired entries');
    return total;
  }

  const service = {
    record,
    query,
    verify,
    exportLines,
    formatLines,
    enforceRetention,
    async verifyChain(principal: Principal | null) {
      authorize(principal, 'audit.verify');
      return verify();
    },
  };
  return service;
}

export function auditServiceDefinition(
  service: AuditService,
  contextOf: Parameters<typeof registerAuditRoutes>[2],
): ServiceDefinition {
  return {
    name: 'audit',
    graphql: graphqlContribution(service),
    routes: (app) => registerAuditRoutes(app, service, contextOf),
    jobs: [
      {
        queue: 'audit.retention',
        handler: async () => {
          await service.enforceRetention();
        },
        maxAttempts: 3,
        timeoutMs: 10 * 60_000,
      },
    ],
    // Daily at 03:17 UTC, off the hour when other batch work starts.
    schedules: [{ queue: 'audit.retention', cron: '17 3 * * *' }],
  };
}

function encodeCursor(seq: number): string {
  return Buffer.from(`audit:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const match = /^audit:(\d{1,15})$/.exec(decoded);
  if (!match) throw new AppError('VALIDATION_FAILED', { detail: 'Invalid cursor' });
  return Number(match[1]);
}
