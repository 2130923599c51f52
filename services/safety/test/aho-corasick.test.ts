import { describe, expect, it } from 'vitest';
import { buildAutomaton } from '../src/domain/aho-corasick';

const naive = (patterns: string[], text: string) => {
  const out: string[] = [];
  patterns.forEach((p, i) => {
    for (let at = text.indexOf(p); at !== -1; at = text.indexOf(p, at + 1))
      out.push(`${i}:${at}:${at + p.length}`);
  });
  return out.sort();
};

describe('buildAutomaton', () => {
  it('finds the classic he/she/his/hers overlaps', () => {
    const automaton = buildAutomaton(['he', 'she', 'his', 'hers']);
    const found = automaton
      .findAll('ushers')
      .map((m) => `${m.pattern}:${m.start}:${m.end}`)
      .sort();
    expect(found).toEqual(['0:2:4', '1:1:4', '3:2:6']);
  });

  it('finds CJK patterns and patterns that are suffixes of others', () => {
    const automaton = buildAutomaton(['死にたい', 'にたい', '死']);
    const found = automaton
      .findAll('もう死にたい')
      .map((m) => m.pattern)
      .sort();
    expect(found).toEqual([0, 1, 2]);
  });

  it('agrees with a naive search on random input', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const alphabet = 'abcあい';
    const word = (n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let round = 0; round < 50; round++) {
      const patterns = Array.from({ length: 6 }, () => word(1 + Math.floor(random() * 4)));
      const text = word(60);
      const found = buildAutomaton(patterns)
        .findAll(text)
        .map((m) => `${m.pattern}:${m.start}:${m.end}`)
        .sort();
      expect(found).toEqual(naive(patterns, text));
    }
  });

  it('ignores empty patterns and handles empty text', () => {
    const automaton = buildAutomaton(['', 'a']);
    expect(automaton.findAll('')).toEqual([]);
    expect(automaton.findAll('aa')).toHaveLength(2);
  });
});
