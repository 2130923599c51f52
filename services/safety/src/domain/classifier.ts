import {
  CLASSIFIER_MAX_CHARS,
  type CompiledLexicon,
  compileLexicon,
  extractFeatures,
  type Lexicon,
} from './features';
import { normalizeForMatching } from './normalize';
import { CATEGORIES, type Category, type Lang, SELF_HARM_LEVELS, type SelfHarmLevel } from './types';

/**
 * A linear model over hashed character n-grams and word lemmas (see features.ts): one
 * logistic head per category (a message may be bullying and self-harm at once) and a softmax
 * head over the self-harm ladder. Trained by scripts/train.ts; deterministic for given data.
 */
export const CLASSIFIER_LABELS = ['benign', ...CATEGORIES] as const;
export type ClassifierLabel = (typeof CLASSIFIER_LABELS)[number];

export interface LabeledExample {
  text: string;
  lang: Lang;
  label: ClassifierLabel;
  /** Self-harm only: where on the ladder the message sits. */
  level?: SelfHarmLevel;
}

/** Per-category probability cut-offs chosen on the validation split (never on evaluation data). */
export interface ClassifierThresholds {
  signal: number;
  strong: number;
}

/** The model as committed: int8-quantized weights, one scale per head, base64 encoded. */
export interface SerializedModel {
  format: 'manabee-hashed-linear/2';
  version: string;
  buckets: number;
  heads: Category[];
  bias: number[];
  scales: number[];
  weights: string;
  levels: SelfHarmLevel[];
  levelBias: number[];
  levelScales: number[];
  levelWeights: string;
  thresholds: Partial<Record<Category, ClassifierThresholds>>;
  /**
   * Cut-offs for long texts (over LONG_TEXT_CHARS): essays, posts and stories use the words of
   * harm far more often than a child's chat line does, so they are calibrated on their own.
   */
  longThresholds?: Partial<Record<Category, ClassifierThresholds>>;
  lexicon: Lexicon;
  trainedOn: { examples: number; seed: number; epochs: number; sources: Record<string, number> };
}

export interface Prediction {
  /** Probability per category, each on its own (they do not sum to 1). */
  categories: Record<Category, number>;
  /**
   * The most likely rung of the self-harm ladder and its probability, should it be self-harm.
   * Computed when asked: most messages are not self-harm, and the ladder head is a third of the work.
   */
  ladder(): { level: SelfHarmLevel; probability: number };
}

export interface Classifier {
  readonly version: string;
  readonly thresholds: Partial<Record<Category, ClassifierThresholds>>;
  readonly longThresholds: Partial<Record<Category, ClassifierThresholds>>;
  predict(text: string, lang: Lang): Prediction;
  /** The same for text already passed through `normalizeForMatching`. */
  predictNormalized(normalizedText: string, lang: Lang): Prediction;
}

export { CLASSIFIER_MAX_CHARS };
/** Texts longer than this are judged with the long-text thresholds. */
export const LONG_TEXT_CHARS = 300;

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function softmaxInPlace(values: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    values[i] = Math.exp(values[i]! - max);
    sum += values[i]!;
  }
  for (let i = 0; i < values.length; i++) values[i]! /= sum;
  return values;
}

function logits(features: Uint32Array, weights: Float32Array, bias: ArrayLike<number>, buckets: number) {
  const out = new Float64Array(bias.length);
  const value = features.length > 0 ? 1 / Math.sqrt(features.length) : 0;
  for (let c = 0; c < bias.length; c++) {
    let sum = 0;
    const row = c * buckets;
    for (let k = 0; k < features.length; k++) sum += weights[row + features[k]!]!;
    out[c] = bias[c]! + sum * value;
  }
  return out;
}

function quantize(weights: Float32Array, rows: number, buckets: number) {
  const scales: number[] = [];
  const quantized = new Int8Array(weights.length);
  for (let c = 0; c < rows; c++) {
    let max = 0;
    for (let b = 0; b < buckets; b++) max = Math.max(max, Math.abs(weights[c * buckets + b]!));
    const scale = max === 0 ? 1 : max / 127;
    scales.push(Number(scale.toPrecision(8)));
    for (let b = 0; b < buckets; b++)
      quantized[c * buckets + b] = Math.round(weights[c * buckets + b]! / scale);
  }
  return { scales, weights: Buffer.from(quantized.buffer).toString('base64') };
}

export function loadClassifier(model: SerializedModel): Classifier {
  if (model.format !== 'manabee-hashed-linear/2')
    throw new Error(`unknown classifier format ${model.format}`);
  // At run time the int8 weights stay int8 and bucket-major: one feature's weights for every
  // head sit in adjacent bytes, so a message's few thousand features touch a 1.2 MB table a
  // cache line each. Scales are applied once per head at the end (exact: the float weights
  // are these integers times the scale). The ladder has a table of its own, read only for
  // messages the self-harm head calls self-harm.
  const quantized = (encoded: string, scales: readonly number[]) => {
    const q = new Int8Array(Buffer.from(encoded, 'base64').buffer.slice(0));
    if (q.length !== scales.length * model.buckets) throw new Error('classifier weights have the wrong size');
    const table = new Int8Array(q.length);
    const rows = scales.length;
    for (let r = 0; r < rows; r++)
      for (let b = 0; b < model.buckets; b++) table[b * rows + r] = q[r * model.buckets + b]!;
    return { table, rows, scales };
  };
  if (model.scales.length !== model.heads.length || model.levelScales.length !== model.levels.length)
    throw new Error('classifier weights have the wrong size');
  const heads = quantized(model.weights, model.scales);
  const ladder = quantized(model.levelWeights, model.levelScales);
  const lexicon = compileLexicon(model.lexicon);
  const totals = new Int32Array(Math.max(heads.rows, ladder.rows));
  const scores = (
    features: Uint32Array,
    { table, rows, scales }: { table: Int8Array; rows: number; scales: readonly number[] },
    bias: readonly number[],
  ): Float64Array => {
    totals.fill(0);
    for (let k = 0; k < features.length; k++) {
      const at = features[k]! * rows;
      for (let r = 0; r < rows; r++) totals[r]! += table[at + r]!;
    }
    const value = features.length > 0 ? 1 / Math.sqrt(features.length) : 0;
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) out[r] = bias[r]! + totals[r]! * scales[r]! * value;
    return out;
  };
  const predictFeatures = (features: Uint32Array): Prediction => {
    const logits = scores(features, heads, model.bias);
    const categories = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
    model.heads.forEach((category, i) => {
      categories[category] = sigmoid(logits[i]!);
    });
    return {
      categories,
      ladder: () => {
        const levels = softmaxInPlace(scores(features, ladder, model.levelBias));
        let best = 0;
        for (let i = 1; i < levels.length; i++) if (levels[i]! > levels[best]!) best = i;
        return { level: model.levels[best]!, probability: levels[best]! };
      },
    };
  };
  return {
    version: model.version,
    thresholds: model.thresholds,
    longThresholds: model.longThresholds ?? model.thresholds,
    predict: (text, lang) =>
      predictFeatures(
        extractFeatures(
          normalizeForMatching(text.slice(0, CLASSIFIER_MAX_CHARS), lang).text,
          lang,
          model.buckets,
          lexicon,
        ),
      ),
    predictNormalized: (normalizedText, lang) =>
      predictFeatures(extractFeatures(normalizedText, lang, model.buckets, lexicon)),
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
  learningRate?: number;
  l2?: number;
  version?: string;
  lexicon?: Lexicon;
  thresholds?: Partial<Record<Category, ClassifierThresholds>>;
  longThresholds?: Partial<Record<Category, ClassifierThresholds>>;
  sources?: Record<string, number>;
}

/** The features the trainer sees are exactly the ones the scanner computes. */
export function featuresFor(
  example: { text: string; lang: Lang },
  buckets: number,
  lexicon: CompiledLexicon,
) {
  return extractFeatures(
    normalizeForMatching(example.text.slice(0, CLASSIFIER_MAX_CHARS), example.lang).text,
    example.lang,
    buckets,
    lexicon,
  );
}

/**
 * SGD on logistic loss per category head (positives weighted up to balance rare harms) and
 * softmax cross-entropy for the ladder head (self-harm examples with a level only), with L2.
 */
export function trainClassifier(
  examples: readonly LabeledExample[],
  options: TrainOptions = {},
): SerializedModel {
  const seed = options.seed ?? 20261202;
  const epochs = options.epochs ?? 8;
  const buckets = options.buckets ?? 1 << 17;
  const l2 = options.l2 ?? 1e-6;
  const baseRate = options.learningRate ?? 0.4;
  const lexicon = options.lexicon ?? { ja: {}, en: {} };
  const compiled = compileLexicon(lexicon);
  const heads = [...CATEGORIES];
  const levels = [...SELF_HARM_LEVELS];
  const data = examples.map((e) => ({
    features: featuresFor(e, buckets, compiled),
    head: e.label === 'benign' ? -1 : heads.indexOf(e.label),
    level: e.label === 'self_harm' && e.level ? levels.indexOf(e.level) : -1,
  }));
  const positives = heads.map((_, h) => data.filter((d) => d.head === h).length);
  // Positives count as if each head saw a quarter of the data, up to 8x: recall on rare harms matters more.
  const positiveWeight = positives.map((n) =>
    n === 0 ? 1 : Math.min(8, Math.max(1, data.length / (4 * n))),
  );

  const weights = new Float32Array(heads.length * buckets);
  const bias = new Float64Array(heads.length).fill(-2);
  const levelWeights = new Float32Array(levels.length * buckets);
  const levelBias = new Float64Array(levels.length);
  const random = seededRandom(seed);
  const order = data.map((_, i) => i);
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const { features, head, level } = data[index]!;
      const rate = baseRate / (1 + 2e-5 * step++);
      const value = features.length > 0 ? 1 / Math.sqrt(features.length) : 0;
      const scores = logits(features, weights, bias, buckets);
      for (let h = 0; h < heads.length; h++) {
        const target = h === head ? 1 : 0;
        const gradient = (sigmoid(scores[h]!) - target) * (target === 1 ? positiveWeight[h]! : 1);
        bias[h]! -= rate * gradient * 0.05;
        const row = h * buckets;
        for (let k = 0; k < features.length; k++) {
          const at = row + features[k]!;
          weights[at] = weights[at]! - rate * (gradient * value + l2 * weights[at]!);
        }
      }
      if (level < 0) continue;
      const probs = softmaxInPlace(logits(features, levelWeights, levelBias, buckets));
      for (let l = 0; l < levels.length; l++) {
        const gradient = probs[l]! - (l === level ? 1 : 0);
        levelBias[l]! -= rate * gradient * 0.05;
        const row = l * buckets;
        for (let k = 0; k < features.length; k++) {
          const at = row + features[k]!;
          levelWeights[at] = levelWeights[at]! - rate * (gradient * value + l2 * levelWeights[at]!);
        }
      }
    }
  }
  const main = quantize(weights, heads.length, buckets);
  const ladder = quantize(levelWeights, levels.length, buckets);
  return {
    format: 'manabee-hashed-linear/2',
    version: options.version ?? `hashed-linear-${seed}`,
    buckets,
    heads,
    bias: [...bias].map((b) => Number(b.toFixed(6))),
    scales: main.scales,
    weights: main.weights,
    levels,
    levelBias: [...levelBias].map((b) => Number(b.toFixed(6))),
    levelScales: ladder.scales,
    levelWeights: ladder.weights,
    thresholds: options.thresholds ?? {},
    ...(options.longThresholds ? { longThresholds: options.longThresholds } : {}),
    lexicon,
    trainedOn: { examples: examples.length, seed, epochs, sources: options.sources ?? {} },
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
