import {
  type Classifier,
  type ClassifierThresholds,
  LONG_TEXT_CHARS,
  loadClassifier,
  type SerializedModel,
} from './classifier';
import { ACTION_TABLE, decide, FICTION_RULE_PREFIX } from './decision';
import { assessDistress, compileDistressLexicon, type DistressLexicon, type DistressModel } from './distress';
import { detectGrooming } from './grooming';
import { compileKeywordIndex, type KeywordIndex, matchKeywords, TOPIC_RULE_PREFIX } from './keyword-detector';
import type { KeywordList } from './keyword-list';
import { normalizeForMatching, toWellFormed } from './normalize';
import { findPersonalData } from './personal-data';
import { detectTutorRequests, TUTOR_REQUEST_RULE } from './tutor-requests';
import {
  actionRank,
  CATEGORIES,
  type Category,
  type ConversationTurn,
  isLang,
  type Lang,
  type ScanInput,
  type ScanResult,
  SELF_HARM_LEVEL_SEVERITY,
  type Severity,
  type Signal,
  severityRank,
  type TextRange,
} from './types';

/** Longest text scanned in one call. A chat message is far shorter; a 1 MB paste is cut, not hung on. */
export const MAX_SCAN_CHARS = 20_000;
const MAX_WINDOW_TURNS = 12;

/** Probability thresholds for the classifier's own signals, per category. */
export type { ClassifierThresholds };

/** Used only when a model carries no thresholds of its own (they are tuned when it is trained). */
const FALLBACK_THRESHOLDS: ClassifierThresholds = { signal: 0.6, strong: 0.9 };
/**
 * The severity the classifier may give each category, for a probability over the signal and
 * over the strong threshold. Self-harm takes its severity from the ladder head instead, and
 * personal data needs spans, so patterns own it.
 */
const CLASSIFIER_SEVERITY: Partial<Record<Category, { weak: Severity; strong: Severity }>> = {
  grooming: { weak: 'high', strong: 'high' },
  sexual: { weak: 'medium', strong: 'high' },
  violence: { weak: 'low', strong: 'medium' },
  bullying: { weak: 'low', strong: 'medium' },
  hate: { weak: 'medium', strong: 'high' },
  drugs: { weak: 'low', strong: 'medium' },
  profanity: { weak: 'low', strong: 'medium' },
};

/**
 * A short answer that agrees with what came before: "うん、ほんとに" after the tutor asked
 * "つらいの？", "yes. thursday" after "do you have a plan?". Alone they mean nothing; after a
 * concern they carry it (#12 item 5).
 */
const AFFIRMATION =
  /^(?:y(?:es|eah|ea|ep|up|a)|ya+|yh|mhm+|uh[- ]?huh|ok(?:ay)?|really|for real|fr|i (?:do|mean it|am|did)|true|exactly|kind of|kinda|maybe|sort of|うん|ううん|はい|ええ|そう|ほんと|本当|まじ|マジ|ガチ|がち|だよ|それ|응|어|네|예|ㅇㅇ|맞아|진짜|是|是的|嗯|对|對|真的|s[ií]|claro|de verdad|neta|en serio)/iu;
const TIME_ANSWER =
  /(?:tonight|tomorrow|today|this week|monday|tuesday|wednesday|thursday|friday|saturday|sunday|今夜|今日|明日|あした|こんや|週末|오늘|내일|今晚|明天|esta noche|mañana|manana)/iu;
const SHORT_ANSWER_CHARS = 40;

/** A piece of writing for class, named by the child or the tutor in the last few turns. */
const STORY_CONTEXT =
  /(物語|ものがたり|お話|おはなし|作文|さくぶん|小説|しょうせつ|童話|詩を|脚本|あらすじ|主人公|しゅじんこう|登場人物|\bstory\b|\bstories\b|\bpoem\b|\bnovel\b|\bfiction\b|creative writing|\bcharacters?\b|\bplot\b|故事|小说|小說|作文|이야기|소설|동화|\bcuento\b|\bhistoria\b|\bpoema\b|\bpersonaje)/iu;
/** The message talks about someone in the story, not about the writer. */
const THIRD_PERSON =
  /(主人公|しゅじんこう|キャラ|彼女|彼は|彼が|かれ|かのじょ|少年|少女|王子|姫|ロボット|\b(?:he|she|they|his|her|their|the character|the boy|the girl|the robot|the hero|the king|the princess)\b|他|她|主角|그는|그녀|주인공|\bel personaje\b|\bella\b|\bél\b)/iu;
/** The writer speaking about themselves: then it is not (only) a story. */
const FIRST_PERSON =
  /(わたし|私|ぼく|僕|おれ|俺|あたし|うち(?:は|が|も)|自分|\b(?:i|i'm|im|me|my|myself)\b|我|나는|내가|저는|\b(?:yo|me|mi)\b)/iu;

function isStoryForClass(text: string, window: readonly ConversationTurn[]): boolean {
  if (!window.slice(-4).some((turn) => STORY_CONTEXT.test(turn.text.normalize('NFKC')))) return false;
  const message = text.normalize('NFKC');
  return THIRD_PERSON.test(message) && !FIRST_PERSON.test(message);
}

/**
 * In a story for class, a character's despair is the story's: the scanner still sees it (warn,
 * so the tutor can check in), but it does not raise an alarm. The writer speaking in the first
 * person, or a window that is no story, keeps the usual rules.
 */
function softenAsFiction(signals: Signal[]): void {
  for (let i = 0; i < signals.length; i++) {
    const s = signals[i]!;
    if (s.category !== 'self_harm' && s.category !== 'violence') continue;
    signals[i] = { ...s, severity: 'low', rule: `${FICTION_RULE_PREFIX}${s.rule}` };
  }
}

/**
 * A model reading "It" or "ok" sees only its bias and a few common n-grams: too little text is
 * left to the keyword lists and the window rule. Three letters of CJK or Hangul, six of Latin.
 */
function enoughToRead(text: string): boolean {
  let letters = 0;
  let cjk = 0;
  for (const ch of text) {
    if (/\p{L}/u.test(ch)) {
      letters++;
      if (ch.charCodeAt(0) >= 0x3000) cjk++;
    }
    if (cjk >= 3 || letters >= 6) return true;
  }
  return false;
}

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
  source: 'child' | 'tutor';
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

  function classify(normalizedText: string, lang: Lang): Signal[] {
    if (!classifier || !enoughToRead(normalizedText)) return [];
    const prediction = classifier.predictNormalized(normalizedText, lang);
    const long = normalizedText.length > LONG_TEXT_CHARS;
    const signals: Signal[] = [];
    for (const category of CATEGORIES) {
      const p = prediction.categories[category];
      const thresholds =
        config.thresholds?.[category] ??
        (long ? classifier.longThresholds : classifier.thresholds)[category] ??
        FALLBACK_THRESHOLDS;
      if (p < thresholds.signal) continue;
      if (category === 'self_harm') {
        const { level } = prediction.ladder();
        signals.push({
          detector: 'classifier',
          category,
          severity: SELF_HARM_LEVEL_SEVERITY[level],
          rule: `classifier:self_harm:${level}`,
          score: p,
        });
        continue;
      }
      const severity = CLASSIFIER_SEVERITY[category];
      if (!severity) continue;
      signals.push({
        detector: 'classifier',
        category,
        severity: p >= thresholds.strong ? severity.strong : severity.weak,
        rule: `classifier:${category}`,
        score: p,
      });
    }
    return signals;
  }

  /** The self-harm or grooming severity an earlier turn raised, kept by a short agreeing answer. */
  function carriedFromWindow(
    text: string,
    lang: Lang,
    window: readonly ConversationTurn[],
    found: readonly Signal[],
  ): Signal[] {
    const answer = text.trim();
    if (window.length === 0 || answer.length > SHORT_ANSWER_CHARS) return [];
    if (found.some((s) => s.category === 'self_harm' && s.detector !== 'distress')) return [];
    if (!AFFIRMATION.test(answer.normalize('NFKC')) && !TIME_ANSWER.test(answer.normalize('NFKC'))) return [];
    let carried: Signal | undefined;
    for (const turn of window.slice(-4)) {
      const normalized = normalizeForMatching(turn.text.slice(0, 2000), lang);
      const earlier = [
        ...matchKeywords(keywords.get(lang) ?? keywords.get('en'), normalized).signals.filter(
          (s) => !s.rule.startsWith(TOPIC_RULE_PREFIX),
        ),
        ...classify(normalized.text, lang),
      ].filter((s) => s.category === 'self_harm' || s.category === 'grooming');
      for (const s of earlier) {
        // A tutor asking "do you want to die?" is a question: agreeing to it is an active thought.
        const severity =
          turn.role === 'tutor' ? (s.category === 'self_harm' ? 'high' : s.severity) : s.severity;
        if (!carried || severityRank(severity) > severityRank(carried.severity)) {
          carried = {
            detector: 'context',
            category: s.category,
            severity,
            rule: `context:${turn.role}:${s.rule}`,
          };
        }
      }
    }
    return carried ? [carried] : [];
  }

  function prepare(input: ScanInput): Prepared {
    const { text, lang, window, truncated } = sanitize(input);
    const normalized = normalizeForMatching(text, lang);
    const personal = findPersonalData(text);
    const sharesContact = personal.some((s) => s.personalData !== 'url' && s.personalData !== 'school');
    const keywordMatches = matchKeywords(keywords.get(lang) ?? keywords.get('en'), normalized);
    // The model learned from children's messages. Tutor replies (explanations about rivers and
    // bridges, sympathy) are another kind of text: the lists, patterns, grooming phrases and the
    // tutor-request detector judge them, and a tutor asking for an address is blocked, not escalated.
    const classified =
      input.source === 'tutor' ? [] : classify(withoutRanges(normalized.text, keywordMatches.allowed), lang);
    // A topic word (自殺 in a question about Dazai) counts only when the model reads the message the same way.
    const agrees = (s: Signal) => classified.some((c) => c.category === s.category);
    // In an essay, a post or a story (over 300 characters), 死にたい, "suicidal" or "keep it a
    // secret" are as often quoted, advised against or narrated as meant: there the lists and the
    // grooming phrases count for self-harm and grooming only with the model's agreement. A
    // child's chat line keeps every list entry as it is.
    const long = input.source !== 'tutor' && normalized.text.length > LONG_TEXT_CHARS;
    const needsAgreement = (s: Signal) =>
      s.rule.startsWith(TOPIC_RULE_PREFIX) ||
      (long && (s.category === 'self_harm' || s.category === 'grooming'));
    const keywordSignals = keywordMatches.signals.filter((s) => !needsAgreement(s) || agrees(s));
    const grooming = detectGrooming(normalized, lang, window, sharesContact).filter(
      (s) => !long || agrees(s),
    );
    const signals: Signal[] = [...keywordSignals, ...personal, ...grooming, ...classified];
    // Only when nothing else already stops the reply: an escalated grooming reply stays one concern, not two.
    if (
      input.source === 'tutor' &&
      !signals.some((s) => actionRank(ACTION_TABLE[s.category][s.severity]) >= actionRank('block'))
    ) {
      signals.push(...detectTutorRequests(normalized, lang));
    }
    if (input.source !== 'tutor') {
      signals.push(...carriedFromWindow(text, lang, window, signals));
      if (isStoryForClass(text, window)) softenAsFiction(signals);
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
    return {
      text,
      lang,
      country: input?.country,
      source: input?.source === 'tutor' ? 'tutor' : 'child',
      truncated,
      signals,
      distress,
    };
  }

  function finish(prepared: Prepared, extra?: ScanResult['extra']): ScanResult {
    const decision = decide(
      prepared.text,
      prepared.signals,
      prepared.lang,
      prepared.country,
      prepared.source,
    );
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
