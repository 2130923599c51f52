/**
 * Evaluates the full scanner (the same one the service uses) on the test split: per-category
 * precision, recall and F1, the benign false-positive rate, and scan time percentiles.
 * Run: npx tsx services/safety/scripts/eval.ts
 */
import { createDefaultScanner } from '../src/bundled';
import { isTestExample } from '../src/domain/classifier';
import { CATEGORIES, type Category } from '../src/domain/types';
import { readDataset } from './read-dataset';

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const fixed = (n: number): string => (Number.isNaN(n) ? '  -  ' : n.toFixed(3));

const scanner = createDefaultScanner();
const test = readDataset().filter((e) => isTestExample(e.text));

// Warm up the JIT so the timings describe steady state, as in the running service.
for (const e of test.slice(0, 200)) scanner.scan({ text: e.text, lang: e.lang });

const counts = new Map<Category, { tp: number; fp: number; fn: number; support: number }>(
  CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0, support: 0 }]),
);
const timings: number[] = [];
let benign = 0;
let benignFlagged = 0;
const falsePositives: string[] = [];
const misses: string[] = [];

for (const example of test) {
  const started = performance.now();
  const result = scanner.scan({ text: example.text, lang: example.lang });
  timings.push(performance.now() - started);
  const predicted = new Set(result.categories);
  for (const category of CATEGORIES) {
    const c = counts.get(category)!;
    const actual = example.label === category;
    if (actual) c.support++;
    if (actual && predicted.has(category)) c.tp++;
    else if (actual) c.fn++;
    else if (predicted.has(category)) c.fp++;
  }
  if (example.label === 'benign') {
    benign++;
    if (result.action !== 'allow') {
      benignFlagged++;
      falsePositives.push(
        `  [${example.lang}] ${example.text}  -> ${result.categories.join(',')} (${result.action})`,
      );
    }
  } else if (!predicted.has(example.label)) {
    misses.push(
      `  [${example.lang}/${example.label}] ${example.text}  -> ${result.categories.join(',') || 'none'}`,
    );
  }
}

console.log(
  `safety scanner evaluation: ${test.length} test examples (${benign} benign), keyword lists ${scanner.versions.keywords.join(' ')}, classifier ${scanner.versions.classifier ?? 'none'}\n`,
);
console.log('category        precision  recall     f1  support');
let macroF1 = 0;
for (const [category, c] of counts) {
  const precision = c.tp / (c.tp + c.fp);
  const recall = c.tp / (c.tp + c.fn);
  const f1 = (2 * precision * recall) / (precision + recall);
  macroF1 += Number.isNaN(f1) ? 0 : f1;
  console.log(
    `${category.padEnd(15)} ${fixed(precision).padStart(9)} ${fixed(recall).padStart(7)} ${fixed(f1).padStart(6)} ${String(c.support).padStart(8)}`,
  );
}
console.log(
  `${'macro F1'.padEnd(15)} ${''.padStart(9)} ${''.padStart(7)} ${fixed(macroF1 / CATEGORIES.length).padStart(6)}`,
);

const fpr = benign === 0 ? 0 : benignFlagged / benign;
const selfHarm = counts.get('self_harm')!;
const selfHarmRecall = selfHarm.tp / (selfHarm.tp + selfHarm.fn);
timings.sort((a, b) => a - b);
console.log(
  `\nbenign false-positive rate: ${(fpr * 100).toFixed(2)}% (${benignFlagged}/${benign})   target <= 3%   ${fpr <= 0.03 ? 'OK' : 'MISSED'}`,
);
console.log(
  `self_harm recall: ${fixed(selfHarmRecall)}   target >= 0.95   ${selfHarmRecall >= 0.95 ? 'OK' : 'MISSED'}`,
);
console.log(
  `scan time per message: p50 ${percentile(timings, 50).toFixed(3)} ms, p99 ${percentile(timings, 99).toFixed(3)} ms`,
);
if (falsePositives.length > 0)
  console.log(`\nbenign messages flagged:\n${falsePositives.slice(0, 15).join('\n')}`);
if (misses.length > 0)
  console.log(`\nmissed (${misses.length}, first 15):\n${misses.slice(0, 15).join('\n')}`);
