/** Languages the tutor speaks; `ja` is the product default. */
export const languages = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'es'] as const;
export type Lang = (typeof languages)[number];

export const subjects = ['math', 'japanese', 'science', 'social_studies', 'english', 'other'] as const;
export type Subject = (typeof subjects)[number];

/** Lower elementary (1–3), upper elementary (4–6), junior high (7–9). */
export const gradeBands = ['lower', 'upper', 'junior'] as const;
export type GradeBand = (typeof gradeBands)[number];

export function gradeBandOf(grade: number): GradeBand {
  if (grade <= 3) return 'lower';
  if (grade <= 6) return 'upper';
  return 'junior';
}

export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** What a model streams: text pieces, then one `done` with usage. */
export type ModelEvent = { type: 'token'; text: string } | { type: 'done'; usage: TokenUsage; model: string };

export interface TutorModelRequest {
  system: string;
  messages: ChatTurn[];
  maxTokens: number;
  signal?: AbortSignal | undefined;
  /** Context only the offline tutor reads; network models get it through `system`. */
  hints?: { lang: Lang; gradeBand: GradeBand; subject: Subject } | undefined;
}

/** One provider behind one interface; routing owns retries, timeouts and fallbacks. */
export interface TutorModel {
  /** Stable id used for routing, breakers and metrics, e.g. `openai`, `anthropic`, `offline`. */
  readonly provider: string;
  readonly model: string;
  stream(request: TutorModelRequest): AsyncIterable<ModelEvent>;
}

/** What the chat service receives for one reply. */
export type TutorEvent =
  | { type: 'meta'; provider: string; model: string; promptVersion: number; cached: boolean }
  | { type: 'token'; text: string }
  | {
      type: 'done';
      usage: TokenUsage;
      /** Rounded to whole minor units; exact value in `costMicroMinor`. */
      costMinor: number;
      costMicroMinor: number;
      currency: string;
      latencyMs: number;
      firstTokenMs: number | null;
    }
  | { type: 'error'; code: TutorErrorCode; retryable: boolean };

export type TutorErrorCode =
  /** The provider failed after part of the answer was already shown. */
  | 'interrupted'
  /** No provider could answer (all failed, timed out or had open breakers). */
  | 'unavailable'
  | 'invalid_request';
