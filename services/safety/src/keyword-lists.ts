import { AppError, type Clock, newId, type Principal } from '@manabee/kernel';
import { bundledClassifierModel, bundledDistressLexicon, bundledKeywordLists } from './bundled';
import {
  createScanner,
  type KeywordList,
  KeywordListError,
  LANGS,
  type Lang,
  loadClassifier,
  parseKeywordList,
  type Scanner,
  type ScannerConfig,
  type ScanResult,
} from './domain/index';
import { actorOf, type SafetyDeps } from './ports';
import * as store from './store/keywords';

export interface KeywordListVersion {
  id: string;
  lang: string;
  version: string;
  entryCount: number;
  allowCount: number;
  note: string | null;
  createdBy: string;
  createdAt: Date;
  lastActivatedAt: Date | null;
  active: boolean;
}

export interface ActiveKeywordList {
  lang: Lang;
  /** Null while the language runs on the shipped list (nothing stored yet). */
  listId: string | null;
  version: string;
  entryCount: number;
  allowCount: number;
  activatedAt: Date | null;
  activatedBy: string | null;
  list: KeywordList;
}

const MAX_TEST_CHARS = 5000;

/** Rejects a list whole, naming every problem; nothing is stored and the active list keeps running. */
function parseOrReject(json: string | unknown): KeywordList {
  try {
    return parseKeywordList(json);
  } catch (error) {
    if (!(error instanceof KeywordListError)) throw error;
    throw new AppError('VALIDATION_FAILED', {
      detail: `The keyword list was rejected (${error.problems.length} problem(s)); the active list is unchanged`,
      issues: error.problems.map((message) => ({
        path: /^[a-z]+(\[\d+\])?/i.exec(message)?.[0] ?? 'list',
        message,
      })),
    });
  }
}

/**
 * The live scanner and the keyword lists behind it. The scanner object handed out
 * never changes; what it delegates to is rebuilt when an activation changes the
 * active lists (here at once, in other processes on their next `refresh()`).
 */
export function createKeywordLists(deps: SafetyDeps & { clock: Clock }) {
  const { database, clock } = deps;
  // The classifier is decoded once; rebuilding for new lists only recompiles the automatons.
  const configured = deps.scanner?.classifier;
  const base: Omit<ScannerConfig, 'keywordLists'> = {
    distressLexicon: deps.scanner?.distressLexicon ?? bundledDistressLexicon(),
    classifier:
      configured === undefined
        ? loadClassifier(bundledClassifierModel())
        : 'predict' in configured
          ? configured
          : loadClassifier(configured),
    ...(deps.scanner?.thresholds ? { thresholds: deps.scanner.thresholds } : {}),
  };

  const bundled = new Map<Lang, KeywordList>(bundledKeywordLists().map((list) => [list.lang, list]));
  let active = new Map<Lang, ActiveKeywordList>(
    [...bundled].map(([lang, list]) => [lang, shippedEntry(lang, list)]),
  );
  let fingerprint = '';
  const build = (lists: Iterable<KeywordList>): Scanner =>
    createScanner({ ...base, keywordLists: [...lists] });
  let current = build(bundled.values());

  function shippedEntry(lang: Lang, list: KeywordList): ActiveKeywordList {
    return {
      lang,
      listId: null,
      version: list.version,
      entryCount: list.entries.length,
      allowCount: list.allow.length,
      activatedAt: null,
      activatedBy: null,
      list,
    };
  }

  const live: Scanner = {
    get versions() {
      return current.versions;
    },
    scan: (input) => current.scan(input),
    scanWithExtra: (input, extra, timeoutMs) => current.scanWithExtra(input, extra, timeoutMs),
  };

  /** Reloads the active lists; rebuilds the scanner only when they changed. */
  async function refresh(): Promise<boolean> {
    const rows = await store.activeLists(database.db);
    const next = new Map(active);
    for (const lang of LANGS) next.set(lang, shippedEntry(lang, bundled.get(lang)!));
    for (const row of rows) {
      if (!(LANGS as readonly string[]).includes(row.lang)) continue;
      try {
        const list = parseKeywordList(row.body);
        next.set(list.lang, {
          lang: list.lang,
          listId: row.id,
          version: row.version,
          entryCount: row.entry_count,
          allowCount: row.allow_count,
          activatedAt: new Date(row.activated_at),
          activatedBy: row.activated_by,
          list,
        });
      } catch (error) {
        // A stored list a newer release no longer accepts: keep what this process runs now.
        deps.logger.error({ err: error, listId: row.id, lang: row.lang }, 'stored keyword list rejected');
        next.set(row.lang as Lang, active.get(row.lang as Lang)!);
      }
    }
    const print = [...next.values()].map((e) => `${e.lang}:${e.listId ?? 'shipped'}`).join(',');
    if (print === fingerprint) return false;
    const scanner = build([...next.values()].map((e) => e.list));
    active = next;
    current = scanner;
    fingerprint = print;
    deps.logger.info({ keywordVersions: scanner.versions.keywords }, 'safety scanner rebuilt');
    return true;
  }

  /** Stores the shipped lists as first versions of languages with none, then loads the active lists. */
  async function init(): Promise<void> {
    await database.transaction(async (tx) => {
      for (const [lang, list] of bundled) {
        await store.lockLanguage(tx, lang);
        if ((await store.countLists(tx, lang)) > 0) continue;
        const id = newId('kwl');
        const now = clock.now();
        await store.insertList(tx, {
          id,
          lang,
          version: list.version,
          body: list,
          entry_count: list.entries.length,
          allow_count: list.allow.length,
          note: 'shipped with Manabee',
          created_by: 'system',
          created_at: now,
        });
        await store.insertActivation(tx, {
          id: newId('kwa'),
          lang,
          list_id: id,
          activated_by: 'system',
          activated_at: now,
        });
      }
    });
    await refresh();
  }

  async function versions(principal: Principal | null, lang: Lang): Promise<KeywordListVersion[]> {
    deps.authorize(principal, 'keywords.read', { type: 'keyword_list' });
    const activeId = (await store.activations(database.db, lang, 1))[0]?.list_id;
    return (await store.listVersions(database.db, lang)).map((row) => ({
      id: row.id,
      lang: row.lang,
      version: row.version,
      entryCount: row.entry_count,
      allowCount: row.allow_count,
      note: row.note,
      createdBy: row.created_by,
      createdAt: new Date(row.created_at),
      lastActivatedAt: row.last_activated_at ? new Date(row.last_activated_at) : null,
      active: row.id === activeId,
    }));
  }

  async function activate(principal: Principal, listId: string, how: 'activated' | 'rolled_back') {
    const row = await store.findList(database.db, listId);
    if (!row) throw new AppError('NOT_FOUND', { detail: 'Keyword list version not found' });
    await database.transaction(async (tx) => {
      await store.lockLanguage(tx, row.lang);
      await store.insertActivation(tx, {
        id: newId('kwa'),
        lang: row.lang,
        list_id: row.id,
        activated_by: principal.id,
        activated_at: clock.now(),
      });
      await deps.audit.record(tx, {
        actor: actorOf(principal),
        action: `safety.keywords.${how}`,
        resource: { type: 'keyword_list', id: row.id },
        metadata: { lang: row.lang, version: row.version },
      });
    });
    await refresh();
    return active.get(row.lang as Lang)!;
  }

  return {
    scanner: live,
    init,
    refresh,

    /** The active list of each language (or of one). */
    async lists(principal: Principal | null, lang?: Lang): Promise<ActiveKeywordList[]> {
      deps.authorize(principal, 'keywords.read', { type: 'keyword_list' });
      // Another process may have activated a version since this one last looked.
      await refresh();
      return [...active.values()].filter((entry) => !lang || entry.lang === lang);
    },

    versions,

    /** Validates the whole list, then stores it as a new version (and activates it when asked). */
    async save(
      principal: Principal | null,
      input: { list: string | unknown; note?: string | undefined; activate?: boolean | undefined },
    ): Promise<{ version: KeywordListVersion; active: boolean }> {
      deps.authorize(principal, 'keywords.edit', { type: 'keyword_list' });
      const list = parseOrReject(input.list);
      // Compiling proves the list builds a scanner before anyone depends on it.
      const others = [...active.values()].filter((e) => e.lang !== list.lang).map((e) => e.list);
      build([...others, list]);
      const id = newId('kwl');
      const now = clock.now();
      await database.transaction(async (tx) => {
        await store.lockLanguage(tx, list.lang);
        const inserted = await store.insertList(tx, {
          id,
          lang: list.lang,
          version: list.version,
          body: list,
          entry_count: list.entries.length,
          allow_count: list.allow.length,
          note: input.note?.slice(0, 500) ?? null,
          created_by: principal!.id,
          created_at: now,
        });
        if (!inserted) {
          throw new AppError('CONFLICT', {
            detail: `Version ${list.version} of the ${list.lang} list already exists; give the new list a new version`,
          });
        }
        await deps.audit.record(tx, {
          actor: actorOf(principal!),
          action: 'safety.keywords.saved',
          resource: { type: 'keyword_list', id },
          metadata: { lang: list.lang, version: list.version, entries: list.entries.length },
        });
      });
      if (input.activate) await activate(principal!, id, 'activated');
      const version = (await versions(principal, list.lang)).find((v) => v.id === id)!;
      return { version, active: version.active };
    },

    async activate(principal: Principal | null, listId: string): Promise<ActiveKeywordList> {
      deps.authorize(principal, 'keywords.edit', { type: 'keyword_list' });
      return activate(principal!, listId, 'activated');
    },

    /** Re-activates the list that was active before the current one. */
    async rollback(principal: Principal | null, lang: Lang): Promise<ActiveKeywordList> {
      deps.authorize(principal, 'keywords.edit', { type: 'keyword_list' });
      const history = await store.activations(database.db, lang, 200);
      const currentId = history[0]?.list_id;
      const previous = history.find((a) => a.list_id !== currentId);
      if (!previous) throw new AppError('CONFLICT', { detail: `No earlier ${lang} list to roll back to` });
      return activate(principal!, previous.list_id, 'rolled_back');
    },

    /** Runs `text` through the real scanner with the active lists, or with `draft` in place of its language's list. */
    testPhrase(
      principal: Principal | null,
      input: { lang: Lang; text: string; draft?: string | unknown; source?: 'child' | 'tutor' | undefined },
    ): ScanResult & { keywordVersions: readonly string[] } {
      deps.authorize(principal, 'keywords.read', { type: 'keyword_list' });
      if (input.text.length > MAX_TEST_CHARS)
        throw new AppError('VALIDATION_FAILED', { detail: `At most ${MAX_TEST_CHARS} characters` });
      let scanner = current;
      if (input.draft !== undefined) {
        const draft = parseOrReject(input.draft);
        scanner = build([
          ...[...active.values()].filter((e) => e.lang !== draft.lang).map((e) => e.list),
          draft,
        ]);
      }
      const result = scanner.scan({ text: input.text, lang: input.lang, source: input.source ?? 'child' });
      return { ...result, keywordVersions: scanner.versions.keywords };
    },

    /** The scanner as it is now, for a run that must see one version throughout (a CLI scan). */
    snapshot: (): Scanner => current,
  };
}
