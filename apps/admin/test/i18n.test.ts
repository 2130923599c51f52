import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/locales/en';
import { ja } from '../src/i18n/locales/ja';

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );

describe('console catalogs', () => {
  it('en has exactly the keys of ja, none empty', () => {
    expect(keys(en as Tree).sort()).toEqual(keys(ja as unknown as Tree).sort());
    for (const catalog of [ja, en] as unknown as Tree[])
      for (const key of keys(catalog))
        expect(key.split('.').reduce<Tree | string>((t, k) => (t as Tree)[k]!, catalog)).not.toBe('');
  });
});
