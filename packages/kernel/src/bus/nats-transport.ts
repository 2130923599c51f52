import {
  AckPolicy,
  type ConsumerMessages,
  connect,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
  nanos,
  StorageType,
} from 'nats';
import type { Logger } from '../logger';
import type { EventEnvelope, NatsOptions } from './types';

/** What the bus needs from JetStream; the bus decides what a message means. */
export interface NatsTransportOptions extends NatsOptions {
  logger: Logger;
  /** Deliveries before JetStream stops redelivering (the bus dead-letters the last one). */
  maxDeliver: number;
  ackWaitMs: number;
}

export interface DurableSubscription {
  consumer: string;
  eventName: string;
}

export type MessageProcessor = (subscription: DurableSubscription, message: JsMsg) => Promise<void>;

const DEDUPE_WINDOW_MS = 10 * 60_000;
const RETENTION_MS = 7 * 24 * 60 * 60_000;

/**
 * One durable pull consumer per (consumer, event name): NATS 2.9 allows a
 * single filter subject per consumer, and this keeps each name's redelivery
 * independent. Durable names cannot contain dots.
 */
export function durableName(subscription: DurableSubscription): string {
  return `${subscription.consumer}__${subscription.eventName.replaceAll('.', '_')}`;
}

export class NatsTransport {
  private connection: NatsConnection | undefined;
  private connecting: Promise<NatsConnection> | undefined;
  private readonly loops: Array<{ messages: ConsumerMessages; done: Promise<void> }> = [];

  constructor(private readonly options: NatsTransportOptions) {}

  subjectOf(eventName: string): string {
    return `${this.options.subjectPrefix}.events.${eventName}`;
  }

  private async connected(): Promise<{ js: JetStreamClient; jsm: JetStreamManager }> {
    if (!this.connection) {
      this.connecting ??= connect({ servers: this.options.url, name: 'manabee' });
      this.connection = await this.connecting;
    }
    return { js: this.connection.jetstream(), jsm: await this.connection.jetstreamManager() };
  }

  async ensureStream(): Promise<void> {
    const { jsm } = await this.connected();
    const subjects = [`${this.options.subjectPrefix}.events.>`];
    try {
      const info = await jsm.streams.info(this.options.stream);
      if (!subjects.every((subject) => info.config.subjects.includes(subject))) {
        await jsm.streams.update(this.options.stream, {
          ...info.config,
          subjects: [...new Set([...info.config.subjects, ...subjects])],
        });
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await jsm.streams.add({
        name: this.options.stream,
        subjects,
        storage: StorageType.File,
        duplicate_window: nanos(DEDUPE_WINDOW_MS),
        max_age: nanos(RETENTION_MS),
      });
    }
  }

  async ensureConsumer(subscription: DurableSubscription): Promise<void> {
    const { jsm } = await this.connected();
    const durable = durableName(subscription);
    const config = {
      max_deliver: this.options.maxDeliver,
      ack_wait: nanos(this.options.ackWaitMs),
    };
    try {
      await jsm.consumers.info(this.options.stream, durable);
      await jsm.consumers.update(this.options.stream, durable, config);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await jsm.consumers.add(this.options.stream, {
        ...config,
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: this.subjectOf(subscription.eventName),
      });
    }
  }

  /** Publishes with the event id as `Nats-Msg-Id`; returns true when JetStream already had it. */
  async publish(envelope: EventEnvelope): Promise<boolean> {
    const { js } = await this.connected();
    const ack = await js.publish(this.subjectOf(envelope.name), JSON.stringify(envelope), {
      msgID: envelope.id,
    });
    return ack.duplicate;
  }

  /** Starts a pull loop per subscription; each message is processed before the next is taken. */
  async consume(subscriptions: DurableSubscription[], process: MessageProcessor): Promise<void> {
    const { js } = await this.connected();
    for (const subscription of subscriptions) {
      const consumer = await js.consumers.get(this.options.stream, durableName(subscription));
      const messages = await consumer.consume({ max_messages: 16 });
      const done = (async () => {
        for await (const message of messages) {
          try {
            await process(subscription, message);
          } catch (error) {
            // Not acked: JetStream redelivers it after ack_wait.
            this.options.logger.error(
              { err: error, consumer: subscription.consumer, seq: message.seq },
              'could not process an event message',
            );
          }
        }
      })().catch((error: unknown) =>
        this.options.logger.error(
          { err: error, consumer: subscription.consumer },
          'event consumer loop ended',
        ),
      );
      this.loops.push({ messages, done });
    }
  }

  /** Fetches and processes what is pending now for each subscription (tests, CLI). */
  async drainPending(subscriptions: DurableSubscription[], process: MessageProcessor): Promise<number> {
    const { js, jsm } = await this.connected();
    let processed = 0;
    for (const subscription of subscriptions) {
      const durable = durableName(subscription);
      for (;;) {
        const info = await jsm.consumers.info(this.options.stream, durable);
        if (info.num_pending === 0) break;
        const consumer = await js.consumers.get(this.options.stream, durable);
        const batch = await consumer.fetch({ max_messages: info.num_pending, expires: 2_000 });
        let received = 0;
        for await (const message of batch) {
          received += 1;
          await process(subscription, message);
        }
        processed += received;
        if (received === 0) break;
      }
    }
    return processed;
  }

  async stopConsuming(): Promise<void> {
    const loops = this.loops.splice(0);
    for (const loop of loops) await loop.messages.close();
    await Promise.all(loops.map((loop) => loop.done));
  }

  async close(): Promise<void> {
    await this.stopConsuming();
    const connection = this.connection;
    this.connection = undefined;
    this.connecting = undefined;
    if (connection && !connection.isClosed()) await connection.drain();
  }
}

function isNotFound(error: unknown): boolean {
  const record = error as { code?: unknown; api_error?: { code?: unknown } } | undefined;
  return record?.code === '404' || record?.api_error?.code === 404 || /not found/i.test(String(error));
}
