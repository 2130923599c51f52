import type { ChatLang } from '../ports';

export type RefusalReason =
  | 'paused'
  | 'quiet_hours'
  | 'daily_minutes'
  | 'daily_messages'
  | 'subject_not_allowed'
  | 'no_consent'
  | 'plan_messages'
  | 'plan_tokens'
  | 'reply_in_progress';

/**
 * What the child reads when the tutor cannot answer now: kind, short, and in
 * the child's language. Never an error page.
 */
const messages: Record<RefusalReason, Record<ChatLang, string>> = {
  paused: {
    ja: 'いまは おやすみ中だよ。おうちの人に きいてみてね。',
    en: 'Learning is paused right now. Ask your grown-up about it.',
    'zh-Hans': '现在学习暂停了。去问问家里的大人吧。',
    'zh-Hant': '現在學習暫停了。去問問家裡的大人吧。',
    ko: '지금은 쉬는 시간이에요. 보호자에게 물어보세요.',
    es: 'El aprendizaje está en pausa. Pregúntale a tu familia.',
  },
  quiet_hours: {
    ja: 'いまは しずかな時間だよ。また あとで いっしょに学ぼうね。',
    en: "It's quiet time now. Let's learn together again later!",
    'zh-Hans': '现在是安静时间。等一会儿再一起学习吧！',
    'zh-Hant': '現在是安靜時間。等一會兒再一起學習吧！',
    ko: '지금은 조용한 시간이에요. 나중에 다시 같이 공부해요!',
    es: 'Ahora es hora de descanso. ¡Aprendamos juntos más tarde!',
  },
  daily_minutes: {
    ja: 'きょうの べんきょう時間は おしまい。よく がんばったね！またあした。',
    en: "That's all the learning time for today. Great work — see you tomorrow!",
    'zh-Hans': '今天的学习时间结束了。你做得很好，明天见！',
    'zh-Hant': '今天的學習時間結束了。你做得很好，明天見！',
    ko: '오늘 공부 시간은 끝났어요. 정말 잘했어요, 내일 만나요!',
    es: 'Se acabó el tiempo de hoy. ¡Buen trabajo, hasta mañana!',
  },
  daily_messages: {
    ja: 'きょう しつもんできる かずは おしまい。たくさん かんがえたね！またあした。',
    en: "You've asked all your questions for today. Lots of good thinking — see you tomorrow!",
    'zh-Hans': '今天的提问次数用完了。想了很多呢，明天见！',
    'zh-Hant': '今天的提問次數用完了。想了很多呢，明天見！',
    ko: '오늘 질문할 수 있는 횟수가 끝났어요. 내일 또 만나요!',
    es: 'Ya hiciste todas tus preguntas de hoy. ¡Hasta mañana!',
  },
  subject_not_allowed: {
    ja: 'この かもくは いまは えらべないよ。ほかの かもくで いっしょに学ぼう！',
    en: "This subject isn't available right now. Let's learn something else together!",
    'zh-Hans': '现在不能选这个科目。我们一起学别的吧！',
    'zh-Hant': '現在不能選這個科目。我們一起學別的吧！',
    ko: '지금은 이 과목을 할 수 없어요. 다른 과목을 같이 공부해요!',
    es: 'Esta materia no está disponible ahora. ¡Aprendamos otra cosa!',
  },
  no_consent: {
    ja: 'はじめる まえに、おうちの人の 「いいよ」が ひつようだよ。',
    en: 'Before we start, your grown-up needs to say yes.',
    'zh-Hans': '开始之前，需要家里大人的同意哦。',
    'zh-Hant': '開始之前，需要家裡大人的同意哦。',
    ko: '시작하기 전에 보호자의 허락이 필요해요.',
    es: 'Antes de empezar, tu familia tiene que dar permiso.',
  },
  plan_messages: {
    ja: 'きょうは たくさん しつもんしたね！つづきは またあしたにしよう。',
    en: "You asked lots of questions today! Let's continue tomorrow.",
    'zh-Hans': '今天问了好多问题！明天继续吧。',
    'zh-Hant': '今天問了好多問題！明天繼續吧。',
    ko: '오늘 질문을 많이 했네요! 내일 이어서 해요.',
    es: '¡Hoy hiciste muchas preguntas! Sigamos mañana.',
  },
  plan_tokens: {
    ja: 'きょうは たくさん おはなししたね！つづきは またあしたにしよう。',
    en: "We talked a lot today! Let's continue tomorrow.",
    'zh-Hans': '今天聊了好多！明天继续吧。',
    'zh-Hant': '今天聊了好多！明天繼續吧。',
    ko: '오늘 이야기를 많이 했네요! 내일 이어서 해요.',
    es: '¡Hoy hablamos mucho! Sigamos mañana.',
  },
  reply_in_progress: {
    ja: 'いま こたえを かいているよ。ちょっと まってね。',
    en: "I'm still writing my answer. One moment!",
    'zh-Hans': '我还在写回答，请稍等一下！',
    'zh-Hant': '我還在寫回答，請稍等一下！',
    ko: '아직 답을 쓰고 있어요. 잠깐만 기다려요!',
    es: 'Todavía estoy escribiendo mi respuesta. ¡Un momento!',
  },
};

export function refusalMessage(reason: RefusalReason, lang: ChatLang): string {
  return messages[reason][lang] ?? messages[reason].ja;
}

export const STOPPED_BY_SAFETY: Record<ChatLang, string> = {
  ja: 'ごめんね、この こたえは とちゅうで とめたよ。ほかの ききかたで いっしょに かんがえよう。',
  en: "Sorry, I stopped that answer. Let's think about it another way together.",
  'zh-Hans': '抱歉，这个回答我中途停下了。我们换个方式一起想想吧。',
  'zh-Hant': '抱歉，這個回答我中途停下了。我們換個方式一起想想吧。',
  ko: '미안해요, 이 답은 중간에 멈췄어요. 다른 방법으로 같이 생각해 봐요.',
  es: 'Perdona, detuve esa respuesta. Pensemos juntos de otra manera.',
};

export const TUTOR_UNAVAILABLE: Record<ChatLang, string> = {
  ja: 'ごめんね、いま せんせいが こたえられないみたい。すこし まってから もういちど きいてね。',
  en: "Sorry, I can't answer right now. Please try again in a little while.",
  'zh-Hans': '抱歉，现在没法回答。过一会儿再问一次吧。',
  'zh-Hant': '抱歉，現在沒法回答。過一會兒再問一次吧。',
  ko: '미안해요, 지금은 대답할 수 없어요. 잠시 후에 다시 물어봐 주세요.',
  es: 'Perdona, ahora no puedo responder. Inténtalo de nuevo en un rato.',
};
