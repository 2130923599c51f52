// @manabee/safety: the pure scanner (src/domain, src/bundled.ts) and the service around it:
// alerts for parents, the review queue, keyword lists as versioned data, `manabee safety scan`.
import { type Principal, type ServiceDefinition, systemClock } from '@manabee/kernel';
import { createAlerts } from './alerts';
import { graphqlContribution } from './api/graphql';
import { scanJsonLines } from './domain/index';
import { createFamilyData } from './family-data';
import { createFeedbackExport } from './feedback';
import { createKeywordLists } from './keyword-lists';
import { createMissedReports } from './missed';
import type { SafetyDeps } from './ports';
import { createReview } from './review';

export type { AlertDetail, AlertSummary, ContextTurn } from './alerts';
export { CONTEXT_TURNS } from './alerts';
export {
  bundledClassifierModel,
  bundledDistressLexicon,
  bundledKeywordLists,
  createDefaultScanner,
} from './bundled';
export * from './domain/index';
export type { ExportedAlert, FamilyScope, SafetyFamilyExport } from './family-data';
export type { FeedbackExportOptions, FeedbackLine } from './feedback';
export type { ActiveKeywordList, KeywordListVersion } from './keyword-lists';
export type { MissedReport, MissedReportInput } from './missed';
export type * from './ports';
export type {
  BulkResult,
  Outcome,
  ReviewDetail,
  ReviewFilter,
  ReviewItem,
  ReviewNote,
  ReviewState,
} from './review';
export {
  createSecondOpinion,
  mapLlamaGuard,
  mapOpenAiModeration,
  type SafetyEnv,
  type SecondOpinion,
  safetyConfigSchema,
  safetySecretVariables,
} from './second-opinion';

export type SafetyService = ReturnType<typeof createSafetyService>;

/** How often a process looks for keyword lists activated elsewhere. */
const REFRESH_MS = 30_000;

/**
 * The safety service. Call `await init()` once at boot (stores the shipped lists as first
 * versions, loads the active ones), then `startRefresh()` in every process that scans.
 */
export function createSafetyService(deps: SafetyDeps) {
  const withClock = { ...deps, clock: deps.clock ?? systemClock };
  const alerts = createAlerts(withClock);
  const review = createReview(withClock);
  const keywords = createKeywordLists(withClock);
  const feedback = createFeedbackExport(withClock);
  const missed = createMissedReports(withClock);
  const familyData = createFamilyData(withClock);
  let timer: ReturnType<typeof setInterval> | undefined;

  const service = {
    /** The chat service's `SafetyAlerts` port. */
    alerts: alerts.raiser,
    /** The live scanner: delegates to one rebuilt whenever the active keyword lists change. */
    scanner: keywords.scanner,
    init: keywords.init,
    refreshScanner: keywords.refresh,
    startRefresh(intervalMs = REFRESH_MS): () => void {
      if (!timer) {
        timer = setInterval(() => {
          keywords.refresh().catch((error: unknown) => {
            deps.logger.warn({ err: error }, 'keyword list refresh failed; the current lists stay');
          });
        }, intervalMs);
        timer.unref();
      }
      return () => {
        clearInterval(timer);
        timer = undefined;
      };
    },

    parentAlerts: {
      list: alerts.list,
      detail: alerts.detail,
      acknowledge: alerts.acknowledge,
    },
    unacknowledgedCritical: alerts.unacknowledgedCritical,
    /** Alerts raised about a child in [from, to), counted per severity (the parent's weekly report). */
    alertCountsOf: alerts.countsOfChild,
    /** The review queue, and `reportMissed` for a child's message the scanner let through. */
    review: { ...review, reportMissed: missed.reportMissed },
    /** The live scanner's classifier and keyword list versions, for operators (reviewers and admins). */
    scannerVersions(principal: Principal | null): { classifier: string | null; keywords: string[] } {
      deps.authorize(principal, 'review.read', { type: 'review_queue' });
      const versions = keywords.scanner.versions;
      return { classifier: versions.classifier ?? null, keywords: [...versions.keywords] };
    },
    keywords: {
      lists: keywords.lists,
      versions: keywords.versions,
      save: keywords.save,
      activate: keywords.activate,
      rollback: keywords.rollback,
      testPhrase: keywords.testPhrase,
    },
    feedback,
    /** Deletes the family's alerts, review notes and feedback in the caller's transaction (on `auth.family.deleted`). */
    eraseFamily: familyData.eraseFamily,
    /** The family's alerts with flagged text and context decrypted, for the parent's export. */
    exportFamilyData: familyData.exportFamilyData,

    /** `manabee safety scan`: JSON lines in, one JSON line out per input, in order, through one scanner version. */
    scanLines(input: AsyncIterable<string> | Iterable<string>): AsyncIterable<string> {
      return scanJsonLines(input, keywords.snapshot());
    },

    definition(): ServiceDefinition {
      return { name: 'safety', graphql: graphqlContribution(service) };
    },
  };
  return service;
}
