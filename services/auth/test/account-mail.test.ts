/** Account mail through the real transport: the language follows the account, and links survive encoding. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMailTransport } from '@manabee/kernel';
import { backend } from '@manabee/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, gql, type Harness, latestMail, SIGN_UP, tokenInMail } from './harness';

const PASSWORD = 'correct horse battery';
const VERIFY = 'mutation($token: String!) { verifyEmail(token: $token) }';

describe(`account mail languages (${backend.database}, ${backend.cache})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a ja sign-up gets a Japanese verification mail whose link works', async () => {
    await gql(h.app, SIGN_UP, { input: { email: 'haha@example.jp', password: PASSWORD, locale: 'ja' } });
    const mail = (await latestMail(h.outbox, 'haha@example.jp'))!;
    expect(mail.subject).toBe('【Manabee】メールアドレスのご確認');
    expect(mail.text).toContain('Manabee にご登録いただき、ありがとうございます。');
    expect(mail.text).toContain('リンクの有効期限は24時間です。');
    expect(mail.text).not.toMatch(/Confirm your email|Welcome/);
    // Quoted-printable, so a reader that only undoes QP (apps/server tokenFromMail,
    // the admin outbox) still finds the link in the raw message.
    expect(mail.raw).toMatch(/^Content-Transfer-Encoding: quoted-printable$/m);
    const qpOnly = mail.raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    expect(qpOnly).toContain('https://app.manabee.test/verify-email#token=vfy_');
    const verified = await gql(h.app, VERIFY, { token: tokenInMail(mail.text) });
    expect(verified.data).toEqual({ verifyEmail: true });
  });

  it('an en sign-up gets an English one', async () => {
    await gql(h.app, SIGN_UP, { input: { email: 'mum@example.com', password: PASSWORD, locale: 'en' } });
    const mail = (await latestMail(h.outbox, 'mum@example.com'))!;
    expect(mail.subject).toBe('Confirm your email for Manabee');
    expect(mail.text).toContain('The link is valid for 24 hours.');
    expect(mail.text).not.toMatch(/[\u3040-\u30ff]/);
    const verified = await gql(h.app, VERIFY, { token: tokenInMail(mail.text) });
    expect(verified.data).toEqual({ verifyEmail: true });
  });

  it('the other languages too', async () => {
    const expected = {
      'zh-Hant': '【Manabee】請確認您的電子郵件地址',
      'zh-Hans': '【Manabee】请确认您的邮箱地址',
      ko: '[Manabee] 이메일 주소를 확인해 주세요',
      es: 'Confirme su correo electrónico para Manabee',
    };
    for (const [locale, subject] of Object.entries(expected)) {
      const email = `parent-${locale.toLowerCase()}@example.jp`;
      await gql(h.app, SIGN_UP, { input: { email, password: PASSWORD, locale } });
      expect((await latestMail(h.outbox, email))?.subject, locale).toBe(subject);
    }
  });

  it("a sign-up with a taken address answers the same and tells the owner in the owner's language", async () => {
    const first = await gql(h.app, SIGN_UP, { input: { email: 'fresh@example.jp', password: PASSWORD } });
    const taken = await gql(h.app, SIGN_UP, {
      input: { email: 'mum@example.com', password: 'another good passphrase', locale: 'ja' },
    });
    expect(taken.data).toEqual(first.data);
    const mail = (await latestMail(h.outbox, 'mum@example.com'))!;
    expect(mail.subject).toBe('Someone tried to sign up for Manabee with your email');
    expect(mail.text).toContain('https://app.manabee.test/login');
  });

  it('a password reset mail follows the account, not the request', async () => {
    await gql(h.app, 'mutation($e: String!) { requestPasswordReset(email: $e) { message } }', {
      e: 'haha@example.jp',
    });
    const mail = (await latestMail(h.outbox, 'haha@example.jp'))!;
    expect(mail.subject).toBe('【Manabee】パスワード再設定のご案内');
    expect(mail.text).toContain('リンクの有効期限は30分です。');
    expect(mail.text).toMatch(/\/reset-password#token=rst_/);
  });

  it('the harness reads base64 bodies too, as nodemailer picks for mostly-CJK text', async () => {
    const outbox = mkdtempSync(path.join(tmpdir(), 'manabee-auth-b64-'));
    const mail = createMailTransport({ from: 'Manabee <no-reply@manabee.test>', outboxDir: outbox });
    await mail.send({ to: 'b64@example.jp', subject: 'テスト', text: 'ありがとうございます。'.repeat(5) });
    const read = (await latestMail(outbox, 'b64@example.jp'))!;
    expect(read.raw).toMatch(/^Content-Transfer-Encoding: base64$/m);
    expect(read.subject).toBe('テスト');
    expect(read.text).toContain('ありがとうございます。ありがとうございます。');
  });
});
