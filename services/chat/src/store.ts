import { type Executor, idFloor, sql } from '@manabee/kernel';

/** The only code that touches chat_* tables. Text columns hold sealed values. */

export interface ConversationRow {
  id: string;
  child_id: string;
  family_id: string;
  title_sealed: string | null;
  subject: string;
  message_count: number;
  created_at: Date;
  updated_at: Date;
  ended_at: Date | null;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  child_id: string;
  family_id: string;
  role: 'child' | 'tutor';
  text_sealed: string;
  subject: string;
  prompt_tokens: number;
  completion_tokens: number;
  cost_minor: number;
  currency: string | null;
  provider: string | null;
  model: string | null;
  prompt_version: string | null;
  latency_ms: number | null;
  first_token_ms: number | null;
  safety_action: string;
  safety_severity: string;
  safety_categories: string;
  outcome: string | null;
  created_at: Date;
}

export async function insertConversation(
  tx: Executor,
  row: { id: string; childId: string; familyId: string; subject: string; titleSealed: string | null },
): Promise<void> {
  await sql`insert into chat_conversations (id, child_id, family_id, subject, title_sealed)
    values (${row.id}, ${row.childId}, ${row.familyId}, ${row.subject}, ${row.titleSealed})`.execute(tx);
}

export async function findConversation(db: Executor, id: string): Promise<ConversationRow | undefined> {
  const { rows } = await sql<ConversationRow>`select * from chat_conversations where id = ${id}`.execute(db);
  return rows[0];
}

export async function touchConversation(
  tx: Executor,
  id: string,
  subject: string,
  added: number,
): Promise<void> {
  await sql`update chat_conversations set subject = ${subject}, updated_at = now(),
    message_count = message_count + ${added} where id = ${id}`.execute(tx);
}

/** Marks the conversation ended; false when it already was (so the event goes out once). */
export async function endConversation(tx: Executor, id: string): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`update chat_conversations set ended_at = now()
    where id = ${id} and ended_at is null returning id`.execute(tx);
  return rows.length > 0;
}

export async function deleteConversation(tx: Executor, id: string): Promise<boolean> {
  const { rows } = await sql<{
    id: string;
  }>`delete from chat_conversations where id = ${id} returning id`.execute(tx);
  return rows.length > 0;
}

/** Newest first; the cursor is the last id of the previous page (ids sort by time). */
export async function listConversations(
  db: Executor,
  childId: string,
  options: { before?: string | undefined; limit: number },
): Promise<ConversationRow[]> {
  const { rows } = await sql<ConversationRow>`select * from chat_conversations
    where child_id = ${childId} ${options.before ? sql`and id < ${options.before}` : sql``}
    order by id desc limit ${options.limit}`.execute(db);
  return rows;
}

export type NewMessage = Omit<MessageRow, 'created_at'>;

export async function insertMessage(tx: Executor, m: NewMessage): Promise<void> {
  await sql`insert into chat_messages (id, conversation_id, child_id, family_id, role, text_sealed, subject,
      prompt_tokens, completion_tokens, cost_minor, currency, provider, model, prompt_version, latency_ms,
      first_token_ms, safety_action, safety_severity, safety_categories, outcome)
    values (${m.id}, ${m.conversation_id}, ${m.child_id}, ${m.family_id}, ${m.role}, ${m.text_sealed}, ${m.subject},
      ${m.prompt_tokens}, ${m.completion_tokens}, ${m.cost_minor}, ${m.currency}, ${m.provider}, ${m.model},
      ${m.prompt_version}, ${m.latency_ms}, ${m.first_token_ms}, ${m.safety_action}, ${m.safety_severity},
      ${m.safety_categories}, ${m.outcome})`.execute(tx);
}

/** Oldest first within the page; `before` pages backwards through history. */
export async function listMessages(
  db: Executor,
  conversationId: string,
  options: { before?: string | undefined; limit: number },
): Promise<MessageRow[]> {
  const { rows } = await sql<MessageRow>`select * from chat_messages
    where conversation_id = ${conversationId} ${options.before ? sql`and id < ${options.before}` : sql``}
    order by id desc limit ${options.limit}`.execute(db);
  return rows.reverse();
}

export async function findMessage(db: Executor, id: string): Promise<MessageRow | undefined> {
  const { rows } = await sql<MessageRow>`select * from chat_messages where id = ${id}`.execute(db);
  return rows[0];
}

export async function recentMessagesOfChild(
  db: Executor,
  childId: string,
  limit: number,
): Promise<MessageRow[]> {
  const { rows } = await sql<MessageRow>`select * from chat_messages where child_id = ${childId}
    order by id desc limit ${limit}`.execute(db);
  return rows;
}

export interface DailyUsage {
  messages: number;
  active_seconds: number;
  tokens: number;
  last_message_at: Date | null;
}

export async function dailyUsage(db: Executor, childId: string, day: string): Promise<DailyUsage> {
  const { rows } = await sql<DailyUsage>`select messages, active_seconds, tokens, last_message_at
    from chat_daily_usage where child_id = ${childId} and day = ${day}`.execute(db);
  return rows[0] ?? { messages: 0, active_seconds: 0, tokens: 0, last_message_at: null };
}

export async function addDailyUsage(
  tx: Executor,
  childId: string,
  day: string,
  delta: { messages: number; activeSeconds: number; tokens: number; at: Date },
): Promise<void> {
  await sql`insert into chat_daily_usage (child_id, day, messages, active_seconds, tokens, last_message_at)
    values (${childId}, ${day}, ${delta.messages}, ${delta.activeSeconds}, ${delta.tokens}, ${delta.at})
    on conflict (child_id, day) do update set
      messages = chat_daily_usage.messages + excluded.messages,
      active_seconds = chat_daily_usage.active_seconds + excluded.active_seconds,
      tokens = chat_daily_usage.tokens + excluded.tokens,
      last_message_at = greatest(chat_daily_usage.last_message_at, excluded.last_message_at)`.execute(tx);
}

const childIn = (childIds: readonly string[]) =>
  childIds.length > 0 ? sql`child_id in (${sql.join([...childIds])})` : sql`false`;

/**
 * Deletes everything chat holds about a family, in the caller's transaction;
 * counts per table. Rows are found through indexed columns (the family's
 * conversations, the children's ids), never by scanning every message.
 */
export async function deleteFamilyRows(
  tx: Executor,
  familyId: string,
  childIds: readonly string[],
): Promise<{ chat_messages: number; chat_conversations: number; chat_daily_usage: number }> {
  // Messages first: the cascade from conversations would take them too, uncounted.
  const messages = await sql`delete from chat_messages
    where conversation_id in (select id from chat_conversations where family_id = ${familyId})
      or ${childIn(childIds)}`.execute(tx);
  const conversations = await sql`delete from chat_conversations
    where family_id = ${familyId} or ${childIn(childIds)}`.execute(tx);
  const usage = await sql`delete from chat_daily_usage where ${childIn(childIds)}`.execute(tx);
  return {
    chat_messages: Number(messages.numAffectedRows ?? 0n),
    chat_conversations: Number(conversations.numAffectedRows ?? 0n),
    chat_daily_usage: Number(usage.numAffectedRows ?? 0n),
  };
}

/** All of a family's conversations, oldest first (ids sort by time). */
export async function familyConversations(db: Executor, familyId: string): Promise<ConversationRow[]> {
  const { rows } = await sql<ConversationRow>`select * from chat_conversations
    where family_id = ${familyId} order by id`.execute(db);
  return rows;
}

/**
 * One page of a family's messages, conversation by conversation and oldest
 * first within each; `after` is the (conversation id, message id) the previous page ended on.
 */
export async function familyMessagesPage(
  db: Executor,
  familyId: string,
  options: { after?: { conversationId: string; id: string } | undefined; limit: number },
): Promise<MessageRow[]> {
  const { rows } = await sql<MessageRow>`select * from chat_messages
    where conversation_id in (select id from chat_conversations where family_id = ${familyId})
      ${options.after ? sql`and (conversation_id, id) > (${options.after.conversationId}, ${options.after.id})` : sql``}
    order by conversation_id, id limit ${options.limit}`.execute(db);
  return rows;
}

export interface DailyUsageRow extends DailyUsage {
  child_id: string;
  day: string;
}

export async function dailyUsageOfChildren(
  db: Executor,
  childIds: readonly string[],
): Promise<DailyUsageRow[]> {
  const { rows } =
    await sql<DailyUsageRow>`select child_id, day, messages, active_seconds, tokens, last_message_at
    from chat_daily_usage where ${childIn(childIds)} order by day, child_id`.execute(db);
  return rows;
}

/**
 * A child's learning over family-local days `from`..`to` (YYYY-MM-DD, inclusive)
 * as aggregates: usage per day, the child's messages per subject, the child's
 * messages per concern category the safety check flagged (every category but
 * `personal_info`) and the conversations started. Message and conversation times
 * are read in `timeZone` by the database; the id bounds (a day and a half beyond
 * any zone's offset) keep the scans on the (child_id, id) indexes.
 */
export async function activityAggregates(
  db: Executor,
  childId: string,
  range: { from: string; to: string; timeZone: string; idsFrom: Date; idsTo: Date },
): Promise<{
  days: Array<{ day: string; messages: number; active_seconds: number }>;
  subjects: Array<{ subject: string; messages: number }>;
  concerns: Array<{ category: string; messages: number }>;
  conversations: number;
}> {
  const { from, to, timeZone } = range;
  const start = sql`(${from}::date)::timestamp at time zone ${timeZone}`;
  const end = sql`(${to}::date + 1)::timestamp at time zone ${timeZone}`;
  const days = await sql<{ day: string; messages: number; active_seconds: number }>`
    select day, messages, active_seconds from chat_daily_usage
    where child_id = ${childId} and day >= ${from} and day <= ${to} order by day`.execute(db);
  const subjects = await sql<{ subject: string; messages: number }>`
    select subject, count(*)::int as messages from chat_messages
    where child_id = ${childId} and role = 'child'
      -- A message the tutor answered with care (a concern) is not learning in any subject.
      and safety_action not in ('block', 'escalate')
      and id >= ${idFloor('msg', range.idsFrom)} and id < ${idFloor('msg', range.idsTo)}
      and created_at >= ${start} and created_at < ${end}
    group by subject order by messages desc, subject`.execute(db);
  // Counts per category, never text: a message flagged 'bullying,profanity' counts once under each.
  const concerns = await sql<{ category: string; messages: number }>`
    select flagged.category, count(distinct m.id)::int as messages
    from chat_messages m
      cross join lateral unnest(string_to_array(m.safety_categories, ',')) as flagged (category)
    where m.child_id = ${childId} and m.role = 'child' and m.safety_categories <> ''
      and m.id >= ${idFloor('msg', range.idsFrom)} and m.id < ${idFloor('msg', range.idsTo)}
      and m.created_at >= ${start} and m.created_at < ${end}
      and flagged.category not in ('', 'personal_info')
    group by flagged.category order by flagged.category`.execute(db);
  const conversations = await sql<{ n: number }>`
    select count(*)::int as n from chat_conversations
    where child_id = ${childId}
      and id >= ${idFloor('cnv', range.idsFrom)} and id < ${idFloor('cnv', range.idsTo)}
      and created_at >= ${start} and created_at < ${end}`.execute(db);
  return {
    days: days.rows.map((row) => ({
      day: row.day,
      messages: Number(row.messages),
      active_seconds: Number(row.active_seconds),
    })),
    subjects: subjects.rows.map((row) => ({ subject: row.subject, messages: Number(row.messages) })),
    concerns: concerns.rows.map((row) => ({ category: row.category, messages: Number(row.messages) })),
    conversations: Number(conversations.rows[0]?.n ?? 0),
  };
}
