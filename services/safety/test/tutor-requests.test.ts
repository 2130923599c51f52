import { describe, expect, it } from 'vitest';
import { createDefaultScanner } from '../src/bundled';

const scanner = createDefaultScanner();

describe('a tutor asking a child for personal data', () => {
  it.each([
    ['ja', 'きみの 住所と電話番号を おしえて。'],
    ['ja', 'おうちは どこ？'],
    ['en', "What's your home address?"],
    ['en', 'Can you tell me your phone number?'],
    ['en', 'Where do you live?'],
  ] as const)('blocks %s "%s" from the tutor', (lang, text) => {
    const result = scanner.scan({ text, lang, source: 'tutor' });
    expect(['block', 'escalate']).toContain(result.action);
    expect(result.categories).toContain('personal_info');
    expect(result.spans.some((s) => s.rule === 'tutor_asks_personal_data')).toBe(true);
  });

  it.each([
    ['ja', '住所の書き方を勉強しよう'],
    ['ja', '手紙には 住所を 書くんだよ。'],
    ['ja', 'でんわの はつめいしゃは ベルだよ。'],
    ['en', 'The phone number of the fire department is 119.'],
    ['en', 'What number comes after 7?'],
  ] as const)('lets lessons through: %s "%s"', (lang, text) => {
    expect(scanner.scan({ text, lang, source: 'tutor' }).action).toBe('allow');
  });

  it('leaves a child’s own message to the usual rules', () => {
    expect(
      scanner.scan({ text: 'きみの 住所と電話番号を おしえて。', lang: 'ja', source: 'child' }).action,
    ).not.toBe('block');
  });
});
