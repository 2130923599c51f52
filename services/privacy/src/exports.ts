/**
 * Family exports: a parent asks, a job gathers every service's part with
 * visible progress, the document is sealed under the family's key and kept
 * seven days for download.
 */
import { AppError, newId, type Principal, systemClock } from '@manabee/kernel';
import {
  buildDocument,
  EXPORT_TTL_MS,
  EXPORTS_PER_DAY,
  exportFileName,
  progressAt,
} from './domain/export-plan';
import type { PrivacyDeps } from './ports';
import * as store from './store';

export const EXPORT_QUEUE = 'privacy.export';
const DAY_MS = 24 * 60 * 60_000;
const LIST_LIMIT = 10;

export interface RequestMeta {
  principal: Principal | null;
  ip: string;
  userAgent: string | undefined;
}

const sealedAs = (exportId: string) => `export:${exportId}`;

export function createExports(deps: PrivacyDeps) {
  const { database, keyring, jobs, audit, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const db = database.db;

  function parentFamily(principal: Principal | null): { principal: Principal; familyId: string } {
    if (!principal) throw new AppError('UNAUTHENTICATED');
    if (principal.role !== 'parent' || !principal.familyId) throw new AppError('FORBIDDEN');
    deps.authorize(principal, 'family.export', { type: 'family', familyId: principal.familyId });
    return { principal, familyId: principal.familyId };
  }

  async function listExports(meta: RequestMeta) {
    const { familyId } = parentFamily(meta.principal);
    return store.exportsOfFamily(db, familyId, LIST_LIMIT);
  }

  async function requestExport(meta: RequestMeta) {
    const { principal, familyId } = parentFamily(meta.principal);
    const now = clock.now();
    if ((await store.exportsSince(db, familyId, new Date(now.getTime() - DAY_MS))) >= EXPORTS_PER_DAY)
      throw new AppError('RATE_LIMITED', {
        detail: `At most ${EXPORTS_PER_DAY} exports a day; the ready ones stay downloadable for 7 days`,
      });
    const id = newId('exp');
    await database.transaction(async (tx) => {
      const inserted = await store.insertExport(tx, { id, familyId, requestedBy: principal.id, now });
      if (!inserted)
        throw new AppError('CONFLICT', { detail: 'An export of this family is already being prepared' });
      await jobs.enqueue(EXPORT_QUEUE, { exportId: id }, { uniqueKey: id }, tx);
      await audit.record(tx, {
        actor: { id: principal.id, role: principal.role },
        action: 'privacy.export.requested',
        resource: { type: 'family', id: familyId },
        ip: meta.ip,
        userAgent: meta.userAgent ?? null,
        metadata: { exportId: id },
      });
    });
    const row = await store.findExport(db, id);
    if (!row) throw new AppError('INTERNAL');
    return row;
  }

  /** The job: every part in turn, progress written after each, then sealed and stored. */
  async function runExport(exportId: string): Promise<void> {
    const row = await store.findExport(db, exportId);
    if (!row || (row.status !== 'queued' && row.status !== 'running')) return;
    try {
      const family = await deps.familyMembers(row.familyId);
      if (!family) throw new Error('family no longer exists');
      const parts: { name: string; data: unknown }[] = [];
      for (const [index, source] of deps.sources.entries()) {
        await store.markProgress(db, exportId, {
          status: 'running',
          progress: progressAt(index, deps.sources.length),
          step: source.name,
        });
        parts.push({ name: source.name, data: await source.collect(family) });
      }
      await store.markProgress(db, exportId, { status: 'running', progress: 90, step: 'packing' });
      const now = clock.now();
      const text = JSON.stringify(buildDocument({ familyId: row.familyId, exportedAt: now, parts }), null, 1);
      const documentSealed = await keyring.seal(db, row.familyId, text, sealedAs(exportId));
      await store.markReady(db, exportId, {
        documentSealed,
        sizeBytes: Buffer.byteLength(text),
        now,
        expiresAt: new Date(now.getTime() + EXPORT_TTL_MS),
      });
      logger.info(
        { exportId, familyId: row.familyId, bytes: Buffer.byteLength(text) },
        'family export ready',
      );
    } catch (error) {
      // The parent sees "failed" and may ask again; the cause is for operators (no content in it).
      logger.error({ exportId, err: error }, 'family export failed');
      await store.markFailed(
        db,
        exportId,
        error instanceof AppError ? error.code : 'export_failed',
        clock.now(),
      );
    }
  }

  /** The document, for the download route: only the family's parent, only while ready. */
  async function download(exportId: string, meta: RequestMeta) {
    const { principal, familyId } = parentFamily(meta.principal);
    const row = await store.findExport(db, exportId);
    // Another family's export reads as absent, like every resource that is not yours.
    if (!row || row.familyId !== familyId) throw new AppError('NOT_FOUND', { detail: 'Not found' });
    if (row.status === 'expired')
      throw new AppError('NOT_FOUND', { detail: 'This export has expired; request a new one' });
    const sealed = await store.sealedDocument(db, exportId);
    if (!sealed) throw new AppError('CONFLICT', { detail: 'This export is not ready yet' });
    const text = await keyring.open(db, familyId, sealed, sealedAs(exportId));
    await database.transaction((tx) =>
      audit.record(tx, {
        actor: { id: principal.id, role: principal.role },
        action: 'privacy.export.downloaded',
        resource: { type: 'family', id: familyId },
        ip: meta.ip,
        userAgent: meta.userAgent ?? null,
        metadata: { exportId },
      }),
    );
    return { fileName: exportFileName(row.createdAt), text };
  }

  const expire = () => store.expireExports(db, clock.now());

  return { listExports, requestExport, runExport, download, expire };
}

export type Exports = ReturnType<typeof createExports>;
