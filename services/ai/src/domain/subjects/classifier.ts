import { type Subject, subjects } from '../../types';

/**
 * Multinomial naive Bayes over character n-grams: no tokenizer needed for
 * Japanese, robust to typos, and small enough to ship as JSON. Trained by
 * `scripts/train-subjects.ts`; training and scoring share `features` so they
 * can never drift apart.
 */
export interface SubjectModel {
  version: number;
  minN: number;
  maxN: number;
  labels: Subject[];
  logPriors: number[];
  /** Per label: log P(feature | label) for kept features. */
  logLikelihoods: Record<string, number[]>;
  /** Per label: log P(unseen feature | label) (additive smoothing). */
  logUnseen: number[];
}

export interface SubjectPrediction {
  subject: Subject;
  confidence: number;
}

export function normalizeForSubject(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\d+/g, '0').replace(/\s+/g, ' ').trim();
}

export function features(text: string, minN: number, maxN: number): string[] {
  const padded = ` ${normalizeForSubject(text)} `;
  const chars = [...padded];
  const out: string[] = [];
  for (let n = minN; n <= maxN; n++) {
    for (let start = 0; start + n <= chars.length; start++) {
      const gram = chars.slice(start, start + n).join('');
      if (gram.trim()) out.push(gram);
    }
  }
  return out;
}

/** Longer texts are cut: the opening carries the subject and scoring stays O(1). */
const MAX_CHARS = 500;

export function predictSubject(model: SubjectModel, text: string): SubjectPrediction {
  const grams = [...new Set(features(text.slice(0, MAX_CHARS), model.minN, model.maxN))];
  if (grams.length === 0) return { subject: 'other', confidence: 0 };
  const scores = model.logPriors.map((prior, label) => {
    let score = prior;
    for (const gram of grams) score += model.logLikelihoods[gram]?.[label] ?? model.logUnseen[label]!;
    return score;
  });
  const best = scores.reduce((top, score, index) => (score > scores[top]! ? index : top), 0);
  const max = scores[best]!;
  const total = scores.reduce((sum, score) => sum + Math.exp(score - max), 0);
  return { subject: model.labels[best]!, confidence: 1 / total };
}

export interface LabeledExample {
  text: string;
  subject: Subject;
  lang: string;
}

export function trainSubjectModel(
  examples: readonly LabeledExample[],
  options: { minN?: number; maxN?: number; minCount?: number; smoothing?: number } = {},
): SubjectModel {
  const minN = options.minN ?? 1;
  const maxN = options.maxN ?? 3;
  const minCount = options.minCount ?? 1;
  const alpha = options.smoothing ?? 0.03;
  const labels = [...subjects];
  const counts = new Map<string, number[]>();
  const totals = labels.map(() => 0);
  const docs = labels.map(() => 0);
  for (const example of examples) {
    const label = labels.indexOf(example.subject);
    docs[label]! += 1;
    // Binarized counts: a phrase repeated in one example should not outvote other examples.
    for (const gram of new Set(features(example.text, minN, maxN))) {
      let row = counts.get(gram);
      if (!row) {
        row = labels.map(() => 0);
        counts.set(gram, row);
      }
      row[label]! += 1;
      totals[label]! += 1;
    }
  }
  // minCount > 1 drops rare n-grams to shrink the JSON, at some cost in accuracy (measured in the script).
  const kept = [...counts.entries()]
    .filter(([, row]) => row.reduce((sum, value) => sum + value, 0) >= minCount)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const vocabulary = kept.length + 1;
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  const logLikelihoods: Record<string, number[]> = {};
  for (const [gram, row] of kept) {
    logLikelihoods[gram] = row.map((count, label) =>
      round(Math.log((count + alpha) / (totals[label]! + alpha * vocabulary))),
    );
  }
  const documentCount = examples.length;
  return {
    version: 1,
    minN,
    maxN,
    labels,
    logPriors: docs.map((count) => round(Math.log((count + 1) / (documentCount + labels.length)))),
    logLikelihoods,
    logUnseen: totals.map((total) => round(Math.log(alpha / (total + alpha * vocabulary)))),
  };
}
