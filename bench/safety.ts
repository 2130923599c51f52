/**
 * Safety scanner cost per message, as a ratio to a plain Aho-Corasick pass over the same
 * keyword lists (no normalization, no other detectors), measured side by side in one run
 * so machine load affects both alike. Run: npx tsx bench/safety.ts
 */
import { readFileSync } from 'node:fs';
import {
  buildAutomaton,
  bundledKeywordLists,
  createDefaultScanner,
  type Lang,
} from '../services/safety/src/index';

const SIZES = [50, 500, 5000] as const;
const MESSAGES_PER_SIZE = 300;

const dataset = readFileSync(new URL('../services/safety/training/templates.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as { text: string; lang: Lang });

/** Messages of exactly `size` characters, built by joining dataset sentences of one language. */
function messagesOf(size: number): Array<{ text: string; lang: Lang }> {
  const out: Array<{ text: string; lang: Lang }> = [];
  for (let i = 0; out.length < MESSAGES_PER_SIZE; i++) {
    const lang: Lang = i % 2 === 0 ? 'ja' : 'en';
    let text = '';
    for (let k = i * 7; text.length < size; k++) {
      const example = dataset[k % dataset.length]!;
      if (example.lang === lang) text += `${example.text}${lang === 'ja' ? '。' : '. '}`;
    }
    out.push({ text: text.slice(0, size), lang });
  }
  return out;
}

const scanner = createDefaultScanner();
const lists = bundledKeywordLists();
const plain = new Map<Lang, ReturnType<typeof buildAutomaton>>();
for (const lang of ['ja', 'en'] as const) {
  const terms = lists
    .filter((l) => l.lang === lang || l.lang === 'en')
    .flatMap((l) => l.entries.map((e) => e.term.toLowerCase()));
  plain.set(lang, buildAutomaton(terms));
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const micros = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;

console.log('safety scanner vs plain Aho-Corasick, per message (same lists, same messages, interleaved)\n');
console.log('chars   scanner p50   scanner p99   plain AC p50   plain AC p99   ratio p50   ratio p99');
let sink = 0;
for (const size of SIZES) {
  const messages = messagesOf(size);
  // Short messages are timed over several repetitions so the timer's resolution does not dominate.
  const reps = Math.max(1, Math.floor(2000 / size));
  for (const m of messages.slice(0, 50)) {
    sink += scanner.scan(m).spans.length + plain.get(m.lang)!.findAll(m.text.toLowerCase()).length;
  }
  const scanTimes: number[] = [];
  const plainTimes: number[] = [];
  for (const message of messages) {
    let started = performance.now();
    for (let r = 0; r < reps; r++) sink += scanner.scan(message).spans.length;
    scanTimes.push((performance.now() - started) / reps);
    started = performance.now();
    for (let r = 0; r < reps; r++)
      sink += plain.get(message.lang)!.findAll(message.text.toLowerCase()).length;
    plainTimes.push((performance.now() - started) / reps);
  }
  scanTimes.sort((a, b) => a - b);
  plainTimes.sort((a, b) => a - b);
  const [s50, s99, p50, p99] = [
    percentile(scanTimes, 50),
    percentile(scanTimes, 99),
    percentile(plainTimes, 50),
    percentile(plainTimes, 99),
  ];
  console.log(
    `${String(size).padStart(5)}   ${micros(s50).padStart(11)}   ${micros(s99).padStart(11)}   ${micros(p50).padStart(12)}   ${micros(p99).padStart(12)}   ${(s50 / p50).toFixed(1).padStart(8)}x   ${(s99 / p99).toFixed(1).padStart(8)}x`,
  );
}
console.log(`\n(${MESSAGES_PER_SIZE} messages per size, ja and en alternating; checksum ${sink})`);
