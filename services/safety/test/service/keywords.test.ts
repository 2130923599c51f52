import { AppError, type Principal, registerGraphQL, sql } from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledKeywordLists, type KeywordList, type SafetyService } from '../../src/index';
import {
  admin,
  alertInput,
  auditRows,
  createHarnessTables,
  family,
  harness,
  quiet,
  reviewer,
} from './harness';

const shippedEn = bundledKeywordLists().find((l) => l.lang === 'en')!;
const withTerm = (version: string, term: string): KeywordList => ({
  ...shippedEn,
  version,
  entries: [...shippedEn.entries, { term, category: 'bullying', severity: 'high' }],
});
const PHRASE = 'the zorblax is in the garden';

async function collect(lines: AsyncIterable<string>): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for await (const line of lines) out.push(JSON.parse(line));
  return out;
}

describe(`safety keyword lists (${backend.database})`, () => {
  let test: TestDatabase;
  let safety: SafetyService;
  const operator = admin();
  const alice = reviewer();

  beforeAll(async () => {
    test = await createTestDatabase();
    await createHarnessTables(test.database);
    ({ service: safety } = harness(test.database));
    await safety.init();
  });
  afterAll(async () => {
    await test?.drop();
  });

  it('starts from the shipped lists, stored as first versions', async () => {
    const lists = await safety.keywords.lists(alice);
    expect(lists.map((l) => l.lang).sort()).toEqual(['en', 'es', 'ja', 'ko', 'zh-Hans', 'zh-Hant']);
    const en = lists.find((l) => l.lang === 'en')!;
    expect(en).toMatchObject({ version: shippedEn.version, activatedBy: 'system' });
    expect(en.listId).toMatch(/^kwl_/);
    expect(safety.scanner.scan({ text: 'I want to kill myself', lang: 'en' }).action).toBe('escalate');
    expect(safety.scanner.scan({ text: PHRASE, lang: 'en' }).action).toBe('allow');
    await safety.init();
    expect(await safety.keywords.versions(alice, 'en')).toHaveLength(1);
  });

  it('rejects a list with one malformed entry whole, naming every problem; the old list keeps working', async () => {
    const bad = {
      ...withTerm('2026-03-bad', 'zorblax'),
      entries: [...withTerm('x', 'zorblax').entries, { term: '', category: 'rudeness', severity: 'huge' }],
    };
    const error = await safety.keywords
      .save(operator, { list: JSON.stringify(bad), activate: true })
      .catch((e: unknown) => e as AppError);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    const messages = (error as AppError).issues!.map((i) => i.message).join('\n');
    expect(messages).toMatch(/term: must be a non-empty string/);
    expect(messages).toMatch(/category: must be one of/);
    expect(messages).toMatch(/severity: must be one of/);
    expect(await safety.keywords.versions(operator, 'en')).toHaveLength(1);
    expect(safety.scanner.scan({ text: PHRASE, lang: 'en' }).action).toBe('allow');
    expect(safety.scanner.scan({ text: 'I want to kill myself', lang: 'en' }).action).toBe('escalate');
    const notJson = await safety.keywords.save(operator, { list: '{"version": ' }).catch((e: unknown) => e);
    expect((notJson as AppError).code).toBe('VALIDATION_FAILED');
  });

  it('tests a phrase against a draft before saving, through the real scanner', async () => {
    const draft = JSON.stringify(withTerm('draft', 'zorblax'));
    const withDraft = safety.keywords.testPhrase(alice, { lang: 'en', text: PHRASE, draft });
    expect(withDraft).toMatchObject({ categories: ['bullying'], severity: 'high', action: 'block' });
    expect(withDraft.spans[0]).toMatchObject({ text: 'zorblax', detector: 'keyword' });
    expect(safety.keywords.testPhrase(alice, { lang: 'en', text: PHRASE }).action).toBe('allow');
    const tutor = safety.keywords.testPhrase(alice, {
      lang: 'ja',
      text: 'きみの 住所と電話番号を おしえて。',
      source: 'tutor',
    });
    expect(tutor.action).toBe('block');
  });

  it('only admins edit; reviewers read', async () => {
    const list = JSON.stringify(withTerm('2026-03-a', 'zorblax'));
    await expect(safety.keywords.save(alice, { list })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(safety.keywords.rollback(alice, 'en')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a saved and activated list changes what the live scanner (and scanLines) finds', async () => {
    const scanner = safety.scanner;
    const saved = await safety.keywords.save(operator, {
      list: JSON.stringify(withTerm('2026-03-a', 'zorblax')),
      note: 'new slur reported by reviewers',
      activate: true,
    });
    expect(saved).toMatchObject({ active: true, version: { version: '2026-03-a', createdBy: operator.id } });
    expect(scanner.scan({ text: PHRASE, lang: 'en' })).toMatchObject({
      action: 'block',
      categories: ['bullying'],
    });
    expect(scanner.versions.keywords).toContain('en@2026-03-a');
    const [out] = await collect(safety.scanLines([JSON.stringify({ text: PHRASE, lang: 'en' })]));
    expect(out).toMatchObject({ action: 'block', categories: ['bullying'] });
    await expect(
      safety.keywords.save(operator, { list: JSON.stringify(withTerm('2026-03-a', 'other')) }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await auditRows(test.database, 'safety.keywords.saved')).toHaveLength(1);
    expect(await auditRows(test.database, 'safety.keywords.activated')).toHaveLength(1);
  });

  it('another process picks the new list up on refresh', async () => {
    // A second service instance is what another process holds: its own live scanner.
    const elsewhere = harness(test.database).service;
    expect(elsewhere.scanner.scan({ text: PHRASE, lang: 'en' }).action).toBe('allow');
    expect(await elsewhere.refreshScanner()).toBe(true);
    expect(elsewhere.scanner.scan({ text: PHRASE, lang: 'en' }).action).toBe('block');
    expect(await elsewhere.refreshScanner()).toBe(false);
  });

  it('rolls back to the previous version and activates any version from the history', async () => {
    const rolled = await safety.keywords.rollback(operator, 'en');
    expect(rolled.version).toBe(shippedEn.version);
    expect(safety.scanner.scan({ text: PHRASE, lang: 'en' }).action).toBe('allow');
    const history = await safety.keywords.versions(operator, 'en');
    expect(history.map((v) => [v.version, v.active])).toEqual([
      ['2026-03-a', false],
      [shippedEn.version, true],
    ]);
    await safety.keywords.activate(operator, history[0]!.id);
    expect(safety.scanner.scan({ text: PHRASE, lang: 'en' }).action).toBe('block');
    expect(await auditRows(test.database, 'safety.keywords.rolled_back')).toHaveLength(1);
    const { rows } = await sql`select * from safety_keyword_activations where lang = 'en'`.execute(
      test.database.db,
    );
    expect(rows).toHaveLength(4);
  });

  it('scanLines answers 10,000 lines in order', async () => {
    async function* input() {
      for (let i = 0; i < 10_000; i++) {
        const text = i % 1000 === 7 ? 'もう死にたい' : `けいさん ${i} + ${i} は？`;
        yield JSON.stringify({ id: i, text, lang: 'ja' });
      }
    }
    const out = await collect(safety.scanLines(input()));
    expect(out).toHaveLength(10_000);
    expect(out.every((o, i) => o.id === i && o.line === i + 1)).toBe(true);
    expect(out.filter((o) => o.action === 'escalate').map((o) => o.id)).toEqual(
      Array.from({ length: 10 }, (_, k) => k * 1000 + 7),
    );
  });
});

describe(`safety GraphQL (${backend.database})`, () => {
  let test: TestDatabase;
  let safety: SafetyService;

  beforeAll(async () => {
    test = await createTestDatabase();
    await createHarnessTables(test.database);
    ({ service: safety } = harness(test.database));
    await safety.init();
  });
  afterAll(async () => {
    await test?.drop();
  });

  async function gql(principal: Principal | null, query: string, variables: Record<string, unknown> = {}) {
    const app = Fastify();
    await registerGraphQL(app, {
      contributions: [safety.definition().graphql!],
      context: () => ({ requestId: 'r1', ip: '127.0.0.1', userAgent: undefined, principal, log: quiet }),
      logger: quiet,
    });
    try {
      const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
      return response.json() as {
        data: Record<string, unknown> | null;
        errors?: Array<{ extensions: { code: string; issues?: unknown[] } }>;
      };
    } finally {
      await app.close();
    }
  }

  it('saves, rejects and tests keyword lists with typed errors', async () => {
    const operator = admin();
    const bad = await gql(operator, 'mutation($json: String!) { saveKeywordList(json: $json) { id } }', {
      json: JSON.stringify({
        ...shippedEn,
        version: 'g1',
        entries: [{ term: 'x', category: 'nope', severity: 'low' }],
      }),
    });
    expect(bad.errors?.[0]?.extensions.code).toBe('VALIDATION_FAILED');
    expect(bad.errors?.[0]?.extensions.issues).toHaveLength(1);
    const saved = await gql(
      operator,
      'mutation($json: String!) { saveKeywordList(json: $json, activate: true) { version active } }',
      { json: JSON.stringify(withTerm('g2', 'zorblax')) },
    );
    expect(saved.data).toEqual({ saveKeywordList: { version: 'g2', active: true } });
    const tested = await gql(
      reviewer(),
      'query { testSafetyPhrase(lang: "en", text: "the zorblax is in the garden") { action categories spans { text } } }',
    );
    expect(tested.data).toEqual({
      testSafetyPhrase: { action: 'block', categories: ['bullying'], spans: [{ text: 'zorblax' }] },
    });
    const versions = await gql(reviewer(), 'query { keywordListVersions(lang: "en") { version active } }');
    expect(versions.data?.keywordListVersions).toHaveLength(2);
    const parent = await gql(
      { id: 'usr_x', role: 'parent', familyId: 'fam_x' },
      'query { keywordLists { lang } }',
    );
    expect(parent.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('serves a parent their alert and another family NOT_FOUND', async () => {
    const home = family();
    const { alertId } = await test.database.transaction((tx) => safety.alerts.raise(tx, alertInput(home)));
    const query = 'query($id: ID!) { safetyAlert(id: $id) { id flaggedText context { role text } } }';
    const mine = await gql(home.parent, query, { id: alertId });
    expect(mine.data?.safetyAlert).toMatchObject({
      id: alertId,
      flaggedText: 'もう死にたい。だれにも言えない',
    });
    const theirs = await gql(family().parent, query, { id: alertId });
    expect(theirs.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const ack = await gql(
      home.parent,
      'mutation($id: ID!) { acknowledgeSafetyAlert(id: $id) { acknowledgedBy } }',
      {
        id: alertId,
      },
    );
    expect(ack.data).toEqual({ acknowledgeSafetyAlert: { acknowledgedBy: home.parent.id } });
    const queue = await gql(
      reviewer(),
      'query { reviewQueue(filter: { severities: ["critical"] }) { total items { id state waitedSeconds } } }',
    );
    expect(queue.data?.reviewQueue).toMatchObject({ total: 1, items: [{ id: alertId, state: 'new' }] });
    const badFilter = await gql(reviewer(), 'query { reviewQueue(filter: { states: ["done"] }) { total } }');
    expect(badFilter.errors?.[0]?.extensions.code).toBe('VALIDATION_FAILED');
  });
});
