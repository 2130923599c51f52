import { isValidTimeZone } from '@manabee/kernel/zoned-time';
import { z } from 'zod';

/** Tasks route independently so a cheap model can title while a strong one tutors. */
export const aiTasks = ['tutor', 'title'] as const;
export type AiTask = (typeof aiTasks)[number];

export const providerKinds = [
  'openai',
  'azure',
  'openai-compatible',
  'anthropic',
  'gemini',
  'offline',
] as const;
export type ProviderKind = (typeof providerKinds)[number];

const providerSettingsSchema = z.object({
  /** Routing name (`openai`, `anthropic`, `ollama`, ...); defaults to the kind. */
  id: z.string().min(1).optional(),
  kind: z.enum(providerKinds),
  apiKey: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  baseUrl: z.url().optional(),
  /** Azure only. */
  endpoint: z.url().optional(),
  deployment: z.string().min(1).optional(),
  apiVersion: z.string().min(1).optional(),
});
export type ProviderSettings = z.output<typeof providerSettingsSchema>;

const routeSchema = z.object({
  primary: z.string().min(1),
  fallbacks: z.array(z.string().min(1)).default([]),
});
export type Route = z.output<typeof routeSchema>;

const priceSchema = z.object({
  provider: z.string().min(1),
  /** `*` matches any model of the provider. */
  model: z.string().min(1),
  currency: z.string().length(3),
  inputMinorPerMillion: z.number().nonnegative(),
  outputMinorPerMillion: z.number().nonnegative(),
});
export type PriceEntry = z.output<typeof priceSchema>;

/** The service's settings after defaults; the composition root builds them from env with `aiSettingsFromEnv`. */
export const aiSettingsSchema = z.object({
  providers: z.array(providerSettingsSchema).default([]),
  routes: z.partialRecord(z.enum(aiTasks), routeSchema).default({}),
  /** Offline tutor as the last resort of every route, so a child is never left with nothing. */
  offlineAsLastResort: z.boolean().default(true),
  firstTokenTimeoutMs: z.number().int().positive().default(10_000),
  /** Longest silence between two tokens once streaming has begun. */
  idleTimeoutMs: z.number().int().positive().default(15_000),
  totalTimeoutMs: z.number().int().positive().default(90_000),
  maxRetries: z.number().int().min(0).max(5).default(2),
  retryBaseDelayMs: z.number().int().min(0).default(250),
  retryMaxDelayMs: z.number().int().min(0).default(4_000),
  breakerFailureThreshold: z.number().int().min(1).default(5),
  breakerCoolDownMs: z.number().int().min(0).default(30_000),
  maxTokens: z.number().int().min(16).max(8192).default(800),
  offlineTokenDelayMs: z.number().int().min(0).default(35),
  /** Asked this many times, a first question stays cached for 7 days instead of 24 h. */
  frequentQuestionThreshold: z.number().int().min(1).default(5),
  subjectSwitchConfidence: z.number().min(0).max(1).default(0.7),
  /** Usage is summed per calendar day in this zone (the family's, for most families). */
  usageTimeZone: z
    .string()
    .refine(isValidTimeZone, 'must be an IANA time zone, such as Asia/Tokyo')
    .default('Asia/Tokyo'),
  prices: z.array(priceSchema).optional(),
});
export type AiSettingsInput = z.input<typeof aiSettingsSchema>;
export type AiSettings = z.output<typeof aiSettingsSchema>;

const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);
const ms = z.coerce.number().int().min(0);

/**
 * Environment variables the AI service reads, to merge into the kernel config
 * schema. A provider is enabled when its key (Azure: endpoint + key +
 * deployment; compatible: base URL) is present. Nothing set = offline tutor.
 */
export const aiConfigSchema = z.object({
  AI_PRIMARY: z.string().min(1).optional(),
  AI_FALLBACKS: csv.optional(),
  AI_TITLE_PRIMARY: z.string().min(1).optional(),
  AI_TITLE_FALLBACKS: csv.optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_COMPATIBLE_BASE_URL: z.url().optional(),
  OPENAI_COMPATIBLE_API_KEY: z.string().min(1).optional(),
  OPENAI_COMPATIBLE_MODEL: z.string().min(1).default('llama3.1'),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_MODEL: z.string().min(1).default('claude-3-5-haiku-latest'),
  ANTHROPIC_BASE_URL: z.url().optional(),
  GEMINI_API_KEY: z.string().min(1).optional(),
  GEMINI_MODEL: z.string().min(1).default('gemini-2.0-flash'),
  GEMINI_BASE_URL: z.url().optional(),
  AZURE_OPENAI_ENDPOINT: z.url().optional(),
  AZURE_OPENAI_API_KEY: z.string().min(1).optional(),
  AZURE_OPENAI_DEPLOYMENT: z.string().min(1).optional(),
  AZURE_OPENAI_API_VERSION: z.string().min(1).default('2024-10-21'),
  AI_FIRST_TOKEN_TIMEOUT_MS: ms.optional(),
  AI_IDLE_TIMEOUT_MS: ms.optional(),
  AI_TOTAL_TIMEOUT_MS: ms.optional(),
  AI_MAX_RETRIES: ms.optional(),
  AI_BREAKER_FAILURES: ms.optional(),
  AI_BREAKER_COOLDOWN_MS: ms.optional(),
  AI_MAX_TOKENS: ms.optional(),
  AI_OFFLINE_TOKEN_DELAY_MS: ms.optional(),
  AI_USAGE_TIME_ZONE: z.string().min(1).optional(),
});
export type AiEnv = z.output<typeof aiConfigSchema>;

/** Secrets among the variables above, for the kernel's "never print" list. */
export const aiSecretVariables = [
  'OPENAI_API_KEY',
  'OPENAI_COMPATIBLE_API_KEY',
  'ANTHROPIC_API_KEY',
  'GEMINI_API_KEY',
  'AZURE_OPENAI_API_KEY',
] as const;

export function aiSettingsFromEnv(env: AiEnv): AiSettings {
  const providers: AiSettingsInput['providers'] = [];
  if (env.OPENAI_API_KEY) {
    providers.push({
      kind: 'openai',
      apiKey: env.OPENAI_API_KEY,
      model: env.OPENAI_MODEL,
      baseUrl: env.OPENAI_BASE_URL,
    });
  }
  if (env.AZURE_OPENAI_ENDPOINT && env.AZURE_OPENAI_API_KEY && env.AZURE_OPENAI_DEPLOYMENT) {
    providers.push({
      kind: 'azure',
      endpoint: env.AZURE_OPENAI_ENDPOINT,
      apiKey: env.AZURE_OPENAI_API_KEY,
      deployment: env.AZURE_OPENAI_DEPLOYMENT,
      apiVersion: env.AZURE_OPENAI_API_VERSION,
    });
  }
  if (env.OPENAI_COMPATIBLE_BASE_URL) {
    providers.push({
      kind: 'openai-compatible',
      baseUrl: env.OPENAI_COMPATIBLE_BASE_URL,
      apiKey: env.OPENAI_COMPATIBLE_API_KEY,
      model: env.OPENAI_COMPATIBLE_MODEL,
    });
  }
  if (env.ANTHROPIC_API_KEY) {
    providers.push({
      kind: 'anthropic',
      apiKey: env.ANTHROPIC_API_KEY,
      model: env.ANTHROPIC_MODEL,
      baseUrl: env.ANTHROPIC_BASE_URL,
    });
  }
  if (env.GEMINI_API_KEY) {
    providers.push({
      kind: 'gemini',
      apiKey: env.GEMINI_API_KEY,
      model: env.GEMINI_MODEL,
      baseUrl: env.GEMINI_BASE_URL,
    });
  }
  const configuredIds = providers.map((provider) => provider.id ?? provider.kind);
  const primary = env.AI_PRIMARY ?? configuredIds[0] ?? 'offline';
  const fallbacks = env.AI_FALLBACKS ?? configuredIds.filter((id) => id !== primary);
  const routes: AiSettingsInput['routes'] = { tutor: { primary, fallbacks } };
  if (env.AI_TITLE_PRIMARY) {
    routes.title = { primary: env.AI_TITLE_PRIMARY, fallbacks: env.AI_TITLE_FALLBACKS ?? [] };
  }
  return aiSettingsSchema.parse({
    providers,
    routes,
    firstTokenTimeoutMs: env.AI_FIRST_TOKEN_TIMEOUT_MS,
    idleTimeoutMs: env.AI_IDLE_TIMEOUT_MS,
    totalTimeoutMs: env.AI_TOTAL_TIMEOUT_MS,
    maxRetries: env.AI_MAX_RETRIES,
    breakerFailureThreshold: env.AI_BREAKER_FAILURES,
    breakerCoolDownMs: env.AI_BREAKER_COOLDOWN_MS,
    maxTokens: env.AI_MAX_TOKENS,
    offlineTokenDelayMs: env.AI_OFFLINE_TOKEN_DELAY_MS,
    usageTimeZone: env.AI_USAGE_TIME_ZONE,
  });
}

/** Every route ends on the offline tutor unless disabled; unknown ids are a boot error. */
export function routeFor(settings: AiSettings, task: AiTask): string[] {
  const route = settings.routes[task] ?? settings.routes.tutor;
  const chain = route ? [route.primary, ...route.fallbacks] : [];
  if (settings.offlineAsLastResort && !chain.includes('offline')) chain.push('offline');
  return [...new Set(chain)];
}
