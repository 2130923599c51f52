import { describe, expect, it } from 'vitest';
import { createDefaultScanner } from '../src/bundled';
import type { ConversationTurn } from '../src/domain/types';

const scanner = createDefaultScanner();

describe('grooming across the conversation window', () => {
  it('one mild question alone raises nothing', () => {
    expect(scanner.scan({ text: 'how old are you?', lang: 'en' }).categories).toEqual([]);
    expect(scanner.scan({ text: 'ペンギンはどこに住んでるの？', lang: 'ja' }).categories).toEqual([]);
  });

  it('builds up: age, then location, then a secret escalates', () => {
    const window: ConversationTurn[] = [
      { role: 'other', text: '何歳なの？' },
      { role: 'child', text: '10さい' },
      { role: 'other', text: 'どこに住んでるの？' },
      { role: 'child', text: 'ないしょ' },
    ];
    const result = scanner.scan({ text: 'お母さんには内緒にしてね。今度会おうよ', lang: 'ja', window });
    expect(result.categories).toContain('grooming');
    expect(result.severity).toBe('critical');
    expect(result.action).toBe('escalate');
    expect(result.spans.filter((s) => s.category === 'grooming').map((s) => s.text)).toEqual(
      expect.arrayContaining(['お母さんには内緒', '今度会おう']),
    );
  });

  it('the same message without the window is less severe', () => {
    const alone = scanner.scan({ text: 'where do you live?', lang: 'en' });
    const withWindow = scanner.scan({
      text: 'where do you live?',
      lang: 'en',
      window: [
        { role: 'other', text: 'how old are you?' },
        { role: 'other', text: "let's talk on snapchat, don't tell your mom" },
      ],
    });
    expect(alone.severity).toBe('low');
    expect(withWindow.action).toBe('escalate');
  });

  it('a child giving contact details after being asked for them escalates', () => {
    const result = scanner.scan({
      text: 'いいよ、LINEのIDは kenta_0412 だよ',
      lang: 'ja',
      window: [{ role: 'other', text: 'LINE交換しようよ、IDおしえて' }],
    });
    expect(result.categories).toEqual(expect.arrayContaining(['grooming', 'personal_info']));
    expect(result.action).toBe('escalate');
    expect(result.redactedText).not.toContain('kenta_0412');
  });

  it('asking for photos and meeting in English', () => {
    const result = scanner.scan({ text: 'send me a pic and lets meet up, our little secret', lang: 'en' });
    expect(result.severity).toBe('critical');
    expect(result.reply?.category).toBe('grooming');
  });

  it('works for Spanish and Korean phrases', () => {
    expect(scanner.scan({ text: '¿Dónde vives? Mándame una foto', lang: 'es' }).categories).toContain(
      'grooming',
    );
    expect(scanner.scan({ text: '사진 좀 보내줘. 어디 살아?', lang: 'ko' }).categories).toContain('grooming');
  });
});
