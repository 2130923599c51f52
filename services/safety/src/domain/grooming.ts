import { type NormalizedText, normalizeForMatching, toOriginalRange } from './normalize';
import type { ConversationTurn, Lang, Severity, Signal } from './types';

/**
 * Grooming rarely sits in one message: it is a pattern across a conversation (asks for age,
 * then school, then a secret, then a meeting). Each phrase is one kind of request; the
 * severity comes from the kinds seen together in the message and its window.
 *
 * Patterns run on normalized text: lower case, katakana folded to hiragana, no spaces
 * between CJK characters, apostrophes dropped ("don't" -> "dont").
 */
export type GroomingKind =
  | 'meet'
  | 'move_app'
  | 'secret'
  | 'photo'
  | 'age'
  | 'school'
  | 'location'
  | 'alone'
  | 'gift';

const WEIGHTS: Record<GroomingKind, number> = {
  meet: 3,
  secret: 3,
  photo: 3,
  move_app: 2,
  location: 2,
  alone: 2,
  gift: 2,
  school: 1,
  age: 1,
};

type PhraseTable = Partial<Record<GroomingKind, RegExp>>;

const PARENT_JA =
  '(?:親|おや|お母さん|おかあさん|母|はは|お父さん|おとうさん|父|ちち|まま|ぱぱ|先生|せんせい|家族|かぞく)';
const APPS_JA =
  '(?:line|らいん|いんすた|insta|でぃすこ(?:ーど)?|discord|かかお(?:とーく)?|すなちゃ|snap|tiktok|てぃっくとっく|dm|でぃーえむ|ついったー|twitter)';

const PHRASES: Partial<Record<Lang, PhraseTable>> = {
  ja: {
    meet: /(?:会|あ)(?:おう|おうよ|わない[?？]|える[?？]|えない[?？])|(?:直接|ちょくせつ|こっそり|ふたりで|二人で|2人で|今度|こんど)(?:会|あ)(?:おう|わない|える|いたい)|待ち合わせ(?:しよう|しない)|まちあわせ(?:しよう|しない)|迎えに(?:行|い)くよ|(?:家|いえ|うち)に(?:遊びに)?(?:来|こ)ない[?？]?|(?:駅|えき|公園|こうえん)で待って/u,
    move_app: new RegExp(
      `${APPS_JA}(?:で|に)?(?:話そう|はなそう|話さない|はなさない|交換|こうかん|追加|ついか|教えて|おしえて|移動|いどう|来て|きて)|(?:連絡先|れんらくさき|id|あいでぃー)(?:を)?(?:交換|こうかん|教えて|おしえて)|(?:別|べつ)の(?:あぷり|さいと)で`,
      'u',
    ),
    secret: new RegExp(
      `(?:誰|だれ)にも(?:言|い)わないで|${PARENT_JA}(?:に|には)(?:内緒|ないしょ|秘密|ひみつ|言わないで|いわないで|言っちゃだめ|黙って)|(?:二人|ふたり|2人)だけの(?:秘密|ひみつ)|(?:内緒|ないしょ|秘密|ひみつ)に(?:して|しよう|しといて)|(?:履歴|りれき|とーく|ちゃっと)(?:を)?(?:消して|けして)`,
      'u',
    ),
    photo:
      /(?:写真|しゃしん|画像|がぞう|自撮り|じどり|顔写真|動画|どうが)(?:を)?(?:送って|おくって|ちょうだい|くれない|撮って送|とっておく)|(?:裸|はだか|下着|したぎ|水着|みずぎ)(?:の)?(?:写真|しゃしん|画像|がぞう|見せて|みせて)|(?:顔|かお)(?:を)?(?:見せて|みせて)|(?:びでお|ビデオ)通話/u,
    age: /(?:何歳|なんさい)(?:なの|なん|ですか|[?？])|(?:年齢|ねんれい)(?:を)?(?:教えて|おしえて)|(?:何年生|なんねんせい)(?:なの|[?？])/u,
    school:
      /(?:どこ|何|なに)(?:の)?(?:学校|がっこう|小学校|中学校)(?:に)?(?:行|い|通|かよ)|(?:学校|がっこう)(?:は|って)?(?:どこ|教えて|おしえて)/u,
    location:
      /(?:^|[、。!?！？\s]|(?:君|きみ|あなた|おまえ|お前)は?)(?:どこ|何処)(?:に|で)(?:住|す)んで|(?:住所|じゅうしょ|最寄り駅|もよりえき|最寄|もより)(?:は|を)?(?:どこ|教えて|おしえて)|(?:家|いえ|おうち)(?:は)?どこ|(?:何|なに)(?:区|市|町|県)に(?:住|す)んで/u,
    alone:
      /(?:一人|ひとり|1人)で(?:留守番|るすばん|いるの)|(?:親|おや|お母さん|おかあさん|まま|ぱぱ)(?:は|って)?(?:今|いま)?(?:家に|いえに)?(?:いる|いない)の[?？]/u,
    gift: /(?:ぷれぜんと|お小遣い|おこづかい|ぎふと|課金|かきん|あいてむ|ろばっくす)(?:を)?(?:あげる|買ってあげる|かってあげる)/u,
  },
  en: {
    meet: /\b(?:lets|let us|wanna|want to|can we|we should|we could|why dont we|could we) (?:meet|hang out)(?: up)?\b|\bmeet (?:me|up)\b|\bin person\b|\b(?:come|sneak) (?:over|out)\b|\bpick (?:you|u) up\b|\bcome to my (?:house|place)\b/u,
    move_app:
      /\b(?:add|message|dm|text|find|hit) me (?:on|at|up)\b|\b(?:lets|we can|we could|can we) (?:talk|chat|move|continue)(?: this)? (?:on|to|in) (?:snap|snapchat|discord|insta|instagram|whatsapp|telegram|kik|line|tiktok|another app|a different app|private)\b|\bwhats (?:your|ur) (?:snap|insta|discord|number|phone number|line|whatsapp|kik|email)\b|\b(?:give|send) me (?:your|ur) (?:number|snap|discord|insta|email)\b|\bprivate (?:chat|message)\b/u,
    secret:
      /\b(?:dont|do not|never) tell (?:your|ur|anyone|anybody|mom|mum|dad|parents|teacher)|\b(?:our|this is our) (?:little )?secret\b|\bkeep (?:this|it) (?:between us|secret|a secret)\b|\bdelete (?:this|these|the|our) (?:chat|messages?)\b/u,
    photo:
      /\b(?:send|show|share) (?:me )?(?:a |some |your |ur )?(?:pic|pics|picture|pictures|photo|photos|selfie|selfies|video|nudes?)\b|\bwhat do (?:you|u) look like\b|\bturn on (?:your |ur )?(?:camera|cam)\b|\bvideo call\b/u,
    age: /\bhow old (?:are|r) (?:you|u)\b|\bwhats (?:your|ur) age\b/u,
    school:
      /\b(?:what|which) school do (?:you|u) (?:go|attend)|\bwhere do (?:you|u) go to school\b|\bwhats (?:the name of )?(?:your|ur) school\b/u,
    location:
      /\bwhere do (?:you|u) live\b|\bwhats (?:your|ur) (?:address|home address|zip|postcode)\b|\b(?:send|give|tell) me (?:your|ur) address\b|\bwhat (?:city|town|street|neighborhood) do (?:you|u) live\b|\bwhere is (?:your|ur) (?:house|home)\b/u,
    alone:
      /\bare (?:you|u) (?:home )?alone\b|\b(?:are|r) (?:your|ur) parents (?:home|around|there|watching)\b|\bis anyone (?:else )?(?:home|around|watching)\b/u,
    gift: /\b(?:i can|i will|ill|let me) (?:buy|get|send|give) (?:you|u) (?:a |some )?(?:gift|present|robux|vbucks|skins?|money|gift card|phone)\b/u,
  },
  'zh-Hans': {
    meet: /(?:见面|见个面|出来玩|单独见)/u,
    move_app: /(?:加我|加一下)(?:微信|qq|line|ig)/u,
    secret: /不要告诉(?:你)?(?:爸妈|父母|妈妈|爸爸|老师|任何人)|我们的秘密/u,
    photo: /(?:发|传)(?:一张|张)?(?:照片|自拍)(?:给我)?/u,
    age: /你几岁/u,
    school: /你(?:在)?哪(?:个)?学校/u,
    location: /你住(?:在)?哪/u,
  },
  'zh-Hant': {
    meet: /(?:見面|見個面|出來玩|單獨見)/u,
    move_app: /(?:加我|加一下)(?:line|ig|微信)/u,
    secret: /不要告訴(?:你)?(?:爸媽|父母|媽媽|爸爸|老師|任何人)|我們的秘密/u,
    photo: /(?:傳|發)(?:一張|張)?(?:照片|自拍)(?:給我)?/u,
    age: /你幾歲/u,
    school: /你(?:在)?哪(?:個)?學校/u,
    location: /你住(?:在)?哪/u,
  },
  ko: {
    meet: /만나자|만날래|(?:직접|따로|둘이)만나/u,
    move_app: /(?:카톡|카카오톡|인스타|디스코드|라인|텔레그램)(?:으로|로)?(?:얘기|대화|친추|아이디)/u,
    secret: /(?:아무한테도|부모님한테|엄마한테|아빠한테|선생님한테)(?:말하지마|비밀)|우리만의비밀/u,
    photo: /사진(?:좀)?(?:보내|보여)|셀카(?:좀)?(?:보내|보여)/u,
    age: /몇살이야|몇살이에요/u,
    school: /(?:어느|무슨)학교/u,
    location: /어디(?:에)?살아|주소(?:좀)?알려/u,
  },
  es: {
    meet: /\b(?:quedamos|nos vemos en persona|vernos en persona|quieres quedar|podemos quedar|te recojo)\b/u,
    move_app:
      /\b(?:agregame|hablemos|escribeme) (?:en|por) (?:whatsapp|insta|instagram|discord|snap|telegram|tiktok)\b|\bpasame tu (?:numero|whatsapp|insta)\b/u,
    secret:
      /\bno (?:se lo )?(?:digas|cuentes) (?:a nadie|a tus padres|a tu madre|a tu padre|a tus papas)\b|\bnuestro secreto\b/u,
    photo: /\b(?:mandame|enviame|pasame) (?:una |tu |tus )?(?:foto|fotos|selfie|video)\b/u,
    age: /\bcuantos anos tienes\b/u,
    school: /\b(?:a )?que (?:escuela|colegio|cole) vas\b/u,
    location: /\bdonde vives\b|\b(?:dame|dime|pasame) tu direccion\b/u,
  },
};

export interface GroomingHit {
  kind: GroomingKind;
  start: number;
  end: number;
}

interface CompiledPhrases {
  /** All phrases in one expression: most messages have none, and one pass says so. */
  any: RegExp;
  each: Array<[GroomingKind, RegExp]>;
}

/** Per language, its own phrases then the English ones (children mix English in), compiled once. */
const COMPILED = new Map<Lang, CompiledPhrases>();
function phrasesFor(lang: Lang): CompiledPhrases {
  let compiled = COMPILED.get(lang);
  if (!compiled) {
    const tables = lang === 'en' ? [PHRASES.en] : [PHRASES[lang], PHRASES.en];
    const each = tables.flatMap((table) =>
      Object.entries(table ?? {}).map(([kind, regex]): [GroomingKind, RegExp] => [
        kind as GroomingKind,
        new RegExp(regex.source, 'gu'),
      ]),
    );
    compiled = { any: new RegExp(each.map(([, r]) => `(?:${r.source})`).join('|'), 'u'), each };
    COMPILED.set(lang, compiled);
  }
  return compiled;
}

/** Every grooming phrase in normalized text. */
export function findGroomingPhrases(normalized: NormalizedText, lang: Lang): GroomingHit[] {
  const hits: GroomingHit[] = [];
  const phrases = phrasesFor(lang);
  if (!phrases.any.test(normalized.text)) return hits;
  for (const [kind, global] of phrases.each) {
    for (const m of normalized.text.matchAll(global)) {
      const start = m.index ?? 0;
      hits.push({ kind, start, end: start + m[0].length });
    }
  }
  return hits;
}

function severityFor(kinds: ReadonlySet<GroomingKind>): Severity | undefined {
  let total = 0;
  for (const kind of kinds) total += WEIGHTS[kind];
  const secretPlus = kinds.has('secret') && (kinds.has('meet') || kinds.has('photo'));
  if (total >= 7 || secretPlus) return 'critical';
  if (total >= 5) return 'high';
  if (total >= 3) return 'medium';
  if (total >= 2) return 'low';
  return undefined;
}

const MAX_WINDOW_TURNS = 12;
const MAX_TURN_LENGTH = 4000;

/**
 * Grooming signals for the current message, weighed with the requests seen in the window.
 * `sharesPersonalData`: the child is giving out contact or location details right now,
 * which after a request for them in the window is itself a strong signal.
 */
export function detectGrooming(
  normalized: NormalizedText,
  lang: Lang,
  window: readonly ConversationTurn[],
  sharesPersonalData: boolean,
): Signal[] {
  const current = findGroomingPhrases(normalized, lang);
  const windowKinds = new Set<GroomingKind>();
  for (const turn of window.slice(-MAX_WINDOW_TURNS)) {
    const turnText = normalizeForMatching(turn.text.slice(0, MAX_TURN_LENGTH), lang);
    for (const hit of findGroomingPhrases(turnText, lang)) windowKinds.add(hit.kind);
  }
  const kinds = new Set<GroomingKind>([...windowKinds, ...current.map((h) => h.kind)]);
  const askedForContact =
    windowKinds.has('location') || windowKinds.has('move_app') || windowKinds.has('school');
  if (current.length === 0) {
    if (!(sharesPersonalData && askedForContact)) return [];
    // The child answers a request for contact details: that is the moment to step in.
    const severity = severityFor(kinds);
    const raised: Severity = severity === 'critical' ? 'critical' : 'high';
    return [{ detector: 'grooming', category: 'grooming', severity: raised, rule: 'shares_after_request' }];
  }
  const severity = severityFor(kinds);
  if (severity === undefined) return [];
  const rule = [...kinds].sort().join('+');
  return current.map((hit) => ({
    detector: 'grooming' as const,
    category: 'grooming' as const,
    severity,
    rule: `${hit.kind}(${rule})`,
    range: toOriginalRange(normalized, hit.start, hit.end),
  }));
}
