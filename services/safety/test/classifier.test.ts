import { describe, expect, it } from 'vitest';
import { readDataset } from '../scripts/read-dataset';
import { bundledClassifierModel } from '../src/bundled';
import {
  isTestExample,
  type LabeledExample,
  loadClassifier,
  trainClassifier,
} from '../src/domain/classifier';
import { compileLexicon, extractFeatures } from '../src/domain/features';
import { normalizeForMatching } from '../src/domain/normalize';
import { CATEGORIES, LANGS } from '../src/domain/types';

const dataset = readDataset();

describe('training corpus', () => {
  it('holds several authors, six languages and every label', () => {
    expect(dataset.length).toBeGreaterThanOrEqual(5000);
    expect(new Set(dataset.map((e) => e.source)).size).toBeGreaterThanOrEqual(4);
    const langs = new Set(dataset.map((e) => e.lang));
    expect(langs.has('ja') && langs.has('en')).toBe(true);
    expect(langs.size).toBeGreaterThanOrEqual(4);
    for (const lang of langs) expect(LANGS).toContain(lang);
    for (const label of ['benign', ...CATEGORIES])
      expect(dataset.filter((e) => e.label === label).length, label).toBeGreaterThan(30);
    // Every self-harm rung is represented, so the ladder head has something to learn from.
    for (const level of ['passive', 'active', 'method', 'intent', 'behaviour'])
      expect(dataset.filter((e) => e.level === level).length, level).toBeGreaterThan(50);
  });

  it('splits deterministically by text hash, about one in five to validation', () => {
    const validation = dataset.filter((e) => isTestExample(e.text));
    expect(validation.length / dataset.length).toBeGreaterThan(0.12);
    expect(validation.length / dataset.length).toBeLessThan(0.28);
  });
});

describe('classifier', () => {
  const subset: LabeledExample[] = dataset.filter((_, i) => i % 10 === 0);
  const lexicon = { ja: { 死ん: 'しぬ', しに: 'しぬ', 死に: 'しぬ' }, en: { pills: 'pill' } };

  it('training is deterministic: same data and seed give the same model', () => {
    const a = trainClassifier(subset, { seed: 7, epochs: 2, buckets: 1 << 12, lexicon });
    const b = trainClassifier(subset, { seed: 7, epochs: 2, buckets: 1 << 12, lexicon });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = trainClassifier(subset, { seed: 8, epochs: 2, buckets: 1 << 12, lexicon });
    expect(c.weights).not.toBe(a.weights);
  });

  it('learns: on its own training data it ranks the true category above the others', () => {
    const model = loadClassifier(trainClassifier(subset, { seed: 7, epochs: 6, buckets: 1 << 15, lexicon }));
    const harmful = subset.filter((e) => e.label !== 'benign');
    const correct = harmful.filter((e) => {
      const { categories } = model.predict(e.text, e.lang);
      const best = CATEGORIES.reduce((x, y) => (categories[y] > categories[x] ? y : x));
      return best === e.label;
    }).length;
    expect(correct / harmful.length).toBeGreaterThan(0.6);
  });

  it('the committed model loads, carries its thresholds and separates clear cases', () => {
    const model = loadClassifier(bundledClassifierModel());
    expect(model.thresholds.self_harm?.signal).toBeGreaterThanOrEqual(0.5);
    const danger = model.predict('I want to kill myself tonight', 'en');
    expect(danger.categories.self_harm).toBeGreaterThan(model.thresholds.self_harm!.signal);
    expect(model.predict('恐竜はなぜ絶滅したの？図鑑で調べています', 'ja').categories.self_harm).toBeLessThan(
      0.3,
    );
  });

  it('word features meet at the lemma: 死んじゃいたい and しにたい share しぬ', () => {
    const compiled = compileLexicon(lexicon);
    const features = (text: string) =>
      new Set(extractFeatures(normalizeForMatching(text, 'ja').text, 'ja', 1 << 20, compiled));
    const a = features('死んじゃいたい');
    const b = features('しにたい');
    const shared = [...a].filter((x) => b.has(x));
    const withoutLexicon = new Set(
      extractFeatures(normalizeForMatching('しにたい', 'ja').text, 'ja', 1 << 20, undefined),
    );
    // The lemma feature is shared, and it is not a character n-gram of either text.
    expect(shared.some((x) => !withoutLexicon.has(x))).toBe(true);
    // Katakana and half-width forms normalize to the same features.
    expect([...features('ｼﾈ')]).toEqual([...features('しね')]);
  });

  it('rejects a model of the wrong shape', () => {
    const model = { ...bundledClassifierModel(), buckets: 3 };
    expect(() => loadClassifier(model)).toThrow(/wrong size/);
  });
});
