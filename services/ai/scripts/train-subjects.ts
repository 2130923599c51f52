/**
 * Trains the subject classifier from data/subject-examples.jsonl and writes
 * src/domain/subjects/model.json. Deterministic: the same examples give the
 * same bytes. Run: npx tsx services/ai/scripts/train-subjects.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { trainSubjectModel } from '../src/domain/subjects/classifier';
import { evaluateHeldOut, parseExamples } from '../src/domain/subjects/evaluation';
import { subjectModelPath } from '../src/domain/subjects/model-file';

const examplesPath = fileURLToPath(new URL('../data/subject-examples.jsonl', import.meta.url));
const examples = parseExamples(readFileSync(examplesPath, 'utf8'));

const report = evaluateHeldOut(examples);
console.log(
  `held-out accuracy ${(report.heldOut * 100).toFixed(1)}% on ${report.testCount} examples ` +
    `(hard cases ${(report.heldOutHard * 100).toFixed(1)}%), trained on ${report.trainCount}`,
);

const model = trainSubjectModel(examples);
writeFileSync(subjectModelPath, `${JSON.stringify(model)}\n`);
console.log(`wrote ${subjectModelPath} (${Object.keys(model.logLikelihoods).length} features)`);
