import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDefaultScanner } from '../src/bundled';
import type { Action, Category, Lang } from '../src/domain/types';

/**
 * The messages issue #12 reported as missed (and the hard negatives it names), read from a
 * file so the list can grow without touching the test. Each must be handled as described.
 */
interface Example {
  text: string;
  lang: Lang;
  action: Action;
  category?: Category;
}
const examples = readFileSync(new URL('./fixtures/issue-12-examples.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Example);

describe('issue #12 examples', () => {
  const scanner = createDefaultScanner();
  it.each(examples.map((e) => [e.text, e] as const))('%s', (_, example) => {
    const result = scanner.scan({ text: example.text, lang: example.lang });
    expect(result.action).toBe(example.action);
    if (example.category) expect(result.categories).toContain(example.category);
    if (example.category === 'self_harm') expect(result.crisisLines.length).toBeGreaterThan(0);
  });
});
