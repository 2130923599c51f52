import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import {
  AppError,
  type Cache,
  createFamilyKeyring,
  createLogger,
  idFloor,
  newId,
  openCache,
  type Principal,
  sql,
} from '@manabee/kernel';
import { backend, createTestDatabase, type TestDatabase, testNamespace } from '@manabee/kernel/testing';
import { createDefaultScanner } from '@manabee/safety';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatService, createChatService, localDay, type TutorEvent } from '../src/index';

const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

/** An id created at `at`, as chat makes them (ids sort by creation time). */
const idAt = (prefix: string, at: Date) => `${idFloor(prefix, at)}${'0123456789ABCDEF'.slice(0, 16)}`;

describe(`chat activity for the weekly report (${backend.database}, ${backend.cache})`, () => {
  let test: TestDatabase;
  let cache: Cache;
  let chat: ChatService;
  const familyId = newId('fam');
  const tokyoChild = newId('chd');
  const newYorkChild = newId('chd');
  const sibling = newId('chd');
  const worriedChild = newId('chd');

  beforeAll(async () => {
    test = await createTestDatabase();
    cache = await openCache({ url: process.env.REDIS_URL, keyPrefix: `${testNamespace()}:` });
    chat = createChatService({
      database: test.database,
      cache,
      logger: quiet,
      keyring: createFamilyKeyring(randomBytes(32)),
      scanner: createDefaultScanner(),
      tutor: {
        detectSubject: () => ({ subject: 'other', confidence: 0.1 }),
        async *streamTutorReply(): AsyncIterable<TutorEvent> {
          yield { type: 'meta', provider: 'scripted', model: 'echo-1', promptVersion: 'x@1', cached: false };
          yield { type: 'token', text: 'Let us think.' };
          yield { type: 'done', usage: { promptTokens: 1, completionTokens: 1 } };
        },
      },
      children: {
        childProfile: async (childId) => ({
          childId,
          familyId,
          lang: 'ja',
          grade: 3,
          timeZone: 'Asia/Tokyo',
        }),
        checkChildAccess: async () => ({ allowed: true }),
      },
      alerts: { raise: async () => ({ alertId: newId('alr') }) },
      publish: async () => {},
      authorize: (principal) => {
        if (!principal) throw new AppError('UNAUTHENTICATED');
      },
    });
  });
  afterAll(async () => {
    await cache?.close();
    await test?.drop();
  });

  it('counts what the child sends, on the family-local day chat wrote it under', async () => {
    const child: Principal = { id: tokyoChild, role: 'child', childId: tokyoChild, familyId };
    const say = async (text: string, subject: string, conversationId?: string) => {
      const sent = await chat.send(child, { text, subject, conversationId });
      if (sent.status !== 'accepted') throw new Error(`refused: ${sent.reason}`);
      for await (const _event of chat.replies.get(sent.replyId)!.read()) {
        // the reply is stored when the run ends
      }
      return sent;
    };
    const first = await say('3+4は？', 'math');
    await say('5+6は？', 'math', first.conversationId);
    await say('かぶとむしは なにを たべるの？', 'science');

    const today = localDay(new Date(), 'Asia/Tokyo');
    const activity = await chat.activityOf(tokyoChild, { from: today, to: today, timeZone: 'Asia/Tokyo' });
    expect(activity.days).toHaveLength(1);
    expect(activity.days[0]).toMatchObject({ date: today, messages: 3 });
    expect(activity.days[0]!.activeSeconds).toBeGreaterThanOrEqual(60);
    // The tutor's replies are not the child's messages.
    expect(activity.subjects).toEqual([
      { subject: 'math', messages: 2 },
      { subject: 'science', messages: 1 },
    ]);
    expect(activity.conversationsStarted).toBe(2);
  });

  it('reads a New York week from its local midnights, across the spring clock change', async () => {
    const db = test.database.db;
    const conversation = async (childId: string, at: string) => {
      const id = idAt('cnv', new Date(at));
      await sql`insert into chat_conversations (id, child_id, family_id, subject, created_at, updated_at)
        values (${id}, ${childId}, ${familyId}, 'math', ${at}, ${at})`.execute(db);
      return id;
    };
    const message = async (
      conversationId: string,
      childId: string,
      role: string,
      subject: string,
      at: string,
    ) => {
      await sql`insert into chat_messages (id, conversation_id, child_id, family_id, role, text_sealed, subject, created_at)
        values (${idAt('msg', new Date(at))}, ${conversationId}, ${childId}, ${familyId}, ${role}, 'sealed', ${subject},
          ${at})`.execute(db);
    };
    const usage = async (childId: string, day: string, messages: number, activeSeconds: number) => {
      await sql`insert into chat_daily_usage (child_id, day, messages, active_seconds)
        values (${childId}, ${day}, ${messages}, ${activeSeconds})`.execute(db);
    };
    // The week of 2026-03-02 in New York runs from 05:00Z on Monday to 04:00Z the next Monday.
    const before = await conversation(newYorkChild, '2026-03-02T04:59:00Z'); // Sunday 23:59 EST
    await message(before, newYorkChild, 'child', 'english', '2026-03-02T04:59:00Z');
    const monday = await conversation(newYorkChild, '2026-03-02T05:00:00Z'); // Monday 00:00 EST
    await message(monday, newYorkChild, 'child', 'math', '2026-03-02T05:00:00Z');
    await message(monday, newYorkChild, 'tutor', 'math', '2026-03-02T05:00:05Z');
    await message(monday, newYorkChild, 'child', 'science', '2026-03-05T18:00:00Z');
    await message(monday, newYorkChild, 'child', 'science', '2026-03-09T03:59:00Z'); // Sunday 23:59 EDT
    const next = await conversation(newYorkChild, '2026-03-09T04:00:00Z'); // Monday 00:00 EDT
    await message(next, newYorkChild, 'child', 'art', '2026-03-09T04:00:00Z');
    const theirs = await conversation(sibling, '2026-03-04T12:00:00Z');
    await message(theirs, sibling, 'child', 'music', '2026-03-04T12:00:00Z');
    await usage(newYorkChild, '2026-03-01', 1, 60);
    await usage(newYorkChild, '2026-03-02', 1, 60);
    await usage(newYorkChild, '2026-03-05', 1, 60);
    await usage(newYorkChild, '2026-03-08', 1, 300);
    await usage(newYorkChild, '2026-03-09', 1, 60);
    await usage(sibling, '2026-03-04', 1, 60);

    const week = await chat.activityOf(newYorkChild, {
      from: '2026-03-02',
      to: '2026-03-08',
      timeZone: 'America/New_York',
    });
    expect(week).toEqual({
      days: [
        { date: '2026-03-02', messages: 1, activeSeconds: 60 },
        { date: '2026-03-05', messages: 1, activeSeconds: 60 },
        { date: '2026-03-08', messages: 1, activeSeconds: 300 },
      ],
      subjects: [
        { subject: 'science', messages: 2 },
        { subject: 'math', messages: 1 },
      ],
      concerns: [],
      conversationsStarted: 1,
    });

    // Read in another zone, the same rows fall into other days.
    const tokyo = await chat.activityOf(newYorkChild, {
      from: '2026-03-02',
      to: '2026-03-08',
      timeZone: 'Asia/Tokyo',
    });
    expect(tokyo.subjects).toEqual([
      { subject: 'english', messages: 1 },
      { subject: 'math', messages: 1 },
      { subject: 'science', messages: 1 },
    ]);
  });

  it('counts the child’s flagged messages per concern category, leaving personal information out', async () => {
    const db = test.database.db;
    const at = '2026-03-01T12:00:00Z';
    const conversationId = idAt('cnv', new Date(at));
    await sql`insert into chat_conversations (id, child_id, family_id, subject, created_at, updated_at)
      values (${conversationId}, ${worriedChild}, ${familyId}, 'other', ${at}, ${at})`.execute(db);
    let n = 0;
    const message = async (role: string, categories: string, when: string, action = 'warn') => {
      n += 1;
      await sql`insert into chat_messages (id, conversation_id, child_id, family_id, role, text_sealed, subject,
          safety_action, safety_severity, safety_categories, created_at)
        values (${`${idFloor('msg', new Date(when))}${String(n).padStart(16, '0')}`}, ${conversationId},
          ${worriedChild}, ${familyId}, ${role}, 'sealed', 'other', ${action}, 'medium', ${categories},
          ${when})`.execute(db);
    };
    await message('child', 'bullying', '2026-03-04T12:00:00Z');
    await message('child', 'bullying', '2026-03-06T09:00:00Z');
    await message('child', 'personal_info', '2026-03-06T09:05:00Z', 'redact');
    await message('child', '', '2026-03-06T09:10:00Z', 'allow');
    // The tutor's words and the days around the week are not the child's week.
    await message('tutor', 'bullying', '2026-03-06T09:00:05Z');
    await message('child', 'bullying', '2026-03-02T04:59:00Z'); // Sunday 23:59 EST, the week before
    await message('child', 'bullying', '2026-03-09T04:00:00Z'); // Monday 00:00 EDT, the week after

    const week = await chat.activityOf(worriedChild, {
      from: '2026-03-02',
      to: '2026-03-08',
      timeZone: 'America/New_York',
    });
    expect(week.concerns).toEqual([{ category: 'bullying', messages: 2 }]);

    // A message flagged twice counts under each category, escalated ones too; personal information never.
    await message('child', 'self_harm,bullying,personal_info', '2026-03-07T20:00:00Z', 'escalate');
    const again = await chat.activityOf(worriedChild, {
      from: '2026-03-02',
      to: '2026-03-08',
      timeZone: 'America/New_York',
    });
    expect(again.concerns).toEqual([
      { category: 'bullying', messages: 3 },
      { category: 'self_harm', messages: 1 },
    ]);
  });

  it('refuses ranges that are not days or run backwards', async () => {
    const range = (from: string, to: string) =>
      chat.activityOf(newYorkChild, { from, to, timeZone: 'America/New_York' });
    await expect(range('2026-03-08', '2026-03-02')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(range('2026-02-30', '2026-03-02')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(range('2024-01-01', '2026-03-02')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
