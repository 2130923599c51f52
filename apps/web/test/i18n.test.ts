import { describe, expect, it } from 'vitest';
import { LANGUAGES, loadCatalog } from '../src/i18n/index';
import { ja } from '../src/i18n/locales/ja';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    keys(v, prefix ? `${prefix}.${k}` : k),
  );
}

function leaf(catalog: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog);
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  const source = keys(ja).sort();

  it.each(LANGUAGES)('%s has exactly the keys of ja, each a non-empty string', async (language) => {
    const catalog = await loadCatalog(language);
    expect(keys(catalog).sort()).toEqual(source);
    for (const key of source) {
      const text = leaf(catalog, key);
      expect(typeof text === 'string' && text.trim().length > 0, `${language}:${key}`).toBe(true);
    }
  });

  it.each(LANGUAGES)('%s keeps every {{placeholder}} of ja', async (language) => {
    const catalog = await loadCatalog(language);
    for (const key of source) {
      expect(placeholders(leaf(catalog, key) as string), `${language}:${key}`).toEqual(
        placeholders(leaf(ja, key) as string),
      );
    }
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))(
    '%s is translated, not a copy of English',
    async (language) => {
      const [catalog, en] = await Promise.all([loadCatalog(language), loadCatalog('en')]);
      const same = source.filter(
        (key) => leaf(catalog, key) === leaf(en, key) && !key.startsWith('languages.'),
      );
      // Cognates and codes ("Panda", "SMS", "Tutor") may match; whole sections may not.
      expect(same.length, same.join(', ')).toBeLessThan(source.length * 0.05);
    },
  );
});
