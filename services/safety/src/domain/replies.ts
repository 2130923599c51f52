import type { Category, CrisisLine, Lang } from './types';

/**
 * What the tutor says to the child when a concern is found. Warm, short, no blame, and the
 * tutor stays in the conversation. Operators may later move these into the i18n catalogue;
 * they live here so the scanner's decision is complete without any I/O.
 */
const REPLIES: Record<Category, Record<Lang, string>> = {
  self_harm: {
    ja: '話してくれてありがとう。とてもつらい気持ちなんだね。あなたは一人じゃないよ。信頼できる大人や、下の相談窓口にも話してみてね。わたしもここにいるよ。',
    en: "Thank you for telling me. It sounds like you're feeling really hurt right now. You're not alone. Please talk to a grown-up you trust or one of the helplines below. I'm still here with you.",
    'zh-Hans':
      '谢谢你告诉我。你现在一定很难受。你不是一个人。请和你信任的大人或下面的求助热线聊一聊。我会一直在这里陪你。',
    'zh-Hant':
      '謝謝你告訴我。你現在一定很難受。你不是一個人。請和你信任的大人或下面的求助專線聊一聊。我會一直在這裡陪你。',
    ko: '말해 줘서 고마워. 지금 정말 힘들구나. 너는 혼자가 아니야. 믿을 수 있는 어른이나 아래 상담 전화에 꼭 이야기해 줘. 나도 여기 있을게.',
    es: 'Gracias por contármelo. Parece que lo estás pasando muy mal. No estás solo. Habla con un adulto de confianza o con una de las líneas de ayuda de abajo. Sigo aquí contigo.',
  },
  grooming: {
    ja: '知らない人に会おうと言われたり、秘密や写真、住所をたずねられたりしたら、答えずにおうちの人に話してね。あなたは何も悪くないよ。',
    en: "If someone online asks to meet you, to keep a secret, for photos or where you live, don't answer and tell a grown-up at home. You haven't done anything wrong.",
    'zh-Hans':
      '如果网上有人约你见面、让你保密、要照片或问你住在哪里，不要回答，告诉家里的大人。这不是你的错。',
    'zh-Hant':
      '如果網路上有人約你見面、要你保密、要照片或問你住在哪裡，不要回答，告訴家裡的大人。這不是你的錯。',
    ko: '온라인에서 누가 만나자고 하거나, 비밀로 하자고 하거나, 사진이나 사는 곳을 물어보면 대답하지 말고 집에 있는 어른에게 말해 줘. 네 잘못이 아니야.',
    es: 'Si alguien en internet te pide quedar, guardar un secreto, fotos o dónde vives, no contestes y cuéntaselo a un adulto de casa. No has hecho nada malo.',
  },
  sexual: {
    ja: 'その話題はここでは話せないんだ。気になることや困ったことがあれば、おうちの人や先生に相談してね。勉強のことなら一緒に考えよう！',
    en: "That's not something we can talk about here. If something is worrying you, please talk to a grown-up you trust. I'm happy to help with your learning!",
    'zh-Hans': '这个话题我们在这里不能聊。如果有让你担心的事，请告诉你信任的大人。学习上的问题我很乐意帮你！',
    'zh-Hant': '這個話題我們在這裡不能聊。如果有讓你擔心的事，請告訴你信任的大人。學習上的問題我很樂意幫你！',
    ko: '그 이야기는 여기서 할 수 없어. 걱정되는 일이 있으면 믿을 수 있는 어른에게 이야기해 줘. 공부는 내가 기꺼이 도와줄게!',
    es: 'De eso no podemos hablar aquí. Si algo te preocupa, cuéntaselo a un adulto de confianza. ¡Con tus estudios te ayudo encantado!',
  },
  violence: {
    ja: 'こわいことや、だれかを傷つけたい気持ちがあるなら、おうちの人や先生に話してね。あなたが安全でいることがいちばん大事だよ。',
    en: 'If something scary is happening, or you feel like hurting someone, please tell a grown-up you trust. Your safety matters most.',
    'zh-Hans': '如果发生了可怕的事，或者你想伤害别人，请告诉你信任的大人。你的安全最重要。',
    'zh-Hant': '如果發生了可怕的事，或者你想傷害別人，請告訴你信任的大人。你的安全最重要。',
    ko: '무서운 일이 있거나 누군가를 다치게 하고 싶은 마음이 들면 믿을 수 있는 어른에게 말해 줘. 네가 안전한 게 가장 중요해.',
    es: 'Si está pasando algo que te da miedo, o sientes ganas de hacer daño a alguien, cuéntaselo a un adulto de confianza. Tu seguridad es lo más importante.',
  },
  bullying: {
    ja: 'いやなことを言われたり、されたりしたら、がまんしないで大人に話してね。言葉は人を傷つけることがあるから、やさしい言葉を使おうね。',
    en: "If someone is being mean to you, you don't have to put up with it: tell a grown-up. And words can hurt, so let's keep ours kind.",
    'zh-Hans': '如果有人欺负你，不要忍着，告诉大人。话语也会伤人，我们一起用友善的话吧。',
    'zh-Hant': '如果有人欺負你，不要忍著，告訴大人。話語也會傷人，我們一起用友善的話吧。',
    ko: '누가 너를 괴롭히면 참지 말고 어른에게 말해 줘. 말도 상처가 될 수 있으니까 우리 다정한 말을 쓰자.',
    es: 'Si alguien se porta mal contigo, no tienes que aguantarlo: cuéntaselo a un adulto. Y las palabras pueden doler, así que usemos palabras amables.',
  },
  hate: {
    ja: 'だれかを見た目や生まれでばかにする言葉は使わないでおこう。みんなちがって、みんな大切だよ。',
    en: "Let's not use words that put people down for who they are. Everyone deserves respect.",
    'zh-Hans': '我们不要用贬低别人身份的话。每个人都值得被尊重。',
    'zh-Hant': '我們不要用貶低別人身分的話。每個人都值得被尊重。',
    ko: '누군가를 있는 그대로의 모습 때문에 깎아내리는 말은 쓰지 말자. 모두 존중받아야 해.',
    es: 'No usemos palabras que desprecian a las personas por quiénes son. Todo el mundo merece respeto.',
  },
  drugs: {
    ja: 'お薬やたばこ、お酒のことで気になることがあれば、おうちの人や保健の先生に聞いてみてね。からだを大切にしよう。',
    en: 'If you have questions about drugs, smoking or alcohol, a grown-up you trust or the school nurse can help. Your body matters.',
    'zh-Hans': '如果你对药物、烟酒有疑问，可以问问信任的大人或校医。要爱护自己的身体。',
    'zh-Hant': '如果你對藥物、菸酒有疑問，可以問問信任的大人或校護。要愛護自己的身體。',
    ko: '약물이나 담배, 술에 대해 궁금한 게 있으면 믿을 수 있는 어른이나 보건 선생님께 물어봐. 네 몸은 소중해.',
    es: 'Si tienes dudas sobre drogas, tabaco o alcohol, un adulto de confianza o la enfermera del colegio te pueden ayudar. Tu cuerpo importa.',
  },
  personal_info: {
    ja: '電話番号や住所、IDなどの個人情報はここに書かないでね。あなたを守るために、その部分はかくしておいたよ。',
    en: "Please don't share phone numbers, addresses or usernames here. I've hidden that part to keep you safe.",
    'zh-Hans': '请不要在这里写电话号码、地址或账号等个人信息。为了保护你，我把那部分隐藏了。',
    'zh-Hant': '請不要在這裡寫電話號碼、地址或帳號等個人資料。為了保護你，我把那部分隱藏了。',
    ko: '전화번호나 주소, 아이디 같은 개인정보는 여기에 쓰지 말아 줘. 너를 지키려고 그 부분은 가려 두었어.',
    es: 'Por favor, no compartas aquí números de teléfono, direcciones ni nombres de usuario. He ocultado esa parte para protegerte.',
  },
  profanity: {
    ja: 'その言葉はちょっと強いかな。気持ちはわかるよ。ほかの言葉で伝えてみよう！',
    en: "That word is a bit strong. I get that you're frustrated: let's try other words!",
    'zh-Hans': '这个词有点过分哦。我理解你的心情，我们换个说法吧！',
    'zh-Hant': '這個詞有點過分喔。我理解你的心情，我們換個說法吧！',
    ko: '그 말은 조금 심한 것 같아. 마음은 이해해. 다른 말로 표현해 보자!',
    es: 'Esa palabra es un poco fuerte. Entiendo que estés enfadado: ¡probemos con otras palabras!',
  },
};

export const childReplyFor = (category: Category, lang: Lang): string => REPLIES[category][lang];

type Hours = { always: true } | { from: number; to: number };

interface LineEntry {
  country: string;
  name: string;
  phone: string;
  hours: Hours;
  /** Languages the line answers in: a child is shown the lines that can understand them first. */
  speaks: readonly Lang[];
}

/**
 * Crisis lines by country, with the languages they answer in. JP, US and GB are from the
 * safety issue (TELL answers in English in Japan); KR, ES, TW, CN and HK are the national or
 * best-known lines as published by their operators (verify yearly with the safety team).
 */
const CRISIS_LINES: readonly LineEntry[] = [
  {
    country: 'JP',
    name: '24時間子供SOSダイヤル',
    phone: '0120-0-78310',
    hours: { always: true },
    speaks: ['ja'],
  },
  {
    country: 'JP',
    name: 'チャイルドライン',
    phone: '0120-99-7777',
    hours: { from: 16, to: 21 },
    speaks: ['ja'],
  },
  { country: 'JP', name: 'TELL Lifeline', phone: '03-5774-0992', hours: { from: 9, to: 23 }, speaks: ['en'] },
  {
    country: 'US',
    name: '988 Suicide & Crisis Lifeline',
    phone: '988',
    hours: { always: true },
    speaks: ['en', 'es'],
  },
  { country: 'GB', name: 'Childline', phone: '0800 1111', hours: { always: true }, speaks: ['en'] },
  { country: 'GB', name: 'Samaritans', phone: '116 123', hours: { always: true }, speaks: ['en'] },
  { country: 'KR', name: '자살예방상담전화', phone: '109', hours: { always: true }, speaks: ['ko'] },
  { country: 'KR', name: '청소년상담 1388', phone: '1388', hours: { always: true }, speaks: ['ko'] },
  {
    country: 'ES',
    name: 'Línea 024 de atención a la conducta suicida',
    phone: '024',
    hours: { always: true },
    speaks: ['es'],
  },
  {
    country: 'ES',
    name: 'Fundación ANAR (niños y adolescentes)',
    phone: '900 20 20 10',
    hours: { always: true },
    speaks: ['es'],
  },
  { country: 'TW', name: '安心專線', phone: '1925', hours: { always: true }, speaks: ['zh-Hant'] },
  {
    country: 'HK',
    name: '香港撒瑪利亞防止自殺會',
    phone: '2389 2222',
    hours: { always: true },
    speaks: ['zh-Hant', 'en'],
  },
  { country: 'CN', name: '希望24热线', phone: '400-161-9995', hours: { always: true }, speaks: ['zh-Hans'] },
];

/** Every crisis line's number as digits: a reply that gives one keeps it (personal-data redaction). */
export const CRISIS_LINE_DIGITS: ReadonlySet<string> = new Set(
  CRISIS_LINES.map((line) => line.phone.replace(/\D/g, '')),
);

const COUNTRIES_BY_LANG: Record<Lang, string[]> = {
  ja: ['JP'],
  en: ['US', 'GB'],
  ko: ['KR'],
  es: ['ES'],
  'zh-Hant': ['TW'],
  'zh-Hans': ['CN'],
};

const clock = (hour: number, lang: Lang): string => {
  if (lang === 'en') return hour === 12 ? '12 pm' : hour > 12 ? `${hour - 12} pm` : `${hour} am`;
  return lang === 'ja' ? `${hour}時` : `${hour}:00`;
};

/** Opening hours in the child's language, not the line's. */
export function hoursIn(hours: Hours, lang: Lang): string {
  if ('always' in hours) {
    return {
      ja: '24時間',
      en: '24 hours, every day',
      'zh-Hans': '24小时',
      'zh-Hant': '24小時',
      ko: '24시간',
      es: '24 horas',
    }[lang];
  }
  const from = clock(hours.from, lang);
  const to = clock(hours.to, lang);
  switch (lang) {
    case 'ja':
      return `毎日${from}〜${to}`;
    case 'en':
      return `every day, ${from} to ${to}`;
    case 'zh-Hans':
      return `每天${hours.from}点至${hours.to}点`;
    case 'zh-Hant':
      return `每天${hours.from}點至${hours.to}點`;
    case 'ko':
      return `매일 ${hours.from}시~${hours.to}시`;
    case 'es':
      return `todos los días, de ${from} a ${to}`;
  }
}

/**
 * Lines for the child's country that speak the child's language, and the country's other lines
 * too when none of those is open around the clock (an English-speaking child in Japan sees
 * TELL beside the Japanese 24-hour line); without a known country, the
 * lines of the language's main countries. Hours are written in the child's language.
 */
export function crisisLinesFor(lang: Lang, country?: string): CrisisLine[] {
  const code = country?.toUpperCase();
  const inCountry = CRISIS_LINES.filter((line) => line.country === code);
  const speaking = inCountry.filter((l) => l.speaks.includes(lang));
  // The country's other lines join when none in the child's language is open around the clock.
  const chosen =
    inCountry.length === 0
      ? CRISIS_LINES.filter(
          (line) => COUNTRIES_BY_LANG[lang].includes(line.country) && line.speaks.includes(lang),
        )
      : speaking.some((l) => 'always' in l.hours)
        ? speaking
        : [...speaking, ...inCountry.filter((l) => !l.speaks.includes(lang))];
  return chosen.map((line) => ({
    country: line.country,
    name: line.name,
    phone: line.phone,
    hours: hoursIn(line.hours, lang),
  }));
}
