import { describe, expect, it } from 'vitest';
import { readDataset } from '../scripts/read-dataset';
import { bundledClassifierModel } from '../src/bundled';
import {
  CLASSIFIER_LABELS,
  featurize,
  isTestExample,
  type LabeledExample,
  loadClassifier,
  trainClassifier,
} from '../src/domain/classifier';

const dataset = readDataset();

describe('labeled dataset', () => {
  it('has at least 1,500 ja and en examples across every label', () => {
    expect(dataset.length).toBeGreaterThanOrEqual(1500);
    expect(new Set(dataset.map((e) => e.lang))).toEqual(new Set(['ja', 'en']));
    for (const label of CLASSIFIER_LABELS)
      expect(dataset.filter((e) => e.label === label).length).toBeGreaterThan(30);
    expect(new Set(dataset.map((e) => e.text)).size).toBe(dataset.length);
  });

  it('splits deterministically by text hash, about one in five to test', () => {
    const test = dataset.filter((e) => isTestExample(e.text));
    expect(test.length / dataset.length).toBeGreaterThan(0.12);
    expect(test.length / dataset.length).toBeLessThan(0.28);
    expect(dataset.filter((e) => isTestExample(e.text))).toEqual(test);
  });
});

describe('classifier', () => {
  const subset: LabeledExample[] = dataset.filter((_, i) => i % 12 === 0);

  it('training is deterministic: same data and seed give the same model', () => {
    const a = trainClassifier(subset, { seed: 7, epochs: 3, buckets: 1 << 12 });
    const b = trainClassifier(subset, { seed: 7, epochs: 3, buckets: 1 << 12 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = trainClassifier(subset, { seed: 8, epochs: 3, buckets: 1 << 12 });
    expect(c.weights).not.toBe(a.weights);
  });

  it('learns: a model trained on a subset predicts its own examples better than chance', () => {
    const model = loadClassifier(trainClassifier(subset, { seed: 7, epochs: 8, buckets: 1 << 14 }));
    const correct = subset.filter((e) => {
      const probs = model.predict(e.text, e.lang);
      const best = CLASSIFIER_LABELS.reduce((x, y) => (probs[y] > probs[x] ? y : x));
      return best === e.label;
    }).length;
    expect(correct / subset.length).toBeGreaterThan(0.6);
  });

  it('the committed model loads and separates clear cases', () => {
    const model = loadClassifier(bundledClassifierModel());
    expect(model.predict('I want to die', 'en').self_harm).toBeGreaterThan(0.5);
    expect(model.predict('恐竜はなぜ絶滅したの', 'ja').benign).toBeGreaterThan(0.5);
    const sum = Object.values(model.predict('hello', 'en')).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 5);
  });

  it('features are hashed n-grams of the normalized text', () => {
    const a = featurize('ｼﾈ', 'ja', 1024, 3);
    const b = featurize('しね', 'ja', 1024, 3);
    expect([...a]).toEqual([...b]);
    expect(a.every((x) => x < 1024)).toBe(true);
  });

  it('rejects a model of the wrong shape', () => {
    const model = { ...bundledClassifierModel(), buckets: 3 };
    expect(() => loadClassifier(model)).toThrow(/wrong size/);
  });
});
