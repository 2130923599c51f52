import type { Clock, Database, Executor, FamilyKeyring, Logger, Principal } from '@manabee/kernel';
import type { ScannerConfig } from './domain/index';

/**
 * What the safety service needs from its neighbours, satisfied by the
 * composition root: the audit service's `record`, the bus's `publish`, the
 * auth service's `authorize`. Safety never reaches into their tables.
 */

export type SafetyAction =
  | 'alert.read'
  | 'alert.acknowledge'
  | 'review.read'
  | 'review.resolve'
  | 'keywords.read'
  | 'keywords.edit';

/** A child's message as the chat service holds it, unsealed for a reviewer's missed-message report. */
export interface ChildMessage {
  text: string;
  /** The child's language in chat; safety guesses from the text when null. */
  lang: string | null;
  familyId: string;
  childId: string;
  /** What the scanner said when the message was sent (empty when it found nothing). */
  scannedCategories?: readonly string[] | undefined;
  scannedSeverity?: string | undefined;
}

/** From the chat service: safety does not own chat messages. */
export interface MessageSource {
  /** The message if it exists and a child wrote it (a tutor reply or an unknown id is null). */
  childMessage(messageId: string): Promise<ChildMessage | null>;
}

/** The resources of the auth policy (`services/auth/src/domain/policy.ts`) that safety asks about. */
export type SafetyResource =
  | { type: 'safety_alert'; familyId: string }
  | { type: 'review_queue' }
  | { type: 'keyword_list' };

/** The policy: throws AppError (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND for somebody else's resource). */
export type Authorize = (principal: Principal | null, action: SafetyAction, resource: SafetyResource) => void;

export interface AuditRecorder {
  record(
    tx: Executor,
    entry: {
      actor: { id: string | null; role: string };
      action: string;
      resource: { type: string; id?: string | null };
      result?: 'success' | 'failure';
      /** Ids and facts only: never child text. */
      metadata?: Record<string, unknown>;
    },
  ): Promise<unknown>;
}

/** Writes an event to the outbox through `tx` (the bus's `publish`). */
export type Publish = (tx: Executor, name: string, payload: Record<string, unknown>) => Promise<unknown>;

export interface SafetyDeps {
  database: Database;
  keyring: FamilyKeyring;
  audit: AuditRecorder;
  publish: Publish;
  authorize: Authorize;
  /** Reads the child's message a reviewer reports as missed. */
  messages: MessageSource;
  logger: Logger;
  clock?: Clock;
  /** Lexicon, classifier and thresholds for the live scanner; the shipped ones by default. Lists come from the tables. */
  scanner?: Omit<ScannerConfig, 'keywordLists'>;
  /** Told after a parent acknowledged an alert (e.g. to stop re-notifying); failures are logged, not thrown. */
  onAcknowledged?: (alertId: string) => Promise<void> | void;
}

/** The alert the chat service raises for an `escalate` decision (chat's `SafetyAlertInput`). */
export interface SafetyAlertInput {
  familyId: string;
  childId: string;
  conversationId?: string | undefined;
  messageId?: string | undefined;
  source: 'child' | 'tutor';
  categories: string[];
  severity: 'low' | 'medium' | 'high' | 'critical';
  flaggedText: string;
  /** The turns just before the flagged text, oldest first; only the last few are kept. */
  context: Array<{ role: 'child' | 'tutor'; text: string }>;
  /** The conversation's language, for training feedback; guessed from the text when absent. */
  lang?: string | undefined;
}

export interface SafetyAlerts {
  raise(tx: Executor, alert: SafetyAlertInput): Promise<{ alertId: string }>;
}

/** Who did it, as the audit log records it. */
export const actorOf = (principal: Principal) => ({ id: principal.id, role: principal.role });
