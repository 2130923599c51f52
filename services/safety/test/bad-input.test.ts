import { describe, expect, it } from 'vitest';
import { createDefaultScanner } from '../src/bundled';
import { MAX_SCAN_CHARS } from '../src/domain/scanner';
import type { ScanInput } from '../src/domain/types';

const scanner = createDefaultScanner();

describe('bad input never throws', () => {
  it('1 MB of text is scanned in bounded time and marked truncated', () => {
    const big = 'あいうえおかきくけこ死にたい'.repeat(80_000).slice(0, 1_000_000);
    const started = performance.now();
    const result = scanner.scan({ text: big, lang: 'ja' });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result.truncated).toBe(true);
    expect(result.redactedText.length).toBeLessThanOrEqual(MAX_SCAN_CHARS);
    expect(result.categories).toContain('self_harm');
  });

  it('a 1 MB line of one repeated character', () => {
    const result = scanner.scan({ text: 'a'.repeat(1_000_000), lang: 'en' });
    expect(result.truncated).toBe(true);
    expect(result.action).toBe('allow');
  });

  it('lone surrogates become U+FFFD and offsets still hold', () => {
    const text = '\ud800死にたい\udc00';
    const result = scanner.scan({ text, lang: 'ja' });
    expect(result.categories).toEqual(['self_harm']);
    expect(result.spans[0]?.text).toBe('死にたい');
    expect(result.redactedText).toBe('\ufffd死にたい\ufffd');
  });

  it.each([
    ['emoji only', '😀😀🎉👍🏽👨‍👩‍👧', 'ja'],
    ['empty', '', 'en'],
    ['whitespace', '   \n\t ', 'en'],
    ['mixed scripts', 'Helloこんにちは你好안녕하세요Hola😀', 'ko'],
    ['control characters', '\u0000\u0001\u001b[31m', 'en'],
    ['combining marks only', '\u0301\u0302\u3099', 'ja'],
  ] as const)('%s', (_name, text, lang) => {
    const result = scanner.scan({ text, lang });
    expect(result.action).toBe('allow');
    expect(result.redactedText).toBe(text);
  });

  it('an unknown language or a non-string text is coerced, not thrown on', () => {
    const weird = {
      text: 42,
      lang: 'xx',
      window: [null, { role: 'child', text: 5 }],
    } as unknown as ScanInput;
    expect(() => scanner.scan(weird)).not.toThrow();
    expect(scanner.scan(weird).redactedText).toBe('42');
  });

  it('mixed-script abuse is still caught', () => {
    expect(scanner.scan({ text: 'おまえ kys', lang: 'ja' }).categories).toContain('bullying');
  });
});
