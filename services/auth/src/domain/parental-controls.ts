/**
 * Parental controls: the limits a parent sets, and the single decision the chat
 * service asks before every message ("may this child learn now, on this
 * subject?"). All clocks are parameters; all wall times are the family's.
 */
import {
  addDays,
  firstInstantAtOrAfter,
  isValidTimeZone,
  localDateTime,
  nextLocalMidnight,
} from './zoned-time';

export { dayKeyFor } from './zoned-time';

export const SUBJECTS = [
  'math',
  'japanese',
  'english',
  'science',
  'social_studies',
  'music',
  'art',
  'pe',
  'programming',
  'other',
] as const;
export type Subject = (typeof SUBJECTS)[number];

export function isSubject(value: unknown): value is Subject {
  return typeof value === 'string' && (SUBJECTS as readonly string[]).includes(value);
}

/** `HH:MM`, 24-hour, family-local. */
export type ClockTime = `${number}:${number}`;

/** A quiet period; `start` > `end` means it crosses midnight (21:00-07:00). */
export interface QuietHours {
  start: ClockTime;
  end: ClockTime;
}

export interface ParentalControls {
  /** Minutes of tutoring per local day; null = no limit, 0 = none today. */
  dailyMinutes: number | null;
  /** Messages the child may send per local day; null = no limit. */
  dailyMessages: number | null;
  /** Subjects the tutor may help with. Empty means nothing is allowed. */
  allowedSubjects: readonly Subject[];
  quietHours: readonly QuietHours[];
}

export const LIMITS = {
  maxDailyMinutes: 1440,
  maxDailyMessages: 10_000,
  maxQuietPeriods: 4,
} as const;

/** What a new child starts with: a school-night bedtime and an hour a day. */
export const DEFAULT_PARENTAL_CONTROLS: ParentalControls = {
  dailyMinutes: 60,
  dailyMessages: 200,
  allowedSubjects: SUBJECTS,
  quietHours: [{ start: '21:00', end: '07:00' }],
};

export type AccessDenialReason =
  | 'no_consent'
  | 'paused'
  | 'quiet_hours'
  | 'daily_minutes'
  | 'daily_messages'
  | 'subject_not_allowed';

export type AccessDecision =
  | {
      allowed: true;
      remaining: {
        /** null = unlimited */
        minutes: number | null;
        messages: number | null;
        /** When the next quiet period starts (to end a session gracefully), null if none. */
        quietHoursAt: Date | null;
      };
    }
  | {
      allowed: false;
      reason: AccessDenialReason;
      /** When trying again can succeed by time alone; absent if only a parent can change it. */
      retryAt?: Date;
    };

export interface AccessRequest {
  controls: ParentalControls;
  usageToday: { minutes: number; messages: number };
  subject: Subject;
  now: Date;
  /** The family's IANA zone, e.g. `Asia/Tokyo`. */
  timeZone: string;
  /** Result of `hasValidConsent` for the current policy version. */
  consent: boolean;
  paused: boolean;
}

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minuteOfDay(time: ClockTime): number {
  const match = CLOCK_TIME.exec(time);
  if (!match) throw new RangeError(`invalid clock time: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Whether local minute `m` falls in [start, end), wrapping past midnight when start > end. */
function minuteIsQuiet(m: number, period: QuietHours): boolean {
  const start = minuteOfDay(period.start);
  const end = minuteOfDay(period.end);
  if (start === end) return false;
  return start < end ? m >= start && m < end : m >= start || m < end;
}

export function isQuietTime(
  controls: Pick<ParentalControls, 'quietHours'>,
  now: Date,
  timeZone: string,
): boolean {
  const local = localDateTime(now, timeZone);
  const m = local.hour * 60 + local.minute;
  return controls.quietHours.some((period) => minuteIsQuiet(m, period));
}

/**
 * The first instant at or after `now` that is outside every quiet period.
 * Periods may chain (21:00-23:00 then 23:00-07:00), so we hop from end to end;
 * each hop lands on a period's end, so a handful of hops always suffices.
 */
export function quietHoursEndAt(
  controls: Pick<ParentalControls, 'quietHours'>,
  now: Date,
  timeZone: string,
): Date {
  let at = now;
  for (let hop = 0; hop <= controls.quietHours.length * 2 + 1; hop++) {
    const local = localDateTime(at, timeZone);
    const m = local.hour * 60 + local.minute;
    const active = controls.quietHours.filter((period) => minuteIsQuiet(m, period));
    if (active.length === 0) return at;
    // The earliest-ending active period's end, today or (if it wraps) tomorrow.
    let next: Date | null = null;
    for (const period of active) {
      const end = minuteOfDay(period.end);
      const day = end > m ? local : addDays(local, 1);
      const candidate = firstInstantAtOrAfter(day, end, timeZone, at);
      if (!next || candidate < next) next = candidate;
    }
    at = next ?? at;
  }
  return at;
}

/** When the next quiet period begins after `now` (within the next two local days), or null. */
export function nextQuietHoursStart(
  controls: Pick<ParentalControls, 'quietHours'>,
  now: Date,
  timeZone: string,
): Date | null {
  const local = localDateTime(now, timeZone);
  let best: Date | null = null;
  for (const period of controls.quietHours) {
    if (period.start === period.end) continue;
    const start = minuteOfDay(period.start);
    for (const offset of [0, 1]) {
      const candidate = firstInstantAtOrAfter(addDays(local, offset), start, timeZone);
      if (candidate > now && (!best || candidate < best)) best = candidate;
    }
  }
  return best;
}

/**
 * The one decision the chat service calls before accepting a message. Order
 * matters: consent and pause first (only a parent can lift them), then time
 * (lifts by itself), then per-day budgets, then the subject.
 */
export function evaluateAccess(request: AccessRequest): AccessDecision {
  const { controls, usageToday, subject, now, timeZone } = request;
  if (!request.consent) return { allowed: false, reason: 'no_consent' };
  if (request.paused) return { allowed: false, reason: 'paused' };

  if (isQuietTime(controls, now, timeZone)) {
    return { allowed: false, reason: 'quiet_hours', retryAt: quietHoursEndAt(controls, now, timeZone) };
  }

  // A daily budget comes back at local midnight, unless midnight is itself quiet.
  const nextBudget = () => quietHoursEndAt(controls, nextLocalMidnight(now, timeZone), timeZone);
  if (controls.dailyMinutes !== null && usageToday.minutes >= controls.dailyMinutes) {
    return { allowed: false, reason: 'daily_minutes', retryAt: nextBudget() };
  }
  if (controls.dailyMessages !== null && usageToday.messages >= controls.dailyMessages) {
    return { allowed: false, reason: 'daily_messages', retryAt: nextBudget() };
  }
  if (!controls.allowedSubjects.includes(subject)) return { allowed: false, reason: 'subject_not_allowed' };

  return {
    allowed: true,
    remaining: {
      minutes:
        controls.dailyMinutes === null ? null : Math.max(0, controls.dailyMinutes - usageToday.minutes),
      messages:
        controls.dailyMessages === null ? null : Math.max(0, controls.dailyMessages - usageToday.messages),
      quietHoursAt: nextQuietHoursStart(controls, now, timeZone),
    },
  };
}

// ---------------------------------------------------------------------------
// Input validation: controls arrive from a parent's form or the API.

export interface ValidationIssue {
  path: string;
  code:
    | 'required'
    | 'not_integer'
    | 'out_of_range'
    | 'unknown_subject'
    | 'invalid_time'
    | 'empty_period'
    | 'too_many';
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateLimit(value: unknown, path: string, max: number, issues: ValidationIssue[]): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    issues.push({ path, code: 'not_integer', message: `${path} must be a whole number or null` });
    return null;
  }
  if (value < 0 || value > max) {
    issues.push({ path, code: 'out_of_range', message: `${path} must be between 0 and ${max}` });
  }
  return value;
}

/** Check and canonicalise controls input; reports every problem, not just the first. */
export function validateParentalControls(input: unknown): ValidationResult<ParentalControls> {
  const issues: ValidationIssue[] = [];
  if (!isRecord(input)) {
    return { ok: false, issues: [{ path: '', code: 'required', message: 'controls must be an object' }] };
  }
  for (const key of ['dailyMinutes', 'dailyMessages', 'allowedSubjects', 'quietHours'] as const) {
    if (!(key in input)) issues.push({ path: key, code: 'required', message: `${key} is required` });
  }
  const dailyMinutes = validateLimit(
    input.dailyMinutes ?? null,
    'dailyMinutes',
    LIMITS.maxDailyMinutes,
    issues,
  );
  const dailyMessages = validateLimit(
    input.dailyMessages ?? null,
    'dailyMessages',
    LIMITS.maxDailyMessages,
    issues,
  );

  const allowed = new Set<Subject>();
  const subjects = input.allowedSubjects;
  if (subjects !== undefined && !Array.isArray(subjects)) {
    issues.push({ path: 'allowedSubjects', code: 'required', message: 'allowedSubjects must be a list' });
  } else {
    (subjects ?? []).forEach((subject: unknown, i: number) => {
      if (isSubject(subject)) allowed.add(subject);
      else issues.push({ path: `allowedSubjects.${i}`, code: 'unknown_subject', message: 'unknown subject' });
    });
  }

  const quietHours: QuietHours[] = [];
  const periods = input.quietHours;
  if (periods !== undefined && !Array.isArray(periods)) {
    issues.push({ path: 'quietHours', code: 'required', message: 'quietHours must be a list' });
  } else if ((periods ?? []).length > LIMITS.maxQuietPeriods) {
    issues.push({
      path: 'quietHours',
      code: 'too_many',
      message: `at most ${LIMITS.maxQuietPeriods} quiet periods`,
    });
  } else {
    (periods ?? []).forEach((period: unknown, i: number) => {
      const start = isRecord(period) ? period.start : undefined;
      const end = isRecord(period) ? period.end : undefined;
      let valid = true;
      for (const [name, value] of [
        ['start', start],
        ['end', end],
      ] as const) {
        if (typeof value !== 'string' || !CLOCK_TIME.test(value)) {
          issues.push({
            path: `quietHours.${i}.${name}`,
            code: 'invalid_time',
            message: 'use HH:MM (00:00-23:59)',
          });
          valid = false;
        }
      }
      if (!valid) return;
      if (start === end) {
        // Equal ends are ambiguous (never quiet, or always?); make the parent say which.
        issues.push({ path: `quietHours.${i}`, code: 'empty_period', message: 'start and end must differ' });
        return;
      }
      quietHours.push({ start: start as ClockTime, end: end as ClockTime });
    });
  }

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      dailyMinutes,
      dailyMessages,
      // Canonical order, duplicates dropped, so stored values compare equal.
      allowedSubjects: SUBJECTS.filter((s) => allowed.has(s)),
      quietHours,
    },
  };
}

export { isValidTimeZone };
