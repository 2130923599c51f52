import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { CLASSIFIER_LABELS, type ClassifierLabel, type LabeledExample } from '../src/domain/classifier';
import { type ConversationTurn, isLang, isSelfHarmLevel } from '../src/domain/types';

/** Every labelled training set: one file per author or source (docs/safety.md lists them). */
export const TRAINING_URL = new URL('../training/', import.meta.url);
/** Labels operators gave in the console (false alarms, missed messages), exported for training. */
export const FEEDBACK_URL = new URL('../training/feedback/', import.meta.url);
/** Held out: written by other authors who never saw the training data or the rules. */
export const INDEPENDENT_EVAL_URL = new URL('../eval/independent/', import.meta.url);
/** Held out: public sets reserved for evaluation (never trained or tuned on). */
export const OUTSIDE_EVAL_URL = new URL('../eval/outside/', import.meta.url);
export const MODEL_URL = new URL('../src/data/model.json', import.meta.url);

export interface SourcedExample extends LabeledExample {
  source: string;
  window?: ConversationTurn[];
  form?: 'chat' | 'long_post';
  hardNegative?: boolean;
}

const jsonlFiles = (folder: URL): URL[] =>
  existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => name.endsWith('.jsonl'))
        .sort()
        .map((name) => new URL(name, folder))
    : [];

/** Reads labelled JSONL, refusing a malformed line rather than training or measuring on it. */
export function readLabelled(
  url: URL,
  source = url.pathname
    .split('/')
    .pop()!
    .replace(/\.jsonl$/, ''),
) {
  const out: SourcedExample[] = [];
  readFileSync(url, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const record = JSON.parse(line) as Record<string, unknown>;
      if (
        typeof record.text !== 'string' ||
        record.text.trim() === '' ||
        !isLang(record.lang) ||
        !CLASSIFIER_LABELS.includes(record.label as ClassifierLabel)
      ) {
        throw new Error(`${url.pathname} line ${i + 1} is malformed: ${line.slice(0, 80)}`);
      }
      const window = Array.isArray(record.window)
        ? (record.window as ConversationTurn[]).filter((t) => typeof t?.text === 'string')
        : undefined;
      out.push({
        text: record.text,
        lang: record.lang,
        label: record.label as ClassifierLabel,
        ...(isSelfHarmLevel(record.level) ? { level: record.level } : {}),
        source,
        ...(window && window.length > 0 ? { window } : {}),
        ...(record.form === 'long_post' ? { form: 'long_post' as const } : { form: 'chat' as const }),
        ...(record.hard_negative === true ? { hardNegative: true } : {}),
      });
    });
  return out;
}

/** The whole training corpus (authors, public sets, operator feedback), de-duplicated by text. */
export function readDataset(): SourcedExample[] {
  const seen = new Set<string>();
  const out: SourcedExample[] = [];
  for (const url of [...jsonlFiles(TRAINING_URL), ...jsonlFiles(FEEDBACK_URL)]) {
    const source = url.href.startsWith(FEEDBACK_URL.href)
      ? `feedback/${url.pathname.split('/').pop()}`
      : url.pathname
          .split('/')
          .pop()!
          .replace(/\.jsonl$/, '');
    for (const example of readLabelled(url, source)) {
      const key = `${example.lang}\u0000${example.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(example);
    }
  }
  return out;
}

export const readEvaluation = (folder: URL): SourcedExample[] =>
  jsonlFiles(folder).flatMap((url) => readLabelled(url));
