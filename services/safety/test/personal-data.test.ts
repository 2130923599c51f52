import { describe, expect, it } from 'vitest';
import { createDefaultScanner } from '../src/bundled';
import { findPersonalData } from '../src/domain/personal-data';

const scanner = createDefaultScanner();
const kinds = (text: string) => findPersonalData(text).map((s) => s.personalData);

describe('personal data patterns', () => {
  it.each([
    ['090-1234-5678', 'phone'],
    ['０９０ー１２３４ー５６７８', 'phone'],
    ['03(1234)5678', 'phone'],
    ['+81 90 1234 5678', 'phone'],
    ['+1 415 555 0100', 'phone'],
    ['(415) 555-0100', 'phone'],
    ['mika.s@example.co.jp', 'email'],
    ['〒150-0001', 'postal_code'],
    ['postcode SW1A 1AA', 'postal_code'],
    ['東京都世田谷区桜丘3丁目4-5', 'address'],
    ['I live at 221 Baker Street', 'address'],
    ['vivo en calle Mayor 12', 'address'],
    ['桜丘小学校', 'school'],
    ['3年2組', 'school'],
    ['I go to Springfield Elementary School', 'school'],
    ['LINEのIDは kenta_0412', 'handle'],
    ['insta: @mika_chan', 'handle'],
    ['discord mika#1234', 'handle'],
    ['https://example.com/x', 'url'],
    ['discord.gg/abc', 'url'],
  ])('%s is %s', (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it.each(['3+4=7', '1990年に生まれた', '面積は120-45で75', '私の小学校は楽しい', 'LINE is fun', 'x = 5'])(
    'finds nothing in %s',
    (text) => {
      expect(kinds(text)).toEqual([]);
    },
  );

  it('redacts with placeholders in the child language', () => {
    const ja = scanner.scan({ text: '電話は090-1234-5678、メールはa.b@example.com', lang: 'ja' });
    expect(ja.action).toBe('redact');
    expect(ja.redactedText).toBe('電話は［電話番号］、メールは［メール］');
    const en = scanner.scan({ text: 'call me 090-1234-5678', lang: 'en' });
    expect(en.redactedText).toBe('call me [phone]');
    const es = scanner.scan({ text: 'mi correo es nina@example.es', lang: 'es' });
    expect(es.redactedText).toBe('mi correo es [correo]');
  });

  it('spans point into the original text', () => {
    const text = 'でんわ ０９０ー１２３４ー５６７８ です';
    const [span] = scanner.scan({ text, lang: 'ja' }).spans;
    expect(span?.text).toBe('０９０ー１２３４ー５６７８');
    expect(text.slice(span!.start, span!.end)).toBe(span!.text);
  });

  it('keeps crisis line numbers in tutor replies', () => {
    const result = scanner.scan({
      text: '24時間子供SOSダイヤル 0120-0-78310 に電話してね',
      lang: 'ja',
      source: 'tutor',
    });
    expect(result.redactedText).toContain('0120-0-78310');
  });
});
