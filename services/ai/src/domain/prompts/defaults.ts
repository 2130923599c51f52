import { type GradeBand, gradeBands, type Lang, languages, type Subject, subjects } from '../../types';
import { englishParts, japaneseParts, type PromptParts } from './parts-ja-en';
import { koreanParts, simplifiedChineseParts, spanishParts, traditionalChineseParts } from './parts-other';

const partsByLang: Record<Lang, PromptParts> = {
  ja: japaneseParts,
  en: englishParts,
  'zh-Hans': simplifiedChineseParts,
  'zh-Hant': traditionalChineseParts,
  ko: koreanParts,
  es: spanishParts,
};

/** `tutor.ja.lower.math`: one editable prompt per language × grade band × subject. */
export function tutorPromptKey(lang: Lang, band: GradeBand, subject: Subject): string {
  return `tutor.${lang}.${band}.${subject}`;
}

export function titlePromptKey(lang: Lang): string {
  return `title.${lang}`;
}

/** Version 0: the text shipped in code, used until an operator saves a row. */
export function defaultPromptText(key: string): string | undefined {
  const [kind, lang, band, subject] = key.split('.') as [
    string,
    Lang,
    GradeBand | undefined,
    Subject | undefined,
  ];
  const parts = partsByLang[lang];
  if (!parts) return undefined;
  if (kind === 'title' && band === undefined) return parts.title;
  if (kind !== 'tutor' || !band || !subject) return undefined;
  if (!gradeBands.includes(band) || !subjects.includes(subject)) return undefined;
  return [parts.role, parts.band[band], parts.subject[subject], parts.safety, parts.format].join('\n\n');
}

export function allPromptKeys(): string[] {
  const keys: string[] = [];
  for (const lang of languages) {
    for (const band of gradeBands)
      for (const subject of subjects) keys.push(tutorPromptKey(lang, band, subject));
    keys.push(titlePromptKey(lang));
  }
  return keys;
}
