import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS, normalizeEmail, validatePassword, validatePin } from '../../src/domain/index';

describe('validatePassword (NIST 800-63B)', () => {
  it.each([
    'correct horse battery staple',
    'Tr0ub4dor&3xyz',
    'パスワードは秘密です', // 10 code points
    'ALLUPPERCASELETTERS', // no composition rules
    `${'x'.repeat(9)}y`,
    `${'z'.repeat(127)}q`,
  ])('accepts %j', (password) => {
    expect(validatePassword(password)).toEqual({ ok: true, value: password });
  });

  it.each([
    ['', 'too_short'],
    ['short', 'too_short'],
    ['ninechars', 'too_short'],
    ['秘密のパスワードだ', 'too_short'], // 9 code points
    ['a'.repeat(129), 'too_long'],
    ['b'.repeat(100_000), 'too_long'],
    ['password123', 'common'],
    ['PASSWORD1234', 'common'],
    ['qwertyuiop', 'common'],
    ['1234567890', 'common'],
    ['iloveyou123', 'common'],
    ['Sunshine2024!', 'common'], // listed word + trailing digits/symbols
    ['ｐａｓｓｗｏｒｄ１２３', 'common'], // full-width folds to the same
    ['aaaaaaaaaaaa', 'repetitive'],
    ['abcabcabcabc', 'repetitive'],
    ['xyxyxyxyxyxy', 'repetitive'],
    ['abcdefghijkl', 'sequential'],
    ['zyxwvutsrqpo', 'sequential'],
    ['manabee-is-fun', 'contains_context'],
  ])('refuses %j as %s', (password, code) => {
    expect(validatePassword(password)).toEqual({ ok: false, code });
  });

  it('refuses passwords built from the user’s own email', () => {
    expect(validatePassword('hanako.sato!2026', ['hanako.sato'])).toEqual({
      ok: false,
      code: 'contains_context',
    });
    // Very short context words are ignored rather than rejecting half the alphabet.
    expect(validatePassword('a strong phrase here', ['a']).ok).toBe(true);
  });

  it('returns the NFKC form to hash', () => {
    expect(validatePassword('ｃｏｒｒｅｃｔ horse')).toEqual({ ok: true, value: 'correct horse' });
  });

  it('carries a sizeable blocklist', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(200);
    expect(COMMON_PASSWORDS.has('123456')).toBe(true);
  });
});

describe('normalizeEmail', () => {
  it.each([
    [' Alice@Example.COM ', 'alice@example.com'],
    ['alice+tag@gmail.com', 'alice+tag@gmail.com'],
    ['first.last@sub.example.co.jp', 'first.last@sub.example.co.jp'],
    ['user@例え.jp', 'user@xn--r8jz45g.jp'],
    ['user@example.com.', 'user@example.com'],
  ])('%j → %j', (input, value) => {
    expect(normalizeEmail(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'invalid'],
    ['plainaddress', 'invalid'],
    ['@example.com', 'invalid'],
    ['user@', 'invalid'],
    ['user@localhost', 'invalid'],
    ['a..b@example.com', 'invalid'],
    ['.a@example.com', 'invalid'],
    ['a.@example.com', 'invalid'],
    ['a b@example.com', 'invalid'],
    ['a@b@example.com', 'invalid'],
    ['user@-example.com', 'invalid'],
    ['user@example-.com', 'invalid'],
    ['user@example.c0m', 'invalid'],
    ['user@exa_mple.com', 'invalid'],
    ['user\n@example.com', 'invalid'],
    [`${'a'.repeat(65)}@example.com`, 'too_long'],
    [`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`, 'too_long'], // 255
    ['x'.repeat(10_000), 'too_long'],
  ])('refuses %j as %s', (input, code) => {
    expect(normalizeEmail(input)).toEqual({ ok: false, code });
  });

  it('accepts exactly 254 characters', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(email.length).toBe(254);
    expect(normalizeEmail(email).ok).toBe(true);
  });
});

describe('validatePin', () => {
  it.each(['5829', '73914', '739146', '2468', '８２７３'])('accepts %j', (pin) => {
    expect(validatePin(pin).ok).toBe(true);
  });

  it('returns the ASCII digits', () => {
    expect(validatePin('８２７３')).toEqual({ ok: true, value: '8273' });
  });

  it.each([
    ['123', 'format'],
    ['1234567', 'format'],
    ['12a4', 'format'],
    ['', 'format'],
    ['١٢٣٤', 'format'], // Arabic-Indic digits are not what the keypad shows
    ['0000', 'repeated'],
    ['1111', 'repeated'],
    ['999999', 'repeated'],
    ['1212', 'repeated'],
    ['123123', 'repeated'],
    ['121212', 'repeated'],
    ['1234', 'sequential'],
    ['4321', 'sequential'],
    ['0123', 'sequential'],
    ['7890', 'sequential'],
    ['8901', 'sequential'],
    ['123456', 'sequential'],
    ['654321', 'sequential'],
    ['2580', 'common'],
    ['1004', 'common'],
    ['159753', 'common'],
  ])('refuses %j as %s', (pin, code) => {
    expect(validatePin(pin)).toEqual({ ok: false, code });
  });

  it('refuses the child’s birth year', () => {
    expect(validatePin('2016', { birthYear: 2016 })).toEqual({ ok: false, code: 'birth_year' });
    expect(validatePin('201679', { birthYear: 2016 })).toEqual({ ok: false, code: 'birth_year' });
    expect(validatePin('2016', { birthYear: 2015 }).ok).toBe(true);
  });
});
