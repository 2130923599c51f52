import { readFileSync } from 'node:fs';
import type { SerializedModel } from './domain/classifier';
import type { DistressLexicon } from './domain/distress';
import { type KeywordList, parseKeywordList } from './domain/keyword-list';
import { createScanner, type Scanner, type ScannerConfig } from './domain/scanner';
import type { Lang } from './domain/types';

/**
 * The lists, lexicon and model shipped in src/data. Reading them is the only I/O of the
 * scanner, done once on first use; the domain code receives them as plain values.
 */
const readData = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`./data/${path}`, import.meta.url), 'utf8'));

const BUNDLED_LANGS: readonly Lang[] = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'es'];

/** The shipped keyword lists, validated like any operator-supplied list. */
export const bundledKeywordLists = (): KeywordList[] =>
  BUNDLED_LANGS.map((lang) => parseKeywordList(readData(`keywords/${lang}.json`)));

export const bundledDistressLexicon = (): DistressLexicon =>
  readData('distress-lexicon.json') as DistressLexicon;
export const bundledClassifierModel = (): SerializedModel => readData('model.json') as SerializedModel;

let shared: Scanner | undefined;

/**
 * The scanner with the shipped data. Building it compiles automatons and decodes the model,
 * so the default one is built once and shared; `overrides` (e.g. lists an operator just
 * published) give a fresh one.
 */
export function createDefaultScanner(overrides: Partial<ScannerConfig> = {}): Scanner {
  const isDefault = Object.keys(overrides).length === 0;
  if (isDefault && shared) return shared;
  const scanner = createScanner({
    keywordLists: bundledKeywordLists(),
    distressLexicon: bundledDistressLexicon(),
    classifier: bundledClassifierModel(),
    ...overrides,
  });
  if (isDefault) shared = scanner;
  return scanner;
}
