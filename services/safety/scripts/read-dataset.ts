import { readFileSync } from 'node:fs';
import { CLASSIFIER_LABELS, type ClassifierLabel, type LabeledExample } from '../src/domain/classifier';
import { isLang } from '../src/domain/types';

export const DATASET_URL = new URL('../src/data/dataset.jsonl', import.meta.url);
export const MODEL_URL = new URL('../src/data/model.json', import.meta.url);

/** Reads the labeled JSONL set, refusing a malformed line rather than training on it. */
export function readDataset(url: URL = DATASET_URL): LabeledExample[] {
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const record = JSON.parse(line) as Partial<LabeledExample>;
      if (
        typeof record.text !== 'string' ||
        !isLang(record.lang) ||
        !CLASSIFIER_LABELS.includes(record.label as ClassifierLabel)
      ) {
        throw new Error(`dataset line ${i + 1} is malformed: ${line.slice(0, 80)}`);
      }
      return { text: record.text, lang: record.lang, label: record.label as ClassifierLabel };
    });
}
