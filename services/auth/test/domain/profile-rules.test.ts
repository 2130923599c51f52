import { describe, expect, it } from 'vitest';
import {
  birthYearsForGrade,
  type Grade,
  isLanguage,
  japaneseGradeLabel,
  parseJapaneseGrade,
  parseLanguage,
  validateChildAge,
  validateNickname,
} from '../../src/domain/index';

describe('validateNickname: accepted', () => {
  it.each([
    ['たろう', 'たろう'],
    ['山田 太郎', '山田 太郎'],
    ['Ken太郎', 'Ken太郎'],
    ['さくら・ミク', 'さくら・ミク'],
    ['ユーキ', 'ユーキ'],
    ['민수', '민수'],
    ['小明', '小明'],
    ['José', 'José'],
    ['  Mia   Rose ', 'Mia Rose'],
    ['Ｋｅｎ', 'Ken'], // full-width Latin folds to ASCII under NFKC
    ['ﾀﾛｳ', 'タロウ'], // half-width kana folds to full-width
    ['ｶﾞｸ', 'ガク'],
    ['Jo-Jo_2', 'Jo-Jo_2'],
    ['a'.repeat(20), 'a'.repeat(20)],
    ['が'.normalize('NFD').repeat(20), 'が'.repeat(20)], // 20 graphemes, composed by NFKC
  ])('%j → %j', (input, value) => {
    expect(validateNickname(input)).toEqual({ ok: true, value });
  });
});

describe('validateNickname: refused', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['a'.repeat(21), 'too_long'],
    ['あ'.repeat(21), 'too_long'],
    ['x'.repeat(10_000), 'too_long'],
    ['abc\u202Edcba', 'bidi_control'], // right-to-left override
    ['\u2066Ken\u2069', 'bidi_control'], // isolates
    ['Ke\u200Bn', 'zero_width'],
    ['Ken\u200D', 'zero_width'],
    ['\uFEFFKen', 'zero_width'],
    ['Ke\u2060n', 'zero_width'],
    ['Ken\u0007', 'control_character'],
    ['Ken\nTaro', 'control_character'],
    ['Ken\tTaro', 'control_character'],
    ['Ken\u0000', 'control_character'],
    ['\u0410nna', 'mixed_script'], // Cyrillic А + Latin "nna"
    ['p\u0430ypal', 'mixed_script'], // Latin with a Cyrillic а
    ['\u03B1lice', 'mixed_script'], // Greek alpha + Latin
    ['たろう민수', 'mixed_script'], // Japanese kana with Hangul
    ['Иван', 'script_not_allowed'],
    ['Ken😀', 'character_not_allowed'],
    ['Ken<script>', 'character_not_allowed'],
    ['Ken@home', 'character_not_allowed'],
    ['Z\u0301\u0302\u0303\u0304alg', 'character_not_allowed'], // stacked combining marks
  ])('%j → %s', (input, code) => {
    expect(validateNickname(input)).toEqual({ ok: false, code });
  });
});

describe('Japanese grades', () => {
  it.each([
    ['小1', 1],
    ['小6', 6],
    ['中1', 7],
    ['中3', 9],
    ['高1', 10],
    ['高3', 12],
    ['小学3年', 3],
    ['中学校2年生', 8],
    ['高１', 10], // full-width digit
  ])('%s → %i', (label, grade) => {
    expect(parseJapaneseGrade(label)).toBe(grade);
  });

  it.each(['小7', '中4', '高4', '大1', '1', '', '小0'])('%j is not a grade', (label) => {
    expect(parseJapaneseGrade(label)).toBeNull();
  });

  it('labels round-trip for all twelve grades', () => {
    for (let g = 1; g <= 12; g++) {
      expect(parseJapaneseGrade(japaneseGradeLabel(g as Grade))).toBe(g);
    }
    expect(japaneseGradeLabel(7)).toBe('中1');
  });
});

describe('birth year and grade consistency (school year starts 1 April)', () => {
  const may2025 = new Date('2025-05-01T00:00:00Z');
  const march2025 = new Date('2025-03-01T00:00:00Z');

  it('a 小1 in school year 2025 was born in 2018 or 2019', () => {
    expect(birthYearsForGrade(1, may2025, 'Asia/Tokyo', 0)).toEqual([2018, 2019]);
    // In March 2025 the school year is still 2024.
    expect(birthYearsForGrade(1, march2025, 'Asia/Tokyo', 0)).toEqual([2017, 2018]);
    expect(birthYearsForGrade(9, may2025, 'Asia/Tokyo', 1)).toEqual([2009, 2010, 2011, 2012]);
  });

  it('uses the family’s local date for the April boundary', () => {
    // 2025-03-31T15:30Z is already 1 April in Tokyo, still 31 March in New York.
    const instant = new Date('2025-03-31T15:30:00Z');
    expect(birthYearsForGrade(1, instant, 'Asia/Tokyo', 0)).toEqual([2018, 2019]);
    expect(birthYearsForGrade(1, instant, 'America/New_York', 0)).toEqual([2017, 2018]);
  });

  it.each([
    [{ birthYear: 2018, grade: 1 }, true],
    [{ birthYear: 2017, grade: 1 }, true], // within one year of tolerance
    [{ birthYear: 2015, grade: 1 }, false],
    [{ birthYear: 2012, grade: 7 }, true],
    [{ birthYear: 2018 }, true],
    [{ grade: 12 }, true],
    [{ birthYear: 2024 }, false], // a toddler
    [{ birthYear: 1990 }, false], // a parent typing their own year
    [{ grade: 13 }, false],
    [{ grade: 0 }, false],
    [{}, false],
    [{ birthYear: 2018.5 }, false],
  ])('%j consistent=%s', (input, ok) => {
    expect(validateChildAge(input, may2025, 'Asia/Tokyo').ok).toBe(ok);
  });

  it('names the problem', () => {
    expect(validateChildAge({}, may2025, 'Asia/Tokyo')).toEqual({ ok: false, code: 'missing' });
    expect(validateChildAge({ birthYear: 2015, grade: 1 }, may2025, 'Asia/Tokyo')).toEqual({
      ok: false,
      code: 'grade_inconsistent_with_birth_year',
    });
  });
});

describe('language', () => {
  it('knows exactly the six product languages', () => {
    for (const l of ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'es']) expect(isLanguage(l)).toBe(true);
    for (const l of ['fr', 'zh', 'JA', 'en-US', '']) expect(isLanguage(l)).toBe(false);
  });

  it('parses case variants to the canonical tag', () => {
    expect(parseLanguage('zh-hans')).toBe('zh-Hans');
    expect(parseLanguage('ZH_HANT')).toBe('zh-Hant');
    expect(parseLanguage(' EN ')).toBe('en');
    expect(parseLanguage('de')).toBeNull();
  });
});
