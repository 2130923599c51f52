/**
 * Every notification Manabee sends, declared once: which channels it may use,
 * which preference category governs it, whether it is critical (ignores quiet
 * hours, digests and opt-outs) or account mail (no unsubscribe link), and the
 * variables its templates may use, with a sample for previews and tests.
 */

export const CHANNELS = ['in_app', 'email', 'sms', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CATEGORIES = ['account', 'safety', 'reports', 'billing', 'school', 'news'] as const;
export type Category = (typeof CATEGORIES)[number];

export const NOTIFICATION_TYPES = [
  'account_verification',
  'password_reset',
  'safety_alert_critical',
  'safety_alert_high',
  'safety_alert_low',
  'safety_digest',
  'alert_reminder',
  'weekly_report_ready',
  'billing_payment_failed',
  'billing_subscription_renewed',
  'school_link_request',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface Workflow {
  category: Category;
  channels: readonly Channel[];
  /** Sent at once on every channel the person has, whatever the preferences or the hour. */
  critical: boolean;
  /** Email goes into the daily digest instead of out at once (in-app stays immediate). */
  digest: boolean;
  variables: readonly string[];
  sample: Readonly<Record<string, string>>;
}

const link = 'https://manabee.app/family/alerts/alr_01J0000000000000000000000';

export const WORKFLOWS: Readonly<Record<NotificationType, Workflow>> = {
  account_verification: {
    category: 'account',
    channels: ['email'],
    critical: false,
    digest: false,
    variables: ['code', 'link'],
    sample: { code: '482913', link: 'https://manabee.app/verify?token=sample' },
  },
  password_reset: {
    category: 'account',
    channels: ['email'],
    critical: false,
    digest: false,
    variables: ['link'],
    sample: { link: 'https://manabee.app/reset?token=sample' },
  },
  safety_alert_critical: {
    category: 'safety',
    channels: ['in_app', 'email', 'sms', 'push'],
    critical: true,
    digest: false,
    variables: ['link'],
    sample: { link },
  },
  safety_alert_high: {
    category: 'safety',
    channels: ['in_app', 'email'],
    critical: false,
    digest: false,
    variables: ['link'],
    sample: { link },
  },
  safety_alert_low: {
    category: 'safety',
    channels: ['in_app', 'email'],
    critical: false,
    digest: true,
    variables: ['link'],
    sample: { link },
  },
  safety_digest: {
    category: 'safety',
    channels: ['email'],
    critical: false,
    digest: false,
    variables: ['count', 'link'],
    sample: { count: '3', link: 'https://manabee.app/family/alerts' },
  },
  alert_reminder: {
    category: 'safety',
    channels: ['in_app', 'email', 'sms', 'push'],
    critical: true,
    digest: false,
    variables: ['link'],
    sample: { link },
  },
  weekly_report_ready: {
    category: 'reports',
    channels: ['in_app', 'email', 'push'],
    critical: false,
    digest: false,
    variables: ['childName', 'link'],
    sample: {
      childName: 'Hana',
      link: 'https://manabee.app/family/reports?child=chd_sample&week=2026-11-23',
    },
  },
  billing_payment_failed: {
    category: 'billing',
    channels: ['in_app', 'email'],
    critical: false,
    digest: false,
    variables: ['amount', 'link'],
    sample: { amount: '¥980', link: 'https://manabee.app/family/billing' },
  },
  billing_subscription_renewed: {
    category: 'billing',
    channels: ['in_app', 'email'],
    critical: false,
    digest: false,
    variables: ['plan', 'amount', 'link'],
    sample: { plan: 'Family', amount: '¥980', link: 'https://manabee.app/family/billing' },
  },
  school_link_request: {
    category: 'school',
    channels: ['in_app', 'email', 'push'],
    critical: false,
    digest: false,
    variables: ['schoolName', 'childName', 'link'],
    sample: {
      schoolName: 'Sakura Elementary',
      childName: 'Hana',
      link: 'https://manabee.app/family/schools',
    },
  },
};

export function isNotificationType(value: unknown): value is NotificationType {
  return typeof value === 'string' && (NOTIFICATION_TYPES as readonly string[]).includes(value);
}

/** Safety escalation (issue 4): severity decides the workflow. */
export function workflowForSeverity(severity: 'low' | 'medium' | 'high' | 'critical'): NotificationType {
  if (severity === 'critical') return 'safety_alert_critical';
  if (severity === 'high') return 'safety_alert_high';
  return 'safety_alert_low';
}

/** Account mail is transactional: always email, never an unsubscribe link. */
export function hasUnsubscribe(type: NotificationType): boolean {
  const workflow = WORKFLOWS[type];
  return !workflow.critical && workflow.category !== 'account';
}

/** What a person gets when they have not chosen: safety everywhere, SMS only for safety. */
export function defaultPreference(category: Category, channel: Channel): boolean {
  if (channel === 'in_app') return true;
  if (category === 'account') return channel === 'email';
  if (channel === 'sms') return category === 'safety';
  if (category === 'news') return false;
  return true;
}
