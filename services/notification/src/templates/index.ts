import { escapeHtml, fill } from '../domain/render';
import { type NotificationType, WORKFLOWS } from '../domain/workflows';
import { en } from './en';
import { es } from './es';
import { ja } from './ja';
import { ko } from './ko';
import type { LocaleTemplates, MessageTemplate } from './types';
import { zhHans } from './zh-hans';
import { zhHant } from './zh-hant';

export const LOCALES = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

export const TEMPLATES: Readonly<Record<Locale, LocaleTemplates>> = {
  ja,
  en,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
  ko,
  es,
};

/** Exact match, then the language's base form (zh-TW -> zh-Hant), else ja. */
export function resolveLocale(requested: string | undefined): Locale {
  if (!requested) return 'ja';
  const exact = LOCALES.find((locale) => locale.toLowerCase() === requested.toLowerCase());
  if (exact) return exact;
  const lower = requested.toLowerCase();
  if (lower.startsWith('zh')) {
    return /hant|tw|hk|mo/.test(lower) ? 'zh-Hant' : 'zh-Hans';
  }
  const base = LOCALES.find((locale) => locale === lower.split('-')[0]);
  return base ?? 'ja';
}

/** The message in the locale, falling back to ja and then en when a translation is missing. */
export function templateFor(
  type: NotificationType,
  locale: Locale,
): { locale: Locale; template: MessageTemplate } {
  for (const candidate of [locale, 'ja', 'en'] as const) {
    const template = TEMPLATES[candidate].messages[type];
    if (template) return { locale: candidate, template };
  }
  throw new Error(`notification type ${type} has no template in any locale`);
}

export interface RenderedMessage {
  type: NotificationType;
  locale: Locale;
  subject: string;
  /** The message itself, without link line or footer (the in-app body). */
  body: string;
  text: string;
  html: string;
  /** SMS and push body. */
  short: string;
  link: string | undefined;
}

export interface RenderOptions {
  /** Signed one-click unsubscribe URL, when the message allows it. */
  unsubscribeUrl?: string;
}

export function renderMessage(
  type: NotificationType,
  requestedLocale: string,
  vars: Readonly<Record<string, string>>,
  options: RenderOptions = {},
): RenderedMessage {
  const { locale, template } = templateFor(type, resolveLocale(requestedLocale));
  const footer = TEMPLATES[locale].footer;
  const subject = fill(template.subject, vars);
  const body = fill(template.body, vars);
  const link = vars.link;
  const textParts = [body];
  if (link) textParts.push(`${fill(template.action, vars)}: ${link}`);
  textParts.push(`--\n${footer.sentBy}`);
  if (options.unsubscribeUrl) textParts.push(`${footer.unsubscribe}: ${options.unsubscribeUrl}`);

  const paragraphs = fill(template.body, vars, 'html')
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.replaceAll('\n', '<br>')}</p>`)
    .join('\n');
  const button = link
    ? `<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:12px 20px;background:#f5b400;color:#1a1a1a;border-radius:8px;text-decoration:none">${fill(template.action, vars, 'html')}</a></p>`
    : '';
  const unsubscribe = options.unsubscribeUrl
    ? `<br><a href="${escapeHtml(options.unsubscribeUrl)}">${escapeHtml(footer.unsubscribe)}</a>`
    : '';
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:sans-serif;line-height:1.6;color:#1a1a1a">
${paragraphs}
${button}
<hr><p style="font-size:12px;color:#666">${escapeHtml(footer.sentBy)}${unsubscribe}</p>
</body></html>`;

  return {
    type,
    locale,
    subject,
    body,
    text: textParts.join('\n\n'),
    html,
    short: fill(template.short, vars),
    link,
  };
}

/** For operators: the message as it would go out, with the workflow's sample values by default. */
export function previewTemplate(
  type: NotificationType,
  locale: string,
  sampleVars?: Readonly<Record<string, string>>,
): RenderedMessage {
  return renderMessage(type, locale, sampleVars ?? WORKFLOWS[type].sample, {
    unsubscribeUrl: 'https://manabee.app/api/notifications/unsubscribe?token=preview',
  });
}

export type { LocaleTemplates, MessageTemplate } from './types';
