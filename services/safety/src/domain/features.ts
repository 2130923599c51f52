import { type Automaton, buildAutomaton } from './aho-corasick';
import type { Lang } from './types';

/**
 * Hashed features of a normalized message: character n-grams (robust to spelling games and
 * to Japanese without spaces) plus word lemmas and lemma pairs, so that 死にたくなる,
 * 死んじゃいたい and しにたい meet at しぬ, and "pills" at "pill".
 *
 * Lemmas come from a lexicon distilled at training time from real analysers (kuromoji's
 * IPADIC for Japanese, wink-nlp's English model): surface form -> lemma. Running kuromoji on
 * every message costs 1.7 ms for 500 characters on this machine, more than the scanner's
 * whole budget; a lookup over the distilled table costs about as much as the keyword pass.
 */
export interface Lexicon {
  /** Japanese surface forms (as `normalizeForMatching` writes them: hiragana, NFKC) -> lemma reading. */
  ja: Record<string, string>;
  /** English word (lower case) -> lemma, only where they differ. */
  en: Record<string, string>;
}

export interface CompiledLexicon {
  readonly en: ReadonlyMap<string, string>;
  readonly jaSurfaces: readonly string[];
  readonly jaLemmas: readonly string[];
  readonly ja: Automaton;
}

export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const jaSurfaces = Object.keys(lexicon.ja);
  return {
    en: new Map(Object.entries(lexicon.en)),
    jaSurfaces,
    jaLemmas: jaSurfaces.map((s) => lexicon.ja[s]!),
    ja: buildAutomaton(jaSurfaces),
  };
}

/** Longest text the classifier reads: beyond this the keyword and pattern detectors carry on alone. */
export const CLASSIFIER_MAX_CHARS = 2000;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashString(seed: number, text: string): number {
  let hash = FNV_OFFSET ^ seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

const WORD = /[\p{L}\p{N}']+/gu;
const LATIN_LANGS: ReadonlySet<Lang> = new Set(['en', 'es']);

/**
 * Bucket ids, sorted and de-duplicated: presence, not counts, so a repeated word cannot shout.
 * `normalizedText` is what `normalizeForMatching` produced for `lang`.
 */
export function extractFeatures(
  normalizedText: string,
  lang: Lang,
  buckets: number,
  lexicon: CompiledLexicon | undefined,
): Uint32Array {
  const text = ` ${normalizedText.slice(0, CLASSIFIER_MAX_CHARS)} `;
  const ids: number[] = [];
  // Character n-grams, 1..4 (unigrams only for CJK, where one character is a word).
  for (let i = 0; i < text.length; i++) {
    let hash = FNV_OFFSET;
    const cjkStart = text.charCodeAt(i) >= 0x3000;
    for (let n = 1; n <= 4 && i + n <= text.length; n++) {
      hash ^= text.charCodeAt(i + n - 1);
      hash = Math.imul(hash, FNV_PRIME);
      if (n === 1 && !cjkStart) continue;
      ids.push(((hash ^ n) >>> 0) % buckets);
    }
  }
  // Words and word pairs. Latin-script languages by spaces (with English lemmas); Korean by
  // spaces too (its words are space-separated); Japanese by the distilled lexicon.
  if (LATIN_LANGS.has(lang) || lang === 'ko') {
    let previous = '';
    for (const match of text.matchAll(WORD)) {
      const word = match[0];
      const lemma = lang === 'en' ? (lexicon?.en.get(word) ?? word) : word;
      ids.push(hashString(1, lemma) % buckets);
      if (previous !== '') ids.push(hashString(2, `${previous} ${lemma}`) % buckets);
      previous = lemma;
    }
  } else if (lang === 'ja' && lexicon) {
    const matches = lexicon.ja.findAll(text);
    // A lemma where a surface form was found; a pair where one form ends and the next starts.
    const endingAt = new Map<number, string[]>();
    for (const m of matches) {
      const lemma = lexicon.jaLemmas[m.pattern]!;
      ids.push(hashString(3, lemma) % buckets);
      const before = endingAt.get(m.start);
      if (before) for (const b of before) ids.push(hashString(4, `${b} ${lemma}`) % buckets);
      const list = endingAt.get(m.end);
      if (list) list.push(lemma);
      else endingAt.set(m.end, [lemma]);
    }
  }
  const sorted = Uint32Array.from(ids).sort();
  let unique = 0;
  for (let k = 0; k < sorted.length; k++)
    if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[unique++] = sorted[k]!;
  return sorted.slice(0, unique);
}
