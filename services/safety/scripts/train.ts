/**
 * Trains the safety classifier and writes src/data/model.json:
 *   1. reads every labelled set under training/ (one file per author or source) and
 *      training/feedback/ (operators' labels exported from the console);
 *   2. distils the lemma lexicon from kuromoji and wink-nlp over those texts;
 *   3. holds each author out in turn, trains on the others and scores the held-out author's
 *      messages: per-category thresholds are picked on these out-of-author scores, and the
 *      whole scanner is measured on each held-out author with them. A split by text hash
 *      would measure memory (same writer on both sides); a held-out writer measures what a
 *      new writer will meet. The evaluation sets under eval/ are never read here;
 *   4. trains on everything and writes the model with those thresholds.
 * Seeded and deterministic: the same data gives the same bytes (the printed sha256 shows it).
 * Run: npm run safety:train   (--quick: skip step 3 and keep the committed thresholds)
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { bundledDistressLexicon, bundledKeywordLists } from '../src/bundled';
import {
  type ClassifierThresholds,
  type LabeledExample,
  LONG_TEXT_CHARS,
  loadClassifier,
  type SerializedModel,
  type TrainOptions,
  trainClassifier,
} from '../src/domain/classifier';
import { createScanner } from '../src/domain/scanner';
import { CATEGORIES, type Category } from '../src/domain/types';
import { buildLexicon } from './lexicon';
import { misses, type Outcome, report, run } from './metrics';
import { MODEL_URL, readDataset, type SourcedExample } from './read-dataset';

const SEED = 20261202;
/** Share of out-of-author benign messages a category's signal may fire on, and its strong level. */
const BENIGN_BUDGET = { signal: 0.01, strong: 0.003 };
/** Lowest thresholds allowed. Grooming from one message is a report or a request, rarely a question. */
const FLOORS: Partial<Record<Category | 'default', ClassifierThresholds>> = {
  default: { signal: 0.5, strong: 0.8 },
  grooming: { signal: 0.6, strong: 0.85 },
};
/** Authors smaller than this are never held out alone (too few messages to say anything). */
const MIN_HELD_OUT = 400;
const FOLDS = Number.POSITIVE_INFINITY;
// Chosen with each author held out (lr 0.4/8 epochs: self-harm recall at 1% benign 0.53; 1.5/16: 0.60).
const TRAINING: TrainOptions = { seed: SEED, epochs: 16, learningRate: 1.5 };

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const all = readDataset();
// Messages whose meaning lives in the earlier turns ("うん、ほんとに") would teach the model that
// "yes" is self-harm; the scanner handles them from the window, so the model learns the rest.
const usable = all.filter((e) => !e.window || e.text.length > 40);
const sources: Record<string, number> = {};
for (const e of usable) sources[e.source] = (sources[e.source] ?? 0) + 1;
console.log(
  `training corpus: ${usable.length} messages (${all.length - usable.length} context-only left to the window rule)`,
);
for (const [source, n] of Object.entries(sources)) console.log(`  ${source.padEnd(28)} ${n}`);

const lexicon = await buildLexicon(usable);
console.log(
  `lexicon: ${Object.keys(lexicon.ja).length} Japanese surface forms, ${Object.keys(lexicon.en).length} English word forms (${elapsed()})`,
);
const version = `hashed-linear-${new Date().toISOString().slice(0, 10)}`;

function pickThresholds(
  title: string,
  scored: ReadonlyArray<{ e: LabeledExample; p: Record<Category, number> }>,
): Partial<Record<Category, ClassifierThresholds>> {
  const benign = scored.filter(({ e }) => e.label === 'benign');
  const out: Partial<Record<Category, ClassifierThresholds>> = {};
  console.log(
    `\n${title} thresholds from out-of-author scores (${scored.length} messages, ${benign.length} benign):`,
  );
  for (const category of CATEGORIES) {
    // The lowest cut-off whose benign firing rate stays within budget, never below the floor.
    const scores = benign.map(({ p }) => p[category]).sort((a, b) => b - a);
    const at = (share: number, floor: number) =>
      Math.max(floor, (scores[Math.floor(share * scores.length)] ?? 0) + 1e-6);
    const floor = FLOORS[category] ?? FLOORS.default!;
    const signal = Number(at(BENIGN_BUDGET.signal, floor.signal).toFixed(4));
    const strong = Number(Math.max(signal, at(BENIGN_BUDGET.strong, floor.strong)).toFixed(4));
    out[category] = { signal, strong };
    const positives = scored.filter(({ e }) => e.label === category);
    const hit = positives.filter(({ p }) => p[category] >= signal).length;
    console.log(
      `  ${category.padEnd(14)} signal ${signal.toFixed(3)} strong ${strong.toFixed(3)}  classifier recall ${positives.length ? (hit / positives.length).toFixed(3) : '-'} (${hit}/${positives.length})`,
    );
  }
  return out;
}

let thresholds: Partial<Record<Category, ClassifierThresholds>>;
let longThresholds: Partial<Record<Category, ClassifierThresholds>> | undefined;
const isLong = (e: LabeledExample) => e.text.length > LONG_TEXT_CHARS;
if (process.argv.includes('--quick')) {
  const committed = JSON.parse(readFileSync(MODEL_URL, 'utf8')) as SerializedModel;
  thresholds = committed.thresholds;
  longThresholds = committed.longThresholds;
  console.log('--quick: keeping the committed thresholds');
} else {
  // One writer held out at a time: that is the deployed condition (a model trained on every
  // writer we have meets one new writer). Holding out groups of five writers was tried to
  // save time, but each held-out model then lost most of a language's data and the
  // thresholds came out stricter than the deployed model needs.
  const authors = Object.entries(sources)
    .filter(([source, n]) => n >= MIN_HELD_OUT && !source.startsWith('feedback/'))
    .map(([source]) => source)
    .sort();
  const groups = Number.isFinite(FOLDS)
    ? Array.from({ length: Math.min(FOLDS, authors.length) }, (_, g) =>
        authors.filter((_, i) => i % FOLDS === g),
      )
    : authors.map((author) => [author]);
  const folds: Array<{ authors: string[]; model: SerializedModel; held: SourcedExample[] }> = [];
  const scored: Array<{ e: LabeledExample; p: Record<Category, number> }> = [];
  for (const group of groups) {
    const held = usable.filter((e) => group.includes(e.source));
    const model = trainClassifier(
      usable.filter((e) => !group.includes(e.source)),
      { ...TRAINING, lexicon, version },
    );
    const classifier = loadClassifier(model);
    for (const e of held) scored.push({ e, p: classifier.predict(e.text, e.lang).categories });
    folds.push({ authors: group, model, held });
    console.log(`  held out ${group.join(', ')} (${held.length}) ${elapsed()}`);
  }
  thresholds = pickThresholds(
    'chat-length',
    scored.filter(({ e }) => !isLong(e)),
  );
  longThresholds = pickThresholds(
    'long-text',
    scored.filter(({ e }) => isLong(e)),
  );
  // What each category's recall would be at other benign budgets: the trade-off, in numbers.
  console.log('\nclassifier recall by benign firing rate (out-of-author):  0.5%    1%    2%    3%    5%');
  for (const category of CATEGORIES) {
    const benignScores = scored
      .filter(({ e }) => e.label === 'benign')
      .map(({ p }) => p[category])
      .sort((a, b) => b - a);
    const positives = scored.filter(({ e }) => e.label === category).map(({ p }) => p[category]);
    const row = [0.005, 0.01, 0.02, 0.03, 0.05].map((share) => {
      const cut = benignScores[Math.floor(share * benignScores.length)] ?? 0;
      return (positives.filter((p) => p > cut).length / Math.max(1, positives.length)).toFixed(3);
    });
    console.log(`  ${category.padEnd(14)}${' '.repeat(41)}${row.join(' ')}`);
  }
  // The whole scanner (lists, patterns, context and the fold's model with these thresholds)
  // on each author it never learned from.
  const keywordLists = bundledKeywordLists();
  const distressLexicon = bundledDistressLexicon();
  const outcomes: Outcome[] = [];
  for (const fold of folds) {
    const scanner = createScanner({
      keywordLists,
      distressLexicon,
      classifier: { ...fold.model, thresholds, longThresholds },
    });
    outcomes.push(...run(scanner, fold.held));
  }
  report('Each author held out in turn (whole scanner; development figures, not the evaluation)', outcomes);
  // Training data may be read freely: its misses show what to write or fix next.
  writeFileSync(
    new URL('../training/held-out-misses.md', import.meta.url),
    `${misses('Held-out authors', outcomes).join('\n')}\n`,
  );
}

const model: SerializedModel = trainClassifier(usable, {
  ...TRAINING,
  lexicon,
  version,
  thresholds,
  sources,
});
const json = `${JSON.stringify(model)}\n`;
writeFileSync(MODEL_URL, json);
console.log(
  `\nmodel ${version}: ${MODEL_URL.pathname} (${(json.length / 1e6).toFixed(2)} MB) sha256 ${createHash('sha256').update(json).digest('hex')} in ${elapsed()}`,
);
