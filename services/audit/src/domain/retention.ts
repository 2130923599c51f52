/**
 * How long each kind of audit entry is kept. Security and compliance records
 * (sign-ins, consent, blocks, data exports) are kept seven years, the usual
 * statutory horizon; operational records one year; debug traces 30 days.
 */
export const retentionClasses = ['security', 'compliance', 'operational', 'debug'] as const;
export type RetentionClass = (typeof retentionClasses)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

export const retentionDays: Record<RetentionClass, number> = {
  security: 7 * 365 + 2,
  compliance: 7 * 365 + 2,
  operational: 365,
  debug: 30,
};

export function expiresAt(occurredAt: Date, retentionClass: RetentionClass): Date {
  return new Date(occurredAt.getTime() + retentionDays[retentionClass] * DAY_MS);
}

const SECURITY_PREFIXES = ['auth.', 'session.', 'account.', 'operator.', 'role.'];
const COMPLIANCE_PREFIXES = ['consent.', 'data.', 'export.', 'deletion.', 'safety.', 'audit.'];

/** The default class for an action when the caller does not say. */
export function defaultRetentionClass(action: string): RetentionClass {
  if (SECURITY_PREFIXES.some((prefix) => action.startsWith(prefix))) return 'security';
  if (COMPLIANCE_PREFIXES.some((prefix) => action.startsWith(prefix))) return 'compliance';
  if (action.startsWith('debug.')) return 'debug';
  return 'operational';
}
