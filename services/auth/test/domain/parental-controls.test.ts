import { describe, expect, it } from 'vitest';
import {
  type AccessRequest,
  DEFAULT_PARENTAL_CONTROLS,
  dayKeyFor,
  evaluateAccess,
  nextLocalMidnight,
  type ParentalControls,
  SUBJECTS,
  validateParentalControls,
} from '../../src/domain/index';

const night: ParentalControls = {
  dailyMinutes: 60,
  dailyMessages: 100,
  allowedSubjects: ['math', 'english'],
  quietHours: [{ start: '21:00', end: '07:00' }],
};

function request(overrides: Partial<AccessRequest> & { now: Date }): AccessRequest {
  return {
    controls: night,
    usageToday: { minutes: 0, messages: 0 },
    subject: 'math',
    timeZone: 'Asia/Tokyo',
    consent: true,
    paused: false,
    ...overrides,
  };
}

const at = (iso: string) => new Date(iso);

describe('quiet hours across midnight (Asia/Tokyo, UTC+9, no DST)', () => {
  it.each([
    ['2026-03-10T11:59:00Z', true], // 20:59 JST
    ['2026-03-10T12:00:00Z', false], // 21:00 JST: quiet starts
    ['2026-03-10T15:00:00Z', false], // 00:00 JST
    ['2026-03-10T21:59:00Z', false], // 06:59 JST
    ['2026-03-10T22:00:00Z', true], // 07:00 JST: quiet ends
    ['2026-03-11T03:00:00Z', true], // 12:00 JST
  ])('at %s allowed=%s', (iso, allowed) => {
    expect(evaluateAccess(request({ now: at(iso) })).allowed).toBe(allowed);
  });

  it('tells when quiet hours end, on the next local morning', () => {
    expect(evaluateAccess(request({ now: at('2026-03-10T12:30:00Z') }))).toEqual({
      allowed: false,
      reason: 'quiet_hours',
      retryAt: at('2026-03-10T22:00:00Z'),
    });
    // After midnight the end is the same morning.
    expect(evaluateAccess(request({ now: at('2026-03-10T16:00:00Z') }))).toMatchObject({
      retryAt: at('2026-03-10T22:00:00Z'),
    });
  });

  it('a daytime period (no wrap) works too', () => {
    const school = { ...night, quietHours: [{ start: '08:30', end: '15:00' }] } as ParentalControls;
    expect(evaluateAccess(request({ controls: school, now: at('2026-03-10T00:00:00Z') })).allowed).toBe(
      false,
    );
    expect(evaluateAccess(request({ controls: school, now: at('2026-03-10T06:00:00Z') })).allowed).toBe(true);
  });

  it('chained periods end at the end of the last one', () => {
    const chained = {
      ...night,
      quietHours: [
        { start: '20:00', end: '22:00' },
        { start: '22:00', end: '06:30' },
      ],
    } as ParentalControls;
    expect(evaluateAccess(request({ controls: chained, now: at('2026-03-10T11:30:00Z') }))).toMatchObject({
      reason: 'quiet_hours',
      retryAt: at('2026-03-10T21:30:00Z'),
    });
  });

  it('reports when the next quiet period starts', () => {
    const decision = evaluateAccess(
      request({ now: at('2026-03-10T03:00:00Z'), usageToday: { minutes: 20, messages: 7 } }),
    );
    expect(decision).toEqual({
      allowed: true,
      remaining: { minutes: 40, messages: 93, quietHoursAt: at('2026-03-10T12:00:00Z') },
    });
  });
});

describe('quiet hours on daylight-saving days (America/New_York)', () => {
  const ny = (now: string, controls: ParentalControls = night) =>
    evaluateAccess(request({ now: at(now), timeZone: 'America/New_York', controls }));

  it('spring forward (2026-03-08): 21:00–07:00 ends at 07:00 EDT, an hour earlier in UTC', () => {
    expect(ny('2026-03-08T03:00:00Z')).toMatchObject({
      reason: 'quiet_hours',
      retryAt: at('2026-03-08T11:00:00Z'),
    });
    expect(ny('2026-03-08T10:59:00Z').allowed).toBe(false); // 06:59 EDT
    expect(ny('2026-03-08T11:00:00Z').allowed).toBe(true); // 07:00 EDT
    // Starts at 21:00 EDT that evening = 01:00Z.
    expect(ny('2026-03-09T00:59:00Z').allowed).toBe(true);
    expect(ny('2026-03-09T01:00:00Z').allowed).toBe(false);
  });

  it('fall back (2026-11-01): ends at 07:00 EST', () => {
    expect(ny('2026-11-01T02:00:00Z')).toMatchObject({
      reason: 'quiet_hours',
      retryAt: at('2026-11-01T12:00:00Z'),
    });
    expect(ny('2026-11-01T11:59:00Z').allowed).toBe(false); // 06:59 EST
    expect(ny('2026-11-01T12:00:00Z').allowed).toBe(true);
  });

  it('an end time inside the skipped hour ends when the clock jumps past it', () => {
    const late = { ...night, quietHours: [{ start: '22:00', end: '02:30' }] } as ParentalControls;
    // 01:45 EST; 02:30 never happens, 03:00 EDT (07:00Z) is the first moment past it.
    expect(ny('2026-03-08T06:45:00Z', late)).toMatchObject({
      reason: 'quiet_hours',
      retryAt: at('2026-03-08T07:00:00Z'),
    });
    expect(ny('2026-03-08T07:00:00Z', late).allowed).toBe(true);
  });

  it('an end time inside the repeated hour ends at its second occurrence when quiet again', () => {
    const early = { ...night, quietHours: [{ start: '00:00', end: '01:30' }] } as ParentalControls;
    expect(ny('2026-11-01T05:00:00Z', early)).toMatchObject({ retryAt: at('2026-11-01T05:30:00Z') }); // 01:00 EDT
    expect(ny('2026-11-01T05:45:00Z', early).allowed).toBe(true); // 01:45 EDT
    // 01:15 EST: the wall clock is back inside the period; it ends at 01:30 EST.
    expect(ny('2026-11-01T06:15:00Z', early)).toMatchObject({ retryAt: at('2026-11-01T06:30:00Z') });
  });
});

describe('quiet hours where the clocks change more than 12 hours from UTC (Pacific/Auckland)', () => {
  const late = { ...night, quietHours: [{ start: '22:00', end: '02:30' }] } as ParentalControls;
  const nz = (iso: string) =>
    evaluateAccess(request({ controls: late, now: at(iso), timeZone: 'Pacific/Auckland' }));

  it('an end inside the skipped hour (2026-09-27, 02:00 NZST -> 03:00 NZDT) is 03:00 NZDT', () => {
    // 01:00 NZST.
    expect(nz('2026-09-26T13:00:00Z')).toMatchObject({ retryAt: at('2026-09-26T14:00:00Z') });
  });

  it('an end inside the repeated hour (2026-04-05, 03:00 NZDT -> 02:00 NZST) is its first occurrence', () => {
    // 01:00 NZDT; 02:30 NZDT is 13:30Z, 02:30 NZST an hour later.
    expect(nz('2026-04-04T12:00:00Z')).toMatchObject({ retryAt: at('2026-04-04T13:30:00Z') });
  });
});

describe('daily budgets', () => {
  const noQuiet = { ...night, quietHours: [] };

  it('refuses at the minute limit and returns at local midnight', () => {
    const decision = evaluateAccess(
      request({
        controls: noQuiet,
        now: at('2026-03-10T05:00:00Z'),
        usageToday: { minutes: 60, messages: 3 },
      }),
    );
    expect(decision).toEqual({
      allowed: false,
      reason: 'daily_minutes',
      retryAt: at('2026-03-10T15:00:00Z'),
    });
  });

  it('refuses at the message limit', () => {
    expect(
      evaluateAccess(
        request({
          controls: noQuiet,
          now: at('2026-03-10T05:00:00Z'),
          usageToday: { minutes: 1, messages: 100 },
        }),
      ),
    ).toMatchObject({ reason: 'daily_messages' });
    expect(
      evaluateAccess(
        request({
          controls: noQuiet,
          now: at('2026-03-10T05:00:00Z'),
          usageToday: { minutes: 1, messages: 99 },
        }),
      ).allowed,
    ).toBe(true);
  });

  it('when midnight is quiet, the budget is usable again when quiet hours end', () => {
    expect(
      evaluateAccess(request({ now: at('2026-03-10T05:00:00Z'), usageToday: { minutes: 60, messages: 0 } })),
    ).toMatchObject({ reason: 'daily_minutes', retryAt: at('2026-03-10T22:00:00Z') });
  });

  it('null is unlimited, 0 is nothing today', () => {
    const unlimited = { ...noQuiet, dailyMinutes: null, dailyMessages: null };
    expect(
      evaluateAccess(
        request({
          controls: unlimited,
          now: at('2026-03-10T05:00:00Z'),
          usageToday: { minutes: 9999, messages: 9999 },
        }),
      ),
    ).toMatchObject({ allowed: true, remaining: { minutes: null, messages: null, quietHoursAt: null } });
    const none = { ...noQuiet, dailyMinutes: 0 };
    expect(evaluateAccess(request({ controls: none, now: at('2026-03-10T05:00:00Z') }))).toMatchObject({
      reason: 'daily_minutes',
    });
  });
});

describe('precedence and other reasons', () => {
  const daytime = at('2026-03-10T03:00:00Z');
  it('no consent beats everything, then pause, neither with a retry time', () => {
    expect(
      evaluateAccess(request({ now: at('2026-03-10T13:00:00Z'), consent: false, paused: true })),
    ).toEqual({
      allowed: false,
      reason: 'no_consent',
    });
    expect(evaluateAccess(request({ now: at('2026-03-10T13:00:00Z'), paused: true }))).toEqual({
      allowed: false,
      reason: 'paused',
    });
  });

  it('refuses subjects the parent did not allow', () => {
    expect(evaluateAccess(request({ now: daytime, subject: 'programming' }))).toEqual({
      allowed: false,
      reason: 'subject_not_allowed',
    });
    expect(evaluateAccess(request({ now: daytime, subject: 'english' })).allowed).toBe(true);
  });
});

describe('local days', () => {
  it('dayKeyFor uses the family’s calendar', () => {
    const instant = at('2026-03-10T15:30:00Z');
    expect(dayKeyFor(instant, 'Asia/Tokyo')).toBe('2026-03-11');
    expect(dayKeyFor(instant, 'America/New_York')).toBe('2026-03-10');
    expect(dayKeyFor(instant, 'UTC')).toBe('2026-03-10');
  });

  it('next midnight on a DST day, and in a zone whose midnight is skipped (Havana)', () => {
    expect(nextLocalMidnight(at('2026-03-08T03:00:00Z'), 'America/New_York')).toEqual(
      at('2026-03-08T05:00:00Z'),
    );
    expect(nextLocalMidnight(at('2026-03-08T12:00:00Z'), 'America/New_York')).toEqual(
      at('2026-03-09T04:00:00Z'),
    );
    // Cuba springs forward at midnight: 2026-03-08 starts at 01:00 CDT (05:00Z).
    expect(nextLocalMidnight(at('2026-03-07T18:00:00Z'), 'America/Havana')).toEqual(
      at('2026-03-08T05:00:00Z'),
    );
  });
});

describe('validateParentalControls', () => {
  it('accepts and canonicalises good input', () => {
    const result = validateParentalControls({
      dailyMinutes: 90,
      dailyMessages: null,
      allowedSubjects: ['science', 'math', 'math'],
      quietHours: [{ start: '21:30', end: '06:45' }],
    });
    expect(result).toEqual({
      ok: true,
      value: {
        dailyMinutes: 90,
        dailyMessages: null,
        allowedSubjects: ['math', 'science'],
        quietHours: [{ start: '21:30', end: '06:45' }],
      },
    });
  });

  it('accepts the boundaries and the defaults', () => {
    expect(
      validateParentalControls({
        dailyMinutes: 1440,
        dailyMessages: 10000,
        allowedSubjects: SUBJECTS,
        quietHours: [],
      }).ok,
    ).toBe(true);
    expect(
      validateParentalControls({ dailyMinutes: 0, dailyMessages: 0, allowedSubjects: [], quietHours: [] }).ok,
    ).toBe(true);
    expect(validateParentalControls(DEFAULT_PARENTAL_CONTROLS).ok).toBe(true);
  });

  it('reports every problem with its path', () => {
    const result = validateParentalControls({
      dailyMinutes: 1441,
      dailyMessages: 2.5,
      allowedSubjects: ['math', 'alchemy'],
      quietHours: [
        { start: '24:00', end: '7:00' },
        { start: '10:00', end: '10:00' },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => `${i.path}:${i.code}`)).toEqual([
      'dailyMinutes:out_of_range',
      'dailyMessages:not_integer',
      'allowedSubjects.1:unknown_subject',
      'quietHours.0.start:invalid_time',
      'quietHours.0.end:invalid_time',
      'quietHours.1:empty_period',
    ]);
  });

  it.each([
    ['not an object', null],
    ['missing fields', {}],
    ['negative minutes', { dailyMinutes: -1, dailyMessages: 1, allowedSubjects: [], quietHours: [] }],
    ['messages over 10000', { dailyMinutes: 1, dailyMessages: 10001, allowedSubjects: [], quietHours: [] }],
    ['string minutes', { dailyMinutes: '60', dailyMessages: 1, allowedSubjects: [], quietHours: [] }],
    ['subjects not a list', { dailyMinutes: 1, dailyMessages: 1, allowedSubjects: 'math', quietHours: [] }],
    [
      'five quiet periods',
      {
        dailyMinutes: 1,
        dailyMessages: 1,
        allowedSubjects: [],
        quietHours: Array.from({ length: 5 }, () => ({ start: '01:00', end: '02:00' })),
      },
    ],
  ])('rejects %s', (_name, input) => {
    expect(validateParentalControls(input).ok).toBe(false);
  });
});
