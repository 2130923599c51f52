import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, sql } from '@manabee/kernel';
import { createTestDatabase, type TestDatabase } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/config';
import { createPlatform, type Platform } from '../src/platform';
import { createFamily, manabeeClient, tokenFromMail, totpNow } from './support/client';

const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

/**
 * The whole product path through the real server: HTTP, cookies and CSRF,
 * GraphQL, a WebSocket subscription, the outbox, jobs and notification.
 */
describe('a family uses Manabee end to end', () => {
  let platform: Platform;
  let base: string;
  let realDatabase: TestDatabase | undefined;
  let dataDir: string;
  const stream = `flow_${Date.now()}`;

  beforeAll(async () => {
    if (process.env.DATABASE_URL) realDatabase = await createTestDatabase({ migrate: false });
    dataDir = mkdtempSync(path.join(tmpdir(), 'manabee-flow-'));
    const config = loadServerConfig(
      {
        MANABEE_DATA_DIR: dataDir,
        PORT: '0',
        PUBLIC_URL: 'http://localhost:3000',
        LOAD_SHEDDING_MAX_EVENT_LOOP_DELAY_MS: '0',
        JOB_POLL_INTERVAL_MS: '50',
        OUTBOX_POLL_INTERVAL_MS: '50',
        AI_OFFLINE_TOKEN_DELAY_MS: '0',
        ...(realDatabase?.url ? { DATABASE_URL: realDatabase.url } : {}),
        ...(process.env.REDIS_URL
          ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `flow${Date.now()}:` }
          : {}),
        ...(process.env.NATS_URL
          ? { NATS_URL: process.env.NATS_URL, NATS_STREAM: stream, NATS_SUBJECT_PREFIX: stream }
          : {}),
      },
      { dotenvPath: false },
    );
    platform = await createPlatform(config, { logger: quiet });
    await platform.startWork();
    base = await platform.listen();
  }, 120_000);
  afterAll(async () => {
    await platform?.shutdown('test');
    await realDatabase?.drop();
    if (process.env.NATS_URL) {
      const { connect } = await import('nats');
      const connection = await connect({ servers: process.env.NATS_URL });
      await (await connection.jetstreamManager()).streams.delete(stream).catch(() => false);
      await connection.close();
    }
  });

  const client = () => manabeeClient(base);
  const gql = <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown>,
    cookie?: string,
  ) => client().gql<T>(query, variables, cookie);
  const subscribe = (cookie: string, replyId: string) => client().followReply(cookie, replyId);

  it('parent signs up and verifies by mail; child learns; a crisis reaches the parent', async () => {
    // A new parent: sign-up sends a verification mail to the embedded outbox.
    const email = `mother+${Date.now()}@example.jp`;
    const password = 'correct horse battery staple 42';
    const signUp = await gql('mutation ($i: SignUpInput!) { signUp(input: $i) { message } }', {
      i: { email, password, locale: 'ja', timeZone: 'Asia/Tokyo' },
    });
    expect(signUp.errors).toBeUndefined();
    const mailDir = path.join(dataDir, 'mail');
    const token = tokenFromMail(mailDir, email, '/verify-email');
    expect(token).toBeTruthy();
    // The link opens the web app (client-side route), which posts the token.
    const page = await fetch(`${base}/verify-email`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const verified = await gql('mutation ($t: String!) { verifyEmail(token: $t) }', {
      t: token!,
    });
    expect(verified.data).toEqual({ verifyEmail: true });

    const login = await gql('mutation ($i: LogInInput!) { logIn(input: $i) { me { id } } }', {
      i: { email, password },
    });
    expect(login.cookie).toBeTruthy();
    const parent = login.cookie!;

    const child = await gql<{ addChild: { id: string } }>(
      'mutation ($i: ChildInput!) { addChild(input: $i) { id } }',
      { i: { nickname: 'はなこ', grade: 2, language: 'ja', pin: '4831' } },
      parent,
    );
    expect(child.errors).toBeUndefined();
    const childId = child.data.addChild.id;
    const consent = await gql(
      'mutation ($c: ID!, $p: String!) { giveConsent(childId: $c, password: $p) }',
      { c: childId, p: password },
      parent,
    );
    expect(consent.errors).toBeUndefined();
    const link = await gql<{ issueDeviceLink: { url: string } }>(
      'mutation ($c: ID!) { issueDeviceLink(childId: $c) { url } }',
      { c: childId },
      parent,
    );
    const linkToken = decodeURIComponent(link.data.issueDeviceLink.url.split('#token=')[1]!);
    const childLogin = await gql('mutation ($t: String!) { childSignInWithLink(token: $t) { me { id } } }', {
      t: linkToken,
    });
    expect(childLogin.errors).toBeUndefined();
    const childCookie = childLogin.cookie!;

    // The child asks; the offline tutor streams a step-by-step answer over WebSocket.
    const sent = await gql<{ sendMessage: { accepted: boolean; replyId: string; subject: string } }>(
      'mutation ($i: SendMessageInput!) { sendMessage(input: $i) { accepted replyId subject refusalReason } }',
      { i: { text: '23+48は？' } },
      childCookie,
    );
    expect(sent.data.sendMessage).toMatchObject({ accepted: true, subject: 'math' });
    const reply = await subscribe(childCookie, sent.data.sendMessage.replyId);
    expect(reply.outcome).toBe('completed');
    expect(reply.text).toContain('71');
    expect(reply.text).toMatch(/くり上げ/);

    // A child may not reach parent settings.
    const denied = await gql(
      'query ($c: ID!) { parentalControls(childId: $c) { dailyMinutes } }',
      { c: childId },
      childCookie,
    );
    expect(denied.errors?.[0]?.extensions.code).toMatch(/FORBIDDEN|NOT_FOUND/);

    // A crisis: crisis lines at once, the tutor stays, the parent is alerted in-app.
    const crisis = await gql<{
      sendMessage: { accepted: boolean; replyId: string; crisisLines: Array<{ phone: string }> };
    }>(
      'mutation ($i: SendMessageInput!) { sendMessage(input: $i) { accepted replyId crisisLines { name phone } safety { action } } }',
      { i: { text: 'もう死にたい' } },
      childCookie,
    );
    expect(crisis.data.sendMessage.crisisLines.map((line) => line.phone)).toContain('0120-0-78310');
    const care = await subscribe(childCookie, crisis.data.sendMessage.replyId);
    expect(care.text.length).toBeGreaterThan(0);

    const alerts = await gql<{ safetyAlerts: Array<{ id: string; severity: string; categories: string[] }> }>(
      'query { safetyAlerts { id severity categories } }',
      {},
      parent,
    );
    expect(alerts.data.safetyAlerts[0]).toMatchObject({
      severity: 'critical',
      categories: expect.arrayContaining(['self_harm']),
    });

    let inbox: Array<{ category: string; body: string }> = [];
    for (let i = 0; i < 100 && inbox.length === 0; i++) {
      const result = await gql<{ notifications: typeof inbox }>(
        'query { notifications { category body } }',
        {},
        parent,
      );
      inbox = result.data?.notifications ?? [];
      if (inbox.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(inbox.length).toBeGreaterThan(0);
    // No child text in the notification: it says something needs attention.
    expect(inbox.map((n) => n.body).join(' ')).not.toContain('死にたい');

    // The parent's weekly report of the running week: counts from chat and safety, no child text.
    const REPORT =
      'query ($c: ID!) { weeklyReport(childId: $c) { nickname timeZone complete days { date } totalMessages conversations subjects { subject messages } safetyAlerts { severity count } } }';
    const report = await gql<{
      weeklyReport: { days: unknown[]; subjects: Array<{ subject: string; messages: number }> };
    }>(REPORT, { c: childId }, parent);
    expect(report.errors).toBeUndefined();
    expect(report.data.weeklyReport).toMatchObject({
      nickname: 'はなこ',
      timeZone: 'Asia/Tokyo',
      complete: false,
      totalMessages: 2,
      conversations: 2,
      safetyAlerts: [{ severity: 'critical', count: 1 }],
    });
    expect(report.data.weeklyReport.days).toHaveLength(7);
    expect(report.data.weeklyReport.subjects).toContainEqual({ subject: 'math', messages: 1 });
    expect(JSON.stringify(report.data)).not.toMatch(/死にたい|23\+48/);
    const childAsks = await gql(REPORT, { c: childId }, childCookie);
    expect(childAsks.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  }, 120_000);

  it('an operator signs in with TOTP, reviews the alert and sees the system', async () => {
    const seed = await platform.services.auth.seedDemo();
    if (!seed.created) throw new Error('demo already existed');
    const signIn = await gql<{ operatorLogIn: { totpEnrollmentRequired: boolean } }>(
      'mutation ($i: OperatorLogInInput!) { operatorLogIn(input: $i) { totpEnrollmentRequired } }',
      {
        i: {
          email: seed.operator.email,
          password: seed.operator.password,
          totpCode: totpNow(seed.operator.totpUri),
        },
      },
    );
    expect(signIn.errors).toBeUndefined();
    // First sign-in: the seeded secret (printed once as an otpauth URI) is confirmed with a code.
    expect(signIn.data.operatorLogIn.totpEnrollmentRequired).toBe(true);
    const unverified = await gql('query { reviewQueue { total } }', {}, signIn.cookie);
    expect(unverified.errors?.[0]?.extensions.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    const verified = await gql(
      'mutation ($c: String!) { verifyTotp(code: $c) { me { id } } }',
      { c: totpNow(seed.operator.totpUri) },
      signIn.cookie,
    );
    expect(verified.errors).toBeUndefined();
    const admin = verified.cookie!;

    const queue = await gql<{ reviewQueue: { items: Array<{ id: string; severity: string }> } }>(
      'query { reviewQueue { items { id severity } } }',
      {},
      admin,
    );
    expect(queue.errors).toBeUndefined();
    const alert = queue.data.reviewQueue.items.find((item) => item.severity === 'critical');
    expect(alert).toBeTruthy();
    await gql('mutation ($id: ID!) { claimReview(id: $id) { id } }', { id: alert!.id }, admin);
    const item = await gql<{ reviewItem: { flaggedText: string } }>(
      'query ($id: ID!) { reviewItem(id: $id) { flaggedText } }',
      { id: alert!.id },
      admin,
    );
    expect(item.data.reviewItem.flaggedText).toContain('死にたい');
    const resolved = await gql<{ resolveReview: { state: string } }>(
      'mutation ($id: ID!) { resolveReview(id: $id, outcome: "resolved", note: "Called the parent; child is safe") { state } }',
      { id: alert!.id },
      admin,
    );
    expect(resolved.data.resolveReview.state).toBe('resolved');

    // A message the scanner let through becomes a labelled example; the console shows the model version.
    const { rows: childMessages } = await sql<{ id: string }>`select id from chat_messages
      where role = 'child' order by id limit 1`.execute(platform.database.db);
    const REPORT_MISSED =
      'mutation ($m: ID!, $c: String!, $l: String) { reportMissedMessage(messageId: $m, category: $c, level: $l) { id category level } }';
    const missed = await gql<{ reportMissedMessage: { category: string; level: string | null } }>(
      REPORT_MISSED,
      { m: childMessages[0]!.id, c: 'self_harm', l: 'passive' },
      admin,
    );
    expect(missed.errors).toBeUndefined();
    expect(missed.data.reportMissedMessage).toMatchObject({ category: 'self_harm', level: 'passive' });
    const unknown = await gql(REPORT_MISSED, { m: 'msg_01J00000000000000000000000', c: 'violence' }, admin);
    expect(unknown.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const badCategory = await gql(REPORT_MISSED, { m: childMessages[0]!.id, c: 'weather' }, admin);
    expect(badCategory.errors?.[0]?.extensions.code).toBe('VALIDATION_FAILED');
    const versions = await gql<{ safetyScannerVersions: { classifier: string | null; keywords: string[] } }>(
      'query { safetyScannerVersions { classifier keywords } }',
      {},
      admin,
    );
    expect(versions.errors).toBeUndefined();
    expect(versions.data.safetyScannerVersions.keywords.length).toBeGreaterThan(0);

    const status = await gql<{
      systemStatus: {
        parts: Array<{ name: string; ok: boolean; mode: string }>;
        providers: Array<{ id: string }>;
      };
    }>(
      'query { systemStatus { parts { name ok mode } jobs { pending dead } outbox { unpublished } providers { id state } costToday { provider costMinor } } }',
      {},
      admin,
    );
    expect(status.errors).toBeUndefined();
    expect(status.data.systemStatus.parts.every((part) => part.ok)).toBe(true);
    expect(status.data.systemStatus.providers.map((p) => p.id)).toContain('offline');
    const outbox = await gql<{ mailOutbox: Array<{ subject: string; to: string }> }>(
      'query { mailOutbox { to subject } }',
      {},
      admin,
    );
    expect(outbox.data.mailOutbox.length).toBeGreaterThan(0);
    const audit = await gql<{ auditLog: { entries: Array<{ action: string }> } }>(
      'query { auditLog(filter: { action: "safety.*" }) { entries { action } } }',
      {},
      admin,
    );
    // Every view of flagged child text is itself in the audit log.
    expect(audit.data.auditLog.entries.map((entry) => entry.action)).toContain('safety.alert.viewed');

    // A parent is not an operator.
    const parentLogin = await gql('mutation ($i: LogInInput!) { logIn(input: $i) { me { id } } }', {
      i: { email: seed.parent.email, password: seed.parent.password },
    });
    const forbidden = await gql('query { systemStatus { jobs { pending } } }', {}, parentLogin.cookie);
    expect(forbidden.errors?.[0]?.extensions.code).toMatch(/FORBIDDEN|NOT_FOUND/);
  }, 60_000);
  it('a parent downloads the family data, then deletes the family and every service lets go of it', async () => {
    const email = `leaving+${Date.now()}@example.jp`;
    const password = 'correct horse battery staple 42';
    const family = await createFamily(client(), path.join(dataDir, 'mail'), {
      email,
      password,
      children: [{ nickname: 'さくら', grade: 3 }],
    });
    const child = family.children[0]!;
    const sent = await gql<{ sendMessage: { replyId: string } }>(
      'mutation ($i: SendMessageInput!) { sendMessage(input: $i) { replyId } }',
      { i: { text: '23+48は？' } },
      child.cookie,
    );
    await subscribe(child.cookie, sent.data.sendMessage.replyId);
    await gql(
      'mutation ($i: SendMessageInput!) { sendMessage(input: $i) { accepted } }',
      { i: { text: 'もう死にたい' } },
      child.cookie,
    );

    const requested = await gql<{ requestFamilyExport: { id: string; status: string } }>(
      'mutation { requestFamilyExport { id status } }',
      {},
      family.parent,
    );
    expect(requested.data.requestFamilyExport.status).toBe('queued');
    type Export = { id: string; status: string; progress: number; downloadUrl: string | null };
    let current: Export | undefined;
    for (let i = 0; i < 200; i++) {
      const list = await gql<{ familyExports: Export[] }>(
        'query { familyExports { id status progress downloadUrl } }',
        {},
        family.parent,
      );
      current = list.data.familyExports[0];
      if (current?.status === 'ready' || current?.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(current).toMatchObject({ status: 'ready', progress: 100 });
    const download = await fetch(`${base}${current!.downloadUrl}`, { headers: { cookie: family.parent } });
    expect(download.status).toBe(200);
    const document = (await download.json()) as {
      format: string;
      account: { children: { nickname: string }[] };
      chat: unknown;
      safety: unknown;
      notification: unknown;
      ai: unknown;
    };
    expect(document.format).toBe('manabee-family-export/1');
    expect(document.account.children[0]?.nickname).toBe('さくら');
    const texts = JSON.stringify(document.chat);
    expect(texts).toContain('23+48は？');
    expect(JSON.stringify(document.safety)).toContain('死にたい');
    expect(document.notification).toBeDefined();
    expect(document.ai).toBeDefined();
    // Another family's parent cannot fetch it.
    const stranger = await createFamily(client(), path.join(dataDir, 'mail'), {
      email: `stranger+${Date.now()}@example.jp`,
      password,
      children: [],
    });
    expect(
      (await fetch(`${base}${current!.downloadUrl}`, { headers: { cookie: stranger.parent } })).status,
    ).toBe(404);
    // Nor read the child's weekly report: another family's child reads as absent.
    const peek = await gql(
      'query ($c: ID!) { weeklyReport(childId: $c) { totalMessages } }',
      { c: child.id },
      stranger.parent,
    );
    expect(peek.errors?.[0]?.extensions.code).toBe('NOT_FOUND');

    const familyId = (await gql<{ me: { familyId: string } }>('query { me { familyId } }', {}, family.parent))
      .data.me.familyId;
    const deleted = await gql(
      'mutation ($p: String!, $c: String!) { deleteFamily(password: $p, confirmation: $c) }',
      { p: password, c: email },
      family.parent,
    );
    expect(deleted.data).toEqual({ deleteFamily: true });
    expect((await gql('query { me { id } }', {}, family.parent)).data).toEqual({ me: null });
    expect((await gql('query { me { id } }', {}, child.cookie)).data).toEqual({ me: null });

    // Each service's erasure runs from the event; wait until nothing of the family is left.
    const db = platform.database.db;
    const remaining = async () => {
      const { rows } = await sql<{ n: number | string }>`select
          (select count(*) from chat_messages where family_id = ${familyId})
        + (select count(*) from chat_conversations where family_id = ${familyId})
        + (select count(*) from safety_alerts where family_id = ${familyId})
        + (select count(*) from ai_usage where family_id = ${familyId})
        + (select count(*) from privacy_exports where family_id = ${familyId}) as n`.execute(db);
      return Number(rows[0]?.n);
    };
    for (let i = 0; i < 200 && (await remaining()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await remaining()).toBe(0);
    const login = await gql('mutation ($i: LogInInput!) { logIn(input: $i) { me { id } } }', {
      i: { email, password },
    });
    expect(login.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  }, 120_000);
});
