import { type Automaton, buildAutomaton } from './aho-corasick';
import type { KeywordList, KeywordMatch } from './keyword-list';
import {
  isCjk,
  isLatinLetter,
  type NormalizedText,
  normalizeForMatching,
  toOriginalRange,
} from './normalize';
import type { Category, Lang, Severity, Signal, TextRange } from './types';

interface CompiledPattern {
  kind: 'keyword' | 'allow';
  term: string;
  category: Category;
  severity: Severity;
  match: KeywordMatch;
  topic: boolean;
  /** Latin terms end at Latin letters and digits; CJK terms in `word` mode end at any letter. */
  latin: boolean;
}

/** Rules of topic words (see KeywordEntry.topic): the scanner keeps them only with the classifier's agreement. */
export const TOPIC_RULE_PREFIX = 'topic:';

export interface KeywordMatcher {
  readonly lang: Lang;
  readonly versions: readonly string[];
  readonly automaton: Automaton;
  readonly patterns: readonly CompiledPattern[];
}

/** One matcher per language, built once from validated lists and then shared by every scan. */
export type KeywordIndex = ReadonlyMap<Lang, KeywordMatcher>;

const hasLatin = (term: string): boolean => /[a-z]/i.test(term);

/** "kill yourself" also as "killyourself", "asshole" also as "ashole": the normalizer squeezes stretched letters. */
function variantsOf(normalized: string): string[] {
  const variants = new Set([normalized]);
  const squeezed = normalized.replace(/(.)\1+/g, '$1');
  if (squeezed.length >= 4) variants.add(squeezed);
  if (hasLatin(normalized) && normalized.includes(' ') && normalized.length >= 6) {
    for (const v of [...variants]) variants.add(v.replaceAll(' ', ''));
  }
  return [...variants];
}

function compileMatcher(lang: Lang, lists: readonly KeywordList[]): KeywordMatcher {
  const strings: string[] = [];
  const patterns: CompiledPattern[] = [];
  const add = (text: string, pattern: CompiledPattern): void => {
    strings.push(text);
    patterns.push(pattern);
  };
  for (const list of lists) {
    for (const entry of list.entries) {
      const normalized = normalizeForMatching(entry.term, lang).text.trim();
      if (normalized === '') continue;
      const match = entry.match ?? (hasLatin(normalized) ? 'word' : 'substring');
      for (const variant of variantsOf(normalized)) {
        add(variant, {
          kind: 'keyword',
          term: entry.term,
          category: entry.category,
          severity: entry.severity,
          match,
          topic: entry.topic === true,
          latin: hasLatin(normalized),
        });
      }
    }
    for (const allow of list.allow) {
      const normalized = normalizeForMatching(allow.context, lang).text.trim();
      if (normalized !== '') {
        add(normalized, {
          kind: 'allow',
          term: allow.context,
          category: 'profanity',
          severity: 'low',
          match: 'substring',
          topic: false,
          latin: false,
        });
      }
    }
  }
  return {
    lang,
    versions: lists.map((l) => `${l.lang}@${l.version}`),
    automaton: buildAutomaton(strings),
    patterns,
  };
}

/**
 * Builds the index. Each language sees its own list plus the English one, because children
 * mix English insults and slang into every language.
 */
export function compileKeywordIndex(lists: readonly KeywordList[]): KeywordIndex {
  const index = new Map<Lang, KeywordMatcher>();
  const langs = new Set(lists.map((l) => l.lang));
  const english = lists.filter((l) => l.lang === 'en');
  for (const lang of langs) {
    const own = lists.filter((l) => l.lang === lang);
    index.set(lang, compileMatcher(lang, lang === 'en' ? own : [...own, ...english]));
  }
  if (!index.has('en') && english.length > 0) index.set('en', compileMatcher('en', english));
  return index;
}

const isWordChar = (char: string | undefined, latin: boolean): boolean =>
  isLatinLetter(char) || (char !== undefined && char >= '0' && char <= '9') || (!latin && isCjk(char));

function boundaryOk(text: string, start: number, end: number, pattern: CompiledPattern): boolean {
  if (pattern.match === 'substring') return true;
  if (isWordChar(text[start - 1], pattern.latin)) return false;
  return pattern.match === 'prefix' || !isWordChar(text[end], pattern.latin);
}

export interface KeywordMatches {
  signals: Signal[];
  /** Where allow-listed benign compounds are, in normalized offsets: the classifier does not read them either. */
  allowed: TextRange[];
}

/** Keyword signals in normalized text, minus those inside an allow-listed benign compound. */
export function findKeywords(matcher: KeywordMatcher | undefined, normalized: NormalizedText): Signal[] {
  return matchKeywords(matcher, normalized).signals;
}

export function matchKeywords(
  matcher: KeywordMatcher | undefined,
  normalized: NormalizedText,
): KeywordMatches {
  if (matcher === undefined) return { signals: [], allowed: [] };
  const found = matcher.automaton.findAll(normalized.text);
  const allowed = found.filter((m) => matcher.patterns[m.pattern]!.kind === 'allow');
  const signals: Signal[] = [];
  const seen = new Set<string>();
  for (const m of found) {
    const pattern = matcher.patterns[m.pattern]!;
    if (pattern.kind !== 'keyword') continue;
    if (!boundaryOk(normalized.text, m.start, m.end, pattern)) continue;
    if (allowed.some((a) => a.start <= m.start && a.end >= m.end)) continue;
    const range = toOriginalRange(normalized, m.start, m.end);
    const key = `${range.start}:${range.end}:${pattern.category}`;
    if (seen.has(key)) continue;
    seen.add(key);
    signals.push({
      detector: 'keyword',
      category: pattern.category,
      severity: pattern.severity,
      rule: pattern.topic ? `${TOPIC_RULE_PREFIX}${pattern.term}` : pattern.term,
      range,
    });
  }
  return { signals, allowed: allowed.map(({ start, end }) => ({ start, end })) };
}
