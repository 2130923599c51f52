import { type NormalizedText, toOriginalRange } from './normalize';
import type { Lang, Signal } from './types';

/**
 * A tutor never asks a child for their address, phone number, email, full name, school or
 * contact ids, nor to meet or send photos. In a tutor reply such a request is a model gone
 * wrong (or a prompt injection), so it is blocked before the child reads it, whatever the
 * category table says about personal data in a child's own message.
 *
 * Patterns run on normalized text (lower case, katakana folded to hiragana, no spaces
 * between CJK characters, apostrophes dropped).
 */
const ASKS: Partial<Record<Lang, RegExp>> = {
  ja: /(?:住所|じゅうしょ|電話番号|でんわばんごう|電話|でんわ|けいたい(?:の)?ばんごう|携帯(?:の)?番号|めーる(?:あどれす)?|めあど|本名|ほんみょう|ふるねーむ|名字|みょうじ|学校(?:の)?(?:名前|なまえ)|がっこう(?:の)?なまえ|(?:らいん|line|いんすた|でぃすこーど|discord)(?:の)?(?:id|あいでぃー))[^。！？!?\n]{0,12}?(?:教えて|おしえて|送って|おくって|知りたい|しりたい|書いて|かいて|入力して|にゅうりょくして|は(?:なに|何|なん|どこ)|を(?:きかせて|聞かせて))|(?:どこ|何処)に(?:住|す)んで(?:いる|る)|(?:家|いえ|おうち)(?:は|って)どこ|(?:会|あ)(?:おう|いに(?:行|い)く)|(?:写真|しゃしん|自撮り|じどり)(?:を)?(?:送って|おくって|見せて|みせて)/u,
  en: /\b(?:whats|what is|tell me|give me|send me|share|type|can (?:you|u) (?:tell|give|send|share)(?: me)?) (?:your|ur) (?:home |full |street |email |e-mail |phone |mobile |cell |school )?(?:address|phone number|phone|number|email|e-mail|full name|last name|surname|school name|zip code|postcode|snap|snapchat|insta|instagram|discord|whatsapp)\b|\bwhere do (?:you|u) live\b|\bwhat school do (?:you|u) go to\b|\bsend (?:me )?(?:a )?(?:photo|picture|pic|selfie) of (?:you|yourself)\b|\b(?:lets|can we) meet\b/u,
};

export function detectTutorRequests(normalized: NormalizedText, lang: Lang): Signal[] {
  const tables = lang === 'en' ? [ASKS.en] : [ASKS[lang], ASKS.en];
  const signals: Signal[] = [];
  for (const table of tables) {
    if (!table) continue;
    for (const m of normalized.text.matchAll(new RegExp(table.source, 'gu'))) {
      const start = m.index ?? 0;
      signals.push({
        detector: 'pattern',
        category: 'personal_info',
        severity: 'high',
        rule: 'tutor_asks_personal_data',
        range: toOriginalRange(normalized, start, start + m[0].length),
      });
    }
  }
  return signals;
}

export const TUTOR_REQUEST_RULE = 'tutor_asks_personal_data';
