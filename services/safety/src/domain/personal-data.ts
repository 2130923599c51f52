import { normalizeWidth, toOriginalRange } from './normalize';
import { CRISIS_LINE_DIGITS } from './replies';
import type { Lang, PersonalDataKind, Severity, Signal, TextRange } from './types';

/**
 * Personal data a child may type (or a model may echo): found on a width-folded view so
 * "０９０ー１２３４ー５６７８" is a phone number, redacted before a model or storage sees it.
 */
interface PersonalDataPattern {
  name: string;
  kind: PersonalDataKind;
  severity: Severity;
  regex: RegExp;
  /** Extra check on the match, e.g. a phone number has 10 to 15 digits. */
  accept?: (match: RegExpMatchArray) => boolean;
  needsDigit?: boolean;
  /**
   * A cheap test the text must pass before the pattern runs at all (an e-mail needs an @, a
   * Japanese address a 都道府県市区町村 character). Most messages have none of these.
   */
  hint?: RegExp;
}

const digitCount = (s: string): number => (s.match(/\d/g) ?? []).length;
const DASH_CHARS = '\\-‐‑‒–—―−ーｰ';
const DASH = `[${DASH_CHARS}]`;
const KANA_HAN = '\\p{Script=Han}\\p{Script=Katakana}';

const PATTERNS: readonly PersonalDataPattern[] = [
  {
    name: 'email',
    hint: /@|＠|\[at\]|\(at\)/iu,
    kind: 'email',
    severity: 'medium',
    regex: /[a-z0-9._%+-]+\s?(?:@|＠|\[at\]|\(at\))\s?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/giu,
  },
  {
    name: 'phone_international',
    needsDigit: true,
    kind: 'phone',
    severity: 'medium',
    regex: new RegExp(
      `\\+\\d{1,3}(?:[\\s.]|${DASH})?\\(?\\d{1,4}\\)?(?:(?:[\\s.]|${DASH})?\\d{2,4}){2,4}`,
      'gu',
    ),
    accept: (m) => digitCount(m[0]) >= 9 && digitCount(m[0]) <= 15,
  },
  {
    name: 'phone_jp',
    needsDigit: true,
    kind: 'phone',
    severity: 'medium',
    // Japanese numbers start with 0: 090-1234-5678, 03(1234)5678, 0120-000-000, 09012345678.
    regex: new RegExp(
      `(?<![\\d.])0\\d{1,4}(?:${DASH}|\\s|\\(|\\))?\\d{1,4}(?:${DASH}|\\s|\\))?\\d{3,4}(?![\\d.])`,
      'gu',
    ),
    accept: (m) => digitCount(m[0]) >= 10 && digitCount(m[0]) <= 11,
  },
  {
    name: 'phone_nanp',
    needsDigit: true,
    kind: 'phone',
    severity: 'medium',
    regex: /(?<![\d.])\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?![\d.])/gu,
  },
  {
    name: 'postal_code_jp',
    needsDigit: true,
    kind: 'postal_code',
    severity: 'medium',
    // A bare "123-4567" is as often arithmetic as an address, so it needs 〒 or a word saying what it is.
    regex: new RegExp(
      `(?:〒|(?:郵便番号|ゆうびんばんごう|postal code|postcode|zip(?: code)?)\\s*[:：は]?\\s*)\\d{3}${DASH}?\\d{4}(?![\\d])`,
      'giu',
    ),
  },
  {
    name: 'postal_code_uk',
    needsDigit: true,
    kind: 'postal_code',
    severity: 'medium',
    regex: /\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b/gu,
  },
  {
    name: 'address_jp',
    hint: /[都道府県市区町村郡]/u,
    needsDigit: true,
    kind: 'address',
    severity: 'high',
    // 〇〇市〇〇町1-2-3, 〇〇区〇〇3丁目4番5号
    regex: new RegExp(
      `[${KANA_HAN}]{1,8}[都道府県市区町村郡][${KANA_HAN}\\p{Script=Hiragana}]{0,12}?\\d{1,4}(?:(?:丁目|番地?|号|条[東西南北]?|${DASH})\\d{0,4}){1,5}`,
      'gu',
    ),
  },
  {
    name: 'address_en',
    needsDigit: true,
    kind: 'address',
    severity: 'high',
    regex:
      /\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Close|Crescent|Place|Terrace)\b\.?/gu,
  },
  {
    // A Japanese block address written in Latin letters, as an English-speaking child in Japan
    // writes it: "1-2-3 Shibuya", "Nishi-Shinjuku 3-14-7", "2-chome 5-10". Three numbers (or
    // chome) keep "5-3 apples" arithmetic out.
    name: 'address_jp_latin',
    needsDigit: true,
    kind: 'address',
    severity: 'high',
    regex:
      /\b(?:\d{1,4}-\d{1,4}-\d{1,4}\s+(?:[A-Z][a-z]{2,}(?:-[A-Za-z]+)?|[a-z]{3,}(?:-(?:ku|shi|cho|machi|mura))\b)|[A-Z][a-z]{2,}(?:-[A-Za-z]+)?,?\s+\d{1,4}-\d{1,4}-\d{1,4}|\d{1,2}-?chome[\s,-]+\d{1,4}(?:-\d{1,4})?)\b/gu,
  },
  {
    name: 'address_es',
    hint: /calle|c\/|avenida|avda|av\.|plaza|paseo/iu,
    needsDigit: true,
    kind: 'address',
    severity: 'high',
    regex:
      /\b(?:calle|c\/|avenida|avda\.?|av\.|plaza|paseo)\s+[\p{L} ]{2,30}?,?\s*(?:n[º°o]\.?\s*)?\d{1,5}\b/giu,
  },
  {
    name: 'school_jp',
    hint: /学校|高校|学園|学院/u,
    kind: 'school',
    severity: 'low',
    // A named school: "桜丘小学校", "市立第二中学校". "私の小学校" (no name) is not personal data.
    regex: new RegExp(`[${KANA_HAN}]{1,10}(?:小学校|中学校|高等学校|高校|学園|学院|義務教育学校)`, 'gu'),
    accept: (m) => !/^(?:小学校|中学校|高校|高等学校|学園|学院)/u.test(m[0]),
  },
  {
    name: 'class_jp',
    needsDigit: true,
    kind: 'school',
    severity: 'low',
    regex: /[1-6一二三四五六]年[1-9一二三四五六七八九A-Za-zA-Z]組/gu,
  },
  {
    name: 'school_en',
    kind: 'school',
    severity: 'low',
    regex:
      /\b(?:[A-Z][a-z]+\s){1,3}(?:Elementary|Primary|Middle|High|Junior High|Secondary|Grammar|Academy)(?:\s(?:School))?\b/gu,
    accept: (m) => !/^(?:The|My|Our|A|An|Junior)\s/u.test(m[0]),
  },
  {
    name: 'url',
    hint: /https?:|www\.|\.(?:com|net|org|jp|io|me|gg|ly|app|tv)/iu,
    kind: 'url',
    severity: 'low',
    regex:
      /\b(?:https?:\/\/|www\.)[^\s<>"'、。]+|\b[a-z0-9-]{2,}\.(?:com|net|org|jp|co\.jp|io|me|gg|ly|app|tv)\b(?:\/[^\s<>"'、。]*)?/giu,
  },
  {
    name: 'handle_app',
    hint: /line|ライン|らいん|insta|インスタ|いんすた|discord|ディスコ|でぃすこ|tiktok|ティックトック|snap|スナチャ|twitter|ツイッター|kik|whatsapp/iu,
    kind: 'handle',
    severity: 'medium',
    // "LINEのIDは kenta_0412", "insta: @mika", "discord は mika#1234", "スナチャ mika"
    regex:
      /(?:line|ライン|らいん|insta(?:gram)?|インスタ|いんすた|discord|ディスコ(?:ード)?|でぃすこ|tiktok|ティックトック|snap(?:chat)?|スナチャ|twitter|ツイッター|kik|whatsapp)\s*(?:の)?\s*(?:id|アカウント|account|handle|user(?:name)?|名前)?\s*(?:は|:|：|=|is)?\s*@?([a-z0-9][a-z0-9._-]{2,29}(?:#\d{4})?)/giu,
    // "LINE is fun" is not a handle; an ID has a digit, "_", "." or "#", or was introduced with "ID" / "@".
    accept: (m) =>
      /[\d_.#]/u.test(m[1] ?? '') ||
      /(?:id|@|アカウント)/iu.test(m[0].slice(0, m[0].length - (m[1]?.length ?? 0))),
  },
  {
    name: 'handle_named',
    kind: 'handle',
    severity: 'medium',
    // "my username is emma.plays99", "ユーザー名は mio_chan99", "gamertag: xX_Noah_Xx"
    regex:
      /(?:user\s?name|handle|gamertag|gamer tag|account|ユーザー名|ユーザーネーム|アカウント名?)\s*(?:is|は|:|：|=)?\s*@?([a-z0-9][a-z0-9._-]{2,29})/giu,
    accept: (m) => /[\d_.]/u.test(m[1] ?? ''),
  },
  {
    name: 'handle_discord_tag',
    hint: /#\d/u,
    needsDigit: true,
    kind: 'handle',
    severity: 'medium',
    regex: /\b[a-z0-9_.]{2,32}#\d{4}\b/giu,
  },
  {
    name: 'handle_at',
    kind: 'handle',
    severity: 'medium',
    regex: /(?<![\w.@])@[a-z0-9_.]{3,30}\b/giu,
  },
];

/** Numbers that must survive redaction: a tutor reply that gives a crisis line keeps it. */
const isProtected = (match: string): boolean => CRISIS_LINE_DIGITS.has(match.replace(/\D/g, ''));

const overlaps = (a: TextRange, b: TextRange): boolean => a.start < b.end && b.start < a.end;

/** Finds personal data. Earlier patterns win over overlapping later ones (an email is not also a handle). */
export function findPersonalData(text: string): Signal[] {
  const view = normalizeWidth(text);
  const found: Signal[] = [];
  const taken: TextRange[] = [];
  // Most patterns need a digit; most chat messages have none, so skip those patterns outright.
  const hasDigit = /\d/.test(view.text);
  for (const pattern of PATTERNS) {
    if (pattern.needsDigit && !hasDigit) continue;
    if (pattern.hint && !pattern.hint.test(view.text)) continue;
    pattern.regex.lastIndex = 0;
    for (const m of view.text.matchAll(pattern.regex)) {
      const matched = m[0];
      if (pattern.accept && !pattern.accept(m)) continue;
      if (pattern.kind === 'phone' && isProtected(matched)) continue;
      const start = m.index ?? 0;
      const local = { start, end: start + matched.length };
      if (taken.some((t) => overlaps(t, local))) continue;
      taken.push(local);
      found.push({
        detector: 'pattern',
        category: 'personal_info',
        severity: pattern.severity,
        rule: pattern.name,
        personalData: pattern.kind,
        range: toOriginalRange(view, local.start, local.end),
      });
    }
  }
  return found.sort((a, b) => a.range!.start - b.range!.start);
}

const PLACEHOLDERS: Record<Lang, Record<PersonalDataKind, string>> = {
  ja: {
    phone: '［電話番号］',
    email: '［メール］',
    postal_code: '［郵便番号］',
    address: '［住所］',
    school: '［学校名］',
    handle: '［ID］',
    url: '［リンク］',
  },
  en: {
    phone: '[phone]',
    email: '[email]',
    postal_code: '[postcode]',
    address: '[address]',
    school: '[school]',
    handle: '[handle]',
    url: '[link]',
  },
  'zh-Hans': {
    phone: '［电话号码］',
    email: '［邮箱］',
    postal_code: '［邮编］',
    address: '［地址］',
    school: '［学校］',
    handle: '［账号］',
    url: '［链接］',
  },
  'zh-Hant': {
    phone: '［電話號碼］',
    email: '［電子郵件］',
    postal_code: '［郵遞區號］',
    address: '［地址］',
    school: '［學校］',
    handle: '［帳號］',
    url: '［連結］',
  },
  ko: {
    phone: '[전화번호]',
    email: '[이메일]',
    postal_code: '[우편번호]',
    address: '[주소]',
    school: '[학교]',
    handle: '[아이디]',
    url: '[링크]',
  },
  es: {
    phone: '[teléfono]',
    email: '[correo]',
    postal_code: '[código postal]',
    address: '[dirección]',
    school: '[escuela]',
    handle: '[usuario]',
    url: '[enlace]',
  },
};

export const placeholderFor = (kind: PersonalDataKind, lang: Lang): string => PLACEHOLDERS[lang][kind];

/** Replaces each personal-data range with its placeholder in the child's language. */
export function redact(text: string, signals: readonly Signal[], lang: Lang): string {
  const ranges = signals
    .filter(
      (s): s is Signal & { range: TextRange; personalData: PersonalDataKind } =>
        !!s.range && !!s.personalData,
    )
    .sort((a, b) => a.range.start - b.range.start);
  let out = '';
  let cursor = 0;
  for (const s of ranges) {
    if (s.range.start < cursor) continue;
    out += text.slice(cursor, s.range.start) + placeholderFor(s.personalData, lang);
    cursor = s.range.end;
  }
  return out + text.slice(cursor);
}
