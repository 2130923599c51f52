import { type Classifier, isCategoryLabel, loadClassifier, type SerializedModel } from './classifier';
import { ACTION_TABLE, decide } from './decision';
import { assessDistress, compileDistressLexicon, type DistressLexicon, type DistressModel } from './distress';
import { detectGrooming } from './grooming';
import { compileKeywordIndex, type KeywordIndex, matchKeywords } from './keyword-detector';
import type { KeywordList } from './keyword-list';
import { normalizeForMatching, toWellFormed } from './normalize';
import { findPersonalData } from './personal-data';
import { detectTutorRequests, TUTOR_REQUEST_RULE } from './tutor-requests';
import {
  actionRank,
  type Category,
  type ConversationTurn,
  isLang,
  type Lang,
  type ScanInput,
  type ScanResult,
  type Severity,
  type Signal,
  type TextRange,
} from './types';

/** Longest text scanned in one call. A chat message is far shorter; a 1 MB paste is cut, not hung on. */
export const MAX_SCAN_CHARS = 20_000;
const MAX_WINDOW_TURNS = 12;

/** Probability thresholds for the classifier's own signals, per category. */
export interface ClassifierThresholds {
  signal: number;
  strong: number;
}

const DEFAULT_THRESHOLDS: ClassifierThresholds = { signal: 0.6, strong: 0.9 };
/** Grooming is a pattern over a conversation; one message the classifier finds "grooming-like" needs more certainty. */
const BUILT_IN_THRESHOLDS: Partial<Record<Category, ClassifierThresholds>> = {
  grooming: { signal: 0.75, strong: 0.95 },
};
/** The classifier may raise these only up to this severity; personal data needs spans, so patterns own it. */
const CLASSIFIER_CEILING: Partial<Record<Category, { weak: Severity; strong: Severity }>> = {
  self_harm: { weak: 'medium', strong: 'high' },
  grooming: { weak: 'low', strong: 'medium' },
  sexual: { weak: 'medium', strong: 'high' },
  violence: { weak: 'low', strong: 'medium' },
  bullying: { weak: 'low', strong: 'medium' },
  hate: { weak: 'medium', strong: 'high' },
  drugs: { weak: 'low', strong: 'medium' },
  profanity: { weak: 'low', strong: 'medium' },
};

export interface ScannerConfig {
  keywordLists: readonly KeywordList[];
  distressLexicon?: DistressLexicon;
  classifier?: SerializedModel | Classifier;
  thresholds?: Partial<Record<Category, ClassifierThresholds>>;
}

/** A second opinion from elsewhere (e.g. a hosted moderation API), consulted with a deadline. */
export interface ExtraSignal {
  readonly name: string;
  check(
    input: ScanInput,
    abort: AbortSignal,
  ): Promise<ReadonlyArray<{ category: Category; severity: Severity; score?: number }>>;
}

export interface Scanner {
  readonly versions: { keywords: readonly string[]; classifier?: string };
  scan(input: ScanInput): ScanResult;
  /** Local scan plus `extra`; if `extra` fails or misses `timeoutMs`, the local result stands. */
  scanWithExtra(input: ScanInput, extra: ExtraSignal, timeoutMs: number): Promise<ScanResult>;
}

interface Prepared {
  text: string;
  lang: Lang;
  country: string | undefined;
  truncated: boolean;
  signals: Signal[];
  distress: { score: number; trend: number } | undefined;
}

const isClassifier = (value: SerializedModel | Classifier): value is Classifier =>
  typeof (value as Classifier).predict === 'function';

/** Coerces whatever arrived into something scannable: scanning never throws on bad input. */
function sanitize(input: ScanInput): {
  text: string;
  lang: Lang;
  window: ConversationTurn[];
  truncated: boolean;
} {
  const raw = typeof input?.text === 'string' ? input.text : String(input?.text ?? '');
  const truncated = raw.length > MAX_SCAN_CHARS;
  const window = Array.isArray(input?.window)
    ? input.window.filter((t) => t && typeof t.text === 'string').slice(-MAX_WINDOW_TURNS)
    : [];
  return {
    text: toWellFormed(truncated ? raw.slice(0, MAX_SCAN_CHARS) : raw),
    lang: isLang(input?.lang) ? input.lang : 'ja',
    window,
    truncated,
  };
}

/** Blanks allow-listed compounds so "I want to die my hair" reads to the classifier as what it is. */
function withoutRanges(text: string, ranges: readonly TextRange[]): string {
  if (ranges.length === 0) return text;
  let out = '';
  let cursor = 0;
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    if (range.start < cursor) continue;
    out += `${text.slice(cursor, range.start)} `;
    cursor = range.end;
  }
  return out + text.slice(cursor);
}

export function createScanner(config: ScannerConfig): Scanner {
  const keywords: KeywordIndex = compileKeywordIndex(config.keywordLists);
  const distressModel: DistressModel | undefined = config.distressLexicon
    ? compileDistressLexicon(config.distressLexicon)
    : undefined;
  const classifier = config.classifier
    ? isClassifier(config.classifier)
      ? config.classifier
      : loadClassifier(config.classifier)
    : undefined;

  function classify(normalizedText: string): Signal[] {
    if (!classifier || normalizedText.trim() === '') return [];
    const probs = classifier.predictNormalized(normalizedText);
    const signals: Signal[] = [];
    for (const [label, p] of Object.entries(probs) as Array<[keyof typeof probs, number]>) {
      if (!isCategoryLabel(label)) continue;
      const ceiling = CLASSIFIER_CEILING[label];
      const thresholds = config.thresholds?.[label] ?? BUILT_IN_THRESHOLDS[label] ?? DEFAULT_THRESHOLDS;
      if (!ceiling || p < thresholds.signal) continue;
      const severity = p >= thresholds.strong ? ceiling.strong : ceiling.weak;
      signals.push({
        detector: 'classifier',
        category: label,
        severity,
        rule: `classifier:${label}`,
        score: p,
      });
    }
    return signals;
  }

  function prepare(input: ScanInput): Prepared {
    const { text, lang, window, truncated } = sanitize(input);
    const normalized = normalizeForMatching(text, lang);
    const personal = findPersonalData(text);
    const sharesContact = personal.some((s) => s.personalData !== 'url' && s.personalData !== 'school');
    const keywordMatches = matchKeywords(keywords.get(lang) ?? keywords.get('en'), normalized);
    const signals: Signal[] = [
      ...keywordMatches.signals,
      ...personal,
      ...detectGrooming(normalized, lang, window, sharesContact),
      ...classify(withoutRanges(normalized.text, keywordMatches.allowed)),
    ];
    // Only when nothing else already stops the reply: an escalated grooming reply stays one concern, not two.
    if (
      input.source === 'tutor' &&
      !signals.some((s) => actionRank(ACTION_TABLE[s.category][s.severity]) >= actionRank('block'))
    ) {
      signals.push(...detectTutorRequests(normalized, lang));
    }
    let distress: Prepared['distress'];
    // Sympathetic tutor replies are full of sad words; distress is about the child's own messages.
    if (distressModel && input.source !== 'tutor') {
      const assessment = assessDistress(distressModel, normalized, lang, window);
      if (assessment) {
        signals.push(...assessment.signals);
        distress = { score: Number(assessment.score.toFixed(3)), trend: Number(assessment.trend.toFixed(3)) };
      }
    }
    return { text, lang, country: input?.country, truncated, signals, distress };
  }

  function finish(prepared: Prepared, extra?: ScanResult['extra']): ScanResult {
    const decision = decide(prepared.text, prepared.signals, prepared.lang, prepared.country);
    // Personal data alone only asks for redaction; a tutor asking a child for it is cut.
    if (
      actionRank(decision.action) < actionRank('block') &&
      prepared.signals.some((s) => s.rule === TUTOR_REQUEST_RULE)
    ) {
      decision.action = 'block';
    }
    return {
      ...decision,
      signals: prepared.signals,
      truncated: prepared.truncated,
      ...(prepared.distress ? { distress: prepared.distress } : {}),
      ...(extra ? { extra } : {}),
    };
  }

  return {
    versions: {
      keywords: [...new Set([...keywords.values()].flatMap((m) => m.versions))],
      ...(classifier ? { classifier: classifier.version } : {}),
    },
    scan: (input) => finish(prepare(input)),
    async scanWithExtra(input, extra, timeoutMs) {
      const prepared = prepare(input);
      const abort = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), Math.max(0, timeoutMs));
      });
      // Started inside a promise so a synchronous throw is a rejection, and a late rejection is never unhandled.
      const pending = Promise.resolve().then(() => extra.check(input, abort.signal));
      pending.catch(() => undefined);
      try {
        const outcome = await Promise.race([pending, deadline]);
        if (outcome === 'timeout') {
          abort.abort();
          return finish(prepared, 'timeout');
        }
        const extraSignals: Signal[] = outcome.map((f) => ({
          detector: 'extra',
          category: f.category,
          severity: f.severity,
          rule: `${extra.name}:${f.category}`,
          ...(f.score !== undefined ? { score: f.score } : {}),
        }));
        return finish({ ...prepared, signals: [...prepared.signals, ...extraSignals] }, 'applied');
      } catch {
        return finish(prepared, 'failed');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Function form of `scanner.scanWithExtra`. */
export const scanWithExtra = (
  scanner: Scanner,
  input: ScanInput,
  extra: ExtraSignal,
  timeoutMs: number,
): Promise<ScanResult> => scanner.scanWithExtra(input, extra, timeoutMs);
