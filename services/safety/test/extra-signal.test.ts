import { describe, expect, it } from 'vitest';
import { createDefaultScanner } from '../src/bundled';
import type { ExtraSignal } from '../src/domain/scanner';

const scanner = createDefaultScanner();
const input = { text: 'a perfectly normal sentence', lang: 'en' as const };

describe('scanWithExtra', () => {
  it('merges the extra signal into the decision', async () => {
    const extra: ExtraSignal = {
      name: 'moderation',
      check: async () => [{ category: 'sexual', severity: 'high', score: 0.97 }],
    };
    const result = await scanner.scanWithExtra(input, extra, 500);
    expect(result.extra).toBe('applied');
    expect(result.categories).toEqual(['sexual']);
    expect(result.action).toBe('block');
  });

  it('falls back to the local result on timeout and aborts the call', async () => {
    let aborted = false;
    const extra: ExtraSignal = {
      name: 'slow',
      check: (_input, abort) =>
        new Promise((resolve) => {
          abort.addEventListener('abort', () => {
            aborted = true;
          });
          setTimeout(() => resolve([{ category: 'hate', severity: 'high' }]), 1000);
        }),
    };
    const result = await scanner.scanWithExtra(input, extra, 20);
    expect(result.extra).toBe('timeout');
    expect(result.action).toBe('allow');
    expect(aborted).toBe(true);
  });

  it('falls back on failure, sync or async', async () => {
    const rejecting: ExtraSignal = { name: 'down', check: async () => Promise.reject(new Error('503')) };
    const throwing: ExtraSignal = {
      name: 'broken',
      check: () => {
        throw new Error('boom');
      },
    };
    const local = await scanner.scanWithExtra({ text: 'もう死にたい', lang: 'ja' }, rejecting, 100);
    expect(local).toMatchObject({ extra: 'failed', action: 'escalate' });
    expect((await scanner.scanWithExtra(input, throwing, 100)).extra).toBe('failed');
  });
});
