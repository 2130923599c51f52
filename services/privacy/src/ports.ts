import type { EventPayload, FamilyScope } from '@manabee/contracts';
import type { Clock, Database, Executor, FamilyKeyring, Logger, Principal, Tx } from '@manabee/kernel';

/**
 * What privacy needs from its neighbours. Each service keeps its own SQL: it
 * hands privacy a function that gathers (or erases) what it holds about one family.
 */

export type FamilyMembers = FamilyScope;

/** One part of the export document, e.g. `chat`: readable data, no secrets. */
export interface FamilyDataSource {
  name: string;
  collect(family: FamilyMembers): Promise<unknown>;
}

/** One service's erasure, run inside the deletion event's transaction; returns rows deleted per table. */
export interface FamilyDataEraser {
  name: string;
  erase(executor: Executor, family: FamilyMembers): Promise<Record<string, number>>;
}

export interface FamilyDeletedEvent {
  id: string;
  name: 'auth.family.deleted';
  payload: EventPayload<'auth.family.deleted'>;
  occurredAt: string;
}

export interface PrivacyDeps {
  database: Database;
  keyring: FamilyKeyring;
  logger: Logger;
  clock?: Clock;
  jobs: {
    enqueue(
      queue: string,
      payload: unknown,
      options?: { uniqueKey?: string; delayMs?: number },
      executor?: Executor,
    ): Promise<string>;
  };
  bus: {
    subscribe(
      consumer: string,
      names: readonly ['auth.family.deleted'],
      handler: (event: FamilyDeletedEvent, tx: Tx) => Promise<void>,
    ): void;
  };
  audit: { record(tx: Executor, entry: AuditEntry): Promise<unknown> };
  /** The policy (auth's): `family.export` on the family. */
  authorize(
    principal: Principal | null,
    action: 'family.export',
    resource: { type: 'family'; familyId: string },
  ): void;
  /** Auth: who is in a live family, null once it is deleted. */
  familyMembers(familyId: string): Promise<FamilyMembers | null>;
  sources: readonly FamilyDataSource[];
  erasers: readonly FamilyDataEraser[];
}

export interface AuditEntry {
  actor: { id: string | null; role: string };
  action: string;
  resource: { type: string; id: string | null };
  ip?: string | null;
  userAgent?: string | null;
  metadata?: Record<string, unknown>;
}
