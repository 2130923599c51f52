import { createHash } from 'node:crypto';
import type { GradeBand, Lang, Subject } from '../types';

/**
 * "２３＋４８は？" and "23 + 48 は?" are the same question: width, case,
 * spacing and trailing punctuation do not change what is asked.
 */
export function normalizeQuestion(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .replace(/\s*([+\-×÷*/=])\s*/g, '$1')
      // Japanese does not separate words with spaces, so spaces next to kana or kanji carry no meaning.
      .replace(/\s*([\u3040-\u30ff\u3400-\u9fff])\s*/gu, '$1')
      .replace(/[\s?!.。、，,！？…~〜ー]+$/u, '')
      .trim()
  );
}

export interface QuestionScope {
  lang: Lang;
  gradeBand: GradeBand;
  subject: Subject;
}

/** The hash keeps child text out of cache keys (Redis keys show up in monitoring). */
export function questionHash(text: string, scope: QuestionScope): string {
  return createHash('sha256')
    .update(`${scope.lang}\u0000${scope.gradeBand}\u0000${scope.subject}\u0000${normalizeQuestion(text)}`)
    .digest('base64url')
    .slice(0, 32);
}
