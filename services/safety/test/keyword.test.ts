import { describe, expect, it } from 'vitest';
import { bundledKeywordLists, createDefaultScanner } from '../src/bundled';
import { compileKeywordIndex, findKeywords } from '../src/domain/keyword-detector';
import { KeywordListError, parseKeywordList } from '../src/domain/keyword-list';
import { normalizeForMatching } from '../src/domain/normalize';
import { createScanner } from '../src/domain/scanner';

const validList = {
  version: '2025-06-01.1',
  lang: 'ja',
  entries: [
    { term: '死にたい', category: 'self_harm', severity: 'critical' },
    { term: 'ヌード', category: 'sexual', severity: 'medium' },
    { term: 'しね', category: 'bullying', severity: 'high', match: 'word' },
  ],
  allow: [{ context: 'カップヌードル', note: 'noodles' }],
};

describe('parseKeywordList', () => {
  it('accepts a valid list, from JSON text or a parsed value', () => {
    expect(parseKeywordList(JSON.stringify(validList)).entries).toHaveLength(3);
    expect(parseKeywordList(validList).allow[0]?.context).toBe('カップヌードル');
  });

  it('rejects a malformed list whole, listing every problem', () => {
    const broken = {
      version: '',
      lang: 'jp',
      entries: [
        { term: '死にたい', category: 'self_harm', severity: 'critical' },
        { term: '', category: 'violense', severity: 'urgent' },
        { term: '死にたい', category: 'self_harm', severity: 'high' },
        { term: 'x', category: 'drugs', severity: 'low', match: 'fuzzy', extra: 1 },
      ],
      allow: ['殺菌'],
    };
    let error: unknown;
    try {
      parseKeywordList(JSON.stringify(broken));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KeywordListError);
    const problems = (error as KeywordListError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'version: must be a non-empty string',
        expect.stringContaining('lang: must be one of'),
        'entries[1].term: must be a non-empty string',
        expect.stringContaining('entries[1].category: must be one of'),
        expect.stringContaining('entries[1].severity: must be one of'),
        expect.stringContaining('entries[2].term: duplicates entries[0]'),
        expect.stringContaining('entries[3].match'),
        'entries[3]: unknown field "extra"',
        expect.stringContaining('allow[0]: must be an object'),
      ]),
    );
    expect((error as Error).message).toContain('keyword list rejected (9 problems)');
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseKeywordList('{"version": ')).toThrow(KeywordListError);
  });

  it('keeps the previous scanner working when a new list is rejected', () => {
    let scanner = createScanner({ keywordLists: [parseKeywordList(validList)] });
    try {
      scanner = createScanner({ keywordLists: [parseKeywordList({ ...validList, entries: [{ term: 1 }] })] });
    } catch {
      // the operator sees the error; the old scanner stays in service
    }
    expect(scanner.scan({ text: 'もう死にたい', lang: 'ja' }).categories).toEqual(['self_harm']);
  });

  it('validates every shipped list', () => {
    const lists = bundledKeywordLists();
    expect(lists.map((l) => l.lang).sort()).toEqual(['en', 'es', 'ja', 'ko', 'zh-Hans', 'zh-Hant']);
    expect(lists.find((l) => l.lang === 'ja')!.entries.length).toBeGreaterThan(200);
    expect(lists.find((l) => l.lang === 'en')!.entries.length).toBeGreaterThan(200);
  });
});

describe('keyword detector', () => {
  const index = compileKeywordIndex([parseKeywordList(validList)]);
  const find = (text: string) => findKeywords(index.get('ja'), normalizeForMatching(text, 'ja'));

  it('reports the original span of a match', () => {
    const [hit] = find('ねえ、もう死にたいよ');
    expect(hit?.category).toBe('self_harm');
    expect('ねえ、もう死にたいよ'.slice(hit!.range!.start, hit!.range!.end)).toBe('死にたい');
  });

  it('defuses a match inside an allow-listed compound', () => {
    expect(find('カップヌードルたべた')).toEqual([]);
    expect(find('ヌードの写真')).toHaveLength(1);
  });

  it('word mode for CJK terms: standalone only', () => {
    expect(find('しね')).toHaveLength(1);
    expect(find('しね！')).toHaveLength(1);
    expect(find('雨だしね')).toEqual([]);
  });

  it('English word boundaries: no Scunthorpe problem', () => {
    const scanner = createDefaultScanner();
    expect(scanner.scan({ text: 'Please assess my class assignment', lang: 'en' }).action).toBe('allow');
    expect(scanner.scan({ text: 'you are an ass', lang: 'en' }).categories).toContain('profanity');
  });
});

describe('benign homework is allowed', () => {
  const scanner = createDefaultScanner();
  const benign: Array<[string, 'ja' | 'en' | 'ko' | 'zh-Hans']> = [
    ['殺菌ってなに？', 'ja'],
    ['必死に勉強した', 'ja'],
    ['恐竜はなぜ死んだの', 'ja'],
    ['カップヌードル', 'ja'],
    ['今日は雨だしね', 'ja'],
    ['〜だしね', 'ja'],
    ['死ぬほど眠い', 'ja'],
    ['約束の時間を教えてください', 'ja'],
    ['しゃぶしゃぶを食べた', 'ja'],
    ['ホモサピエンスはいつ生まれたの', 'ja'],
    ['蝶は完全変態をする昆虫です', 'ja'],
    ['戦国時代に織田信長はなぜ本能寺で討たれたの', 'ja'],
    ['包丁で玉ねぎを切るコツを教えて', 'ja'],
    ['I want to die my hair blue', 'en'],
    ['What caused World War II?', 'en'],
    ['Why did the dinosaurs die out?', 'en'],
    ['Can you check my essay about Essex?', 'en'],
    ['시발점에서 출발해요', 'ko'],
    ['我想死你了', 'zh-Hans'],
  ];
  it.each(benign)('%s', (text, lang) => {
    const result = scanner.scan({ text, lang });
    expect(result.action, JSON.stringify(result.spans)).toBe('allow');
    expect(result.categories).toEqual([]);
  });
});
