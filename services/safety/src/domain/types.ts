// The vocabulary of the scanner. Everything here is plain data so results can be
// logged (without text), stored, compared in tests and sent over the bus as is.

export const LANGS = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'es'] as const;
export type Lang = (typeof LANGS)[number];

export const CATEGORIES = [
  'self_harm',
  'bullying',
  'violence',
  'sexual',
  'grooming',
  'personal_info',
  'hate',
  'drugs',
  'profanity',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/**
 * The self-harm ladder, mildest first, after the Columbia Suicide Severity Rating Scale
 * (C-SSRS): a wish to be gone, active thoughts, looking for a method, intent or a plan, and
 * self-injury that is happening. In a child's message every rung reaches a parent.
 */
export const SELF_HARM_LEVELS = ['passive', 'active', 'method', 'intent', 'behaviour'] as const;
export type SelfHarmLevel = (typeof SELF_HARM_LEVELS)[number];
export const isSelfHarmLevel = (value: unknown): value is SelfHarmLevel =>
  typeof value === 'string' && (SELF_HARM_LEVELS as readonly string[]).includes(value);
/** Passive wishes are serious; method, plan and behaviour are critical (re-notified until seen). */
export const SELF_HARM_LEVEL_SEVERITY: Readonly<Record<SelfHarmLevel, 'medium' | 'high' | 'critical'>> = {
  passive: 'medium',
  active: 'high',
  method: 'critical',
  intent: 'critical',
  behaviour: 'critical',
};
export type Severity = (typeof SEVERITIES)[number];
/** `none` when nothing was found. */
export type SeverityLevel = Severity | 'none';

/** Ordered from mildest to strongest: the decision takes the strongest one any signal asks for. */
export const ACTIONS = ['allow', 'warn', 'redact', 'block', 'escalate'] as const;
export type Action = (typeof ACTIONS)[number];

export type Detector = 'keyword' | 'pattern' | 'grooming' | 'distress' | 'classifier' | 'context' | 'extra';

export interface ConversationTurn {
  role: 'child' | 'tutor' | 'other';
  text: string;
}

export interface ScanInput {
  text: string;
  lang: Lang;
  /** Recent turns, oldest first, not including `text` itself. */
  window?: readonly ConversationTurn[];
  /** Who wrote `text`: a child's message or a tutor (AI) reply. Defaults to child. */
  source?: 'child' | 'tutor';
  /** ISO 3166 alpha-2 of the child's country, for crisis lines; guessed from lang when absent. */
  country?: string;
}

/** A half-open range [start, end) of UTF-16 code units in the original text. */
export interface TextRange {
  start: number;
  end: number;
}

/** The kinds of personal data the pattern detector recognises; each has a placeholder. */
export type PersonalDataKind = 'phone' | 'email' | 'postal_code' | 'address' | 'school' | 'handle' | 'url';

export interface Signal {
  detector: Detector;
  category: Category;
  severity: Severity;
  /** A stable identifier of what fired: the keyword term, the pattern name, the grooming kind. */
  rule: string;
  /** Where in the original text, when the signal points at text (classifier and trend signals do not). */
  range?: TextRange;
  /** Present for personal data, which decides the redaction placeholder. */
  personalData?: PersonalDataKind;
  score?: number;
}

export interface Span extends TextRange {
  text: string;
  category: Category;
  severity: Severity;
  detector: Detector;
  rule: string;
}

export interface CrisisLine {
  country: string;
  name: string;
  phone: string;
  hours: string;
}

export interface ChildReply {
  category: Category;
  text: string;
}

export interface ScanResult {
  categories: Category[];
  severity: SeverityLevel;
  action: Action;
  spans: Span[];
  signals: Signal[];
  /** The text with personal data replaced by placeholders; what may reach a model or storage. */
  redactedText: string;
  /** What the tutor says to the child instead of (or before) answering, when something was found. */
  reply?: ChildReply;
  crisisLines: CrisisLine[];
  /** The tutor stays with the child: a concern never ends the conversation. */
  keepConversationOpen: boolean;
  /** True when the text was longer than the scan limit and only its start was scanned (and kept). */
  truncated: boolean;
  /** Negative-affect score of this message (0..1) and its trend over the window, for ja and en. */
  distress?: { score: number; trend: number };
  /** Set by `scanWithExtra`: whether the extra (remote) signal was used or the local result stood alone. */
  extra?: 'applied' | 'timeout' | 'failed';
}

export const isLang = (value: unknown): value is Lang =>
  typeof value === 'string' && (LANGS as readonly string[]).includes(value);
export const isCategory = (value: unknown): value is Category =>
  typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
export const isSeverity = (value: unknown): value is Severity =>
  typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);

export const severityRank = (severity: SeverityLevel): number =>
  severity === 'none' ? -1 : SEVERITIES.indexOf(severity);
export const actionRank = (action: Action): number => ACTIONS.indexOf(action);
export const maxSeverity = (a: SeverityLevel, b: SeverityLevel): SeverityLevel =>
  severityRank(a) >= severityRank(b) ? a : b;
