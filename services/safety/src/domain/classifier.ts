import { normalizeForMatching } from './normalize';
import { CATEGORIES, type Category, type Lang } from './types';

/**
 * A character n-gram softmax regression. Character n-grams work the same for Japanese
 * (no spaces) and English and survive spelling games the keyword lists miss; hashing keeps
 * the model a fixed size. Trained by scripts/train.ts; deterministic for a given dataset.
 */
export const CLASSIFIER_LABELS = ['benign', ...CATEGORIES] as const;
export type ClassifierLabel = (typeof CLASSIFIER_LABELS)[number];

export interface LabeledExample {
  text: string;
  lang: Lang;
  label: ClassifierLabel;
}

/** The model as committed: int8-quantized weights, one scale per label, base64 encoded. */
export interface SerializedModel {
  format: 'manabee-char-ngram-softmax/1';
  version: string;
  buckets: number;
  maxN: number;
  labels: ClassifierLabel[];
  bias: number[];
  scales: number[];
  weights: string;
  trainedOn: { examples: number; seed: number; epochs: number };
}

export interface Classifier {
  readonly version: string;
  /** Probabilities per label, summing to 1. */
  predict(text: string, lang: Lang): Record<ClassifierLabel, number>;
  /** The same for text already passed through `normalizeForMatching`. */
  predictNormalized(normalizedText: string): Record<ClassifierLabel, number>;
}

/** Longest text the classifier reads: beyond this the keyword and pattern detectors carry on alone. */
export const CLASSIFIER_MAX_CHARS = 2000;

/** Hashed, de-duplicated n-gram bucket ids (FNV-1a over UTF-16 units), n = 1..maxN. */
export function featurize(text: string, lang: Lang, buckets: number, maxN: number): Uint32Array {
  return featurizeNormalized(
    normalizeForMatching(text.slice(0, CLASSIFIER_MAX_CHARS), lang).text,
    buckets,
    maxN,
  );
}

/** The same features from text already normalized by the scanner (normalizing twice is most of the cost). */
export function featurizeNormalized(normalizedText: string, buckets: number, maxN: number): Uint32Array {
  const normalized = ` ${normalizedText.slice(0, CLASSIFIER_MAX_CHARS)} `;
  const ids = new Uint32Array(normalized.length * maxN);
  let count = 0;
  for (let i = 0; i < normalized.length; i++) {
    let hash = 0x811c9dc5;
    const cjkStart = normalized.charCodeAt(i) >= 0x3000;
    for (let n = 1; n <= maxN && i + n <= normalized.length; n++) {
      hash ^= normalized.charCodeAt(i + n - 1);
      hash = Math.imul(hash, 0x01000193);
      // Unigrams carry little meaning and much noise in Latin text; keep them for CJK only.
      if (n === 1 && !cjkStart) continue;
      ids[count++] = ((hash ^ n) >>> 0) % buckets;
    }
  }
  // Sorted and de-duplicated: presence, not counts, so a repeated word cannot shout.
  const sorted = ids.subarray(0, count).sort();
  let unique = 0;
  for (let k = 0; k < sorted.length; k++)
    if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[unique++] = sorted[k]!;
  return sorted.slice(0, unique);
}

function softmax(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const l of logits) if (l > max) max = l;
  let sum = 0;
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i]! - max);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

function logitsOf(
  features: Uint32Array,
  weights: Float32Array,
  bias: ArrayLike<number>,
  buckets: number,
): Float64Array {
  const labels = bias.length;
  const logits = new Float64Array(labels);
  const value = features.length > 0 ? 1 / Math.sqrt(features.length) : 0;
  for (let c = 0; c < labels; c++) {
    let sum = bias[c]!;
    const row = c * buckets;
    for (let k = 0; k < features.length; k++) sum += weights[row + features[k]!]! * value;
    logits[c] = sum;
  }
  return logits;
}

export function loadClassifier(model: SerializedModel): Classifier {
  if (model.format !== 'manabee-char-ngram-softmax/1')
    throw new Error(`unknown classifier format ${model.format}`);
  const quantized = new Int8Array(Buffer.from(model.weights, 'base64').buffer.slice(0));
  if (quantized.length !== model.labels.length * model.buckets)
    throw new Error('classifier weights have the wrong size');
  const weights = new Float32Array(quantized.length);
  for (let c = 0; c < model.labels.length; c++) {
    const scale = model.scales[c]!;
    for (let b = 0; b < model.buckets; b++)
      weights[c * model.buckets + b] = quantized[c * model.buckets + b]! * scale;
  }
  const probabilities = (features: Uint32Array): Record<ClassifierLabel, number> => {
    const probs = softmax(logitsOf(features, weights, model.bias, model.buckets));
    const out = {} as Record<ClassifierLabel, number>;
    model.labels.forEach((label, i) => {
      out[label] = probs[i]!;
    });
    return out;
  };
  return {
    version: model.version,
    predict: (text, lang) => probabilities(featurize(text, lang, model.buckets, model.maxN)),
    predictNormalized: (normalizedText) =>
      probabilities(featurizeNormalized(normalizedText, model.buckets, model.maxN)),
  };
}

/** mulberry32: a tiny seeded PRNG so shuffles (and so the trained model) are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TrainOptions {
  seed?: number;
  epochs?: number;
  buckets?: number;
  maxN?: number;
  learningRate?: number;
  l2?: number;
  version?: string;
}

/** SGD on softmax cross-entropy with L2; classes weighted by inverse frequency so rare harms count. */
export function trainClassifier(
  examples: readonly LabeledExample[],
  options: TrainOptions = {},
): SerializedModel {
  const seed = options.seed ?? 20250601;
  const epochs = options.epochs ?? 12;
  const buckets = options.buckets ?? 1 << 15;
  const maxN = options.maxN ?? 4;
  const l2 = options.l2 ?? 1e-5;
  const baseRate = options.learningRate ?? 0.5;
  const labels = [...CLASSIFIER_LABELS];
  const labelIndex = new Map<ClassifierLabel, number>(labels.map((l, i) => [l, i]));
  const data = examples.map((e) => ({
    features: featurize(e.text, e.lang, buckets, maxN),
    label: labelIndex.get(e.label)!,
  }));

  const counts = new Array<number>(labels.length).fill(0);
  for (const d of data) counts[d.label]!++;
  const classWeight = counts.map((n) => (n === 0 ? 0 : Math.min(3, data.length / (labels.length * n))));

  const weights = new Float32Array(labels.length * buckets);
  const bias = new Float64Array(labels.length);
  const random = seededRandom(seed);
  const order = data.map((_, i) => i);
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const { features, label } = data[index]!;
      const rate = baseRate / (1 + 1e-4 * step++);
      const probs = softmax(logitsOf(features, weights, bias, buckets));
      const value = features.length > 0 ? 1 / Math.sqrt(features.length) : 0;
      const weight = classWeight[label]!;
      for (let c = 0; c < labels.length; c++) {
        const gradient = (probs[c]! - (c === label ? 1 : 0)) * weight;
        bias[c]! -= rate * gradient * 0.1;
        const row = c * buckets;
        for (let k = 0; k < features.length; k++) {
          const at = row + features[k]!;
          weights[at] = weights[at]! - rate * (gradient * value + l2 * weights[at]!);
        }
      }
    }
  }

  const scales: number[] = [];
  const quantized = new Int8Array(weights.length);
  for (let c = 0; c < labels.length; c++) {
    let max = 0;
    for (let b = 0; b < buckets; b++) max = Math.max(max, Math.abs(weights[c * buckets + b]!));
    const scale = max === 0 ? 1 : max / 127;
    scales.push(Number(scale.toPrecision(8)));
    for (let b = 0; b < buckets; b++)
      quantized[c * buckets + b] = Math.round(weights[c * buckets + b]! / scale);
  }
  return {
    format: 'manabee-char-ngram-softmax/1',
    version: options.version ?? `char-ngram-${seed}`,
    buckets,
    maxN,
    labels,
    bias: [...bias].map((b) => Number(b.toFixed(6))),
    scales,
    weights: Buffer.from(quantized.buffer).toString('base64'),
    trainedOn: { examples: examples.length, seed, epochs },
  };
}

/** A deterministic train/test split by text hash: the same text always lands on the same side. */
export function isTestExample(text: string): boolean {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 5 === 0;
}

export const isCategoryLabel = (label: ClassifierLabel): label is Category => label !== 'benign';
