import { type Executor, sql, type Tx } from '@manabee/kernel';

/** The only file that touches `ai_prompts` and `ai_usage`. */

export interface PromptRow {
  key: string;
  version: number;
  text: string;
  createdBy: string;
  createdAt: Date;
  active: boolean;
}

interface PromptRecord {
  key: string;
  version: number;
  text: string;
  created_by: string;
  created_at: Date | string;
  active: boolean;
}

const toPrompt = (row: PromptRecord): PromptRow => ({
  key: row.key,
  version: row.version,
  text: row.text,
  createdBy: row.created_by,
  createdAt: new Date(row.created_at),
  active: row.active,
});

export async function findActivePrompt(db: Executor, key: string): Promise<PromptRow | undefined> {
  const { rows } = await sql<PromptRecord>`
    select key, version, text, created_by, created_at, active
    from ai_prompts where key = ${key} and active`.execute(db);
  return rows[0] ? toPrompt(rows[0]) : undefined;
}

export async function listPromptVersions(db: Executor, key: string): Promise<PromptRow[]> {
  const { rows } = await sql<PromptRecord>`
    select key, version, text, created_by, created_at, active
    from ai_prompts where key = ${key} order by version desc`.execute(db);
  return rows.map(toPrompt);
}

/** Keys that have at least one saved version, with the active one (if any). */
export async function listEditedPromptKeys(
  db: Executor,
): Promise<Array<{ key: string; activeVersion: number }>> {
  const { rows } = await sql<{ key: string; active_version: number | null }>`
    select key, max(case when active then version end) as active_version
    from ai_prompts group by key order by key`.execute(db);
  return rows.map((row) => ({ key: row.key, activeVersion: row.active_version ?? 0 }));
}

/** Serializes edits of one key so two operators saving at once get versions n+1 and n+2. */
export async function lockPromptKey(tx: Tx, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`ai_prompts:${key}`}))`.execute(tx);
}

export async function insertPromptVersion(
  tx: Tx,
  input: { key: string; text: string; createdBy: string; now: Date },
): Promise<number> {
  const { rows } = await sql<{ next: number }>`
    select coalesce(max(version), 0) + 1 as next from ai_prompts where key = ${input.key}`.execute(tx);
  const version = Number(rows[0]!.next);
  await sql`update ai_prompts set active = false where key = ${input.key} and active`.execute(tx);
  await sql`
    insert into ai_prompts (key, version, text, created_by, created_at, active, activated_by, activated_at)
    values (${input.key}, ${version}, ${input.text}, ${input.createdBy}, ${input.now}, true,
            ${input.createdBy}, ${input.now})`.execute(tx);
  return version;
}

/** Makes `version` the active one; 0 deactivates all rows so the code default applies. */
export async function activatePromptVersion(
  tx: Tx,
  input: { key: string; version: number; by: string; now: Date },
): Promise<void> {
  await sql`update ai_prompts set active = false where key = ${input.key} and active`.execute(tx);
  if (input.version === 0) return;
  await sql`
    update ai_prompts set active = true, activated_by = ${input.by}, activated_at = ${input.now}
    where key = ${input.key} and version = ${input.version}`.execute(tx);
}

export interface UsageRecord {
  id: string;
  childId: string;
  familyId: string;
  day: string;
  task: string;
  provider: string;
  model: string;
  promptKey: string | null;
  promptVersion: number;
  promptTokens: number;
  completionTokens: number;
  costMicroMinor: number;
  currency: string;
  cached: boolean;
  latencyMs: number;
  firstTokenMs: number | null;
  createdAt: Date;
}

export async function insertUsage(db: Executor, usage: UsageRecord): Promise<void> {
  await sql`
    insert into ai_usage (id, child_id, family_id, day, task, provider, model, prompt_key, prompt_version,
      prompt_tokens, completion_tokens, cost_micro_minor, currency, cached, latency_ms, first_token_ms, created_at)
    values (${usage.id}, ${usage.childId}, ${usage.familyId}, ${usage.day}, ${usage.task}, ${usage.provider},
      ${usage.model}, ${usage.promptKey}, ${usage.promptVersion}, ${usage.promptTokens}, ${usage.completionTokens},
      ${usage.costMicroMinor}, ${usage.currency}, ${usage.cached}, ${Math.round(usage.latencyMs)},
      ${usage.firstTokenMs === null ? null : Math.round(usage.firstTokenMs)}, ${usage.createdAt})`.execute(
    db,
  );
}

export interface UsageTotalRow {
  currency: string;
  messages: number;
  cachedMessages: number;
  promptTokens: number;
  completionTokens: number;
  costMicroMinor: number;
}

/** Totals per currency (normally one) for a family or a child on one day. */
export async function sumUsage(
  db: Executor,
  scope: { familyId: string } | { childId: string },
  day: string,
): Promise<UsageTotalRow[]> {
  const filter = 'familyId' in scope ? sql`family_id = ${scope.familyId}` : sql`child_id = ${scope.childId}`;
  const { rows } = await sql<{
    currency: string;
    messages: number | string;
    cached_messages: number | string;
    prompt_tokens: number | string;
    completion_tokens: number | string;
    cost_micro_minor: number | string;
  }>`
    select currency, count(*) as messages, count(*) filter (where cached) as cached_messages,
      coalesce(sum(prompt_tokens), 0) as prompt_tokens, coalesce(sum(completion_tokens), 0) as completion_tokens,
      coalesce(sum(cost_micro_minor), 0) as cost_micro_minor
    from ai_usage where ${filter} and day = ${day}
    group by currency order by currency`.execute(db);
  // count/sum come back as int8/numeric; both fit a JS number for one day of one family.
  return rows.map((row) => ({
    currency: row.currency,
    messages: Number(row.messages),
    cachedMessages: Number(row.cached_messages),
    promptTokens: Number(row.prompt_tokens),
    completionTokens: Number(row.completion_tokens),
    costMicroMinor: Number(row.cost_micro_minor),
  }));
}

export interface ProviderCost {
  provider: string;
  currency: string;
  messages: number;
  costMicroMinor: number;
}

/** What each provider cost on one usage day, for the operator console. */
export async function costByProvider(db: Executor, day: string): Promise<ProviderCost[]> {
  const { rows } = await sql<{ provider: string; currency: string; messages: number; cost: number | string }>`
    select provider, currency, count(*)::int as messages, coalesce(sum(cost_micro_minor), 0) as cost
    from ai_usage where day = ${day}::date group by provider, currency order by provider`.execute(db);
  return rows.map((row) => ({
    provider: row.provider,
    currency: row.currency,
    messages: row.messages,
    costMicroMinor: Number(row.cost),
  }));
}

const ofFamily = (familyId: string, childIds: readonly string[]) =>
  childIds.length > 0
    ? sql`(family_id = ${familyId} or child_id in (${sql.join([...childIds])}))`
    : sql`family_id = ${familyId}`;

/** Deletes a family's usage rows in the caller's transaction; how many went. */
export async function deleteFamilyUsage(
  tx: Executor,
  familyId: string,
  childIds: readonly string[],
): Promise<number> {
  const result = await sql`delete from ai_usage where ${ofFamily(familyId, childIds)}`.execute(tx);
  return Number(result.numAffectedRows ?? 0n);
}

export interface FamilyUsageRow {
  childId: string;
  day: string;
  provider: string;
  model: string;
  replies: number;
  cachedReplies: number;
  promptTokens: number;
  completionTokens: number;
}

/** A family's usage per child, day and model, oldest day first (one row per reply would be thousands). */
export async function familyUsage(
  db: Executor,
  familyId: string,
  childIds: readonly string[],
): Promise<FamilyUsageRow[]> {
  const { rows } = await sql<Record<keyof FamilyUsageRow, string | number>>`
    select child_id as "childId", day::text as day, provider, model, count(*) as replies,
      count(*) filter (where cached) as "cachedReplies", coalesce(sum(prompt_tokens), 0) as "promptTokens",
      coalesce(sum(completion_tokens), 0) as "completionTokens"
    from ai_usage where ${ofFamily(familyId, childIds)}
    group by child_id, day, provider, model order by day, child_id, provider, model`.execute(db);
  return rows.map((row) => ({
    childId: String(row.childId),
    day: String(row.day),
    provider: String(row.provider),
    model: String(row.model),
    replies: Number(row.replies),
    cachedReplies: Number(row.cachedReplies),
    promptTokens: Number(row.promptTokens),
    completionTokens: Number(row.completionTokens),
  }));
}
