import { describe, expect, it } from 'vitest';
import { bundledDistressLexicon, createDefaultScanner } from '../src/bundled';
import { compileDistressLexicon, scoreDistress } from '../src/domain/distress';
import { normalizeForMatching } from '../src/domain/normalize';

const model = compileDistressLexicon(bundledDistressLexicon());
const score = (text: string, lang: 'ja' | 'en') =>
  scoreDistress(model, normalizeForMatching(text, lang), lang).score;
const scanner = createDefaultScanner();

describe('distress score', () => {
  it('is zero for neutral text and grows with negative affect', () => {
    expect(score('今日は算数をがんばった', 'ja')).toBe(0);
    expect(score('つらい', 'ja')).toBeGreaterThan(0);
    expect(score('つらいし、さみしいし、誰もわかってくれない', 'ja')).toBeGreaterThan(score('つらい', 'ja'));
  });

  it('respects simple negation', () => {
    expect(score('I am not sad', 'en')).toBe(0);
    expect(score('I am sad', 'en')).toBeGreaterThan(0);
  });

  it('a single tired message is not a concern', () => {
    expect(scanner.scan({ text: '宿題おわった、疲れた', lang: 'ja' }).categories).toEqual([]);
  });

  it('raises a low-severity wellbeing concern for a strongly negative message', () => {
    const result = scanner.scan({ text: 'さみしいし、つらい。誰もわかってくれない', lang: 'ja' });
    expect(result.categories).toEqual(['self_harm']);
    expect(['low', 'medium']).toContain(result.severity);
    expect(result.action).toBe('warn');
    expect(result.crisisLines.length).toBeGreaterThan(0);
  });

  it('follows the trend over the window', () => {
    const window = [
      { role: 'child' as const, text: 'I feel so sad lately' },
      { role: 'tutor' as const, text: 'I am sorry to hear that.' },
      { role: 'child' as const, text: 'nobody likes me, I am lonely' },
    ];
    const withTrend = scanner.scan({ text: 'I feel lonely and sad again', lang: 'en', window });
    const alone = scanner.scan({ text: 'I feel lonely and sad again', lang: 'en' });
    expect(withTrend.distress?.score).toBe(alone.distress?.score);
    expect(withTrend.severity).toBe('medium');
    expect(['none', 'low']).toContain(alone.severity);
  });

  it('is not applied to tutor replies', () => {
    expect(
      scanner.scan({
        text: 'つらいね、さみしいね、誰もわかってくれないと感じるよね',
        lang: 'ja',
        source: 'tutor',
      }).distress,
    ).toBeUndefined();
  });
});
