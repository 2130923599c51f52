/**
 * Distils the lemma lexicon the scanner loads (see src/domain/features.ts) from real
 * analysers run over the training texts: kuromoji (IPADIC, shipped in its npm package) for
 * Japanese and wink-nlp with its English model for English. Training-time only.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import kuromoji from 'kuromoji';
import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
import type { Lexicon } from '../src/domain/features';
import { normalizeForMatching } from '../src/domain/normalize';

const require = createRequire(import.meta.url);

interface Token {
  surface_form: string;
  basic_form: string;
  reading?: string;
  pos: string;
}

const toHiragana = (text: string): string =>
  text.replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
const isKana = (text: string): boolean => /^[\u3041-\u309f\u30a1-\u30fcー]+$/.test(text);
const CONTENT = new Set(['動詞', '形容詞', '名詞', '助動詞', '副詞', '形容動詞']);

/**
 * The lemma written in hiragana, so 死ぬ and しぬ are one: the surface's reading, less the
 * reading of its kana ending, plus the dictionary form's ending (死ん/シン -> し + ぬ).
 */
export function lemmaReading(token: Token): string | undefined {
  const { surface_form: surface, basic_form: basic } = token;
  if (!basic || basic === '*') return undefined;
  if (isKana(basic)) return toHiragana(basic);
  const reading = token.reading ? toHiragana(token.reading) : undefined;
  if (!reading) return undefined;
  let prefix = 0;
  while (prefix < surface.length && surface[prefix] === basic[prefix]) prefix++;
  if (prefix === 0) return undefined;
  const surfaceTail = toHiragana(surface.slice(prefix));
  const basicTail = basic.slice(prefix);
  // Only a kanji stem with kana endings can be re-read this way (食べ/食べる, 死ん/死ぬ).
  if ((surfaceTail !== '' && !isKana(surfaceTail)) || (basicTail !== '' && !isKana(basicTail)))
    return undefined;
  if (!reading.endsWith(surfaceTail)) return undefined;
  return reading.slice(0, reading.length - surfaceTail.length) + toHiragana(basicTail);
}

async function japaneseTokenizer(): Promise<{ tokenize(text: string): Token[] }> {
  const dicPath = join(dirname(require.resolve('kuromoji/package.json')), 'dict');
  return new Promise((resolve, reject) =>
    kuromoji.builder({ dicPath }).build((error, tokenizer) => (error ? reject(error) : resolve(tokenizer))),
  );
}

export async function buildLexicon(texts: ReadonlyArray<{ text: string; lang: string }>): Promise<Lexicon> {
  const tokenizer = await japaneseTokenizer();
  const counts = new Map<string, Map<string, number>>();
  const readingCounts = new Map<string, Map<string, number>>();
  for (const { text, lang } of texts) {
    if (lang !== 'ja') continue;
    for (const token of tokenizer.tokenize(text.normalize('NFKC'))) {
      // Every word written with kanji, whatever its part of speech, learns its kana reading.
      if (/[\u4e00-\u9fff]/.test(token.surface_form) && token.reading && token.reading !== '*') {
        const surface = normalizeForMatching(token.surface_form, 'ja').text;
        const forSurface = readingCounts.get(surface) ?? new Map<string, number>();
        const reading = toHiragana(token.reading);
        forSurface.set(reading, (forSurface.get(reading) ?? 0) + 1);
        readingCounts.set(surface, forSurface);
      }
      if (!CONTENT.has(token.pos)) continue;
      const lemma = lemmaReading(token);
      if (!lemma) continue;
      const surface = normalizeForMatching(token.surface_form, 'ja').text;
      // One hiragana character matches everywhere; a single kanji is a word.
      if (surface.length < 2 && !/[\u4e00-\u9fff]/.test(surface)) continue;
      const forSurface = counts.get(surface) ?? new Map<string, number>();
      forSurface.set(lemma, (forSurface.get(lemma) ?? 0) + 1);
      counts.set(surface, forSurface);
    }
  }
  const ja: Record<string, string> = {};
  for (const surface of [...counts.keys()].sort()) {
    const lemmas = [...counts.get(surface)!.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    ja[surface] = lemmas[0]![0];
  }

  const jaReading: Record<string, string> = {};
  for (const surface of [...readingCounts.keys()].sort()) {
    const readings = [...readingCounts.get(surface)!.entries()].sort(
      (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
    );
    jaReading[surface] = readings[0]![0];
  }

  const nlp = winkNLP(model);
  const its = nlp.its;
  const en: Record<string, string> = {};
  for (const { text, lang } of texts) {
    if (lang !== 'en') continue;
    const doc = nlp.readDoc(normalizeForMatching(text, 'en').text);
    const normals = doc.tokens().out(its.normal) as string[];
    // wink-nlp types `its.lemma` as needing the model add-ons it is given here.
    const lemmas = doc.tokens().out(its.lemma as typeof its.normal) as string[];
    normals.forEach((word, i) => {
      const lemma = lemmas[i];
      if (lemma && lemma !== word && /^[a-z']+$/.test(word)) en[word] = lemma;
    });
  }
  const sortedEn = Object.fromEntries(Object.entries(en).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { ja, en: sortedEn, jaReading };
}
