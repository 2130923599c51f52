import { describe, expect, it } from 'vitest';
import { createDefaultScanner } from '../src/bundled';
import { scanJsonLines } from '../src/domain/json-lines';

const scanner = createDefaultScanner();

async function* from(lines: string[]): AsyncIterable<string> {
  for (const line of lines) yield line;
}

async function collect(lines: string[]): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for await (const line of scanJsonLines(from(lines), scanner)) out.push(JSON.parse(line));
  return out;
}

describe('scanJsonLines', () => {
  it('answers one line per input line, in order, with errors for bad lines', async () => {
    const out = await collect([
      JSON.stringify({ text: 'もう死にたい', lang: 'ja' }),
      '{not json',
      JSON.stringify({ text: 'call 090-1234-5678', lang: 'en', id: 'm2' }),
      JSON.stringify({ lang: 'ja' }),
      '',
      JSON.stringify({ text: 'hi', lang: 'fr' }),
      JSON.stringify([1, 2]),
      JSON.stringify({ text: '殺菌ってなに？' }),
    ]);
    expect(out.map((o) => o.line)).toEqual([1, 2, 3, 4, 6, 7, 8]);
    expect(out[0]).toMatchObject({ categories: ['self_harm'], severity: 'critical', action: 'escalate' });
    expect(out[0]?.spans).toEqual([expect.objectContaining({ start: 2, end: 6, category: 'self_harm' })]);
    expect(out[1]).toEqual({ line: 2, error: 'invalid JSON' });
    expect(out[2]).toMatchObject({ id: 'm2', action: 'redact', redactedText: 'call [phone]' });
    expect(out[3]?.error).toContain('"text"');
    expect(out[4]?.error).toContain('"lang"');
    expect(out[5]?.error).toContain('JSON object');
    expect(out[6]).toMatchObject({ action: 'allow', categories: [], severity: 'none', spans: [] });
  });

  it('handles 10,000 lines quickly', async () => {
    const samples = [
      '今日の宿題は分数です',
      'I love dinosaurs',
      'もう死にたい',
      'my email is a@b.com',
      'しね',
    ];
    const lines = Array.from({ length: 10_000 }, (_, i) =>
      JSON.stringify({ text: `${samples[i % 5]} ${i}`, lang: i % 2 ? 'en' : 'ja' }),
    );
    const started = performance.now();
    const out = await collect(lines);
    const elapsed = performance.now() - started;
    expect(out).toHaveLength(10_000);
    expect(out.every((o, i) => o.line === i + 1 && o.error === undefined)).toBe(true);
    expect(elapsed).toBeLessThan(15_000);
  });
});
