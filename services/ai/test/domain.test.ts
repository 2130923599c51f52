import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aiConfigSchema, aiSettingsFromEnv, routeFor } from '../src/config';
import { CircuitBreaker, retryDelayMs } from '../src/domain/circuit-breaker';
import { allPromptKeys, defaultPromptText, tutorPromptKey } from '../src/domain/prompts/defaults';
import { normalizeQuestion, questionHash } from '../src/domain/question-key';
import { predictSubject } from '../src/domain/subjects/classifier';
import { evaluateHeldOut, parseExamples } from '../src/domain/subjects/evaluation';
import { bundledSubjectModel } from '../src/domain/subjects/model-file';
import { computeCost, estimateTokens, findPrice } from '../src/domain/usage';
import { parseRetryAfter } from '../src/providers/provider-error';

describe('circuit breaker', () => {
  it('opens after the threshold, lets one probe through after the cool-down', () => {
    const breaker = new CircuitBreaker(3, 1000);
    for (let i = 0; i < 3; i++) {
      expect(breaker.tryAcquire(0)).toBe(true);
      breaker.recordFailure(0);
    }
    expect(breaker.snapshot(0).state).toBe('open');
    expect(breaker.tryAcquire(999)).toBe(false);
    expect(breaker.tryAcquire(1000)).toBe(true);
    expect(breaker.tryAcquire(1000)).toBe(false); // only one probe
    breaker.recordFailure(1000);
    expect(breaker.snapshot(1500)).toMatchObject({ state: 'open', retryAt: 2000 });
    expect(breaker.tryAcquire(2000)).toBe(true);
    breaker.recordSuccess();
    expect(breaker.snapshot(2000).state).toBe('closed');
  });

  it('a success resets the failure count', () => {
    const breaker = new CircuitBreaker(2, 1000);
    breaker.recordFailure(0);
    breaker.recordSuccess();
    breaker.recordFailure(0);
    expect(breaker.snapshot(0).state).toBe('closed');
  });

  it('backoff is capped and honours Retry-After within the cap', () => {
    expect(retryDelayMs({ attempt: 10, baseDelayMs: 100, maxDelayMs: 2000, random: () => 1 })).toBe(2000);
    expect(retryDelayMs({ attempt: 0, baseDelayMs: 100, maxDelayMs: 2000, random: () => 0 })).toBe(50);
    expect(retryDelayMs({ attempt: 0, baseDelayMs: 100, maxDelayMs: 2000, retryAfterMs: 1500 })).toBe(1500);
  });

  it('reads Retry-After as seconds, date or milliseconds', () => {
    const headers = (values: Record<string, string>) => new Headers(values);
    expect(parseRetryAfter(headers({ 'retry-after': '3' }))).toBe(3000);
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250' }))).toBe(250);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfter(headers({}))).toBeUndefined();
  });
});

describe('cost', () => {
  const prices = [
    {
      provider: 'openai',
      model: 'gpt-4o-mini',
      currency: 'USD',
      inputMinorPerMillion: 15,
      outputMinorPerMillion: 60,
    },
    {
      provider: 'openai',
      model: 'gpt-4o',
      currency: 'USD',
      inputMinorPerMillion: 250,
      outputMinorPerMillion: 1000,
    },
    { provider: 'offline', model: '*', currency: 'USD', inputMinorPerMillion: 0, outputMinorPerMillion: 0 },
  ];

  it('prices per million tokens in exact micro-minor units', () => {
    const cost = computeCost(prices, 'openai', 'gpt-4o-mini', { promptTokens: 1000, completionTokens: 500 });
    // 1000 × 15 + 500 × 60 = 45,000 micro-cents = 0.045 cents
    expect(cost).toEqual({ microMinor: 45_000, minor: 0, currency: 'USD', priced: true });
    const big = computeCost(prices, 'openai', 'gpt-4o', {
      promptTokens: 2_000_000,
      completionTokens: 1_000_000,
    });
    expect(big.minor).toBe(1500); // $15.00
  });

  it('matches dated model versions to the longest prefix, and says when it cannot price', () => {
    expect(findPrice(prices, 'openai', 'gpt-4o-mini-2024-07-18')?.model).toBe('gpt-4o-mini');
    expect(findPrice(prices, 'offline', 'anything')?.model).toBe('*');
    expect(computeCost(prices, 'mystery', 'x', { promptTokens: 5, completionTokens: 5 }).priced).toBe(false);
  });

  it('estimates tokens for text without reported usage', () => {
    expect(estimateTokens('こんにちは')).toBe(5);
    expect(estimateTokens('hello world!')).toBe(3);
  });
});

describe('configuration from the environment', () => {
  it('no keys: offline only', () => {
    const settings = aiSettingsFromEnv(aiConfigSchema.parse({}));
    expect(settings.providers).toEqual([]);
    expect(routeFor(settings, 'tutor')).toEqual(['offline']);
  });

  it('keys enable providers; AI_PRIMARY and AI_FALLBACKS order them; offline stays last', () => {
    const settings = aiSettingsFromEnv(
      aiConfigSchema.parse({
        OPENAI_API_KEY: 'sk-1',
        ANTHROPIC_API_KEY: 'sk-2',
        GEMINI_API_KEY: 'g',
        AI_PRIMARY: 'anthropic',
        AI_FALLBACKS: 'gemini, openai',
        AI_FIRST_TOKEN_TIMEOUT_MS: '5000',
      }),
    );
    expect(settings.providers.map((provider) => provider.kind)).toEqual(['openai', 'anthropic', 'gemini']);
    expect(routeFor(settings, 'tutor')).toEqual(['anthropic', 'gemini', 'openai', 'offline']);
    expect(routeFor(settings, 'title')).toEqual(['anthropic', 'gemini', 'openai', 'offline']);
    expect(settings.firstTokenTimeoutMs).toBe(5000);
  });

  it('the usage day zone must be one Intl knows, checked at boot', () => {
    expect(aiSettingsFromEnv(aiConfigSchema.parse({})).usageTimeZone).toBe('Asia/Tokyo');
    expect(
      aiSettingsFromEnv(aiConfigSchema.parse({ AI_USAGE_TIME_ZONE: 'Europe/Paris' })).usageTimeZone,
    ).toBe('Europe/Paris');
    expect(() => aiSettingsFromEnv(aiConfigSchema.parse({ AI_USAGE_TIME_ZONE: 'Mars/Olympus' }))).toThrow(
      /IANA time zone/,
    );
  });
});

describe('prompts shipped in code', () => {
  it('exist for every language × grade band × subject, with the safety rules', () => {
    const keys = allPromptKeys();
    expect(keys).toHaveLength(6 * 3 * 6 + 6);
    for (const key of keys) expect(defaultPromptText(key)?.length).toBeGreaterThan(20);
    expect(defaultPromptText(tutorPromptKey('ja', 'lower', 'math'))).toContain('個人情報');
    expect(defaultPromptText(tutorPromptKey('en', 'junior', 'english'))).toContain('personal information');
    expect(defaultPromptText('tutor.xx.lower.math')).toBeUndefined();
  });
});

describe('question normalization', () => {
  it('treats width, spacing and trailing punctuation as the same question', () => {
    expect(normalizeQuestion('２３＋４８は？')).toBe(normalizeQuestion('23 + 48は?'));
    const scope = { lang: 'ja', gradeBand: 'lower', subject: 'math' } as const;
    expect(questionHash('23+48は？', scope)).toBe(questionHash(' 23 + 48 は ', scope));
    expect(questionHash('23+48は？', scope)).not.toBe(
      questionHash('23+48は？', { ...scope, gradeBand: 'upper' }),
    );
  });
});

describe('subject classifier', () => {
  const examples = parseExamples(
    readFileSync(fileURLToPath(new URL('../data/subject-examples.jsonl', import.meta.url)), 'utf8'),
  );

  it('has a few hundred examples per subject in ja and en', () => {
    for (const subject of ['math', 'japanese', 'science', 'social_studies', 'english', 'other']) {
      const ofSubject = examples.filter((example) => example.subject === subject);
      expect(ofSubject.length).toBeGreaterThanOrEqual(200);
      expect(new Set(ofSubject.map((example) => example.lang))).toEqual(new Set(['ja', 'en']));
    }
  });

  it('is accurate on a held-out split', () => {
    const report = evaluateHeldOut(examples);
    console.log(
      `subject classifier: held-out accuracy ${(report.heldOut * 100).toFixed(1)}% (${report.testCount} examples), hard cases ${(report.heldOutHard * 100).toFixed(1)}%`,
    );
    expect(report.heldOut).toBeGreaterThan(0.85);
  });

  it('the committed model classifies typical questions confidently', () => {
    const model = bundledSubjectModel();
    expect(predictSubject(model, '光合成ってなに？').subject).toBe('science');
    expect(predictSubject(model, 'what is the past tense of go').subject).toBe('english');
    expect(predictSubject(model, '鎌倉幕府について教えて').subject).toBe('social_studies');
    expect(predictSubject(model, '分数のわり算がわかりません').subject).toBe('math');
    expect(predictSubject(model, '')).toEqual({ subject: 'other', confidence: 0 });
  });
});
