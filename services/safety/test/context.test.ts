import { describe, expect, it } from 'vitest';
import { createDefaultScanner } from '../src/bundled';
import type { ConversationTurn } from '../src/domain/types';

/** #12 item 5: the conversation window decides what a short reply or a story line means. */
describe('the conversation around a message', () => {
  const scanner = createDefaultScanner();

  it('a short agreeing answer keeps the concern the earlier turn raised', () => {
    const window: ConversationTurn[] = [
      { role: 'child', text: 'もう消えたい' },
      { role: 'tutor', text: 'つらいの？ほんとうに消えたいって思ってる？' },
    ];
    const alone = scanner.scan({ text: 'うん、ほんとに', lang: 'ja' });
    expect(alone.action).toBe('allow');
    const after = scanner.scan({ text: 'うん、ほんとに', lang: 'ja', window });
    expect(after.action).toBe('escalate');
    expect(after.signals.some((s) => s.detector === 'context')).toBe(true);
  });

  it('agreeing after the tutor asked about dying is an active thought; a plan day stays escalated', () => {
    const asked: ConversationTurn[] = [
      { role: 'child', text: 'i want to go away forever' },
      {
        role: 'tutor',
        text: 'When you say that, do you mean you want to die? Do you want to kill yourself?',
      },
    ];
    expect(scanner.scan({ text: 'yes', lang: 'en', window: asked }).action).toBe('escalate');
    const plan: ConversationTurn[] = [
      { role: 'child', text: 'i want to kill myself' },
      { role: 'tutor', text: 'Thank you for telling me. Do you have a plan for when?' },
    ];
    expect(scanner.scan({ text: 'thursday', lang: 'en', window: plan }).action).toBe('escalate');
  });

  it('a short answer after an ordinary question stays ordinary', () => {
    const window: ConversationTurn[] = [
      { role: 'child', text: '23+48は？' },
      { role: 'tutor', text: '一の位から計算しよう。わかった？' },
    ];
    expect(scanner.scan({ text: 'うん', lang: 'ja', window }).action).toBe('allow');
    expect(
      scanner.scan({ text: 'yes', lang: 'en', window: [{ role: 'tutor', text: 'Ready for the next one?' }] })
        .action,
    ).toBe('allow');
  });

  it('a character in a story for class is judged as one; the writer in the first person is not', () => {
    const story: ConversationTurn[] = [
      { role: 'tutor', text: '作文の宿題で物語を書こう！主人公はだれにする？' },
    ];
    const line = '主人公の少年は、もう死にたいと言って屋上に行きました';
    expect(scanner.scan({ text: line, lang: 'ja' }).action).toBe('escalate');
    const inStory = scanner.scan({ text: line, lang: 'ja', window: story });
    expect(inStory.action).toBe('warn');
    expect(scanner.scan({ text: 'ぼくも死にたい', lang: 'ja', window: story }).action).toBe('escalate');
  });
});
