/**
 * services/privacy: a family's rights over its data. Exports gather every
 * service's part in a background job with visible progress; after auth
 * deletes a family (and destroys its data key), each service's erasure runs
 * as its own consumer of `auth.family.deleted`, retried and dead-lettered on
 * its own. The only file other packages import.
 */
import type { RequestContext, ServiceDefinition, Tx } from '@manabee/kernel';
import type { FastifyRequest } from 'fastify';
import { graphqlContribution } from './api/graphql';
import { registerPrivacyRoutes } from './api/rest';
import { createExports, EXPORT_QUEUE } from './exports';
import type { FamilyDataEraser, FamilyDeletedEvent, FamilyMembers, PrivacyDeps } from './ports';
import { deleteExportsOfFamily } from './store';

export {
  buildDocument,
  EXPORT_FORMAT,
  EXPORT_TTL_MS,
  EXPORTS_PER_DAY,
  progressAt,
} from './domain/export-plan';
export { EXPORT_QUEUE } from './exports';
export type * from './ports';

/**
 * A reply that was already streaming when the family was deleted may still
 * write a row, and other processes may hold the family's key in their
 * 5-minute cache: every eraser runs once more after this long.
 */
export const ERASE_AGAIN_AFTER_MS = 10 * 60_000;
const ERASE_AGAIN_QUEUE = 'privacy.erase-again';

export function createPrivacyService(deps: PrivacyDeps) {
  const exports = createExports(deps);
  // Its own exports too (already unreadable: they were sealed under the destroyed key).
  const ownExports: FamilyDataEraser = {
    name: 'privacy',
    erase: async (tx, family) => ({ privacy_exports: await deleteExportsOfFamily(tx, family.familyId) }),
  };
  const erasers = [...deps.erasers, ownExports];
  const erase = async (eraser: FamilyDataEraser, event: FamilyDeletedEvent, tx: Tx) => {
    const deleted = await eraser.erase(tx, event.payload);
    deps.logger.info(
      { service: eraser.name, familyId: event.payload.familyId, deleted },
      'family data erased',
    );
  };
  for (const eraser of deps.erasers)
    deps.bus.subscribe(`erasure-${eraser.name}`, ['auth.family.deleted'], (event, tx) =>
      erase(eraser, event, tx),
    );
  // Privacy's own consumer also books the second pass, in the same transaction.
  deps.bus.subscribe('erasure-privacy', ['auth.family.deleted'], async (event, tx) => {
    await erase(ownExports, event, tx);
    await deps.jobs.enqueue(
      ERASE_AGAIN_QUEUE,
      event.payload,
      { uniqueKey: `erase-again:${event.payload.familyId}`, delayMs: ERASE_AGAIN_AFTER_MS },
      tx,
    );
  });

  /** The second pass: every eraser in one transaction; anything found is logged (it should be rare). */
  async function eraseAgain(family: FamilyMembers): Promise<Record<string, number>> {
    return deps.database.transaction(async (tx) => {
      const totals: Record<string, number> = {};
      for (const eraser of erasers) Object.assign(totals, await eraser.erase(tx, family));
      const late = Object.values(totals).reduce((sum, n) => sum + n, 0);
      if (late > 0)
        deps.logger.warn({ familyId: family.familyId, deleted: totals }, 'late family data erased');
      return totals;
    });
  }

  return {
    ...exports,
    eraseAgain,
    definition(contextOf: (request: FastifyRequest) => Promise<RequestContext>): ServiceDefinition {
      return {
        name: 'privacy',
        graphql: graphqlContribution(exports),
        routes: (app) => registerPrivacyRoutes(app, exports, contextOf),
        jobs: [
          {
            queue: EXPORT_QUEUE,
            handler: async (payload) => {
              await exports.runExport((payload as { exportId: string }).exportId);
            },
            maxAttempts: 1,
            timeoutMs: 10 * 60_000,
          },
          {
            queue: ERASE_AGAIN_QUEUE,
            handler: async (payload) => {
              await eraseAgain(payload as FamilyMembers);
            },
            maxAttempts: 5,
          },
          {
            queue: 'privacy.expire',
            handler: async () => {
              await exports.expire();
            },
            maxAttempts: 3,
          },
        ],
        schedules: [{ queue: 'privacy.expire', cron: '41 * * * *' }],
      };
    },
  };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;
