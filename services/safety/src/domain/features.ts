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
  /**
   * Japanese surface forms written with kanji -> their reading in hiragana (死に -> しに). The
   * classifier also reads the message in kana, so a child's しにたい and a 死にたい it learned
   * from share their character n-grams.
   */
  jaReading?: Record<string, string>;
}

export interface CompiledLexicon {
  readonly en: ReadonlyMap<string, string>;
  readonly jaSurfaces: readonly string[];
  readonly jaLemmas: readonly string[];
  /** Per surface form: the hash of its lemma, and the seed of pairs it starts or ends. */
  readonly jaLemmaHash: Uint32Array;
  readonly jaPairSeed: Uint32Array;
  readonly ja: Automaton;
  readonly readingSurfaces: readonly string[];
  readonly readings: readonly string[];
  readonly reading: Automaton | undefined;
}

export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const jaSurfaces = Object.keys(lexicon.ja);
  const readingSurfaces = Object.keys(lexicon.jaReading ?? {});
  return {
    readingSurfaces,
    readings: readingSurfaces.map((s) => lexicon.jaReading![s]!),
    reading: readingSurfaces.length > 0 ? buildAutomaton(readingSurfaces) : undefined,
    en: new Map(Object.entries(lexicon.en)),
    jaSurfaces,
    jaLemmas: jaSurfaces.map((s) => lexicon.ja[s]!),
    jaLemmaHash: Uint32Array.from(jaSurfaces, (s) => hashString(3, lexicon.ja[s]!)),
    jaPairSeed: Uint32Array.from(jaSurfaces, (s) => hashString(4, lexicon.ja[s]!)),
    ja: buildAutomaton(jaSurfaces),
  };
}

/** Longest text the classifier reads: beyond this the keyword and pattern detectors carry on alone. */
export const CLASSIFIER_MAX_CHARS = 2000;
const READING_MAX_CHARS = 300;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A pair of lemmas, in order: "しぬ たい" is not "たい しぬ". */
const pairHash = (first: number, second: number): number =>
  (Math.imul(first ^ ((second << 13) | (second >>> 19)), 0x9e3779b1) ^ 0x4) >>> 0;

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
 * The features of one message, each once: presence, not counts, so a repeated word cannot
 * shout. A stamp per bucket replaces sorting and de-duplicating (this runs on every message).
 */
class FeatureSet {
  private ids = new Uint32Array(4096);
  private count = 0;
  private stamp = new Uint32Array(0);
  private generation = 0;

  reset(buckets: number): this {
    if (this.stamp.length < buckets) {
      this.stamp = new Uint32Array(buckets);
      this.generation = 0;
    }
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    this.count = 0;
    return this;
  }

  add(id: number): void {
    if (this.stamp[id] === this.generation) return;
    this.stamp[id] = this.generation;
    if (this.count === this.ids.length) {
      const grown = new Uint32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.count++] = id;
  }

  result(): Uint32Array {
    return this.ids.slice(0, this.count);
  }
}

const collector = new FeatureSet();

/**
 * Character 2..4-grams. CJK unigrams were dropped: held out by writer they did not help
 * (Japanese self-harm recall at 1% benign firing 0.572 with them, 0.578 without) and they
 * were a third of a Japanese message's features.
 */
function charNgrams(text: string, buckets: number, ids: FeatureSet): void {
  for (let i = 0; i < text.length; i++) {
    let hash = Math.imul(FNV_OFFSET ^ text.charCodeAt(i), FNV_PRIME);
    for (let n = 2; n <= 4 && i + n <= text.length; n++) {
      hash ^= text.charCodeAt(i + n - 1);
      hash = Math.imul(hash, FNV_PRIME);
      ids.add(((hash ^ n) >>> 0) % buckets);
    }
  }
}

/** The text with every known kanji form replaced by its reading, longest match first, left to right. */
function readInKana(text: string, lexicon: CompiledLexicon): string {
  const matches = lexicon.reading!.findAll(text).sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let cursor = 0;
  for (const m of matches) {
    if (m.start < cursor) continue;
    out += text.slice(cursor, m.start) + lexicon.readings[m.pattern]!;
    cursor = m.end;
  }
  return out + text.slice(cursor);
}

/**
 * Bucket ids, each once. `normalizedText` is what `normalizeForMatching` produced for `lang`.
 */
export function extractFeatures(
  normalizedText: string,
  lang: Lang,
  buckets: number,
  lexicon: CompiledLexicon | undefined,
): Uint32Array {
  const text = ` ${normalizedText.slice(0, CLASSIFIER_MAX_CHARS)} `;
  const ids = collector.reset(buckets);
  charNgrams(text, buckets, ids);
  // The same n-grams of the message read in kana, where it has kanji the lexicon can read.
  if (lang === 'ja' && lexicon?.reading) {
    // A child's message is short; a long paste is read in kana only at its start (cost).
    const head = text.slice(0, READING_MAX_CHARS);
    const kana = readInKana(head, lexicon);
    if (kana !== head) charNgrams(kana, buckets, ids);
  }
  // Words and word pairs. Latin-script languages by spaces (with English lemmas); Korean by
  // spaces too (its words are space-separated); Japanese by the distilled lexicon.
  if (LATIN_LANGS.has(lang) || lang === 'ko') {
    let previous = '';
    for (const match of text.matchAll(WORD)) {
      const word = match[0];
      const lemma = lang === 'en' ? (lexicon?.en.get(word) ?? word) : word;
      ids.add(hashString(1, lemma) % buckets);
      if (previous !== '') ids.add(hashString(2, `${previous} ${lemma}`) % buckets);
      previous = lemma;
    }
  } else if (lang === 'ja' && lexicon) {
    const matches = lexicon.ja.findAll(text);
    // A lemma where a surface form was found; a pair where one form ends and the next starts.
    const endingAt = new Map<number, number[]>();
    for (const m of matches) {
      ids.add(lexicon.jaLemmaHash[m.pattern]! % buckets);
      const seed = lexicon.jaPairSeed[m.pattern]!;
      const before = endingAt.get(m.start);
      if (before) for (const b of before) ids.add(pairHash(b, seed) % buckets);
      const list = endingAt.get(m.end);
      if (list) list.push(seed);
      else endingAt.set(m.end, [seed]);
    }
  }
  return ids.result();
}
