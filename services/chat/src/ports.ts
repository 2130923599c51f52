import type { Executor } from '@manabee/kernel';

/**
 * What chat needs from its neighbours, declared here and satisfied by the
 * composition root with the auth, ai and safety services' public APIs. Chat
 * never reaches into their tables.
 */

export const CHAT_LANGS = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'es'] as const;
export type ChatLang = (typeof CHAT_LANGS)[number];

export interface ChildProfile {
  childId: string;
  familyId: string;
  lang: ChatLang;
  /** School grade 1–12 (小1 = 1, 中3 = 9). */
  grade: number;
  timeZone: string;
  /** ISO 3166 alpha-2, for crisis lines. */
  country?: string;
  /** The family's plan, for quotas. */
  plan?: string;
}

export type ChildAccess =
  | { allowed: true }
  | {
      allowed: false;
      reason:
        | 'paused'
        | 'quiet_hours'
        | 'daily_minutes'
        | 'daily_messages'
        | 'subject_not_allowed'
        | 'no_consent';
      retryAt?: Date;
    };

/** From the auth service. */
export interface ChildDirectory {
  childProfile(childId: string): Promise<ChildProfile | null>;
  checkChildAccess(input: {
    childId: string;
    subject: string;
    usageToday: { minutes: number; messages: number };
    now: Date;
  }): Promise<ChildAccess>;
}

export type TutorEvent =
  | { type: 'meta'; provider: string; model: string; promptVersion: string; cached: boolean }
  | { type: 'token'; text: string }
  | {
      type: 'done';
      usage: { promptTokens: number; completionTokens: number };
      costMinor?: number;
      currency?: string;
      latencyMs?: number;
      firstTokenMs?: number;
    }
  | { type: 'error'; code: string; retryable: boolean };

/** From the ai service. */
export interface Tutor {
  streamTutorReply(input: {
    childId: string;
    familyId: string;
    lang: ChatLang;
    grade: number;
    subject: string;
    history: Array<{ role: 'child' | 'tutor'; text: string }>;
    text: string;
    containsPersonalData: boolean;
    signal: AbortSignal;
  }): AsyncIterable<TutorEvent>;
  detectSubject(text: string, lang: ChatLang): { subject: string; confidence: number };
}

/** A safety alert, raised by the safety service for an `escalate` decision. */
export interface SafetyAlertInput {
  familyId: string;
  childId: string;
  conversationId: string;
  messageId: string;
  source: 'child' | 'tutor';
  categories: string[];
  severity: 'low' | 'medium' | 'high' | 'critical';
  /** The flagged text and a short window before it; sealed by the safety service. */
  flaggedText: string;
  context: Array<{ role: 'child' | 'tutor'; text: string }>;
}

export interface SafetyAlerts {
  raise(tx: Executor, alert: SafetyAlertInput): Promise<{ alertId: string }>;
}

export type Publish = (tx: Executor, name: string, payload: Record<string, unknown>) => Promise<unknown>;
