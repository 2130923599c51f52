import type { FamilyScope } from '@manabee/contracts';
import type { Database, Executor } from '@manabee/kernel';
import { deleteFamilyUsage, type FamilyUsageRow, familyUsage } from './store';

export type { FamilyScope };

export type AiFamilyExport = {
  /**
   * Tutor replies per child, day and model (which AI answered), with tokens.
   * Cost is left out: it is what Manabee pays providers (internal pricing),
   * not what the family is charged; the family's charges are billing's.
   */
  usage: FamilyUsageRow[];
};

/** A parent's copy of what ai holds about the family, and its erasure when the family is deleted. */
export function createFamilyData(deps: { database: Database }) {
  return {
    /**
     * Deletes the family's usage rows in `executor` (the caller's transaction).
     * Idempotent. The response cache is left alone: it is keyed by a hash of
     * first questions (never personal ones), shared across children, and
     * holds no family or child id.
     */
    async eraseFamily(executor: Executor, family: FamilyScope): Promise<Record<string, number>> {
      return { ai_usage: await deleteFamilyUsage(executor, family.familyId, family.childIds) };
    },

    async exportFamilyData(family: FamilyScope): Promise<AiFamilyExport> {
      return { usage: await familyUsage(deps.database.db, family.familyId, family.childIds) };
    },
  };
}
