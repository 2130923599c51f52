/**
 * The account mails auth sends (sign-up, unlock, reset, invitations...), in
 * the recipient's language. One catalog per language sits next to this file;
 * wording lives there, this file only picks the catalog and fills it in.
 *
 * Filling is a single pass over the template: a value is inserted as it is and
 * never read again for placeholders, so text a user typed (an organization or
 * classroom name) cannot pull other values in or break the layout.
 */
import {
  DEFAULT_LANGUAGE,
  type Language,
  parseLanguage,
  SINGLE_USE_TOKEN_TTL_MS,
  type SingleUseTokenPurpose,
} from '../domain/index';
import { en } from './en';
import { es } from './es';
import { ja } from './ja';
import { ko } from './ko';
import { zhHans } from './zh-hans';
import { zhHant } from './zh-hant';

/** What each mail needs from the caller; `validFor` comes from the token's lifetime. */
export interface AccountMailValues {
  /** After sign-up: confirm the address. */
  emailVerification: { link: string };
  /** Support or the user asked for a fresh confirmation link; older ones stopped working. */
  emailVerificationResent: { link: string };
  /** Sign-up with an address that already has an account; `link` is the sign-in page. */
  signUpAttempt: { link: string };
  /** Too many wrong passwords: sign-in is paused; `link` unlocks now. */
  accountLocked: { link: string };
  passwordReset: { link: string };
  /** `organization` is the school's name as its admin typed it. */
  teacherInvitation: { link: string; organization: string };
  /** To the parent; `link` is the family settings page, `classroom` the teacher's name for it. */
  classroomLinkRequest: { link: string; classroom: string };
}

export type AccountMailKind = keyof AccountMailValues;

export const ACCOUNT_MAIL_KINDS = [
  'emailVerification',
  'emailVerificationResent',
  'signUpAttempt',
  'accountLocked',
  'passwordReset',
  'teacherInvitation',
  'classroomLinkRequest',
] as const satisfies readonly AccountMailKind[];

export type DurationUnit = 'minute' | 'hour' | 'day';

/** One language's wording. Placeholders are `{{name}}`: the kind's values plus `validFor`. */
export interface AccountMailCatalog {
  /** How long a link stays valid, as it reads in a sentence: `30 minutes`, `24時間`. */
  duration(amount: number, unit: DurationUnit): string;
  /** Closing line under every mail. */
  signature: string;
  mails: Record<AccountMailKind, { subject: string; text: string }>;
}

export const ACCOUNT_MAIL_CATALOGS: Readonly<Record<Language, AccountMailCatalog>> = {
  ja,
  en,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
  ko,
  es,
};

/** The link in each mail expires with its token; the text says so from the same number. */
const LINK_LIFETIME: Partial<Record<AccountMailKind, SingleUseTokenPurpose>> = {
  emailVerification: 'email_verification',
  emailVerificationResent: 'email_verification',
  accountLocked: 'account_unlock',
  passwordReset: 'password_reset',
  teacherInvitation: 'teacher_invite',
};

export interface RenderedMail {
  language: Language;
  subject: string;
  text: string;
}

/** A stored or requested locale as one of ours; anything else (or nothing) is ja. */
export function mailLanguage(locale: string | null | undefined): Language {
  return (locale ? parseLanguage(locale) : null) ?? DEFAULT_LANGUAGE;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** 24 h reads as hours (as people say it), a week as days, anything uneven in minutes. */
export function validityOf(ms: number): { amount: number; unit: DurationUnit } {
  if (ms % DAY === 0 && ms > DAY) return { amount: ms / DAY, unit: 'day' };
  if (ms % HOUR === 0) return { amount: ms / HOUR, unit: 'hour' };
  return { amount: Math.ceil(ms / MINUTE), unit: 'minute' };
}

/**
 * Every value goes in as one line: names typed by users lose control, format
 * (bidi overrides) and line-separator characters. Lengths are bounded where
 * the names are accepted, not here: cutting a link would break it.
 */
function oneLine(value: string): string {
  return value
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Replaces each `{{name}}` once; a placeholder without a value is a programming error. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`mail template has no value for {{${name}}}`);
    return value;
  });
}

export function renderAccountMail<K extends AccountMailKind>(
  kind: K,
  locale: string | null | undefined,
  values: AccountMailValues[K],
): RenderedMail {
  const language = mailLanguage(locale);
  const catalog = ACCOUNT_MAIL_CATALOGS[language];
  const template = catalog.mails[kind];
  const filled: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) filled[name] = oneLine(String(value));
  const purpose = LINK_LIFETIME[kind];
  if (purpose) {
    const { amount, unit } = validityOf(SINGLE_USE_TOKEN_TTL_MS[purpose]);
    filled.validFor = catalog.duration(amount, unit);
  }
  return {
    language,
    subject: fillTemplate(template.subject, filled),
    text: `${fillTemplate(template.text, filled)}\n\n${catalog.signature}\n`,
  };
}
