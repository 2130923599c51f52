import { AppError, type Clock, type Database, issuesFromZod, type Logger, newId } from '@manabee/kernel';
import { z } from 'zod';
import type { AiSettings } from './config';
import { tutorPromptKey } from './domain/prompts/defaults';
import { questionHash } from './domain/question-key';
import { computeCost, estimateTokens } from './domain/usage';
import type { AiMetrics } from './metrics';
import type { PromptLibrary } from './prompts';
import { splitForStreaming } from './providers/offline';
import type { CachedReply, ResponseCache } from './response-cache';
import type { ModelRouter } from './routing/router';
import { insertUsage } from './store';
import { type ChatTurn, gradeBandOf, languages, subjects, type TokenUsage, type TutorEvent } from './types';

export const MAX_QUESTION_CHARS = 4_000;
const MAX_HISTORY_TURNS = 40;

export const tutorRequestSchema = z.object({
  childId: z.string().min(1).max(64),
  familyId: z.string().min(1).max(64),
  lang: z.enum(languages),
  grade: z.number().int().min(1).max(9),
  subject: z.enum(subjects),
  history: z
    .array(z.object({ role: z.enum(['user', 'assistant']), text: z.string().max(MAX_QUESTION_CHARS * 4) }))
    .max(MAX_HISTORY_TURNS * 2),
  text: z.string().trim().min(1).max(MAX_QUESTION_CHARS),
  containsPersonalData: z.boolean(),
});

export type TutorRequest = z.input<typeof tutorRequestSchema> & { signal?: AbortSignal | undefined };

export interface TutorDeps {
  database: Database;
  logger: Logger;
  clock: Clock;
  settings: AiSettings;
  router: ModelRouter;
  prompts: PromptLibrary;
  responses: ResponseCache;
  metrics: AiMetrics;
  usageDay: (at: Date) => string;
}

/**
 * One tutor reply: prompt, cache, routing, usage. Event order is always
 * `meta`, `token`*, then `done` or `error`; nothing after a caller abort.
 */
export async function* streamTutorReply(deps: TutorDeps, input: TutorRequest): AsyncGenerator<TutorEvent> {
  const parsed = tutorRequestSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', { issues: issuesFromZod(parsed.error) });
  }
  const request = parsed.data;
  const signal = input.signal;
  const gradeBand = gradeBandOf(request.grade);
  const scope = { lang: request.lang, gradeBand, subject: request.subject };
  const prompt = await deps.prompts.get(tutorPromptKey(request.lang, gradeBand, request.subject));
  const startedAt = performance.now();
  const usageBase = {
    childId: request.childId,
    familyId: request.familyId,
    promptKey: prompt.key,
    promptVersion: prompt.version,
  };

  // Follow-ups depend on the conversation, and personal data must never be shared across children.
  const cacheable = request.history.length === 0 && !request.containsPersonalData;
  let hash: string | null = null;
  let timesAsked = 0;
  if (cacheable) {
    hash = questionHash(request.text, scope);
    timesAsked = await deps.responses.countAsked(hash);
    const hit = await deps.responses.find(hash, prompt.version);
    if (hit) {
      deps.metrics.cacheHits.inc({ kind: 'hit' });
      if (timesAsked === deps.settings.frequentQuestionThreshold) {
        await deps.responses.promote(hash, prompt.version, hit);
      }
      yield* replayCached(deps, hit, prompt.version, usageBase, startedAt);
      return;
    }
    deps.metrics.cacheHits.inc({ kind: 'miss' });
  } else {
    deps.metrics.cacheHits.inc({ kind: 'skipped' });
  }

  const messages: ChatTurn[] = [
    ...request.history.slice(-MAX_HISTORY_TURNS),
    { role: 'user', text: request.text },
  ];
  let provider = '';
  let model = '';
  let streamed = '';
  let finished = false;
  try {
    for await (const event of deps.router.stream('tutor', {
      system: prompt.text,
      messages,
      maxTokens: deps.settings.maxTokens,
      signal,
      hints: scope,
    })) {
      if (event.type === 'start') {
        provider = event.provider;
        model = event.model;
        yield { type: 'meta', provider, model, promptVersion: prompt.version, cached: false };
      } else if (event.type === 'token') {
        streamed += event.text;
        yield event;
      } else if (event.type === 'error') {
        finished = true;
        yield event;
        if (streamed)
          await recordUsage(deps, {
            ...usageBase,
            provider,
            model,
            usage: estimate(prompt.text, messages, streamed),
            cached: false,
            latencyMs: performance.now() - startedAt,
            firstTokenMs: null,
          });
        return;
      } else {
        finished = true;
        const cost = computeCost(deps.settings.prices ?? [], event.provider, event.model, event.usage);
        observe(deps.metrics, event.provider, event.usage, cost.microMinor / 1_000_000, cost.currency, event);
        await recordUsage(deps, {
          ...usageBase,
          provider: event.provider,
          model: event.model,
          usage: event.usage,
          cached: false,
          latencyMs: event.latencyMs,
          firstTokenMs: event.firstTokenMs,
        });
        if (hash && event.provider !== 'offline') {
          const reply: CachedReply = {
            text: streamed,
            provider: event.provider,
            model: event.model,
            usage: event.usage,
          };
          await deps.responses.store(hash, prompt.version, reply, timesAsked).catch((error: unknown) => {
            deps.logger.warn({ err: error }, 'ai response cache write failed');
          });
        }
        yield {
          type: 'done',
          usage: event.usage,
          costMinor: cost.minor,
          costMicroMinor: cost.microMinor,
          currency: cost.currency,
          latencyMs: Math.round(event.latencyMs),
          firstTokenMs: event.firstTokenMs === null ? null : Math.round(event.firstTokenMs),
        };
      }
    }
  } finally {
    // The child stopped the reply: the provider still billed what it streamed.
    if (!finished && streamed && provider) {
      await recordUsage(deps, {
        ...usageBase,
        provider,
        model,
        usage: estimate(prompt.text, messages, streamed),
        cached: false,
        latencyMs: performance.now() - startedAt,
        firstTokenMs: null,
      });
    }
  }
}

async function* replayCached(
  deps: TutorDeps,
  hit: CachedReply,
  promptVersion: number,
  usageBase: { childId: string; familyId: string; promptKey: string; promptVersion: number },
  startedAt: number,
): AsyncGenerator<TutorEvent> {
  yield { type: 'meta', provider: hit.provider, model: hit.model, promptVersion, cached: true };
  const firstTokenMs = performance.now() - startedAt;
  for (const piece of splitForStreaming(hit.text, 'ja')) yield { type: 'token', text: piece };
  const latencyMs = performance.now() - startedAt;
  const none = { promptTokens: 0, completionTokens: 0 };
  await recordUsage(deps, {
    ...usageBase,
    provider: hit.provider,
    model: hit.model,
    usage: none,
    cached: true,
    latencyMs,
    firstTokenMs,
  });
  const currency = computeCost(deps.settings.prices ?? [], hit.provider, hit.model, none).currency;
  yield {
    type: 'done',
    usage: none,
    costMinor: 0,
    costMicroMinor: 0,
    currency,
    latencyMs: Math.round(latencyMs),
    firstTokenMs: Math.round(firstTokenMs),
  };
}

function estimate(system: string, messages: ChatTurn[], streamed: string): TokenUsage {
  return {
    promptTokens: estimateTokens(system) + messages.reduce((sum, turn) => sum + estimateTokens(turn.text), 0),
    completionTokens: estimateTokens(streamed),
  };
}

function observe(
  metrics: AiMetrics,
  provider: string,
  usage: TokenUsage,
  costMinor: number,
  currency: string,
  timing: { firstTokenMs: number | null; latencyMs: number },
): void {
  metrics.tokens.inc({ provider, direction: 'prompt' }, usage.promptTokens);
  metrics.tokens.inc({ provider, direction: 'completion' }, usage.completionTokens);
  if (costMinor > 0) metrics.costMinor.inc({ provider, currency }, costMinor);
  if (timing.firstTokenMs === null) return;
  metrics.firstTokenSeconds.observe({ provider }, timing.firstTokenMs / 1000);
  const streamingSeconds = (timing.latencyMs - timing.firstTokenMs) / 1000;
  if (streamingSeconds > 0 && usage.completionTokens > 1) {
    metrics.tokensPerSecond.observe({ provider }, usage.completionTokens / streamingSeconds);
  }
}

interface UsageInput {
  childId: string;
  familyId: string;
  promptKey: string;
  promptVersion: number;
  provider: string;
  model: string;
  usage: TokenUsage;
  cached: boolean;
  latencyMs: number;
  firstTokenMs: number | null;
}

/** Usage is bookkeeping: a failed write is logged, the child still gets the reply. */
async function recordUsage(deps: TutorDeps, input: UsageInput): Promise<void> {
  const now = deps.clock.now();
  const cost = input.cached
    ? { microMinor: 0, currency: 'USD' }
    : computeCost(deps.settings.prices ?? [], input.provider, input.model, input.usage);
  try {
    await insertUsage(deps.database.db, {
      id: newId('aiu'),
      childId: input.childId,
      familyId: input.familyId,
      day: deps.usageDay(now),
      task: 'tutor',
      provider: input.provider,
      model: input.model,
      promptKey: input.promptKey,
      promptVersion: input.promptVersion,
      promptTokens: input.usage.promptTokens,
      completionTokens: input.usage.completionTokens,
      costMicroMinor: cost.microMinor,
      currency: cost.currency,
      cached: input.cached,
      latencyMs: input.latencyMs,
      firstTokenMs: input.firstTokenMs,
      createdAt: now,
    });
  } catch (error) {
    deps.logger.error({ err: error, provider: input.provider }, 'ai usage write failed');
  }
}
