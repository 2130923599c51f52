import { type Cache, type Clock, createLogger, type Database, openCache } from '@manabee/kernel';
import { testNamespace } from '@manabee/kernel/testing';
import { Registry } from 'prom-client';
import {
  type AiService,
  type AiSettingsInput,
  createAiService,
  type TutorEvent,
  type TutorRequest,
} from '../src/index';

export const silentLogger = createLogger({ level: 'silent' });

export async function openTestCache(): Promise<Cache> {
  return openCache({ url: process.env.REDIS_URL, keyPrefix: `${testNamespace()}:` });
}

export interface Harness {
  service: AiService;
  registry: Registry;
}

/** Fast timeouts and no human-pace delay, so failure paths run in milliseconds. */
export function testService(
  deps: { database: Database; cache: Cache; clock?: Clock },
  config: AiSettingsInput,
): Harness {
  const registry = new Registry();
  const service = createAiService({
    database: deps.database,
    cache: deps.cache,
    logger: silentLogger,
    metrics: registry,
    ...(deps.clock ? { clock: deps.clock } : {}),
    config: {
      offlineTokenDelayMs: 0,
      // Generous: a loaded CI machine can take hundreds of ms for an SDK's first request.
      // Tests of the timeouts themselves set short ones (their fakes stall for good).
      firstTokenTimeoutMs: 3_000,
      idleTimeoutMs: 3_000,
      totalTimeoutMs: 10_000,
      retryBaseDelayMs: 5,
      retryMaxDelayMs: 2_000,
      ...config,
    },
  });
  return { service, registry };
}

export async function collect(events: AsyncIterable<TutorEvent>): Promise<TutorEvent[]> {
  const out: TutorEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

export const textOf = (events: TutorEvent[]) =>
  events.map((event) => (event.type === 'token' ? event.text : '')).join('');

export function eventOf<T extends TutorEvent['type']>(
  events: TutorEvent[],
  type: T,
): Extract<TutorEvent, { type: T }> | undefined {
  return events.find((event): event is Extract<TutorEvent, { type: T }> => event.type === type);
}

/** A follow-up turn, so the response cache stays out of provider tests. */
export function followUp(overrides: Partial<TutorRequest> = {}): TutorRequest {
  return {
    childId: 'chd_test',
    familyId: 'fam_test',
    lang: 'en',
    grade: 5,
    subject: 'science',
    history: [
      { role: 'user', text: 'Why do leaves change colour?' },
      { role: 'assistant', text: 'What do you think happens to leaves in autumn?' },
    ],
    text: 'Is it because of the cold?',
    containsPersonalData: false,
    ...overrides,
  };
}

export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((value) => Object.entries(labels).every(([key, wanted]) => String(value.labels[key]) === wanted))
    .reduce((sum, value) => sum + value.value, 0);
}
