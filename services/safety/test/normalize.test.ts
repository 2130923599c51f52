import { describe, expect, it } from 'vitest';
import { normalizeForMatching, normalizeWidth, toOriginalRange } from '../src/domain/normalize';

const norm = (text: string, lang: 'ja' | 'en' = 'ja') => normalizeForMatching(text, lang).text;

describe('normalizeForMatching', () => {
  it('applies NFKC: full width letters and digits, half width katakana', () => {
    expect(norm('ＫＩＬＬ', 'en')).toBe('kill');
    expect(norm('ｼﾈ')).toBe('しね');
    expect(norm('ｶﾞｯｺｳ')).toBe('がっこう');
  });

  it('folds katakana to hiragana', () => {
    expect(norm('シネ')).toBe('しね');
    expect(norm('カップヌードル')).toBe('かっぷぬーどる');
  });

  it('removes zero-width and other invisible characters between letters', () => {
    expect(norm('死\u200bに\u200dた\ufeffい')).toBe('死にたい');
    expect(norm('k\u200bill', 'en')).toBe('kill');
  });

  it('removes spaces and dots inserted between CJK characters', () => {
    expect(norm('し ね')).toBe('しね');
    expect(norm('し.に.た.い')).toBe('しにたい');
    expect(norm('死・ね')).toBe('死ね');
  });

  it('joins spaced-out and dotted Latin letters but keeps real word breaks', () => {
    expect(norm('k i l l myself', 'en')).toBe('kill myself');
    expect(norm('k.i.l.l', 'en')).toBe('kill');
    expect(norm('I am a boy', 'en')).toBe('i am a boy');
  });

  it('squeezes characters repeated three or more times, but not digits', () => {
    expect(norm('しにたーーーい')).toBe('しにたい');
    expect(norm('shiiiiit', 'en')).toBe('shit');
    expect(norm('call 1000', 'en')).toBe('call 1000');
    expect(norm('good', 'en')).toBe('good');
  });

  it('folds leetspeak inside words only', () => {
    expect(norm('k1ll mys3lf', 'en')).toBe('kill myself');
    expect(norm('sh!t', 'en')).toBe('shit');
    expect(norm('5ex', 'en')).toBe('sex');
    expect(norm('in 1990 we won 3 games', 'en')).toBe('in 1990 we won 3 games');
  });

  it('folds Kunrei romaji to Hepburn in Japanese text', () => {
    expect(norm('sinitai')).toBe('shinitai');
    expect(norm('zisatu')).toBe('jisatsu');
    expect(norm('sinitai', 'en')).toBe('sinitai');
  });

  it('strips Latin accents for Spanish and the like', () => {
    expect(normalizeForMatching('maricón', 'es').text).toBe('maricon');
  });

  it('maps every normalized range back to the original text', () => {
    const original = 'ねえ、し　ね！';
    const normalized = normalizeForMatching(original, 'ja');
    const at = normalized.text.indexOf('しね');
    expect(at).toBeGreaterThanOrEqual(0);
    const range = toOriginalRange(normalized, at, at + 2);
    expect(original.slice(range.start, range.end)).toBe('し　ね');
  });

  it('maps squeezed and stretched runs to their whole original extent', () => {
    const original = 'I said shiiiiit ok';
    const normalized = normalizeForMatching(original, 'en');
    const at = normalized.text.indexOf('shit');
    const range = toOriginalRange(normalized, at, at + 4);
    expect(original.slice(range.start, range.end)).toBe('shiiiiit');
  });

  it('keeps astral characters whole and drops lone surrogates', () => {
    expect(norm('😀a')).toBe('😀a');
    expect(norm('a\ud800b', 'en')).toBe('ab');
  });
});

describe('normalizeWidth', () => {
  it('folds width and keeps case for personal-data patterns', () => {
    expect(normalizeWidth('０９０ーＡＢ').text).toBe('090ーAB');
  });
});
