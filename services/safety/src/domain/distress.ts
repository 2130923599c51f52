import { type Automaton, buildAutomaton } from './aho-corasick';
import { isLatinLetter, type NormalizedText, normalizeForMatching, toOriginalRange } from './normalize';
import type { ConversationTurn, Lang, Severity, Signal } from './types';

/**
 * A lexicon-based negative-affect score (ja, en). One sad message is a child having a
 * day; sadness that grows over the conversation is a wellbeing concern worth a gentle
 * check-in. It raises self_harm at low or medium severity only: explicit self-harm
 * language is the keyword and classifier detectors' job.
 */
export interface DistressLexicon {
  version: string;
  ja: ReadonlyArray<readonly [string, number]>;
  en: ReadonlyArray<readonly [string, number]>;
}

interface DistressMatcher {
  automaton: Automaton;
  terms: string[];
  weights: number[];
}

export type DistressModel = ReadonlyMap<Lang, DistressMatcher>;

const SUPPORTED: readonly Lang[] = ['ja', 'en'];

export function compileDistressLexicon(lexicon: DistressLexicon): DistressModel {
  const model = new Map<Lang, DistressMatcher>();
  for (const lang of SUPPORTED) {
    const entries = lang === 'ja' ? lexicon.ja : lexicon.en;
    const terms = entries.map(([term]) => normalizeForMatching(term, lang).text);
    model.set(lang, { automaton: buildAutomaton(terms), terms, weights: entries.map(([, w]) => w) });
  }
  return model;
}

/** Half-saturation: a total weight of about 2.5 (two clear terms) scores ~0.63. */
const SATURATION = 2.5;
const NEGATION_EN = /(?:\bnot|\bnever|\bdont feel|\bno longer|\bisnt|\barent) (?:\w+ )?$/u;
const NEGATION_JA = /^(?:くない|じゃない|ではない|ことない|なんてない)/u;

export interface DistressHit {
  term: string;
  start: number;
  end: number;
  weight: number;
}

export function scoreDistress(
  model: DistressModel,
  normalized: NormalizedText,
  lang: Lang,
): { score: number; hits: DistressHit[] } {
  const matcher = model.get(lang);
  if (!matcher) return { score: 0, hits: [] };
  const text = normalized.text;
  const hits: DistressHit[] = [];
  let covered = -1;
  for (const m of matcher.automaton.findAll(text)) {
    const latin = isLatinLetter(matcher.terms[m.pattern]![0]);
    if (latin && (isLatinLetter(text[m.start - 1]) || isLatinLetter(text[m.end]))) continue;
    if (lang === 'en' && NEGATION_EN.test(text.slice(Math.max(0, m.start - 20), m.start))) continue;
    if (lang === 'ja' && NEGATION_JA.test(text.slice(m.end, m.end + 5))) continue;
    // Overlapping terms ("sad" in "so sad") count once, the longer one.
    const last = hits[hits.length - 1];
    if (last && m.start < covered) {
      if (m.end - m.start > last.end - last.start) hits.pop();
      else continue;
    }
    hits.push({
      term: matcher.terms[m.pattern]!,
      start: m.start,
      end: m.end,
      weight: matcher.weights[m.pattern]!,
    });
    covered = m.end;
  }
  const total = hits.reduce((sum, h) => sum + h.weight, 0);
  return { score: 1 - Math.exp(-total / SATURATION), hits };
}

const LOW = 0.5;
const MEDIUM = 0.75;
const PERSISTENT = 0.4;

export interface DistressAssessment {
  score: number;
  /** This message's score minus the mean of the child's earlier messages in the window. */
  trend: number;
  signals: Signal[];
}

export function assessDistress(
  model: DistressModel,
  normalized: NormalizedText,
  lang: Lang,
  window: readonly ConversationTurn[],
): DistressAssessment | undefined {
  if (!model.has(lang)) return undefined;
  const { score, hits } = scoreDistress(model, normalized, lang);
  const earlier = window
    .filter((t) => t.role === 'child')
    .slice(-5)
    .map((t) => scoreDistress(model, normalizeForMatching(t.text.slice(0, 4000), lang), lang).score);
  const mean = earlier.length > 0 ? earlier.reduce((a, b) => a + b, 0) / earlier.length : 0;
  const trend = earlier.length > 0 ? score - mean : 0;
  const recent = [...earlier.slice(-2), score];
  const persistent = recent.length >= 3 && recent.every((s) => s >= PERSISTENT);

  let severity: Severity | undefined;
  let rule = '';
  if (score >= MEDIUM || (persistent && score >= LOW)) {
    severity = 'medium';
    rule = persistent ? 'distress_persistent' : 'distress_strong';
  } else if (score >= LOW || persistent) {
    severity = 'low';
    rule = persistent ? 'distress_persistent' : 'distress';
  }
  const signals: Signal[] =
    severity === undefined
      ? []
      : hits.map((h) => ({
          detector: 'distress' as const,
          category: 'self_harm' as const,
          severity: severity!,
          rule: `${rule}:${h.term}`,
          range: toOriginalRange(normalized, h.start, h.end),
          score,
        }));
  if (severity !== undefined && signals.length === 0) {
    signals.push({ detector: 'distress', category: 'self_harm', severity, rule, score });
  }
  return { score, trend, signals };
}
