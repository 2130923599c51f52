import type { Lang, TextRange } from './types';

/**
 * Text prepared for matching, with a map back to the original: unit `i` of `text`
 * came from original units [starts[i], ends[i]). Spans found in `text` are reported
 * in original offsets so a reviewer (and redaction) sees exactly what the child wrote.
 *
 * Every stage works on UTF-16 code arrays rather than strings: this runs on every
 * message and every streamed reply window, so it has to cost about as much as a copy.
 */
export interface NormalizedText {
  text: string;
  starts: readonly number[];
  ends: readonly number[];
}

interface Units {
  codes: number[];
  starts: number[];
  ends: number[];
}

const emptyUnits = (): Units => ({ codes: [], starts: [], ends: [] });
const push = (units: Units, code: number, start: number, end: number): void => {
  units.codes.push(code);
  units.starts.push(start);
  units.ends.push(end);
};

/** Zero-width and format characters that people slip between letters to dodge filters. */
const isInvisible = (cp: number): boolean =>
  cp === 0x00ad ||
  cp === 0x034f ||
  cp === 0x061c ||
  cp === 0x180e ||
  (cp >= 0x200b && cp <= 0x200f) ||
  (cp >= 0x202a && cp <= 0x202e) ||
  (cp >= 0x2060 && cp <= 0x206f) ||
  cp === 0xfeff ||
  (cp >= 0xfe00 && cp <= 0xfe0f) ||
  (cp >= 0xe0100 && cp <= 0xe01ef) ||
  (cp >= 0xe0000 && cp <= 0xe007f);

/** Ranges NFKC leaves alone; skipping `normalize()` for them keeps a long scan fast. */
const isNfkcStable = (cp: number): boolean =>
  (cp >= 0x3041 && cp <= 0x3096) ||
  (cp >= 0x30a1 && cp <= 0x30fa) ||
  (cp >= 0x4e00 && cp <= 0x9fff) ||
  (cp >= 0xac00 && cp <= 0xd7a3);

const LATIN_WITH_MARKS = /[\u00c0-\u024f]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;

const isLatinCode = (c: number | undefined): boolean =>
  c !== undefined && ((c >= 0x61 && c <= 0x7a) || (c >= 0xdf && c <= 0x24f));
const isDigitCode = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
const isCjkCode = (c: number | undefined): boolean =>
  c !== undefined &&
  ((c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xac00 && c <= 0xd7af) ||
    (c >= 0x1100 && c <= 0x11ff) ||
    (c >= 0x3130 && c <= 0x318f) ||
    (c >= 0xd800 && c <= 0xdfff)); // astral ideographs arrive as surrogate pairs
const isSpaceCode = (c: number | undefined): boolean =>
  c !== undefined &&
  (c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000);

export const isLatinLetter = (char: string | undefined): boolean => isLatinCode(char?.charCodeAt(0));
export const isCjk = (char: string | undefined): boolean => isCjkCode(char?.charCodeAt(0));

/** Symbols put inside a word to break it up: "k.i.l.l", "f*ck", "死・ね", "s_e_x". Commas are not
 * joiners: "ころ、すごい" must not become "ころすごい". */
const JOINERS = new Set([...'.-_*・·\'"`~/\\|+=:;^•…‐‑‒–—―〜～ー＿'].map((c) => c.charCodeAt(0)));
const LONG_VOWEL = 'ー'.charCodeAt(0);
const SPACE = 0x20;
const isSeparatorCode = (c: number | undefined): boolean =>
  c !== undefined && (isSpaceCode(c) || JOINERS.has(c));

/** NFKC + case + accents per code point, memoized: `normalize()` is the slowest call of a scan. */
const FOLDED = new Map<number, string>();
const FOLDED_KEEP_CASE = new Map<number, string>();
function foldCodePoint(char: string, cp: number, lowerCase: boolean): string {
  const cache = lowerCase ? FOLDED : FOLDED_KEEP_CASE;
  let mapped = cache.get(cp);
  if (mapped === undefined) {
    mapped = char.normalize('NFKC');
    if (lowerCase) mapped = mapped.toLowerCase();
    if (LATIN_WITH_MARKS.test(mapped)) mapped = mapped.normalize('NFD').replace(COMBINING_MARKS, '');
    if (cache.size < 65_536) cache.set(cp, mapped);
  }
  return mapped;
}

/**
 * Stage 1, per code point: NFKC (full/half width, compatibility forms), lower case,
 * Latin accents stripped, katakana folded to hiragana, invisible characters and lone
 * surrogates dropped. Half-width dakuten recombine with the kana before them.
 */
function foldCharacters(original: string, foldKana: boolean, lowerCase = true): Units {
  const out = emptyUnits();
  for (let i = 0; i < original.length; ) {
    const c = original.charCodeAt(i);
    let length = 1;
    let cp = c;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = original.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) {
        i += 1; // lone high surrogate: invalid UTF-16 is dropped, never thrown on
        continue;
      }
      length = 2;
      cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      i += 1;
      continue;
    }
    const end = i + length;
    if (isInvisible(cp)) {
      i = end;
      continue;
    }
    if (cp < 0x80) {
      push(out, lowerCase && cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp, i, end);
    } else if (isNfkcStable(cp)) {
      push(out, foldKana && cp >= 0x30a1 && cp <= 0x30f6 ? cp - 0x60 : cp, i, end);
    } else {
      const mapped = foldCodePoint(original.slice(i, end), cp, lowerCase);
      for (let k = 0; k < mapped.length; k++) {
        let code = mapped.charCodeAt(k);
        if (foldKana && code >= 0x30a1 && code <= 0x30f6) code -= 0x60;
        const last = out.codes.length - 1;
        if ((code === 0x3099 || code === 0x309a) && last >= 0) {
          const combined = (String.fromCharCode(out.codes[last]!) + String.fromCharCode(code)).normalize(
            'NFC',
          );
          if (combined.length === 1) {
            out.codes[last] = combined.charCodeAt(0);
            out.ends[last] = end;
            continue;
          }
        }
        push(out, code, i, end);
      }
    }
    i = end;
  }
  return out;
}

const LEET = new Map<number, number>(
  Object.entries({
    '0': 'o',
    '1': 'i',
    '3': 'e',
    '4': 'a',
    '5': 's',
    '7': 't',
    '@': 'a',
    $: 's',
    '!': 'i',
  }).map(([k, v]) => [k.charCodeAt(0), v.charCodeAt(0)]),
);

/** Stage 2: leetspeak inside Latin words ("k1ll", "s3x", "sh!t"); a token with no letter ("1000") stays as is. */
function foldLeet(units: Units): void {
  const { codes } = units;
  const inToken = (c: number | undefined): boolean =>
    isLatinCode(c) || isDigitCode(c) || (c !== undefined && LEET.has(c));
  const letterLike = (c: number | undefined): boolean => isLatinCode(c) || (c !== undefined && LEET.has(c));
  for (let start = 0; start < codes.length; ) {
    if (!inToken(codes[start])) {
      start++;
      continue;
    }
    let end = start;
    let hasLetter = false;
    while (end < codes.length && inToken(codes[end])) {
      if (isLatinCode(codes[end])) hasLetter = true;
      end++;
    }
    if (hasLetter) {
      for (let i = start; i < end; i++) {
        const letter = LEET.get(codes[i]!);
        if (letter === undefined) continue;
        const prevLetter = i > start && letterLike(codes[i - 1]);
        const nextLetter = i + 1 < end && letterLike(codes[i + 1]);
        const atEnd = i + 1 === end;
        // "k1ll", "5ex", "h3ll0" map; "covid19" keeps its number, "wow!" its exclamation mark.
        if (
          (prevLetter && nextLetter) ||
          (i === start && nextLetter) ||
          (atEnd && prevLetter && isDigitCode(codes[i]))
        ) {
          codes[i] = letter;
        }
      }
    }
    start = end;
  }
}

/**
 * Stage 3: separators. Between CJK characters any inserted space or symbol goes ("し ね",
 * "死・ね"); inside a Latin word symbols go ("k.i.l.l"); spaced-out single letters join
 * ("k i l l"); any other run of separators becomes one space.
 */
function foldSeparators(units: Units): Units {
  const { codes, starts, ends } = units;
  const out = emptyUnits();
  for (let i = 0; i < codes.length; ) {
    if (!isSeparatorCode(codes[i])) {
      push(out, codes[i]!, starts[i]!, ends[i]!);
      i++;
      continue;
    }
    let runEnd = i;
    let hasSpace = false;
    while (runEnd < codes.length && isSeparatorCode(codes[runEnd])) {
      if (isSpaceCode(codes[runEnd])) hasSpace = true;
      runEnd++;
    }
    const before = codes[i - 1];
    const after = codes[runEnd];
    const atEdge = before === undefined || after === undefined;
    const bothCjk = isCjkCode(before) && isCjkCode(after);
    const insideWord = !hasSpace && isLatinCode(before) && isLatinCode(after);
    const spacedLetters =
      isLatinCode(before) &&
      !isLatinCode(codes[i - 2]) &&
      isLatinCode(after) &&
      !isLatinCode(codes[runEnd + 1]);
    const keepLongVowel = codes[i] === LONG_VOWEL && !hasSpace && runEnd - i === 1 && isCjkCode(before);
    if (keepLongVowel) push(out, LONG_VOWEL, starts[i]!, ends[i]!);
    else if (!(atEdge || bothCjk || insideWord || spacedLetters)) push(out, SPACE, starts[i]!, ends[i]!);
    i = runEnd;
  }
  return out;
}

/** Stage 4: "しねええええ", "shiiiiit", "ーーー": a run of three or more becomes one. Digits stay. */
function foldRepeats(units: Units): Units {
  const { codes, starts, ends } = units;
  const out = emptyUnits();
  for (let i = 0; i < codes.length; ) {
    let runEnd = i + 1;
    while (runEnd < codes.length && codes[runEnd] === codes[i]) runEnd++;
    if (runEnd - i >= 3 && !isDigitCode(codes[i])) push(out, codes[i]!, starts[i]!, ends[runEnd - 1]!);
    else for (let k = i; k < runEnd; k++) push(out, codes[k]!, starts[k]!, ends[k]!);
    i = runEnd;
  }
  return out;
}

/** Kunrei/Nihon-shiki spellings folded to Hepburn, so "sinitai" and "shinitai" are one term. */
const ROMAJI_FOLDS: ReadonlyArray<readonly [number[], number[]]> = [
  ['sya', 'sha'],
  ['syu', 'shu'],
  ['syo', 'sho'],
  ['tya', 'cha'],
  ['tyu', 'chu'],
  ['tyo', 'cho'],
  ['zya', 'ja'],
  ['zyu', 'ju'],
  ['zyo', 'jo'],
  ['si', 'shi'],
  ['ti', 'chi'],
  ['tu', 'tsu'],
  ['zi', 'ji'],
].map(
  ([from, to]) => [[...from!].map((c) => c.charCodeAt(0)), [...to!].map((c) => c.charCodeAt(0))] as const,
);
const S = 0x73;
const T = 0x74;
const Z = 0x7a;
const C = 0x63;

function foldRomaji(units: Units): Units {
  const { codes, starts, ends } = units;
  const out = emptyUnits();
  for (let i = 0; i < codes.length; ) {
    const first = codes[i];
    // "shi" must not become "shhi": only fold when the letter before is not already part of a digraph.
    const fold =
      (first === S || first === T || first === Z) && codes[i - 1] !== S && codes[i - 1] !== C
        ? ROMAJI_FOLDS.find(([from]) => from.every((code, k) => codes[i + k] === code))
        : undefined;
    if (fold) {
      const [from, to] = fold;
      const start = starts[i]!;
      const end = ends[i + from.length - 1]!;
      for (const code of to) push(out, code, start, end);
      i += from.length;
      continue;
    }
    push(out, codes[i]!, starts[i]!, ends[i]!);
    i++;
  }
  return out;
}

function toNormalized(units: Units): NormalizedText {
  let text = '';
  // fromCharCode takes arguments; chunks keep long texts under the engine's argument limit.
  for (let i = 0; i < units.codes.length; i += 8192)
    text += String.fromCharCode(...units.codes.slice(i, i + 8192));
  return { text, starts: units.starts, ends: units.ends };
}

/** The view keywords, allow-lists, grooming phrases and the classifier see. */
export function normalizeForMatching(original: string, lang: Lang): NormalizedText {
  const folded = foldCharacters(original, true);
  foldLeet(folded);
  let units = foldRepeats(foldSeparators(folded));
  if (lang === 'ja') units = foldRomaji(units);
  return toNormalized(units);
}

/** The view personal-data patterns see: width and invisible characters folded, case kept
 * ("12 Maple Street" and "SW1A 1AA" are recognised by their capitals). */
export function normalizeWidth(original: string): NormalizedText {
  return toNormalized(foldCharacters(original, false, false));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces lone surrogates (invalid UTF-16) with U+FFFD; same length, so offsets still hold. */
export const toWellFormed = (text: string): string => text.replace(LONE_SURROGATE, '\uFFFD');

/** Maps a range of normalized text back to the original text. */
export function toOriginalRange(normalized: NormalizedText, start: number, end: number): TextRange {
  if (end <= start || start >= normalized.starts.length) return { start: 0, end: 0 };
  return {
    start: normalized.starts[start]!,
    end: normalized.ends[Math.min(end, normalized.ends.length) - 1]!,
  };
}
