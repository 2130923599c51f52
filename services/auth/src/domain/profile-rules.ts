/**
 * What a child profile may contain: nickname, age (birth year or school grade)
 * and language. No real name or email is needed for a child (issue 3), so the
 * nickname is what other people see: it must not be able to impersonate
 * another child through look-alike characters or hidden text.
 * Credentials (password, email, PIN) live in `credential-rules.ts`.
 */
import { localDateTime } from './zoned-time';

export type RuleResult<T, C extends string> = { ok: true; value: T } | { ok: false; code: C };

// ---------------------------------------------------------------------------
// Nickname

export const NICKNAME_MAX_GRAPHEMES = 20;

export type NicknameError =
  | 'empty'
  | 'too_long'
  | 'bidi_control'
  | 'zero_width'
  | 'control_character'
  | 'character_not_allowed'
  | 'script_not_allowed'
  | 'mixed_script';

// Trojan-Source style reordering (CVE-2021-42574): embeddings, overrides, isolates, marks.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// Invisible characters that make two nicknames look identical but compare different.
// (U+034F, the combining grapheme joiner, is a mark, so it sits outside the class.)
const ZERO_WIDTH = /[\u200B-\u200D\u2060-\u2064\uFEFF\u180E\u00AD\u115F\u1160\u3164\uFFA0]|\u034F/u;
const CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\u2028\u2029]/u;
// Punctuation a child might reasonably use; everything else outside letters is refused.
const ALLOWED_COMMON = /^[0-9 \-_.'・ー]$/u;
const MAX_MARKS_PER_GRAPHEME = 2;

type AllowedScript = 'Latin' | 'Han' | 'Hiragana' | 'Katakana' | 'Hangul' | 'Bopomofo';
const SCRIPT_PATTERNS: readonly [AllowedScript, RegExp][] = [
  ['Latin', /^\p{sc=Latin}$/u],
  ['Han', /^\p{sc=Han}$/u],
  ['Hiragana', /^\p{sc=Hiragana}$/u],
  ['Katakana', /^\p{sc=Katakana}$/u],
  ['Hangul', /^\p{sc=Hangul}$/u],
  ['Bopomofo', /^\p{sc=Bopomofo}$/u],
];

/**
 * Script mixes a real name can have, from UTS #39 §5.2 "Highly Restrictive":
 * Japanese, Chinese and Korean writing each mix with Latin; nothing else mixes.
 * So "Ken太郎" passes while "Аnna" (Cyrillic А + Latin) does not.
 */
const ALLOWED_MIXES: readonly ReadonlySet<AllowedScript>[] = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

function scriptOf(char: string): AllowedScript | 'Common' | 'Inherited' | 'Other' {
  for (const [name, pattern] of SCRIPT_PATTERNS) if (pattern.test(char)) return name;
  if (/^\p{sc=Inherited}$/u.test(char)) return 'Inherited';
  if (ALLOWED_COMMON.test(char)) return 'Common';
  return 'Other';
}

/**
 * Normalises (NFKC, so full-width "Ｋｅｎ" and "Ken" are the same name) and
 * validates a nickname; the returned value is what to store and compare.
 */
export function validateNickname(input: string): RuleResult<string, NicknameError> {
  if (typeof input !== 'string') return { ok: false, code: 'empty' };
  // Bound the work before normalising: NFKC can expand, but never 4x a sane name.
  if (input.length > NICKNAME_MAX_GRAPHEMES * 16) return { ok: false, code: 'too_long' };
  const normalized = input.normalize('NFKC');
  // Check hidden characters before trimming, so they cannot hide at the edges either.
  if (BIDI_CONTROLS.test(normalized)) return { ok: false, code: 'bidi_control' };
  if (ZERO_WIDTH.test(normalized)) return { ok: false, code: 'zero_width' };
  // Tabs and newlines are control characters too: a nickname is one line.
  if (CONTROL.test(normalized)) return { ok: false, code: 'control_character' };
  const value = normalized.replace(/\s+/gu, ' ').trim();
  if (value.length === 0) return { ok: false, code: 'empty' };

  const clusters = [...graphemes.segment(value)].map((s) => s.segment);
  if (clusters.length > NICKNAME_MAX_GRAPHEMES) return { ok: false, code: 'too_long' };

  const scripts = new Set<AllowedScript | 'Other'>();
  for (const cluster of clusters) {
    let marks = 0;
    for (const char of cluster) {
      const script = scriptOf(char);
      if (script === 'Inherited') {
        // Stacked combining marks ("Zalgo") overflow the UI and hide letters.
        if (/^\p{M}$/u.test(char)) marks++;
        if (marks > MAX_MARKS_PER_GRAPHEME) return { ok: false, code: 'character_not_allowed' };
        continue;
      }
      if (script === 'Common') continue;
      if (script === 'Other' && !/^\p{L}$/u.test(char)) return { ok: false, code: 'character_not_allowed' };
      scripts.add(script);
    }
  }
  if (scripts.has('Other'))
    return { ok: false, code: scripts.size > 1 ? 'mixed_script' : 'script_not_allowed' };
  const used = [...scripts] as AllowedScript[];
  if (used.length > 1 && !ALLOWED_MIXES.some((mix) => used.every((s) => mix.has(s)))) {
    return { ok: false, code: 'mixed_script' };
  }
  return { ok: true, value };
}

// ---------------------------------------------------------------------------
// Age: birth year and/or Japanese school grade

/** School grades 1-12: 小1-小6 = 1-6, 中1-中3 = 7-9, 高1-高3 = 10-12. */
export type Grade = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12;

const STAGES = [
  { label: '小', first: 1, years: 6 },
  { label: '中', first: 7, years: 3 },
  { label: '高', first: 10, years: 3 },
] as const;

export function isGrade(value: unknown): value is Grade {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 12;
}

/** Parses `小1`…`高3` (also full-width digits and 小学1年 style); null if not a grade. */
export function parseJapaneseGrade(label: string): Grade | null {
  const match = /^(小|中|高)(?:学校?)?\s*([1-6])(?:\s*年生?)?$/u.exec(label.normalize('NFKC').trim());
  if (!match) return null;
  const stage = STAGES.find((s) => s.label === match[1]);
  const year = Number(match[2]);
  if (!stage || year > stage.years) return null;
  const grade = stage.first + year - 1;
  return isGrade(grade) ? grade : null;
}

export function japaneseGradeLabel(grade: Grade): string {
  const stage = [...STAGES].reverse().find((s) => grade >= s.first);
  if (!stage) throw new RangeError(`invalid grade ${grade}`);
  return `${stage.label}${grade - stage.first + 1}`;
}

/** The product serves ~6-15; the edges leave room for early starters and 高3. */
export const CHILD_AGE_RANGE = { min: 5, max: 18 } as const;

export type AgeError =
  | 'missing'
  | 'birth_year_out_of_range'
  | 'invalid_grade'
  | 'grade_inconsistent_with_birth_year';

/**
 * Birth years a child in `grade` can have in the school year containing `now`.
 * Japanese school years start on 1 April; a first-grader in the year starting
 * April Y turned 6 between 2 April Y-1 and 1 April Y, so was born in Y-7 or Y-6.
 * `tolerance` widens the window for children who skipped, repeated, or follow a
 * September school year abroad.
 */
export function birthYearsForGrade(grade: Grade, now: Date, timeZone: string, tolerance = 1): number[] {
  const local = localDateTime(now, timeZone);
  const schoolYear = local.month >= 4 ? local.year : local.year - 1;
  const earliest = schoolYear - 6 - grade - tolerance;
  const latest = schoolYear - 5 - grade + tolerance;
  return Array.from({ length: latest - earliest + 1 }, (_, i) => earliest + i);
}

export function validateChildAge(
  input: { birthYear?: number | null; grade?: number | null },
  now: Date,
  timeZone: string,
): RuleResult<{ birthYear: number | null; grade: Grade | null }, AgeError> {
  const birthYear = input.birthYear ?? null;
  const grade = input.grade ?? null;
  if (birthYear === null && grade === null) return { ok: false, code: 'missing' };
  if (birthYear !== null) {
    const age = localDateTime(now, timeZone).year - birthYear;
    // Age by calendar year is off by at most one, which the range absorbs.
    if (!Number.isInteger(birthYear) || age < CHILD_AGE_RANGE.min || age > CHILD_AGE_RANGE.max + 1) {
      return { ok: false, code: 'birth_year_out_of_range' };
    }
  }
  if (grade !== null && !isGrade(grade)) return { ok: false, code: 'invalid_grade' };
  if (birthYear !== null && grade !== null && isGrade(grade)) {
    if (!birthYearsForGrade(grade, now, timeZone).includes(birthYear)) {
      return { ok: false, code: 'grade_inconsistent_with_birth_year' };
    }
  }
  return { ok: true, value: { birthYear, grade: isGrade(grade) ? grade : null } };
}

// ---------------------------------------------------------------------------
// Language

export const LANGUAGES = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'ja';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Accepts case variants (`zh-hans`, `EN`); returns the canonical tag or null. */
export function parseLanguage(value: string): Language | null {
  const lower = value.trim().toLowerCase().replace('_', '-');
  return LANGUAGES.find((l) => l.toLowerCase() === lower) ?? null;
}
