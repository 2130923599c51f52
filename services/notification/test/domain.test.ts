import { describe, expect, it } from 'vitest';
import {
  fill,
  isQuiet,
  LOCALES,
  NOTIFICATION_TYPES,
  placeholdersOf,
  planChannels,
  previewTemplate,
  quietHoursEnd,
  renderMessage,
  resolveLocale,
  signUnsubscribe,
  TEMPLATES,
  TemplateVariableMissing,
  verifyUnsubscribe,
  WORKFLOWS,
} from '../src/index';

describe('templates', () => {
  for (const type of NOTIFICATION_TYPES) {
    for (const locale of LOCALES) {
      it(`${type} in ${locale} uses only variables its workflow provides, and renders its sample`, () => {
        const template = TEMPLATES[locale].messages[type];
        expect(template, 'every type is translated').toBeDefined();
        const used = Object.values(template!).flatMap(placeholdersOf);
        const declared = WORKFLOWS[type].variables;
        expect(used.filter((name) => !declared.includes(name))).toEqual([]);
        for (const name of declared)
          expect(WORKFLOWS[type].sample[name], `sample for ${name}`).toBeTypeOf('string');
        const preview = previewTemplate(type, locale);
        expect(preview.locale).toBe(locale);
        expect(preview.subject.length).toBeGreaterThan(0);
        expect(preview.html).toContain(`<html lang="${locale}">`);
      });
    }
  }

  it('catches a template variable the caller did not provide', () => {
    expect(() => fill('Hello {{childName}}', {})).toThrow(TemplateVariableMissing);
    expect(() => renderMessage('weekly_report_ready', 'en', { link: 'https://x.test' })).toThrow(/childName/);
  });

  it('escapes HTML in values but not in the text part', () => {
    expect(fill('<p>{{name}}</p>', { name: '<script>"x" & \'y\'</script>' }, 'html')).toBe(
      '<p>&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;</p>',
    );
    expect(fill('{{name}}', { name: '<b>' })).toBe('<b>');
  });

  it('keeps SMS and push text free of anything but the link', () => {
    for (const locale of LOCALES) {
      for (const type of ['safety_alert_critical', 'safety_alert_high', 'alert_reminder'] as const) {
        const short = TEMPLATES[locale].messages[type]!.short;
        expect(placeholdersOf(short).every((name) => name === 'link')).toBe(true);
      }
    }
  });

  it('resolves locales with fallback to ja', () => {
    expect(resolveLocale('en-GB')).toBe('en');
    expect(resolveLocale('zh-TW')).toBe('zh-Hant');
    expect(resolveLocale('zh-CN')).toBe('zh-Hans');
    expect(resolveLocale('fr')).toBe('ja');
    expect(resolveLocale(undefined)).toBe('ja');
  });
});

describe('quiet hours', () => {
  it('wraps past midnight', () => {
    const night = { startMinute: 22 * 60, endMinute: 7 * 60 };
    expect(isQuiet(23 * 60, night)).toBe(true);
    expect(isQuiet(6 * 60 + 59, night)).toBe(true);
    expect(isQuiet(7 * 60, night)).toBe(false);
    expect(isQuiet(12 * 60, { startMinute: 600, endMinute: 600 })).toBe(false);
  });

  it('waits until the end in the person’s own zone', () => {
    // 23:30 in Tokyo is 14:30 UTC; quiet until 07:00 Tokyo = 22:00 UTC.
    const at = new Date('2026-03-10T14:30:00Z');
    expect(quietHoursEnd(at, 'Asia/Tokyo', { startMinute: 22 * 60, endMinute: 7 * 60 }).toISOString()).toBe(
      '2026-03-10T22:00:00.000Z',
    );
    expect(quietHoursEnd(at, 'Europe/London', { startMinute: 22 * 60, endMinute: 7 * 60 })).toEqual(at);
  });

  it('ends at the local end time on the nights the clocks change (New York)', () => {
    const night = { startMinute: 22 * 60, endMinute: 7 * 60 };
    const ny = 'America/New_York';
    // Fall back: 23:00 EDT on 2026-10-31 is nine wall-clock hours (ten real ones) before 07:00 EST.
    expect(quietHoursEnd(new Date('2026-11-01T03:00:00Z'), ny, night).toISOString()).toBe(
      '2026-11-01T12:00:00.000Z',
    );
    // Spring forward: 23:00 EST on 2026-03-07 to 07:00 EDT is seven real hours.
    expect(quietHoursEnd(new Date('2026-03-08T04:00:00Z'), ny, night).toISOString()).toBe(
      '2026-03-08T11:00:00.000Z',
    );
    // An end that the clocks skip (02:30) is the moment they jump past it (03:00 EDT).
    expect(
      quietHoursEnd(new Date('2026-03-08T04:00:00Z'), ny, {
        startMinute: 22 * 60,
        endMinute: 150,
      }).toISOString(),
    ).toBe('2026-03-08T07:00:00.000Z');
    // 01:15 EST, after the clocks went back: a period ending 01:30 ends at the second 01:30.
    expect(
      quietHoursEnd(new Date('2026-11-01T06:15:00Z'), ny, { startMinute: 60, endMinute: 90 }).toISOString(),
    ).toBe('2026-11-01T06:30:00.000Z');
  });

  it('reads an unknown zone as UTC', () => {
    const night = { startMinute: 22 * 60, endMinute: 7 * 60 };
    expect(quietHoursEnd(new Date('2026-03-10T23:30:45Z'), 'Not/A_Zone', night).toISOString()).toBe(
      '2026-03-11T07:00:00.000Z',
    );
  });
});

describe('unsubscribe tokens', () => {
  const secret = Buffer.alloc(32, 1);
  const userId = 'usr_01J00000000000000000000000';

  it('verifies its own signature and nothing else', () => {
    const token = signUnsubscribe({ userId, category: 'reports' }, secret);
    expect(verifyUnsubscribe(token, secret)).toEqual({ userId, category: 'reports' });
    expect(verifyUnsubscribe(token, Buffer.alloc(32, 2))).toBeNull();
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(`${userId}:safety`).toString('base64url');
    expect(verifyUnsubscribe(`${forged}.${signature}`, secret)).toBeNull();
    expect(verifyUnsubscribe(`${payload}.${signature}x`, secret)).toBeNull();
    expect(verifyUnsubscribe(`${payload}`, secret)).toBeNull();
    expect(verifyUnsubscribe(42, secret)).toBeNull();
  });
});

describe('channel planning', () => {
  const recipient = {
    userId: 'usr_1',
    email: 'a@b.test',
    locale: 'ja',
    timeZone: 'Asia/Tokyo',
    phone: '+819000000000',
  };
  const available = { sms: true, webPush: true, fcm: false };

  it('sends critical alerts on every channel the parent has, whatever they chose', () => {
    const channels = planChannels({
      workflow: WORKFLOWS.safety_alert_critical,
      recipient,
      preferences: [{ category: 'safety', channel: 'sms', enabled: false }],
      pushTargets: [{ kind: 'webpush' }],
      available,
    });
    expect(channels).toEqual(['in_app', 'email', 'sms', 'push']);
  });

  it('skips channels the parent lacks or switched off', () => {
    expect(
      planChannels({
        workflow: WORKFLOWS.weekly_report_ready,
        recipient: { ...recipient, phone: undefined },
        preferences: [{ category: 'reports', channel: 'email', enabled: false }],
        pushTargets: [{ kind: 'fcm' }],
        available,
      }),
    ).toEqual(['in_app']);
  });
});
