import type { Registry } from 'prom-client';
import type { z } from 'zod';
import type { Clock } from '../clock';
import type { Database, Executor, Tx } from '../db/index';
import type { JobQueue } from '../jobs/types';
import type { Logger } from '../logger';

/** Event name -> payload schema; `@manabee/contracts` `eventSchemas` is the real one. */
export type EventSchemaMap = Record<string, z.ZodType>;

export type EventNameOf<M extends EventSchemaMap> = keyof M & string;

/** What travels: through the outbox, the job queue or NATS, and into handlers. */
export interface EventEnvelope<N extends string = string, P = unknown> {
  /** `evt_...`; consumers deduplicate by it. */
  id: string;
  name: N;
  payload: P;
  /** ISO 8601, UTC. */
  occurredAt: string;
}

/** The envelope of any of the names `N`, discriminated by `name`. */
export type EventOf<M extends EventSchemaMap, N extends EventNameOf<M>> = {
  [K in N]: EventEnvelope<K, z.output<M[K]>>;
}[N];

/**
 * Runs inside a transaction that also records the event in the consumer's
 * inbox: write through `tx` and the effect happens once however often the
 * event is delivered. Throw to have it retried.
 */
export type EventHandler<M extends EventSchemaMap, N extends EventNameOf<M>> = (
  event: EventOf<M, N>,
  tx: Tx,
) => Promise<void>;

export interface NatsOptions {
  url: string;
  /** JetStream stream name (config NATS_STREAM). */
  stream: string;
  /** Subjects are `<subjectPrefix>.events.<event name>`. */
  subjectPrefix: string;
}

export interface EventBusOptions<M extends EventSchemaMap> {
  database: Database;
  /** Embedded delivery and dead-letter retries run on it. */
  jobs: JobQueue;
  logger: Logger;
  schemas: M;
  clock?: Clock;
  /** Relay to NATS JetStream; embedded delivery through jobs when omitted. */
  nats?: NatsOptions;
  /** Deliveries per consumer before the event is dead-lettered. Default 8. */
  maxAttempts?: number;
  /** How often the relay looks for committed events. Default 250 ms. */
  pollIntervalMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A handler that runs longer counts as failed. Default 30 s. */
  handlerTimeoutMs?: number;
  registry?: Registry;
  random?: () => number;
}

export interface RelayReport {
  /** Outbox rows handed on (to jobs or to NATS). */
  published: number;
  /** Of those, NATS already had (a republish after a crash). */
  duplicates: number;
}

export interface DeliveryReport {
  handled: number;
  failed: number;
}

export interface OutboxLag {
  unpublished: number;
  /** Age of the oldest unpublished event; 0 when none. */
  oldestAgeMs: number;
}

export interface EventBus<M extends EventSchemaMap> {
  readonly transport: 'embedded' | 'nats';
  /**
   * Validates the payload and writes the event to the outbox through
   * `executor` — pass the transaction of the change it announces.
   */
  publish<N extends EventNameOf<M>>(
    executor: Executor,
    name: N,
    payload: z.input<M[N]>,
  ): Promise<EventOf<M, N>>;
  /** Registers a durable consumer; call before start(). Names are [A-Za-z0-9_-]. */
  subscribe<N extends EventNameOf<M>>(
    consumer: string,
    names: readonly N[],
    handler: EventHandler<M, N>,
  ): void;
  start(): Promise<void>;
  /** Stops relaying after publishing everything committed so far, then stops consuming. */
  stop(): Promise<void>;
  relayOnce(): Promise<RelayReport>;
  /** Handles what is deliverable now (tests, CLI). Embedded: runs due event jobs. */
  deliverOnce(): Promise<DeliveryReport>;
  lag(): Promise<OutboxLag>;
  /** Deletes published outbox rows and inbox rows older than `olderThanMs` (default 30 days). */
  prune(olderThanMs?: number): Promise<{ outbox: number; inbox: number }>;
}
