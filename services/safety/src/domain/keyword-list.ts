import {
  CATEGORIES,
  type Category,
  isCategory,
  isLang,
  isSeverity,
  LANGS,
  type Lang,
  SEVERITIES,
  type Severity,
} from './types';

/**
 * Keyword lists are data that safety operators edit and version. A list is checked whole
 * before it is used: one bad entry rejects the list, so the previous list keeps running.
 */

/** `word`: whole Latin word; `prefix`: word start ("bitch" in "bitches"); `substring`: anywhere (CJK, Hangul). */
export type KeywordMatch = 'word' | 'prefix' | 'substring';

export interface KeywordEntry {
  term: string;
  category: Category;
  severity: Severity;
  match?: KeywordMatch;
  note?: string;
  /**
   * The word names a topic (自殺, "suicide") rather than saying something about the writer: a
   * history question or a health-class poster uses it too. Alone it raises nothing; it counts
   * when the classifier reads the message as that category too.
   */
  topic?: boolean;
}

/** A benign compound that contains a keyword ("殺菌", "カップヌードル"); a match inside it is defused. */
export interface AllowContext {
  context: string;
  note?: string;
}

export interface KeywordList {
  version: string;
  lang: Lang;
  entries: KeywordEntry[];
  allow: AllowContext[];
}

export class KeywordListError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      `keyword list rejected (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n- ${problems.join('\n- ')}`,
    );
    this.name = 'KeywordListError';
    this.problems = problems;
  }
}

const MATCHES: readonly KeywordMatch[] = ['word', 'prefix', 'substring'];
const MAX_TERM_LENGTH = 80;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkText(value: unknown, where: string, problems: string[]): value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`${where}: must be a non-empty string`);
    return false;
  }
  if (value.length > MAX_TERM_LENGTH) {
    problems.push(`${where}: longer than ${MAX_TERM_LENGTH} characters`);
    return false;
  }
  return true;
}

function checkOptionalNote(value: unknown, where: string, problems: string[]): void {
  if (value !== undefined && typeof value !== 'string') problems.push(`${where}.note: must be a string`);
}

/** Validates a keyword list (a JSON string or an already parsed value). Throws KeywordListError listing every problem. */
export function parseKeywordList(json: string | unknown): KeywordList {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new KeywordListError([`not valid JSON: ${(error as Error).message}`]);
    }
  }
  if (!isRecord(value)) throw new KeywordListError(['the list must be a JSON object']);

  const problems: string[] = [];
  const known = new Set(['version', 'lang', 'entries', 'allow', 'description']);
  for (const key of Object.keys(value)) if (!known.has(key)) problems.push(`unknown field "${key}"`);
  if (typeof value.version !== 'string' || value.version.trim() === '')
    problems.push('version: must be a non-empty string');
  if (!isLang(value.lang))
    problems.push(`lang: must be one of ${LANGS.join(', ')} (got ${JSON.stringify(value.lang)})`);

  const entries: KeywordEntry[] = [];
  if (!Array.isArray(value.entries) || value.entries.length === 0) {
    problems.push('entries: must be a non-empty array');
  } else {
    const seen = new Map<string, number>();
    value.entries.forEach((raw: unknown, i: number) => {
      const where = `entries[${i}]`;
      if (!isRecord(raw)) {
        problems.push(`${where}: must be an object`);
        return;
      }
      for (const key of Object.keys(raw)) {
        if (!['term', 'category', 'severity', 'match', 'note', 'topic'].includes(key))
          problems.push(`${where}: unknown field "${key}"`);
      }
      const termOk = checkText(raw.term, `${where}.term`, problems);
      if (!isCategory(raw.category)) {
        problems.push(
          `${where}.category: must be one of ${CATEGORIES.join(', ')} (got ${JSON.stringify(raw.category)})`,
        );
      }
      if (!isSeverity(raw.severity)) {
        problems.push(
          `${where}.severity: must be one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(raw.severity)})`,
        );
      }
      if (raw.match !== undefined && !MATCHES.includes(raw.match as KeywordMatch)) {
        problems.push(`${where}.match: must be one of ${MATCHES.join(', ')}`);
      }
      checkOptionalNote(raw.note, where, problems);
      if (raw.topic !== undefined && typeof raw.topic !== 'boolean')
        problems.push(`${where}.topic: must be true or false`);
      if (termOk && isCategory(raw.category) && isSeverity(raw.severity)) {
        const key = `${(raw.term as string).trim().toLowerCase()}\u0000${raw.category}`;
        const first = seen.get(key);
        if (first !== undefined) problems.push(`${where}.term: duplicates entries[${first}] ("${raw.term}")`);
        else seen.set(key, i);
        entries.push({
          term: (raw.term as string).trim(),
          category: raw.category,
          severity: raw.severity,
          ...(raw.match !== undefined ? { match: raw.match as KeywordMatch } : {}),
          ...(typeof raw.note === 'string' ? { note: raw.note } : {}),
          ...(raw.topic === true ? { topic: true } : {}),
        });
      }
    });
  }

  const allow: AllowContext[] = [];
  if (value.allow !== undefined && !Array.isArray(value.allow)) problems.push('allow: must be an array');
  if (Array.isArray(value.allow)) {
    value.allow.forEach((raw: unknown, i: number) => {
      const where = `allow[${i}]`;
      if (!isRecord(raw)) {
        problems.push(`${where}: must be an object like {"context": "殺菌"}`);
        return;
      }
      if (checkText(raw.context, `${where}.context`, problems)) {
        allow.push({
          context: raw.context.trim(),
          ...(typeof raw.note === 'string' ? { note: raw.note } : {}),
        });
      }
      checkOptionalNote(raw.note, where, problems);
    });
  }

  if (problems.length > 0) throw new KeywordListError(problems);
  return { version: (value.version as string).trim(), lang: value.lang as Lang, entries, allow };
}
