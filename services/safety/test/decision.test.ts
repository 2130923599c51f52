import { describe, expect, it } from 'vitest';
import { createDefaultScanner } from '../src/bundled';
import { ACTION_TABLE, decide } from '../src/domain/decision';
import { crisisLinesFor } from '../src/domain/replies';
import { CATEGORIES, LANGS, type Signal } from '../src/domain/types';

const signal = (category: Signal['category'], severity: Signal['severity'], start = 0, end = 1): Signal => ({
  detector: 'keyword',
  category,
  severity,
  rule: 'test',
  range: { start, end },
});

describe('decision table', () => {
  it('allows when there is nothing', () => {
    const d = decide('hello', [], 'en');
    expect(d).toMatchObject({ action: 'allow', severity: 'none', categories: [], crisisLines: [] });
    expect(d.reply).toBeUndefined();
  });

  it.each([
    ['self_harm', 'high', 'escalate'],
    ['self_harm', 'critical', 'escalate'],
    ['self_harm', 'medium', 'warn'],
    ['grooming', 'high', 'escalate'],
    ['grooming', 'medium', 'warn'],
    ['violence', 'high', 'block'],
    ['personal_info', 'medium', 'redact'],
    ['sexual', 'high', 'block'],
    ['violence', 'critical', 'escalate'],
    ['bullying', 'high', 'block'],
    ['profanity', 'low', 'warn'],
    ['hate', 'high', 'block'],
    ['drugs', 'medium', 'warn'],
  ] as const)('%s at %s -> %s', (category, severity, action) => {
    // The table as it applies to tutor replies; a child's own message is stricter (below).
    expect(decide('x', [signal(category, severity)], 'ja', undefined, 'tutor').action).toBe(action);
    expect(ACTION_TABLE[category][severity]).toBe(action);
  });

  it.each(['low', 'medium', 'high', 'critical'] as const)(
    'a self-harm or grooming signal at %s in a child message always escalates, never only warns',
    (severity) => {
      expect(decide('x', [signal('self_harm', severity)], 'ja').action).toBe('escalate');
      expect(decide('x', [signal('grooming', severity)], 'en').action).toBe('escalate');
    },
  );

  it('negative affect alone is a check-in; with bullying it reaches the parent', () => {
    const sad: Signal = {
      detector: 'distress',
      category: 'self_harm',
      severity: 'medium',
      rule: 'distress',
      score: 0.5,
    };
    expect(decide('x', [sad], 'ja').action).toBe('warn');
    expect(decide('x', [signal('bullying', 'low')], 'ja').action).toBe('warn');
    expect(decide('x', [signal('bullying', 'low'), sad], 'ja').action).toBe('escalate');
  });

  it('takes the strongest action and orders categories by severity then priority', () => {
    const d = decide(
      'abcdef',
      [signal('profanity', 'low'), signal('personal_info', 'medium', 2, 4), signal('self_harm', 'critical')],
      'en',
    );
    expect(d.action).toBe('escalate');
    expect(d.severity).toBe('critical');
    expect(d.categories).toEqual(['self_harm', 'personal_info', 'profanity']);
    expect(d.reply?.category).toBe('self_harm');
  });

  it('has a child-facing reply for every category in every language', () => {
    for (const category of CATEGORIES) {
      for (const lang of LANGS) {
        const d = decide('x', [signal(category, 'high')], lang);
        expect(d.reply?.text.length, `${category}/${lang}`).toBeGreaterThan(10);
      }
    }
  });

  it('returns crisis lines for self-harm and keeps the conversation open', () => {
    const d = decide('x', [signal('self_harm', 'critical')], 'ja');
    expect(d.keepConversationOpen).toBe(true);
    expect(d.crisisLines.map((l) => l.phone)).toEqual(['0120-0-78310', '0120-99-7777']);
    expect(crisisLinesFor('en', 'US').map((l) => l.phone)).toEqual(['988']);
    expect(crisisLinesFor('en', 'GB').map((l) => l.phone)).toEqual(['0800 1111', '116 123']);
    expect(crisisLinesFor('en').length).toBe(3);
    // An English-speaking child in Japan: TELL's English line first, the Japanese lines beside it,
    // with hours written in English.
    const inJapan = crisisLinesFor('en', 'JP');
    expect(inJapan.map((l) => l.name)).toEqual([
      'TELL Lifeline',
      '24時間子供SOSダイヤル',
      'チャイルドライン',
    ]);
    expect(inJapan.map((l) => l.hours)).toEqual([
      'every day, 9 am to 11 pm',
      '24 hours, every day',
      'every day, 4 pm to 9 pm',
    ]);
    expect(crisisLinesFor('ja', 'JP')[1]!.hours).toBe('毎日16時〜21時');
    expect(crisisLinesFor('zh-Hans').map((l) => l.country)).toEqual(['CN']);
  });

  it('end to end: a child in danger is escalated with help attached', () => {
    const result = createDefaultScanner().scan({ text: 'もう死にたい', lang: 'ja' });
    expect(result).toMatchObject({
      action: 'escalate',
      severity: 'critical',
      categories: ['self_harm'],
      keepConversationOpen: true,
    });
    expect(result.reply?.text).toContain('一人じゃない');
    expect(result.crisisLines[0]?.phone).toBe('0120-0-78310');
  });
});
