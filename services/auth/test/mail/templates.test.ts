import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/domain/index';
import {
  ACCOUNT_MAIL_CATALOGS,
  ACCOUNT_MAIL_KINDS,
  type AccountMailKind,
  type AccountMailValues,
  fillTemplate,
  mailLanguage,
  renderAccountMail,
  validityOf,
} from '../../src/mail/templates';

const LINK = 'https://app.manabee.test/verify-email#token=vfy_01J0000000000000000000000.secret-part';

const VALUES: { [K in AccountMailKind]: AccountMailValues[K] } = {
  emailVerification: { link: LINK },
  emailVerificationResent: { link: LINK },
  signUpAttempt: { link: LINK },
  accountLocked: { link: LINK },
  passwordReset: { link: LINK },
  teacherInvitation: { link: LINK, organization: 'さくら小学校' },
  classroomLinkRequest: { link: LINK, classroom: '3年1組' },
};

const render = (kind: AccountMailKind, locale: string | undefined) =>
  renderAccountMail(kind, locale, VALUES[kind] as never);

describe('account mail templates', () => {
  it('has every kind in all six languages, and no others', () => {
    expect(Object.keys(ACCOUNT_MAIL_CATALOGS).sort()).toEqual([...LANGUAGES].sort());
    for (const language of LANGUAGES)
      expect(Object.keys(ACCOUNT_MAIL_CATALOGS[language].mails).sort(), language).toEqual(
        [...ACCOUNT_MAIL_KINDS].sort(),
      );
  });

  describe.each(LANGUAGES)('%s', (language) => {
    it.each(ACCOUNT_MAIL_KINDS)('renders %s with the link, a subject and no leftover placeholder', (kind) => {
      const mail = render(kind, language);
      expect(mail.language).toBe(language);
      expect(mail.subject.trim()).not.toBe('');
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.subject).toContain('Manabee');
      expect(mail.text).toContain(`\n${LINK}\n`);
      for (const rendered of [mail.subject, mail.text]) {
        expect(rendered).not.toContain('{{');
        expect(rendered).not.toContain('}}');
      }
      expect(mail.text.endsWith(`\n\n${ACCOUNT_MAIL_CATALOGS[language].signature}\n`)).toBe(true);
    });

    it('is translated: no subject or text is the English one', () => {
      if (language === 'en') return;
      for (const kind of ACCOUNT_MAIL_KINDS) {
        expect(render(kind, language).subject, kind).not.toBe(render(kind, 'en').subject);
        expect(render(kind, language).text, kind).not.toBe(render(kind, 'en').text);
      }
    });
  });

  it('states how long each link is valid, from the token lifetimes', () => {
    expect(render('emailVerification', 'ja').text).toContain('リンクの有効期限は24時間です。');
    expect(render('emailVerification', 'en').text).toContain('The link is valid for 24 hours.');
    expect(render('emailVerificationResent', 'ko').text).toContain('링크는 24시간 동안 유효합니다.');
    expect(render('passwordReset', 'ja').text).toContain('30分');
    expect(render('passwordReset', 'es').text).toContain('durante 30 minutos');
    expect(render('accountLocked', 'en').text).toContain('valid for 1 hour.');
    expect(render('accountLocked', 'zh-Hans').text).toContain('链接有效期为1小时。');
    expect(render('teacherInvitation', 'zh-Hant').text).toContain('連結的有效期限為7天。');
    expect(render('teacherInvitation', 'ja').text).toContain('7日間');
  });

  it('keeps a long link whole', () => {
    const long = `https://school.example.ac.jp/manabee/accept-invitation#token=inv_${'A'.repeat(26)}.${'b'.repeat(200)}`;
    for (const language of LANGUAGES)
      expect(
        renderAccountMail('teacherInvitation', language, { link: long, organization: 'X' }).text,
      ).toContain(`\n${long}\n`);
  });

  it('puts names in as text: no placeholders pulled in, no line breaks', () => {
    const mail = renderAccountMail('teacherInvitation', 'en', {
      link: LINK,
      organization: 'Evil {{link}}\r\nBcc: victim@example.jp\u202E',
    });
    expect(mail.subject).toBe('You are invited to Evil {{link}} Bcc: victim@example.jp on Manabee');
    expect(mail.text.split(LINK)).toHaveLength(2);
    expect(mail.text).not.toContain('\r');
    expect(mail.text).not.toContain('\u202E');
  });

  it('speaks the stored locale, case-insensitively, and ja for anything else', () => {
    expect(mailLanguage(undefined)).toBe('ja');
    expect(mailLanguage(null)).toBe('ja');
    expect(mailLanguage('')).toBe('ja');
    expect(mailLanguage('fr')).toBe('ja');
    expect(mailLanguage('EN')).toBe('en');
    expect(mailLanguage('zh-hant')).toBe('zh-Hant');
    expect(mailLanguage('zh_Hans')).toBe('zh-Hans');
    expect(render('passwordReset', 'fr').subject).toBe(render('passwordReset', 'ja').subject);
  });

  it('reads lifetimes as people say them', () => {
    expect(validityOf(24 * 3_600_000)).toEqual({ amount: 24, unit: 'hour' });
    expect(validityOf(7 * 24 * 3_600_000)).toEqual({ amount: 7, unit: 'day' });
    expect(validityOf(3_600_000)).toEqual({ amount: 1, unit: 'hour' });
    expect(validityOf(30 * 60_000)).toEqual({ amount: 30, unit: 'minute' });
    expect(validityOf(90 * 60_000)).toEqual({ amount: 90, unit: 'minute' });
  });

  it('refuses a template placeholder without a value', () => {
    expect(() => fillTemplate('Hello {{name}}', {})).toThrow(/name/);
    expect(fillTemplate('{{a}}{{b}}', { a: '{{b}}', b: 'x' })).toBe('{{b}}x');
  });
});
