import type { EventPayloadInput } from '@manabee/contracts';
import type { Clock, Database, Executor, Logger, Principal } from '@manabee/kernel';

/**
 * What report needs from its neighbours. Report keeps no copy of anyone's
 * data: every number is read, as an aggregate, from the service that owns it.
 */

export interface ReportChild {
  childId: string;
  familyId: string;
  nickname: string;
  /** The family's IANA zone: weeks and days are read in it. */
  timeZone: string;
}

export interface ChildInZone {
  childId: string;
  familyId: string;
  timeZone: string;
  createdAt: Date;
}

/** Satisfied by the auth service. */
export interface ChildDirectory {
  childProfile(childId: string): Promise<ReportChild | null>;
  /** Every zone some family lives in. */
  timeZonesInUse(): Promise<string[]>;
  childrenInTimeZones(zones: readonly string[]): Promise<ChildInZone[]>;
}

/** A child's learning over family-local days (chat's `activityOf`). */
export interface ChildActivity {
  days: Array<{ date: string; messages: number; activeSeconds: number }>;
  subjects: Array<{ subject: string; messages: number }>;
  /** The child's messages per concern category the safety check flagged: counts, never text. */
  concerns: Array<{ category: string; messages: number }>;
  conversationsStarted: number;
}

/** Satisfied by the chat service. */
export interface LearningActivity {
  activityOf(childId: string, range: { from: string; to: string; timeZone: string }): Promise<ChildActivity>;
}

/** Satisfied by the safety service: counts only, never what was flagged. */
export interface SafetyAlertCounts {
  alertCountsOf(childId: string, from: Date, to: Date): Promise<Array<{ severity: string; count: number }>>;
}

export interface ReportDeps {
  database: Database;
  logger: Logger;
  clock?: Clock;
  /** The policy (auth's): `report.read` on the child's family. */
  authorize(
    principal: Principal | null,
    action: 'report.read',
    resource: { type: 'report'; familyId: string },
  ): void;
  children: ChildDirectory;
  activity: LearningActivity;
  alerts: SafetyAlertCounts;
  /** The outbox, in the caller's transaction. */
  publish(
    tx: Executor,
    name: 'report.weekly.ready',
    payload: EventPayloadInput<'report.weekly.ready'>,
  ): Promise<unknown>;
}
