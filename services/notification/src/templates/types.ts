import type { NotificationType } from '../domain/workflows';

/**
 * One message in one language. `body` is plain text (paragraphs split by a
 * blank line) that becomes both MIME parts; `short` is the SMS and push text,
 * which only says that something needs attention and never quotes a child.
 */
export interface MessageTemplate {
  subject: string;
  body: string;
  /** Label of the button / link line. */
  action: string;
  short: string;
}

export interface LocaleTemplates {
  /** Email footer lines. */
  footer: { sentBy: string; unsubscribe: string };
  messages: Partial<Record<NotificationType, MessageTemplate>>;
}
