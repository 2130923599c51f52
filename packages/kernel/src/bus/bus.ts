import type { JsMsg } from 'nats';
import type { z } from 'zod';
import { type Clock, systemClock } from '../clock';
import type { Executor, Tx } from '../db/index';
import { AppError, issuesFromZod } from '../errors';
import { newId } from '../ids';
import { backoffDelayMs } from '../jobs/backoff';
import { insertDeadLetter } from '../jobs/store';
import { busMetrics } from './metrics';
import { type DurableSubscription, NatsTransport } from './nats-transport';
import {
  claimUnpublished,
  consumersOf,
  deleteHandledEvents,
  handleOnce,
  insertOutboxRow,
  markPublished,
  outboxLag,
  recordPublishFailure,
  registerConsumers,
} from './outbox';
import type {
  DeliveryReport,
  EventBus,
  EventBusOptions,
  EventEnvelope,
  EventHandler,
  EventNameOf,
  EventOf,
  EventSchemaMap,
  OutboxLag,
  RelayReport,
} from './types';

const CONSUMER_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const RELAY_BATCH = 100;

type AnyEventHandler = (event: EventEnvelope, tx: Tx) => Promise<void>;

/** The job queue that delivers a consumer's events (embedded) and retries its dead letters (both). */
export const eventQueueOf = (consumer: string) => `event:${consumer}`;

/**
 * Events through a transactional outbox. `publish` writes in the caller's
 * transaction; the relay hands committed rows on — to one job per consumer
 * (embedded) or to NATS JetStream — and consumers record each event in their
 * inbox in the same transaction as its effect, so delivery is at-least-once
 * and the effect exactly once. Logs carry event ids and names, never payloads.
 */
export function createEventBus<M extends EventSchemaMap>(options: EventBusOptions<M>): EventBus<M> {
  const { database, jobs, schemas } = options;
  const clock: Clock = options.clock ?? systemClock;
  const logger = options.logger.child({ component: 'bus' });
  const maxAttempts = options.maxAttempts ?? 8;
  const backoffBaseMs = options.backoffBaseMs ?? 1_000;
  const backoffMaxMs = options.backoffMaxMs ?? 5 * 60_000;
  const handlerTimeoutMs = options.handlerTimeoutMs ?? 30_000;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const random = options.random ?? Math.random;
  const metrics = busMetrics(options.registry);
  const nats = options.nats
    ? new NatsTransport({ ...options.nats, logger, maxDeliver: maxAttempts, ackWaitMs: handlerTimeoutMs })
    : undefined;

  const handlers = new Map<string, { names: string[]; handler: AnyEventHandler }>();
  let registered = false;
  let started = false;
  let relayTimer: NodeJS.Timeout | undefined;
  let relaying: Promise<unknown> | undefined;

  function durableSubscriptions(): DurableSubscription[] {
    return [...handlers].flatMap(([consumer, entry]) =>
      entry.names.map((eventName) => ({ consumer, eventName })),
    );
  }

  /** Makes this process's consumers known to every relay, and to NATS. */
  async function ensureRegistered(): Promise<void> {
    if (registered) return;
    const subscriptions = durableSubscriptions();
    await registerConsumers(database, subscriptions);
    if (nats) {
      await nats.ensureStream();
      for (const subscription of subscriptions) await nats.ensureConsumer(subscription);
    }
    registered = true;
  }

  async function deliver(consumer: string, envelope: EventEnvelope): Promise<void> {
    const entry = handlers.get(consumer);
    if (!entry) throw new Error(`no handler for consumer ${consumer} in this process`);
    try {
      const handled = await handleOnce(database, consumer, envelope, entry.handler);
      if (!handled) logger.debug({ consumer, eventId: envelope.id }, 'duplicate delivery skipped');
    } catch (error) {
      metrics.handlerFailures.inc({ consumer });
      throw error;
    }
  }

  function subscribe<N extends EventNameOf<M>>(
    consumer: string,
    names: readonly N[],
    handler: EventHandler<M, N>,
  ) {
    if (!CONSUMER_NAME.test(consumer)) throw new Error(`invalid consumer name: ${consumer}`);
    if (handlers.has(consumer)) throw new Error(`consumer ${consumer} is already subscribed`);
    if (registered) throw new Error('subscribe before the bus starts');
    for (const name of names)
      if (!Object.hasOwn(schemas, name)) throw new Error(`unknown event name: ${name}`);
    handlers.set(consumer, { names: [...names], handler: handler as unknown as AnyEventHandler });
    jobs.define<EventEnvelope>(eventQueueOf(consumer), (job) => deliver(consumer, job.payload), {
      maxAttempts,
      backoffBaseMs,
      backoffMaxMs,
      timeoutMs: handlerTimeoutMs,
      concurrency: 4,
      deadLetter: (job) => {
        const envelope = job.payload as EventEnvelope;
        return { kind: 'event', source: consumer, name: envelope.name, eventId: envelope.id };
      },
    });
  }

  async function publish<N extends EventNameOf<M>>(
    executor: Executor,
    name: N,
    payload: z.input<M[N]>,
  ): Promise<EventOf<M, N>> {
    const schema = schemas[name];
    if (!schema) throw new AppError('BAD_REQUEST', { detail: `unknown event name: ${String(name)}` });
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', {
        detail: `invalid payload for event ${name}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`,
        issues: issuesFromZod(parsed.error),
      });
    }
    const envelope: EventEnvelope<N, z.output<M[N]>> = {
      id: newId('evt'),
      name,
      payload: parsed.data as z.output<M[N]>,
      occurredAt: clock.now().toISOString(),
    };
    await insertOutboxRow(executor, envelope);
    // The caller's transaction may still be open; an early relay finds nothing and the next poll catches up.
    if (started) kickRelay(20);
    return envelope as unknown as EventOf<M, N>;
  }

  async function relayBatch(): Promise<RelayReport> {
    await ensureRegistered();
    return database.transaction(async (tx) => {
      const envelopes = await claimUnpublished(tx, RELAY_BATCH);
      const report: RelayReport = { published: 0, duplicates: 0 };
      if (envelopes.length === 0) return report;
      const done: string[] = [];
      if (nats) {
        for (const envelope of envelopes) {
          try {
            if (await nats.publish(envelope)) report.duplicates += 1;
            done.push(envelope.id);
          } catch (error) {
            // Keep order: stop at the first failure and try again on the next poll.
            await recordPublishFailure(tx, envelope.id, String(error));
            logger.warn(
              { err: error, eventId: envelope.id, event: envelope.name },
              'could not publish to NATS',
            );
            break;
          }
        }
      } else {
        const consumers = await consumersOf(
          tx,
          envelopes.map((envelope) => envelope.name),
        );
        for (const envelope of envelopes) {
          for (const consumer of consumers.get(envelope.name) ?? []) {
            await jobs.enqueue(eventQueueOf(consumer), envelope, { uniqueKey: envelope.id }, tx);
          }
          done.push(envelope.id);
        }
      }
      await markPublished(tx, done, clock.now());
      for (const envelope of envelopes.filter((entry) => done.includes(entry.id))) {
        metrics.published.inc({ event: envelope.name });
      }
      report.published = done.length;
      return report;
    });
  }

  /** Relays until the outbox is empty or publishing stalls. */
  async function relayOnce(): Promise<RelayReport> {
    const total: RelayReport = { published: 0, duplicates: 0 };
    for (;;) {
      const batch = await relayBatch();
      total.published += batch.published;
      total.duplicates += batch.duplicates;
      if (batch.published < RELAY_BATCH) break;
    }
    if (total.published > 0) logger.debug({ published: total.published }, 'outbox relayed');
    return total;
  }

  async function lag(): Promise<OutboxLag> {
    const current = await outboxLag(database.db, clock.now());
    metrics.unpublished.set(current.unpublished);
    metrics.lagSeconds.set(current.oldestAgeMs / 1000);
    return current;
  }

  function relayLoop(): void {
    if (!started || relaying) return;
    relaying = relayOnce()
      .then(() => lag())
      .catch((error: unknown) => logger.error({ err: error }, 'outbox relay failed'))
      .finally(() => {
        relaying = undefined;
        if (started) kickRelay(pollIntervalMs);
      });
  }

  function kickRelay(delayMs: number): void {
    clearTimeout(relayTimer);
    relayTimer = setTimeout(relayLoop, delayMs);
  }

  /** NATS: ack on success; nak with backoff; on the last delivery, dead-letter and term. */
  async function processNatsMessage(
    subscription: DurableSubscription,
    message: JsMsg,
  ): Promise<'handled' | 'failed'> {
    const { consumer } = subscription;
    let envelope: EventEnvelope;
    try {
      envelope = JSON.parse(new TextDecoder().decode(message.data)) as EventEnvelope;
    } catch {
      logger.error({ consumer, seq: message.seq }, 'unreadable event message dropped');
      message.term('unreadable');
      return 'failed';
    }
    try {
      await deliver(consumer, envelope);
      await message.ackAck();
      return 'handled';
    } catch (error) {
      const attempt = message.info.deliveryCount;
      const log = { err: error, consumer, eventId: envelope.id, event: envelope.name, attempt };
      if (attempt < maxAttempts) {
        message.nak(backoffDelayMs(attempt, backoffBaseMs, backoffMaxMs, random));
        logger.warn(log, 'event handler failed; will retry');
        return 'failed';
      }
      await insertDeadLetter(database.db, {
        kind: 'event',
        source: consumer,
        name: envelope.name,
        eventId: envelope.id,
        retryQueue: eventQueueOf(consumer),
        payload: envelope,
        error: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 2_000) : String(error),
        attempts: attempt,
        now: clock.now(),
      });
      metrics.deadLettered.inc({ consumer });
      message.term('dead-lettered');
      logger.error(log, 'event is out of attempts and went to dead letters');
      return 'failed';
    }
  }

  async function deliverOnce(): Promise<DeliveryReport> {
    await ensureRegistered();
    if (!nats) {
      const report = await jobs.runDue({ queues: [...handlers.keys()].map(eventQueueOf) });
      return { handled: report.completed, failed: report.failed };
    }
    const report: DeliveryReport = { handled: 0, failed: 0 };
    await nats.drainPending(durableSubscriptions(), async (subscription, message) => {
      const outcome = await processNatsMessage(subscription, message);
      if (outcome === 'handled') report.handled += 1;
      else report.failed += 1;
    });
    return report;
  }

  return {
    transport: nats ? 'nats' : 'embedded',
    publish,
    subscribe,
    relayOnce,
    deliverOnce,
    lag,
    prune: (olderThanMs = 30 * 24 * 60 * 60_000) =>
      deleteHandledEvents(database.db, new Date(clock.now().getTime() - olderThanMs)),
    async start() {
      if (started) return;
      await ensureRegistered();
      started = true;
      if (nats) {
        await nats.consume(durableSubscriptions(), async (subscription, message) => {
          await processNatsMessage(subscription, message);
        });
      }
      logger.info(
        { transport: nats ? 'nats' : 'embedded', consumers: [...handlers.keys()] },
        'event bus started',
      );
      kickRelay(0);
    },
    async stop() {
      const wasStarted = started;
      started = false;
      clearTimeout(relayTimer);
      await relaying;
      if (!wasStarted) {
        await nats?.close();
        return;
      }
      try {
        await relayOnce();
      } catch (error) {
        logger.error({ err: error }, 'could not flush the outbox on stop; the next start publishes it');
      }
      await nats?.close();
    },
  };
}
