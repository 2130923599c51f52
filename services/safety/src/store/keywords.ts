import { type Executor, sql } from '@manabee/kernel';

/** The only code that touches safety_keyword_lists and safety_keyword_activations. */

export interface KeywordListRow {
  id: string;
  lang: string;
  version: string;
  body: unknown;
  entry_count: number;
  allow_count: number;
  note: string | null;
  created_by: string;
  created_at: Date;
}

export interface ActivationRow {
  id: string;
  lang: string;
  list_id: string;
  activated_by: string;
  activated_at: Date;
}

export async function insertList(
  tx: Executor,
  row: Omit<KeywordListRow, 'body'> & { body: unknown },
): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    insert into safety_keyword_lists (id, lang, version, body, entry_count, allow_count, note, created_by, created_at)
    values (${row.id}, ${row.lang}, ${row.version}, ${JSON.stringify(row.body)}::jsonb, ${row.entry_count},
      ${row.allow_count}, ${row.note}, ${row.created_by}, ${row.created_at})
    on conflict (lang, version) do nothing returning id`.execute(tx);
  return rows.length > 0;
}

export async function findList(db: Executor, id: string): Promise<KeywordListRow | undefined> {
  const { rows } = await sql<KeywordListRow>`select * from safety_keyword_lists where id = ${id}`.execute(db);
  return rows[0];
}

export async function findListByVersion(
  db: Executor,
  lang: string,
  version: string,
): Promise<KeywordListRow | undefined> {
  const { rows } = await sql<KeywordListRow>`select * from safety_keyword_lists
    where lang = ${lang} and version = ${version}`.execute(db);
  return rows[0];
}

/** Versions of a language, newest first, without their bodies. */
export async function listVersions(
  db: Executor,
  lang: string,
): Promise<Array<Omit<KeywordListRow, 'body'> & { last_activated_at: Date | null }>> {
  const { rows } = await sql<Omit<KeywordListRow, 'body'> & { last_activated_at: Date | null }>`
    select l.id, l.lang, l.version, l.entry_count, l.allow_count, l.note, l.created_by, l.created_at,
      (select max(a.activated_at) from safety_keyword_activations a where a.list_id = l.id) as last_activated_at
    from safety_keyword_lists l where l.lang = ${lang} order by l.created_at desc, l.id desc`.execute(db);
  return rows;
}

export async function countLists(db: Executor, lang: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from safety_keyword_lists
    where lang = ${lang}`.execute(db);
  return rows[0]?.n ?? 0;
}

export async function insertActivation(tx: Executor, row: ActivationRow): Promise<void> {
  await sql`insert into safety_keyword_activations (id, lang, list_id, activated_by, activated_at)
    values (${row.id}, ${row.lang}, ${row.list_id}, ${row.activated_by}, ${row.activated_at})`.execute(tx);
}

/** Activations of a language, newest first: the first is the active list. */
export async function activations(db: Executor, lang: string, limit = 50): Promise<ActivationRow[]> {
  const { rows } = await sql<ActivationRow>`select * from safety_keyword_activations where lang = ${lang}
    order by activated_at desc, id desc limit ${limit}`.execute(db);
  return rows;
}

/** The active list of every language that has one. */
export async function activeLists(
  db: Executor,
): Promise<Array<KeywordListRow & { activation_id: string; activated_at: Date; activated_by: string }>> {
  const { rows } = await sql<
    KeywordListRow & { activation_id: string; activated_at: Date; activated_by: string }
  >`select l.*, a.id as activation_id, a.activated_at, a.activated_by from (
      select distinct on (lang) * from safety_keyword_activations order by lang, activated_at desc, id desc
    ) a join safety_keyword_lists l on l.id = a.list_id order by l.lang`.execute(db);
  return rows;
}

/** Serializes activations per language so two operators cannot interleave a rollback. */
export async function lockLanguage(tx: Executor, lang: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`safety.keywords:${lang}`}))`.execute(tx);
}
