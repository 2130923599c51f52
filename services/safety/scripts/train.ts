/**
 * Trains the character n-gram classifier on the train split of src/data/dataset.jsonl and
 * writes src/data/model.json. Seeded and deterministic: the same dataset gives the same
 * bytes (the printed sha256 lets a reviewer check). Run: npx tsx services/safety/scripts/train.ts
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { isTestExample, trainClassifier } from '../src/domain/classifier';
import { MODEL_URL, readDataset } from './read-dataset';

const examples = readDataset();
const train = examples.filter((e) => !isTestExample(e.text));
const started = performance.now();
const model = trainClassifier(train, { seed: 20250601, version: 'char-ngram-2025-06-01' });
const json = `${JSON.stringify(model)}\n`;
writeFileSync(MODEL_URL, json);
console.log(
  `trained on ${train.length} of ${examples.length} examples (test split held out: ${examples.length - train.length}) in ${Math.round(performance.now() - started)} ms`,
);
console.log(
  `model: ${MODEL_URL.pathname} (${json.length} bytes) sha256 ${createHash('sha256').update(json).digest('hex')}`,
);
