import OpenAI from 'openai';
import { z } from 'zod';
import type { ExtraSignal } from './domain/scanner';
import type { Category, ScanInput, Severity } from './domain/types';

/**
 * A hosted moderation model consulted beside the local scanner (#12 item 6). The local
 * scanner is the floor: the second opinion can only raise a decision (the scanner merges by
 * the higher severity), and when it is slow, down or not configured the local answer stands.
 *
 * - `openai`: OpenAI's moderation endpoint (`omni-moderation-latest`, multilingual), through
 *   the official SDK.
 * - `llama-guard`: Llama Guard 3 behind any OpenAI-compatible chat endpoint (Ollama, vLLM):
 *   the model answers `safe` or `unsafe` and a line of hazard codes (S1..S14).
 */
export const safetyConfigSchema = z.object({
  SAFETY_SECOND_OPINION: z.enum(['openai', 'llama-guard']).optional(),
  SAFETY_SECOND_OPINION_URL: z.url().optional(),
  SAFETY_SECOND_OPINION_API_KEY: z.string().min(1).optional(),
  SAFETY_SECOND_OPINION_MODEL: z.string().min(1).optional(),
  SAFETY_SECOND_OPINION_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(800),
});
export type SafetyEnv = z.output<typeof safetyConfigSchema>;
export const safetySecretVariables = ['SAFETY_SECOND_OPINION_API_KEY'];

type Finding = { category: Category; severity: Severity; score?: number };

/** OpenAI moderation categories -> ours. Self-harm intent and instructions are the ladder's critical rungs. */
const OPENAI_CATEGORIES: Record<string, { category: Category; severity: Severity }> = {
  'self-harm': { category: 'self_harm', severity: 'high' },
  'self-harm/intent': { category: 'self_harm', severity: 'critical' },
  'self-harm/instructions': { category: 'self_harm', severity: 'critical' },
  'sexual/minors': { category: 'sexual', severity: 'critical' },
  sexual: { category: 'sexual', severity: 'high' },
  harassment: { category: 'bullying', severity: 'medium' },
  'harassment/threatening': { category: 'violence', severity: 'high' },
  hate: { category: 'hate', severity: 'high' },
  'hate/threatening': { category: 'hate', severity: 'high' },
  violence: { category: 'violence', severity: 'medium' },
  'violence/graphic': { category: 'violence', severity: 'high' },
  illicit: { category: 'drugs', severity: 'medium' },
  'illicit/violent': { category: 'violence', severity: 'high' },
};

/** Llama Guard 3 hazard taxonomy (MLCommons) -> ours; codes with no child-safety meaning are left out. */
const LLAMA_GUARD_CODES: Record<string, { category: Category; severity: Severity }> = {
  S1: { category: 'violence', severity: 'high' },
  S3: { category: 'sexual', severity: 'high' },
  S4: { category: 'sexual', severity: 'critical' },
  S7: { category: 'personal_info', severity: 'medium' },
  S9: { category: 'violence', severity: 'high' },
  S10: { category: 'hate', severity: 'high' },
  S11: { category: 'self_harm', severity: 'high' },
  S12: { category: 'sexual', severity: 'high' },
};

export function mapOpenAiModeration(result: {
  flagged?: boolean;
  categories?: Record<string, boolean | null | undefined>;
  category_scores?: Record<string, number | null | undefined>;
}): Finding[] {
  const out: Finding[] = [];
  for (const [name, flagged] of Object.entries(result.categories ?? {})) {
    const mapped = OPENAI_CATEGORIES[name];
    if (!flagged || !mapped) continue;
    const score = result.category_scores?.[name];
    out.push({ ...mapped, ...(typeof score === 'number' ? { score } : {}) });
  }
  return out;
}

export function mapLlamaGuard(answer: string): Finding[] {
  const [verdict, codes = ''] = answer.trim().split(/\r?\n/, 2);
  if (verdict?.trim().toLowerCase() !== 'unsafe') return [];
  return codes
    .split(/[,\s]+/)
    .map((code) => LLAMA_GUARD_CODES[code.trim().toUpperCase()])
    .filter((mapped): mapped is { category: Category; severity: Severity } => mapped !== undefined);
}

/** The child's turn with the last few turns before it, as a moderation model reads a conversation. */
function conversationOf(input: ScanInput): Array<{ role: 'user' | 'assistant'; content: string }> {
  const turns = (input.window ?? []).slice(-4).map((turn) => ({
    role: turn.role === 'tutor' ? ('assistant' as const) : ('user' as const),
    content: turn.text.slice(0, 2000),
  }));
  return [
    ...turns,
    { role: input.source === 'tutor' ? 'assistant' : 'user', content: input.text.slice(0, 4000) },
  ];
}

export interface SecondOpinion {
  readonly extra: ExtraSignal;
  readonly timeoutMs: number;
}

/** The configured second opinion, or undefined when none is set (the local scanner decides alone). */
export function createSecondOpinion(
  env: SafetyEnv & { OPENAI_API_KEY?: string | undefined },
): SecondOpinion | undefined {
  const kind = env.SAFETY_SECOND_OPINION;
  if (!kind) return undefined;
  const timeoutMs = env.SAFETY_SECOND_OPINION_TIMEOUT_MS;
  // The deadline is ours (scanWithExtra aborts the call); the SDK must not retry behind it.
  const sdk = { maxRetries: 0, timeout: timeoutMs * 2 };
  if (kind === 'openai') {
    const apiKey = env.SAFETY_SECOND_OPINION_API_KEY ?? env.OPENAI_API_KEY;
    if (!apiKey)
      throw new Error('SAFETY_SECOND_OPINION=openai needs SAFETY_SECOND_OPINION_API_KEY or OPENAI_API_KEY');
    const client = new OpenAI({ apiKey, baseURL: env.SAFETY_SECOND_OPINION_URL ?? null, ...sdk });
    const model = env.SAFETY_SECOND_OPINION_MODEL ?? 'omni-moderation-latest';
    return {
      timeoutMs,
      extra: {
        name: 'openai-moderation',
        async check(input, abort) {
          const response = await client.moderations.create(
            { model, input: input.text.slice(0, 4000) },
            { signal: abort },
          );
          return response.results.flatMap((result) => mapOpenAiModeration(result as never));
        },
      },
    };
  }
  if (!env.SAFETY_SECOND_OPINION_URL)
    throw new Error('SAFETY_SECOND_OPINION=llama-guard needs SAFETY_SECOND_OPINION_URL');
  const client = new OpenAI({
    apiKey: env.SAFETY_SECOND_OPINION_API_KEY ?? 'not-needed',
    baseURL: env.SAFETY_SECOND_OPINION_URL,
    ...sdk,
  });
  const model = env.SAFETY_SECOND_OPINION_MODEL ?? 'llama-guard3';
  return {
    timeoutMs,
    extra: {
      name: 'llama-guard',
      async check(input, abort) {
        // Llama Guard's chat template turns the conversation into its classification prompt.
        const completion = await client.chat.completions.create(
          { model, messages: conversationOf(input), temperature: 0, max_tokens: 20 },
          { signal: abort },
        );
        return mapLlamaGuard(completion.choices[0]?.message?.content ?? '');
      },
    },
  };
}
