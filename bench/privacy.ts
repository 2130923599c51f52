import { newId, sql } from '@manabee/kernel';
import { createFamily } from '../apps/server/test/support/client';
import { benchPlatform } from './support';

const MESSAGES = Number(process.argv[2] ?? 2000);
const RUNS = Number(process.argv[3] ?? 5);
/** Ten questions and ten answers: one homework session. */
const PER_CONVERSATION = 20;
const PASSWORD = 'bench password that is long enough';
const GIVE_UP_MS = 60_000;

const { platform, client, mailDir, stop } = await benchPlatform();
const db = platform.database.db;
const { keyring } = platform;

interface Family {
  email: string;
  cookie: string;
  scope: { familyId: string; guardianId: string; childIds: string[] };
}

let families = 0;
async function newFamily(): Promise<Family> {
  const email = `privacy${families++}-${Date.now()}@example.jp`;
  const created = await createFamily(client, mailDir, {
    email,
    password: PASSWORD,
    children: [
      { nickname: 'はると', grade: 3 },
      { nickname: 'ゆい', grade: 5 },
    ],
  });
  const me = await client.gql<{ me: { id: string; familyId: string } }>(
    '{ me { id familyId } }',
    {},
    created.parent,
  );
  return {
    email,
    cookie: created.parent,
    scope: {
      familyId: me.data.me.familyId,
      guardianId: me.data.me.id,
      childIds: created.children.map((child) => child.id),
    },
  };
}

const SUBJECTS = ['math', 'science', 'japanese', 'social_studies', 'english', 'other'] as const;
const QUESTION = (n: number) => `${12 + (n % 80)}+${7 + (n % 13)}は どうやって けいさんするの？`;
const ANSWER = (n: number) =>
  `いい しつもんだね。まず 一のくらいを たそう。${(2 + n) % 10}と${(7 + n) % 10}を たすと いくつに なるかな？` +
  'くりあがりが あるときは、十のくらいに 1を たしてね。さいごに 十のくらいどうしを たせば こたえが でるよ。' +
  'わからなかったら、ブロックを つかって かぞえてみよう。';

/**
 * N messages in conversations of 20, children taking turns, spread over the
 * last 30 days, with the children's daily usage: rows as chat writes them
 * (text and titles sealed under the family key, model and cost on replies).
 */
async function seed(family: Family, messages: number): Promise<void> {
  const { familyId, childIds } = family.scope;
  const conversations = Math.ceil(messages / PER_CONVERSATION);
  const spanMs = 30 * 24 * 60 * 60_000;
  const startedAt = Date.now() - spanMs;
  const usage = new Map<string, { messages: number; seconds: number }>();
  const conversationRows = [];
  const messageRows = [];
  let written = 0;
  for (let c = 0; c < conversations; c++) {
    const id = newId('cnv');
    const childId = childIds[c % childIds.length]!;
    const subject = SUBJECTS[c % SUBJECTS.length]!;
    const count = Math.min(PER_CONVERSATION, messages - written);
    const opened = startedAt + Math.floor((c * spanMs) / conversations);
    const at = (m: number) => new Date(opened + m * 40_000).toISOString();
    conversationRows.push(
      sql`(${id}, ${childId}, ${familyId}, ${await keyring.seal(db, familyId, QUESTION(written), `cnv:${id}`)},
        ${subject}, ${count}, ${at(0)}, ${at(count - 1)})`,
    );
    for (let m = 0; m < count; m++, written++) {
      const messageId = newId('msg');
      const child = m % 2 === 0;
      const text = child ? QUESTION(written) : ANSWER(written);
      const sealed = await keyring.seal(db, familyId, text, `msg:${messageId}`);
      messageRows.push(
        child
          ? sql`(${messageId}, ${id}, ${childId}, ${familyId}, 'child', ${sealed}, ${subject},
              0, 0, 0, null, null, null, null, null, null, null, ${at(m)})`
          : sql`(${messageId}, ${id}, ${childId}, ${familyId}, 'tutor', ${sealed}, ${subject},
              420, 160, 1, 'JPY', 'offline', 'offline-1', 'tutor@1', 900, 300, 'completed', ${at(m)})`,
      );
    }
    const day = `${childId} ${at(0).slice(0, 10)}`;
    const today = usage.get(day) ?? { messages: 0, seconds: 0 };
    usage.set(day, { messages: today.messages + Math.ceil(count / 2), seconds: today.seconds + count * 40 });
  }
  for (let i = 0; i < conversationRows.length; i += 500)
    await sql`insert into chat_conversations
        (id, child_id, family_id, title_sealed, subject, message_count, created_at, updated_at)
      values ${sql.join(conversationRows.slice(i, i + 500))}`.execute(db);
  for (let i = 0; i < messageRows.length; i += 500)
    await sql`insert into chat_messages (id, conversation_id, child_id, family_id, role, text_sealed, subject,
        prompt_tokens, completion_tokens, cost_minor, currency, provider, model, prompt_version, latency_ms,
        first_token_ms, outcome, created_at)
      values ${sql.join(messageRows.slice(i, i + 500))}`.execute(db);
  const usageRows = [...usage].map(([key, value]) => {
    const [childId, day] = key.split(' ') as [string, string];
    return sql`(${childId}, ${day}, ${value.messages}, ${value.seconds}, ${value.messages * 580})`;
  });
  await sql`insert into chat_daily_usage (child_id, day, messages, active_seconds, tokens)
    values ${sql.join(usageRows)}`.execute(db);
}

async function chatMessagesOf(familyId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from chat_messages
    where family_id = ${familyId}`.execute(db);
  return Number(rows[0]!.n);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, done: () => Promise<boolean>, everyMs: number): Promise<void> {
  const giveUpAt = performance.now() + GIVE_UP_MS;
  while (!(await done())) {
    if (performance.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * At most 3 exports a family a day (EXPORTS_PER_DAY): the bench moves this
 * family's earlier exports two days back so each run may ask again.
 */
async function forgetEarlierExports(familyId: string): Promise<void> {
  await sql`update privacy_exports set created_at = created_at - interval '2 days'
    where family_id = ${familyId}`.execute(db);
}

/** As the parent: ask, then look at the list (every 20 ms) until it says ready. */
async function exportAsParent(family: Family): Promise<{ ms: number; sizeBytes: number }> {
  await forgetEarlierExports(family.scope.familyId);
  type Listed = { id: string; status: string; sizeBytes: number | null };
  const started = performance.now();
  const requested = await client.gql<{ requestFamilyExport: Listed }>(
    'mutation { requestFamilyExport { id status sizeBytes } }',
    {},
    family.cookie,
  );
  if (requested.errors) throw new Error(`export refused: ${requested.errors[0]?.message}`);
  const id = requested.data.requestFamilyExport.id;
  let ready: Listed | undefined;
  await until(
    'the export',
    async () => {
      const listed = await client.gql<{ familyExports: Listed[] }>(
        '{ familyExports { id status sizeBytes } }',
        {},
        family.cookie,
      );
      const row = listed.data.familyExports.find((entry) => entry.id === id);
      if (row?.status === 'failed') throw new Error('export failed');
      if (row?.status === 'ready') ready = row;
      return ready !== undefined;
    },
    20,
  );
  return { ms: performance.now() - started, sizeBytes: ready!.sizeBytes ?? 0 };
}

/** The job's work alone: a queued row with no job behind it, run in this process. */
async function exportDirect(
  family: Family,
): Promise<{ id: string; ms: number; sizeBytes: number; sealedBytes: number }> {
  await forgetEarlierExports(family.scope.familyId);
  const id = newId('exp');
  await sql`insert into privacy_exports (id, family_id, requested_by, status, progress, created_at)
    values (${id}, ${family.scope.familyId}, ${family.scope.guardianId}, 'queued', 0, ${new Date().toISOString()})`.execute(
    db,
  );
  const started = performance.now();
  await platform.services.privacy.runExport(id);
  const ms = performance.now() - started;
  const { rows } = await sql<{
    status: string;
    size_bytes: number;
    sealed: number;
  }>`select status, size_bytes,
      octet_length(document_sealed) as sealed from privacy_exports where id = ${id}`.execute(db);
  if (rows[0]?.status !== 'ready') throw new Error(`direct export ended ${rows[0]?.status}`);
  return { id, ms, sizeBytes: Number(rows[0].size_bytes), sealedBytes: Number(rows[0].sealed) };
}

async function baseline(family: Family): Promise<number> {
  const started = performance.now();
  const { rows } = await sql`select * from chat_messages where family_id = ${family.scope.familyId}`.execute(
    db,
  );
  const ms = performance.now() - started;
  if (rows.length !== MESSAGES) throw new Error(`baseline read ${rows.length} rows`);
  return ms;
}

const { rows: consumerRows } = await sql<{ n: number }>`select count(*)::int as n from event_consumers
  where event_name = 'auth.family.deleted' and consumer like 'erasure-%'`.execute(db);
const ERASERS = Number(consumerRows[0]!.n);

/** The document holds every seeded message, readable (so the timings are of a complete export). */
async function checkDocument(family: Family, exportId: string): Promise<void> {
  const { rows } = await sql<{ document_sealed: string }>`select document_sealed from privacy_exports
    where id = ${exportId}`.execute(db);
  const text = await keyring.open(db, family.scope.familyId, rows[0]!.document_sealed, `export:${exportId}`);
  const document = JSON.parse(text) as { chat: { conversations: Array<{ messages: unknown[] }> } };
  const messages = document.chat.conversations.reduce((sum, c) => sum + c.messages.length, 0);
  if (messages !== MESSAGES) throw new Error(`the export holds ${messages} messages, not ${MESSAGES}`);
}

/** As the parent: delete the family, then until its chat rows are gone and every eraser has run. */
async function eraseAsParent(
  family: Family,
): Promise<{ mutationMs: number; chatGoneMs: number; allErasedMs: number }> {
  const { familyId } = family.scope;
  const started = performance.now();
  const deleted = await client.gql(
    'mutation ($p: String!, $c: String!) { deleteFamily(password: $p, confirmation: $c) }',
    { p: PASSWORD, c: family.email },
    family.cookie,
  );
  if (deleted.errors) throw new Error(`delete refused: ${deleted.errors[0]?.message}`);
  const mutationMs = performance.now() - started;
  await until('chat erasure', async () => (await chatMessagesOf(familyId)) === 0, 10);
  const chatGoneMs = performance.now() - started;
  await until(
    'every eraser',
    async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from inbox
          join outbox on outbox.id = inbox.event_id
        where outbox.name = 'auth.family.deleted' and outbox.payload->>'familyId' = ${familyId}
          and inbox.consumer like 'erasure-%'`.execute(db);
      return Number(rows[0]!.n) >= ERASERS;
    },
    10,
  );
  return { mutationMs, chatGoneMs, allErasedMs: performance.now() - started };
}

/** Chat's eraser alone, in its own transaction (commit included). */
async function eraseDirect(family: Family): Promise<number> {
  const started = performance.now();
  const deleted = await platform.database.transaction((tx) =>
    platform.services.chat.eraseFamily(tx, family.scope),
  );
  const ms = performance.now() - started;
  if (deleted.chat_messages !== MESSAGES) throw new Error(`eraser deleted ${deleted.chat_messages} messages`);
  return ms;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

try {
  console.log(`privacy: ${MESSAGES} messages a family, ${RUNS} runs each, ${platform.database.kind}`);
  process.stdout.write(`creating ${RUNS + 2} families through the real sign-up path… `);
  const setupStarted = performance.now();
  const exported = await newFamily();
  const erasedDirectly = await newFamily();
  const deletedByParent: Family[] = [];
  for (let i = 0; i < RUNS; i++) deletedByParent.push(await newFamily());
  console.log(`${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

  process.stdout.write(`seeding ${MESSAGES} sealed messages… `);
  const seedStarted = performance.now();
  await seed(exported, MESSAGES);
  console.log(`${(performance.now() - seedStarted).toFixed(0)} ms`);

  // Export side by side; one untimed round first (code paths, key cache, plans).
  await exportAsParent(exported);
  await exportDirect(exported);
  await baseline(exported);
  const asParent: number[] = [];
  const direct: number[] = [];
  const plain: number[] = [];
  let sizeBytes = 0;
  let sealedBytes = 0;
  let lastExport = '';
  for (let i = 0; i < RUNS; i++) {
    const parent = await exportAsParent(exported);
    asParent.push(parent.ms);
    const own = await exportDirect(exported);
    direct.push(own.ms);
    plain.push(await baseline(exported));
    if (own.sizeBytes !== parent.sizeBytes)
      console.log(`note: document sizes differ (${parent.sizeBytes} vs ${own.sizeBytes} bytes)`);
    sizeBytes = own.sizeBytes;
    sealedBytes = own.sealedBytes;
    lastExport = own.id;
  }
  await checkDocument(exported, lastExport);

  // Erasure side by side: a freshly seeded family each time for both.
  const erase: Array<{ mutationMs: number; chatGoneMs: number; allErasedMs: number }> = [];
  const eraseOwn: number[] = [];
  for (const family of deletedByParent) {
    await seed(family, MESSAGES);
    erase.push(await eraseAsParent(family));
    await seed(erasedDirectly, MESSAGES);
    eraseOwn.push(await eraseDirect(erasedDirectly));
  }

  const exportWait = median(asParent);
  const exportWork = median(direct);
  const select = median(plain);
  const chatGone = median(erase.map((e) => e.chatGoneMs));
  const perMessage = (ms: number) => ((ms * 1000) / MESSAGES).toFixed(1);
  const row = (name: string, ms: number, ratio?: number) =>
    console.log(
      name.padEnd(44),
      ms.toFixed(1).padStart(9),
      perMessage(ms).padStart(9),
      (ratio === undefined ? '' : ratio.toFixed(1)).padStart(11),
    );
  console.log(`\nmedian of ${RUNS}; ratio = row / select baseline`);
  console.log('measure'.padEnd(44), 'ms'.padStart(9), 'µs/msg'.padStart(9), 'ratio'.padStart(11));
  row('export, parent waits (request -> ready)', exportWait, exportWait / select);
  row('export, job work (runExport)', exportWork, exportWork / select);
  row('select * of the same chat rows', select, 1);
  row('erase: deleteFamily mutation returns', median(erase.map((e) => e.mutationMs)));
  row('erase: parent waits until chat rows gone', chatGone);
  row(`erase: until all ${ERASERS} erasers handled it`, median(erase.map((e) => e.allErasedMs)));
  row('erase: chat.eraseFamily in one transaction', median(eraseOwn));
  console.log(
    `document: ${sizeBytes} bytes of JSON (${(sizeBytes / MESSAGES).toFixed(0)} per message), ` +
      `${sealedBytes} bytes sealed; job pickup and polling ≈ ${(exportWait - exportWork).toFixed(0)} ms`,
  );
  console.log(
    `runs (ms): parent ${asParent.map((v) => v.toFixed(0)).join(' ')} | job ${direct.map((v) => v.toFixed(0)).join(' ')}` +
      ` | select ${plain.map((v) => v.toFixed(1)).join(' ')} | chat gone ${erase.map((e) => e.chatGoneMs.toFixed(0)).join(' ')}`,
  );

  console.log(
    `\n${'backend'.padEnd(9)}${'N'.padStart(6)}${'export p50'.padStart(12)}${'job p50'.padStart(10)}` +
      `${'select p50'.padStart(12)}${'ratio'.padStart(8)}${'size B'.padStart(10)}${'µs/msg'.padStart(9)}` +
      `${'erase ms'.padStart(10)}${'eraser ms'.padStart(11)}`,
  );
  console.log(
    `${platform.database.kind.padEnd(9)}${String(MESSAGES).padStart(6)}${exportWait.toFixed(0).padStart(12)}` +
      `${exportWork.toFixed(0).padStart(10)}${select.toFixed(1).padStart(12)}${(exportWork / select).toFixed(1).padStart(8)}` +
      `${String(sizeBytes).padStart(10)}${perMessage(exportWork).padStart(9)}${chatGone.toFixed(0).padStart(10)}` +
      `${median(eraseOwn).toFixed(1).padStart(11)}`,
  );
} finally {
  await stop();
}
