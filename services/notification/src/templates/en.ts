import type { LocaleTemplates } from './types';

export const en: LocaleTemplates = {
  footer: { sentBy: 'This email was sent by Manabee.', unsubscribe: 'Unsubscribe' },
  messages: {
    account_verification: {
      subject: 'Confirm your email address',
      body: 'Welcome to Manabee.\n\nYour code: {{code}}\n\nIf this was not you, you can ignore this email.',
      action: 'Confirm email address',
      short: 'Your Manabee code: {{code}}',
    },
    password_reset: {
      subject: 'Reset your password',
      body: 'We received a request to reset your password.\n\nIf this was not you, ignore this email; your password stays the same.',
      action: 'Reset password',
      short: 'Manabee: a password reset was requested.',
    },
    safety_alert_critical: {
      subject: 'Urgent: something in your child’s conversation needs your attention',
      body: 'We found something in your child’s conversation with Manabee that needs your attention now.\n\nOpen the app for details.',
      action: 'Review the alert',
      short: 'Manabee: urgent alert about your child’s conversation. Please check now: {{link}}',
    },
    safety_alert_high: {
      subject: 'Something in your child’s conversation needs your attention',
      body: 'We found something in your child’s conversation with Manabee that a parent should look at.\n\nOpen the app for details.',
      action: 'Review the alert',
      short: 'Manabee: an alert about your child’s conversation: {{link}}',
    },
    safety_alert_low: {
      subject: 'A note about your child’s conversation',
      body: 'There was something in your child’s conversation with Manabee we want you to know about.',
      action: 'See the alert',
      short: 'Manabee: a note about your child’s conversation.',
    },
    safety_digest: {
      subject: 'Today’s notes ({{count}})',
      body: 'There were {{count}} notes about your child’s conversations today.\n\nYou can review them together in the app.',
      action: 'See the notes',
      short: 'Manabee: {{count}} notes today.',
    },
    alert_reminder: {
      subject: 'Reminder: an urgent alert is still unread',
      body: 'An urgent alert has not been reviewed yet.\n\nOpen the app for details.',
      action: 'Review the alert',
      short: 'Manabee: an urgent alert is still unread: {{link}}',
    },
    weekly_report_ready: {
      subject: '{{childName}}’s weekly report is ready',
      body: '{{childName}}’s learning report for last week is ready: time spent, subjects and a few ideas for a chat together.',
      action: 'See the report',
      short: 'Manabee: the weekly report is ready.',
    },
    billing_payment_failed: {
      subject: 'Your payment did not go through',
      body: 'We could not process your payment of {{amount}}. Please check your payment method.',
      action: 'Update payment method',
      short: 'Manabee: your payment did not go through.',
    },
    billing_subscription_renewed: {
      subject: 'Your {{plan}} plan was renewed',
      body: 'Your {{plan}} plan was renewed and {{amount}} was charged. Thank you.',
      action: 'See the invoice',
      short: 'Manabee: your plan was renewed.',
    },
    school_link_request: {
      subject: '{{schoolName}} asked to link with your child',
      body: '{{schoolName}} would like to link with {{childName}}. Nothing is shared with the school until you approve.',
      action: 'Review the request',
      short: 'Manabee: a school asked to link with your child.',
    },
  },
};
