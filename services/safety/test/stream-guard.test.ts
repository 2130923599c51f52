import { describe, expect, it } from 'vitest';
import { createDefaultScanner } from '../src/bundled';
import { createStreamGuard } from '../src/domain/stream-guard';

const scanner = createDefaultScanner();

function streamAll(chunks: string[], lang: 'ja' | 'en') {
  const guard = createStreamGuard(scanner, { lang });
  let shown = '';
  let cut: unknown;
  for (const chunk of chunks) {
    const step = guard.push(chunk);
    shown += step.release;
    if (step.cut) {
      cut = step.cut;
      break;
    }
  }
  if (!cut) {
    const last = guard.end();
    shown += last.release;
    cut = last.cut;
  }
  return { shown, cut, guard };
}

describe('stream guard', () => {
  it('releases a safe reply whole, sentence by sentence', () => {
    const reply = '恐竜は約6600万年前に絶滅しました。隕石が原因と考えられています。すごいね！';
    const chunks = reply.match(/.{1,4}/gsu)!;
    const { shown, cut } = streamAll(chunks, 'ja');
    expect(cut).toBeUndefined();
    expect(shown).toBe(reply);
  });

  it('holds back text until a sentence ends', () => {
    const guard = createStreamGuard(scanner, { lang: 'en' });
    expect(guard.push('The Nile is the').release).toBe('');
    expect(guard.push(' longest river. It').release).toBe('The Nile is the longest river.');
    expect(guard.end().release).toBe(' It');
  });

  it('cuts an unsafe sentence produced in the middle of a reply before the child sees it', () => {
    const chunks = [
      'Great question! ',
      'Fractions are ',
      'parts of a whole. ',
      'You should k',
      'ill yourself',
      ' now. ',
      'Anyway, 1/2 is half.',
    ];
    const { shown, cut, guard } = streamAll(chunks, 'en');
    expect(cut).toBeDefined();
    expect(shown).toBe('Great question! Fractions are parts of a whole.');
    expect(shown).not.toMatch(/kill|k$/);
    // after a cut nothing more comes out
    expect(guard.push('more text.').release).toBe('');
    expect(guard.released).toBe(shown);
  });

  it('catches a term split across the release boundary', () => {
    const { shown, cut } = streamAll(['もう少しで答えだよ。し', 'にたい。'], 'ja');
    expect(cut).toBeDefined();
    expect(shown).toBe('もう少しで答えだよ。');
  });

  it('releases long text without sentence ends once the hold is full, keeping a tail', () => {
    const guard = createStreamGuard(scanner, { lang: 'en', maxHold: 50, overlap: 20 });
    const step = guard.push('a'.repeat(30) + ' b'.repeat(30));
    expect(step.release.length).toBeGreaterThan(0);
    expect(step.release.length).toBeLessThan(90);
    expect(step.release + guard.end().release).toBe('a'.repeat(30) + ' b'.repeat(30));
  });

  it('redacts personal data in released text', () => {
    const { shown, cut } = streamAll(['You can email me at ', 'tutor@example.com. Bye.'], 'en');
    expect(cut).toBeUndefined();
    expect(shown).toBe('You can email me at [email]. Bye.');
  });

  it('a history lesson about war streams through', () => {
    const { shown, cut } = streamAll(
      ['The Battle of Sekigahara ', 'was fought in 1600. ', 'Many soldiers died.'],
      'en',
    );
    expect(cut).toBeUndefined();
    expect(shown).toContain('Many soldiers died.');
  });
});

describe('stream guard without sentence ends', () => {
  it('does not split a phone number across a forced release', () => {
    const guard = createStreamGuard(scanner, { lang: 'en', maxHold: 40, overlap: 20 });
    let shown = '';
    for (const chunk of [
      'you can reach the club office any weekday at ',
      '415-555-0100 or drop by after class',
    ]) {
      shown += guard.push(chunk).release;
    }
    shown += guard.end().release;
    expect(shown).toBe('you can reach the club office any weekday at [phone] or drop by after class');
  });
});
