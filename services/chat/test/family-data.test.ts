import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import {
  AppError,
  type Cache,
  createFamilyKeyring,
  createLogger,
  type FamilyKeyring,
  newId,
  openCache,
  type Principal,
  sql,
} from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase, testNamespace } from '@manabee/kernel/testing';
import { createDefaultScanner } from '@manabee/safety';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatService, createChatService, type TutorEvent } from '../src/index';

const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

/** A tutor that answers each question with a line naming it, or with a scripted reply that goes wrong. */
function echoTutor() {
  const state = { script: undefined as string[] | undefined };
  return {
    state,
    detectSubject: () => ({ subject: 'other', confidence: 0.2 }),
    async *streamTutorReply(input: { text: string }): AsyncIterable<TutorEvent> {
      yield { type: 'meta', provider: 'scripted', model: 'echo-1', promptVersion: 'x@1', cached: false };
      for (const text of state.script ?? [`Let us think about: ${input.text}`]) yield { type: 'token', text };
      yield { type: 'done', usage: { promptTokens: 10, completionTokens: 5 }, costMinor: 1, currency: 'JPY' };
    },
  };
}

function familyOf(lang: 'ja' | 'en', childCount: number) {
  const familyId = newId('fam');
  const guardianId = newId('usr');
  const childIds: string[] = Array.from({ length: childCount }, () => newId('chd'));
  const principal = (childId: string): Principal => ({ id: childId, role: 'child', childId, familyId });
  return { familyId, guardianId, childIds, lang, principal };
}

describe(`chat family data: export and erasure (${backend.database}, ${backend.cache})`, () => {
  let test: TestDatabase;
  let cache: Cache;
  let keyring: FamilyKeyring;
  let chat: ChatService;
  const tutor = echoTutor();
  const a = familyOf('ja', 2);
  const b = familyOf('en', 1);
  const families = [a, b];

  beforeAll(async () => {
    test = await createTestDatabase();
    cache = await openCache({ url: process.env.REDIS_URL, keyPrefix: `${testNamespace()}:` });
    keyring = createFamilyKeyring(randomBytes(32));
    chat = createChatService({
      database: test.database,
      cache,
      logger: quiet,
      keyring,
      scanner: createDefaultScanner(),
      tutor,
      children: {
        async childProfile(childId) {
          const family = families.find((f) => f.childIds.includes(childId));
          if (!family) return null;
          return { childId, familyId: family.familyId, lang: family.lang, grade: 4, timeZone: 'Asia/Tokyo' };
        },
        async checkChildAccess() {
          return { allowed: true };
        },
      },
      alerts: { raise: async () => ({ alertId: newId('alr') }) },
      publish: async () => {},
      authorize: (principal, _action, target) => {
        if (!principal) throw new AppError('UNAUTHENTICATED');
        if (principal.familyId !== target.familyId) throw new AppError('FORBIDDEN');
      },
    });
  });
  afterAll(async () => {
    await cache?.close();
    await test?.drop();
  });

  /** Sends as the child and waits until the reply is stored (the run ends after it is). */
  async function say(childPrincipal: Principal, text: string, conversationId?: string) {
    const sent = await chat.send(childPrincipal, { text, conversationId });
    if (sent.status !== 'accepted') throw new Error(`refused: ${sent.reason}`);
    for await (const _event of chat.replies.get(sent.replyId)!.read()) {
      // drain
    }
    return sent;
  }

  async function counts(family: { familyId: string; childIds: readonly string[] }) {
    const db = test.database.db;
    const one = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(db)).rows[0]!.n;
    return {
      conversations: await one(
        sql<{
          n: number;
        }>`select count(*)::int as n from chat_conversations where family_id = ${family.familyId}`,
      ),
      messages: await one(
        sql<{ n: number }>`select count(*)::int as n from chat_messages where family_id = ${family.familyId}`,
      ),
      dailyUsage: await one(
        sql<{ n: number }>`select count(*)::int as n from chat_daily_usage
          where child_id in (${sql.join([...family.childIds])})`,
      ),
    };
  }

  it('exports one family’s conversations, decrypted, and nothing of another family', async () => {
    const [a1, a2] = a.childIds as [string, string];
    const first = await say(a.principal(a1), 'かぶとむしは なにを たべるの？');
    await say(a.principal(a1), 'よるに うごくの？', first.conversationId);
    tutor.state.script = [
      'たし算を',
      'しようね。',
      '住所を 教えて。',
      '会いに行くよ。',
      '誰にも言わないでね。',
    ];
    const cut = await say(a.principal(a2), '3+4は？');
    tutor.state.script = undefined;
    await say(b.principal(b.childIds[0]!), 'Why is the sky blue in family B?');

    const exported = await chat.exportFamilyData(a);
    // JSON all the way down: dates as ISO strings, nothing that changes in a round trip.
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    const text = JSON.stringify(exported);
    expect(text).not.toContain('family B');
    expect(text).not.toContain(b.childIds[0]);

    expect(exported.conversations.map((c) => [c.childId, c.title, c.messages.length])).toEqual([
      [a1, 'かぶとむしは なにを たべるの？', 4],
      [a2, '3+4は？', 2],
    ]);
    const [beetles, sums] = exported.conversations as [
      (typeof exported.conversations)[0],
      (typeof exported.conversations)[0],
    ];
    expect(beetles.messages.map((m) => [m.role, m.text])).toEqual([
      ['child', 'かぶとむしは なにを たべるの？'],
      ['tutor', 'Let us think about: かぶとむしは なにを たべるの？'],
      ['child', 'よるに うごくの？'],
      ['tutor', 'Let us think about: よるに うごくの？'],
    ]);
    expect(beetles.startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(beetles.endedAt).toBeNull();
    expect(beetles.messages[0]).not.toHaveProperty('safety');
    // The reply cut by safety says so, and keeps only what the child saw.
    expect(sums.id).toBe(cut.conversationId);
    expect(sums.messages[1]).toMatchObject({ role: 'tutor', outcome: 'cut_by_safety' });
    expect(sums.messages[1]!.safety?.categories).toContain('grooming');
    expect(sums.messages[1]!.text).not.toContain('誰にも');
    // No ciphertext, no internal accounting.
    expect(text).not.toMatch(/cost|provider|echo-1/);

    expect(exported.dailyUsage.map((u) => u.childId).sort()).toEqual([a1, a2].sort());
    const { rows } = await sql<{ active_seconds: number }>`select active_seconds from chat_daily_usage
      where child_id = ${a1}`.execute(test.database.db);
    expect(exported.dailyUsage.find((u) => u.childId === a1)).toMatchObject({
      messages: 2,
      minutes: Math.floor(rows[0]!.active_seconds / 60),
    });
    expect(exported.dailyUsage[0]!.day).toMatch(/^\d{4}-\d\d-\d\d$/);

    const other = await chat.exportFamilyData(b);
    expect(JSON.stringify(other)).toContain('Why is the sky blue in family B?');
    expect(JSON.stringify(other)).not.toContain('かぶとむし');
  });

  it('erases the family’s rows (after its key is destroyed), leaves the other family’s, and is idempotent', async () => {
    const before = await counts(b);
    expect(await counts(a)).toEqual({ conversations: 2, messages: 6, dailyUsage: 2 });
    expect(before).toEqual({ conversations: 1, messages: 2, dailyUsage: 1 });

    // As the deletion runs: auth shreds the key, then chat's handler erases in its transaction.
    await keyring.destroy(test.database.db, a.familyId);
    const erased = await test.database.transaction((tx) => chat.eraseFamily(tx, a));
    expect(erased).toEqual({ chat_messages: 6, chat_conversations: 2, chat_daily_usage: 2 });
    expect(await counts(a)).toEqual({ conversations: 0, messages: 0, dailyUsage: 0 });
    expect(await counts(b)).toEqual(before);

    const again = await test.database.transaction((tx) => chat.eraseFamily(tx, a));
    expect(again).toEqual({ chat_messages: 0, chat_conversations: 0, chat_daily_usage: 0 });
    expect((await chat.exportFamilyData(b)).conversations[0]!.messages).toHaveLength(2);
  });

  it('pages through a long history without losing or repeating a message', async () => {
    const c = familyOf('en', 1);
    const childId = c.childIds[0]!;
    const db = test.database.db;
    const conversationIds = [newId('cnv'), newId('cnv')];
    const expected: string[][] = [[], []];
    for (const [index, conversationId] of conversationIds.entries()) {
      await sql`insert into chat_conversations (id, child_id, family_id, subject)
        values (${conversationId}, ${childId}, ${c.familyId}, 'other')`.execute(db);
      const rows = [];
      for (let n = 0; n < (index === 0 ? 1003 : 4); n++) {
        const id = newId('msg');
        const text = `message ${index}.${n}`;
        expected[index]!.push(text);
        rows.push(
          sql`(${id}, ${conversationId}, ${childId}, ${c.familyId}, 'child', 'other',
            ${await keyring.seal(db, c.familyId, text, `msg:${id}`)})`,
        );
      }
      await sql`insert into chat_messages (id, conversation_id, child_id, family_id, role, subject, text_sealed)
        values ${sql.join(rows)}`.execute(db);
    }
    const exported = await chat.exportFamilyData(c);
    expect(exported.conversations.map((conversation) => conversation.messages.map((m) => m.text))).toEqual(
      expected,
    );
    expect(exported.conversations[0]!.title).toBeNull();
    const erased = await test.database.transaction((tx) => chat.eraseFamily(tx, c));
    expect(erased.chat_messages).toBe(1007);
  });

  it('rolls back with the caller’s transaction', async () => {
    const before = await counts(b);
    await expect(
      test.database.transaction(async (tx) => {
        expect((await chat.eraseFamily(tx, b)).chat_messages).toBe(2);
        throw new Error('handler failed later');
      }),
    ).rejects.toThrow('handler failed later');
    expect(await counts(b)).toEqual(before);
  });

  it('reads one child message, unsealed, for a safety reviewer; a tutor reply or an unknown id is null', async () => {
    const child = b.principal(b.childIds[0]!);
    const sent = await say(child, 'I never want to see anyone again');
    expect(await chat.childMessage(sent.messageId)).toEqual({
      text: 'I never want to see anyone again',
      lang: 'en',
      familyId: b.familyId,
      childId: b.childIds[0],
      scannedCategories: expect.any(Array),
      scannedSeverity: expect.any(String),
    });
    const { rows } = await sql<{ id: string }>`select id from chat_messages
      where conversation_id = ${sent.conversationId} and role = 'tutor'`.execute(test.database.db);
    expect(rows.length).toBeGreaterThan(0);
    expect(await chat.childMessage(rows[0]!.id)).toBeNull();
    expect(await chat.childMessage(newId('msg'))).toBeNull();
  });
});
