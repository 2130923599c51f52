import type { GradeBand, Lang, Subject } from '../../types';
import { parseArithmetic } from './arithmetic';
import { explainArithmetic } from './explain';

/** Said first, every time: the child must know this is not the online tutor. */
export const offlineNotice: Record<Lang, string> = {
  ja: 'いまは「オフラインの先生」モードだよ。インターネットの AI にはつながっていないけれど、計算ならいっしょにじっくり考えられるよ。',
  en: "I'm the offline tutor right now: I'm not connected to the online AI, but I can still work through arithmetic with you.",
  'zh-Hans': '现在是离线辅导模式，没有连接在线 AI。下面用英语说明。',
  'zh-Hant': '現在是離線輔導模式，沒有連接線上 AI。下面用英語說明。',
  ko: '지금은 오프라인 튜터 모드예요. 온라인 AI에 연결되어 있지 않아요. 아래는 영어로 설명할게요.',
  es: 'Ahora soy el tutor sin conexión: no estoy conectado a la IA en línea. Te explico en inglés.',
};

type GuidedLang = 'ja' | 'en';

const subjectOpeners: Record<GuidedLang, Record<Subject, string>> = {
  ja: {
    math: 'いい問題だね。式になおせるかな？',
    japanese: 'ことばの問題だね。文をもう一度ゆっくり読んでみよう。',
    science: 'ふしぎに思ったこと、すてきだね。',
    social_studies: '社会のことを考えているんだね。',
    english: '英語の質問だね。',
    other: 'おもしろい質問だね。',
  },
  en: {
    math: 'Good problem! Can you turn it into a number sentence?',
    japanese: "Let's read the sentence again slowly.",
    science: "That's a great thing to wonder about.",
    social_studies: "You're thinking about how people and places work.",
    english: "That's an English question.",
    other: "That's an interesting question.",
  },
};

const subjectQuestions: Record<GuidedLang, Record<Subject, string[]>> = {
  ja: {
    math: [
      'わかっている数はどれとどれ？',
      'たす・ひく・かける・わるのどれを使うと思う？',
      '式が書けたら「23+48」のように送ってね。いっしょに計算しよう。',
    ],
    japanese: [
      'だれが、どこで、何をしたのかな？',
      'わからないことばはどれ？前後の文からいみを考えられるかな？',
      '作者がいちばん伝えたいことは何だと思う？',
    ],
    science: [
      'きみはどうしてそうなると思う？予想を一つ書いてみよう。',
      '身の回りで、にたことを見たことはある？',
      'どんな実験や観察をすれば、たしかめられるかな？',
    ],
    social_studies: [
      'それはいつ、どこのことかな？',
      '地図や年表で見ると、何がわかりそう？',
      'そこでくらす人は、どうしてそうしたのだと思う？',
    ],
    english: [
      'わかっている単語はどれ？',
      '文の中で「だれが」「どうする」にあたる語はどれかな？',
      '自分で一文作ってみて、送ってくれる？',
    ],
    other: [
      'きみはどう思う？',
      'わかっていることと、わからないことを分けてみよう。',
      '教科書やノートのどこに書いてありそうかな？',
    ],
  },
  en: {
    math: [
      'Which numbers do you already know?',
      'Will you add, subtract, multiply or divide?',
      'Once you have a number sentence, send it to me like "23+48" and we can work it out together.',
    ],
    japanese: [
      'Who did what, and where?',
      'Which word is new to you? Can the sentences around it help you guess its meaning?',
      'What do you think the writer most wants to say?',
    ],
    science: [
      'Why do you think it happens? Write down one guess.',
      'Have you seen something like it around you?',
      'What experiment or observation could test your guess?',
    ],
    social_studies: [
      'When and where did it happen?',
      'What could a map or a timeline tell you?',
      'Why do you think people there did it that way?',
    ],
    english: [
      'Which words do you already know?',
      'Which word tells who, and which tells what they do?',
      'Can you make your own sentence with it and send it to me?',
    ],
    other: [
      'What do you think?',
      'What do you know already, and what do you still need to find out?',
      'Where in your textbook or notes might it be?',
    ],
  },
};

const closing: Record<GuidedLang, Record<GradeBand, string>> = {
  ja: {
    lower: 'ゆっくりでだいじょうぶ。思ったことを教えてね。',
    upper: '考えたことを一つ書いて送ってね。いっしょにたしかめよう。',
    junior: '自分の考えを一文でまとめてみよう。根拠もそえてくれるとうれしいな。',
  },
  en: {
    lower: 'Take your time, and tell me what you think.',
    upper: 'Send me one idea, and we can check it together.',
    junior: 'Try summing up your idea in one sentence, with a reason.',
  },
};

export interface OfflineReplyInput {
  text: string;
  lang: Lang;
  gradeBand: GradeBand;
  subject: Subject;
}

/**
 * The whole offline answer: the notice, then either a worked arithmetic
 * explanation or guiding questions (never a handed-over answer) for the rest.
 * Languages other than ja get the explanation in English after their own notice.
 */
export function composeOfflineReply(input: OfflineReplyInput): string {
  const lang: GuidedLang = input.lang === 'ja' ? 'ja' : 'en';
  const problem = parseArithmetic(input.text);
  const body = problem
    ? explainArithmetic(problem, lang).lines
    : [
        subjectOpeners[lang][input.subject],
        ...subjectQuestions[lang][input.subject].map((question) => `・${question}`),
        closing[lang][input.gradeBand],
      ];
  return [offlineNotice[input.lang], '', ...body].join('\n');
}
