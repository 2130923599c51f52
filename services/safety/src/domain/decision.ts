import { redact } from './personal-data';
import { childReplyFor, crisisLinesFor } from './replies';
import {
  type Action,
  actionRank,
  CATEGORIES,
  type Category,
  type ChildReply,
  type CrisisLine,
  type Lang,
  type Severity,
  type SeverityLevel,
  type Signal,
  type Span,
  severityRank,
} from './types';

/**
 * The decision table: what each category asks for at each severity. Escalation (a parent
 * and the review queue are told) is for a child in danger: self-harm, grooming, and the
 * critical ends of violence and sexual content, which in a child's message mean abuse.
 */
export const ACTION_TABLE: Readonly<Record<Category, Readonly<Record<Severity, Action>>>> = {
  self_harm: { low: 'warn', medium: 'warn', high: 'escalate', critical: 'escalate' },
  grooming: { low: 'warn', medium: 'warn', high: 'escalate', critical: 'escalate' },
  sexual: { low: 'warn', medium: 'warn', high: 'block', critical: 'escalate' },
  violence: { low: 'warn', medium: 'warn', high: 'block', critical: 'escalate' },
  bullying: { low: 'warn', medium: 'warn', high: 'block', critical: 'block' },
  hate: { low: 'warn', medium: 'warn', high: 'block', critical: 'block' },
  drugs: { low: 'warn', medium: 'warn', high: 'block', critical: 'block' },
  profanity: { low: 'warn', medium: 'warn', high: 'block', critical: 'block' },
  personal_info: { low: 'redact', medium: 'redact', high: 'redact', critical: 'redact' },
};

/**
 * In a child's own message, a danger to the child reaches a parent whatever its rung: every
 * self-harm signal (from a wish to be gone to self-injury) and every grooming report
 * escalates. Negative affect alone (the distress detector: a sad day, not self-harm language)
 * stays a gentle check-in, and bullying escalates only when it comes with distress.
 * Tutor replies keep ACTION_TABLE: a sympathetic reply that mentions feelings is not an alarm.
 */
export const CHILD_ALWAYS_ESCALATES: ReadonlySet<Category> = new Set(['self_harm', 'grooming']);

/** Rules of signals found in a story the child is writing for class (see scanner.ts). */
export const FICTION_RULE_PREFIX = 'fiction:';

function childEscalation(signals: readonly Signal[]): boolean {
  const danger = signals.some(
    (s) =>
      CHILD_ALWAYS_ESCALATES.has(s.category) &&
      s.detector !== 'distress' &&
      !s.rule.startsWith(FICTION_RULE_PREFIX),
  );
  if (danger) return true;
  const distressed = signals.some((s) => s.detector === 'distress');
  return distressed && signals.some((s) => s.category === 'bullying');
}

export interface Decision {
  categories: Category[];
  severity: SeverityLevel;
  action: Action;
  spans: Span[];
  redactedText: string;
  reply?: ChildReply;
  crisisLines: CrisisLine[];
  keepConversationOpen: boolean;
}

const priority = (category: Category): number => CATEGORIES.indexOf(category);

/** Combines every detector's signals into one decision about `text`. Pure and deterministic. */
export function decide(
  text: string,
  signals: readonly Signal[],
  lang: Lang,
  country?: string,
  source: 'child' | 'tutor' = 'child',
): Decision {
  const worst = new Map<Category, Severity>();
  for (const s of signals) {
    const current = worst.get(s.category);
    if (current === undefined || severityRank(s.severity) > severityRank(current))
      worst.set(s.category, s.severity);
  }
  // Most severe first; ties broken by the order of CATEGORIES (a child in danger first).
  const categories = [...worst.keys()].sort(
    (a, b) => severityRank(worst.get(b)!) - severityRank(worst.get(a)!) || priority(a) - priority(b),
  );
  let action: Action = 'allow';
  let severity: SeverityLevel = 'none';
  for (const category of categories) {
    const s = worst.get(category)!;
    const wanted = ACTION_TABLE[category][s];
    if (actionRank(wanted) > actionRank(action)) action = wanted;
    if (severityRank(s) > severityRank(severity)) severity = s;
  }
  if (source === 'child' && childEscalation(signals)) action = 'escalate';

  const spans: Span[] = signals
    .filter((s): s is Signal & { range: { start: number; end: number } } => s.range !== undefined)
    .map((s) => ({
      start: s.range.start,
      end: s.range.end,
      text: text.slice(s.range.start, s.range.end),
      category: s.category,
      severity: s.severity,
      detector: s.detector,
      rule: s.rule,
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end);

  const top = categories[0];
  return {
    categories,
    severity,
    action,
    spans,
    redactedText: redact(text, signals, lang),
    ...(top !== undefined ? { reply: { category: top, text: childReplyFor(top, lang) } } : {}),
    crisisLines: worst.has('self_harm') ? crisisLinesFor(lang, country) : [],
    // A concern never ends the conversation: the tutor stays with the child and points to help.
    keepConversationOpen: true,
  };
}
