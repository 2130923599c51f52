/**
 * Writes training/templates.jsonl: the labeled set the classifier learns from and the eval
 * measures on. Deterministic: templates are expanded with a seeded generator, so running
 * it twice gives the same file. Run: npx tsx services/safety/scripts/build-dataset.ts
 */
import { writeFileSync } from 'node:fs';
import {
  CLASSIFIER_LABELS,
  type ClassifierLabel,
  type LabeledExample,
  seededRandom,
} from '../src/domain/classifier';
import { en } from './dataset/en';
import { ja } from './dataset/ja';
import type { LanguageTemplates } from './dataset/types';

/** Sentences per template: enough variety without copying one pattern a hundred times. */
const PER_TEMPLATE: Record<ClassifierLabel, number> = {
  benign: 5,
  self_harm: 5,
  bullying: 5,
  violence: 5,
  sexual: 5,
  grooming: 5,
  personal_info: 6,
  hate: 5,
  drugs: 5,
  profanity: 5,
};

function expand(template: string, slots: LanguageTemplates['slots'], random: () => number): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const values = slots[name];
    if (!values) throw new Error(`unknown slot {${name}} in "${template}"`);
    return values[Math.floor(random() * values.length)]!;
  });
}

export function buildDataset(seed = 20250601): LabeledExample[] {
  const random = seededRandom(seed);
  const examples: LabeledExample[] = [];
  const seen = new Set<string>();
  for (const [lang, spec] of [
    ['ja', ja],
    ['en', en],
  ] as const) {
    for (const label of CLASSIFIER_LABELS) {
      for (const template of spec.templates[label]) {
        const wanted = template.includes('{') ? PER_TEMPLATE[label] : Math.ceil(PER_TEMPLATE[label] / 2);
        for (let attempt = 0, made = 0; attempt < wanted * 6 && made < wanted; attempt++) {
          const prefix = spec.prefixes[Math.floor(random() * spec.prefixes.length)]!;
          const suffix = spec.suffixes[Math.floor(random() * spec.suffixes.length)]!;
          const text = `${prefix}${expand(template, spec.slots, random)}${suffix}`.trim();
          if (seen.has(text)) continue;
          seen.add(text);
          examples.push({ text, lang, label });
          made++;
        }
      }
    }
  }
  return examples;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const examples = buildDataset();
  const out = new URL('../training/templates.jsonl', import.meta.url);
  writeFileSync(out, `${examples.map((e) => JSON.stringify(e)).join('\n')}\n`);
  const counts: Record<string, number> = {};
  for (const e of examples) counts[`${e.lang}/${e.label}`] = (counts[`${e.lang}/${e.label}`] ?? 0) + 1;
  console.log(`wrote ${examples.length} examples to ${out.pathname}`);
  console.log(counts);
}
