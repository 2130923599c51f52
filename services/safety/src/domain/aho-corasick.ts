/**
 * Aho-Corasick multi-pattern search (Aho & Corasick, 1975): one pass over the text finds
 * every occurrence of every pattern, overlapping ones included, in O(text + matches).
 */
export interface PatternMatch {
  /** Index of the pattern in the list given to `buildAutomaton`. */
  pattern: number;
  start: number;
  end: number;
}

export interface Automaton {
  readonly patternCount: number;
  findAll(text: string): PatternMatch[];
}

export function buildAutomaton(patterns: readonly string[]): Automaton {
  // Node 0 is the root. Transitions keyed by UTF-16 code unit.
  const next: Array<Map<number, number>> = [new Map()];
  const fail: number[] = [0];
  const output: number[][] = [[]];
  const lengths = patterns.map((p) => p.length);

  patterns.forEach((pattern, index) => {
    if (pattern.length === 0) return;
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const code = pattern.charCodeAt(i);
      let child = next[node]!.get(code);
      if (child === undefined) {
        child = next.length;
        next.push(new Map());
        fail.push(0);
        output.push([]);
        next[node]!.set(code, child);
      }
      node = child;
    }
    output[node]!.push(index);
  });

  // Breadth-first: a node's failure link is the longest proper suffix that is also a prefix,
  // and it inherits that node's outputs so matching never walks the failure chain for output.
  const queue: number[] = [];
  for (const child of next[0]!.values()) queue.push(child);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const [code, child] of next[node]!) {
      queue.push(child);
      let f = fail[node]!;
      while (f !== 0 && !next[f]!.has(code)) f = fail[f]!;
      const target = next[f]!.get(code);
      fail[child] = target !== undefined && target !== child ? target : 0;
      const inherited = output[fail[child]!]!;
      if (inherited.length > 0) output[child] = [...output[child]!, ...inherited];
    }
  }

  return {
    patternCount: patterns.length,
    findAll(text: string): PatternMatch[] {
      const matches: PatternMatch[] = [];
      let node = 0;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        let target = next[node]!.get(code);
        while (target === undefined && node !== 0) {
          node = fail[node]!;
          target = next[node]!.get(code);
        }
        node = target ?? 0;
        const found = output[node]!;
        for (let k = 0; k < found.length; k++) {
          const pattern = found[k]!;
          matches.push({ pattern, start: i + 1 - lengths[pattern]!, end: i + 1 });
        }
      }
      return matches;
    },
  };
}
