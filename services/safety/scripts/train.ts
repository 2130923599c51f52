/**
 * Trains the safety classifier and writes src/data/model.json:
 *   1. reads every labelled set under training/ (authors, public sets) and training/feedback/
 *      (operators' labels exported from the console);
 *   2. distils the lemma lexicon from kuromoji and wink-nlp over those texts;
 *   3. trains on the hash-split train part, picks per-category thresholds on the validation
 *      part (the evaluation sets under eval/ are never read here);
 *   4. retrains on everything with the same settings and writes the model with its thresholds.
 * Seeded and deterministic: the same data gives the same bytes (the printed sha256 shows it).
 * Run: npm run safety:train
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import {
  type ClassifierThresholds,
  isTestExample,
  loadClassifier,
  type SerializedModel,
  trainClassifier,
} from '../src/domain/classifier';
import { CATEGORIES, type Category } from '../src/domain/types';
import { buildLexicon } from './lexicon';
import { MODEL_URL, readDataset, type SourcedExample } from './read-dataset';

const SEED = 20261202;
/** Share of validation benign messages a category's signal may fire on, and its strong level. */
const BENIGN_BUDGET = { signal: 0.012, strong: 0.004 };
/** Lowest thresholds allowed. Grooming from one message is a report or a request, rarely a question. */
const FLOORS: Partial<Record<Category | 'default', ClassifierThresholds>> = {
  default: { signal: 0.5, strong: 0.8 },
  grooming: { signal: 0.7, strong: 0.85 },
};

const started = performance.now();
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
  `lexicon: ${Object.keys(lexicon.ja).length} Japanese surface forms, ${Object.keys(lexicon.en).length} English word forms (${Math.round(performance.now() - started)} ms)`,
);

const train = usable.filter((e) => !isTestExample(e.text));
const validation = usable.filter((e) => isTestExample(e.text));
const version = `hashed-linear-${new Date().toISOString().slice(0, 10)}`;
const first = loadClassifier(trainClassifier(train, { seed: SEED, lexicon, version }));

function pickThresholds(
  examples: readonly SourcedExample[],
): Partial<Record<Category, ClassifierThresholds>> {
  const predictions = examples.map((e) => ({ e, p: first.predict(e.text, e.lang).categories }));
  const benign = predictions.filter(({ e }) => e.label === 'benign');
  const out: Partial<Record<Category, ClassifierThresholds>> = {};
  for (const category of CATEGORIES) {
    // The lowest cut-off whose benign firing rate stays within budget, never below the floor:
    // the validation benign set is smaller and tidier than what children type all day.
    const scores = benign.map(({ p }) => p[category]).sort((a, b) => b - a);
    const at = (share: number, floor: number) =>
      Math.max(floor, (scores[Math.floor(share * scores.length)] ?? 0) + 1e-6);
    const floor = FLOORS[category] ?? FLOORS.default!;
    const signal = Number(at(BENIGN_BUDGET.signal, floor.signal).toFixed(4));
    const strong = Number(Math.max(signal, at(BENIGN_BUDGET.strong, floor.strong)).toFixed(4));
    out[category] = { signal, strong };
    const positives = predictions.filter(({ e }) => e.label === category);
    const caught = positives.filter(({ p }) => p[category] >= signal).length;
    console.log(
      `  ${category.padEnd(14)} signal ${signal.toFixed(3)} strong ${strong.toFixed(3)}  validation recall ${positives.length ? (caught / positives.length).toFixed(3) : '-'} (${caught}/${positives.length})`,
    );
  }
  return out;
}

console.log(`thresholds from the validation split (${validation.length} messages):`);
const thresholds = pickThresholds(validation);
const model: SerializedModel = trainClassifier(usable, { seed: SEED, lexicon, version, thresholds, sources });
const json = `${JSON.stringify(model)}\n`;
writeFileSync(MODEL_URL, json);
console.log(
  `model ${version}: ${MODEL_URL.pathname} (${(json.length / 1e6).toFixed(2)} MB) sha256 ${createHash('sha256').update(json).digest('hex')} in ${Math.round(performance.now() - started)} ms`,
);
