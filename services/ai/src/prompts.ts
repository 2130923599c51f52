import { AppError, type Clock, type Database, notFound } from '@manabee/kernel';
import { allPromptKeys, defaultPromptText } from './domain/prompts/defaults';
import {
  activatePromptVersion,
  findActivePrompt,
  insertPromptVersion,
  listEditedPromptKeys,
  listPromptVersions,
  lockPromptKey,
  type PromptRow,
} from './store';

export interface ResolvedPrompt {
  key: string;
  /** 0 = the default shipped in code. */
  version: number;
  text: string;
  source: 'default' | 'database';
}

export interface PromptSummary {
  key: string;
  activeVersion: number;
}

export interface PromptLibrary {
  get(key: string): Promise<ResolvedPrompt>;
  list(): Promise<PromptSummary[]>;
  versions(key: string): Promise<PromptRow[]>;
  update(key: string, text: string, by: string): Promise<ResolvedPrompt>;
  /** Back to the version before the active one, or to `toVersion` (0 = code default). */
  rollback(key: string, by: string, toVersion?: number): Promise<ResolvedPrompt>;
}

const MAX_PROMPT_CHARS = 20_000;
/** Other replicas pick up an operator's edit within this long. */
const CACHE_MS = 30_000;

export function createPromptLibrary(database: Database, clock: Clock): PromptLibrary {
  const cached = new Map<string, { prompt: ResolvedPrompt; until: number }>();

  const requireKnown = (key: string): string => {
    const fallback = defaultPromptText(key);
    if (fallback === undefined) throw notFound(`Prompt ${key}`);
    return fallback;
  };

  const load = async (key: string): Promise<ResolvedPrompt> => {
    const fallback = requireKnown(key);
    const row = await findActivePrompt(database.db, key);
    return row
      ? { key, version: row.version, text: row.text, source: 'database' }
      : { key, version: 0, text: fallback, source: 'default' };
  };

  return {
    async get(key) {
      const now = clock.now().getTime();
      const hit = cached.get(key);
      if (hit && hit.until > now) return hit.prompt;
      const prompt = await load(key);
      cached.set(key, { prompt, until: now + CACHE_MS });
      return prompt;
    },
    async list() {
      const edited = new Map(
        (await listEditedPromptKeys(database.db)).map((row) => [row.key, row.activeVersion]),
      );
      return allPromptKeys().map((key) => ({ key, activeVersion: edited.get(key) ?? 0 }));
    },
    async versions(key) {
      requireKnown(key);
      return listPromptVersions(database.db, key);
    },
    async update(key, text, by) {
      requireKnown(key);
      const trimmed = text.trim();
      if (!trimmed || trimmed.length > MAX_PROMPT_CHARS) {
        throw new AppError('VALIDATION_FAILED', {
          issues: [{ path: 'text', message: `must be 1 to ${MAX_PROMPT_CHARS} characters` }],
        });
      }
      const version = await database.transaction(async (tx) => {
        await lockPromptKey(tx, key);
        return insertPromptVersion(tx, { key, text: trimmed, createdBy: by, now: clock.now() });
      });
      cached.delete(key);
      return { key, version, text: trimmed, source: 'database' };
    },
    async rollback(key, by, toVersion) {
      requireKnown(key);
      await database.transaction(async (tx) => {
        await lockPromptKey(tx, key);
        const versions = await listPromptVersions(tx, key);
        const active = versions.find((row) => row.active)?.version ?? 0;
        let target: number;
        if (toVersion !== undefined) {
          if (toVersion !== 0 && !versions.some((row) => row.version === toVersion)) {
            throw notFound(`Prompt ${key} version ${toVersion}`);
          }
          target = toVersion;
        } else {
          if (active === 0) throw new AppError('CONFLICT', { detail: 'Already on the default prompt' });
          target = versions.find((row) => row.version < active)?.version ?? 0;
        }
        await activatePromptVersion(tx, { key, version: target, by, now: clock.now() });
      });
      cached.delete(key);
      return load(key);
    },
  };
}
