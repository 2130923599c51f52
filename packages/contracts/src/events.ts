import { z } from 'zod';

/**
 * Every event in Manabee, by name (`service.noun.verb-in-past`), with the schema
 * of its payload. Payloads carry ids and facts, never message text or contact
 * data: events are logged by id, copied to NATS and kept in the outbox, so child
 * content stays in the owning service's encrypted tables.
 */

const id = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`), `must be a ${prefix}_ id`);
const timestamp = z.iso.datetime({ offset: true });
const locale = z.enum(['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'es']);

export const safetySeverity = z.enum(['low', 'medium', 'high', 'critical']);

export const eventSchemas = {
  /** For kernel tests and `manabee doctor`: carries nothing of value. */
  'system.test.pinged': z.strictObject({
    key: z.string().min(1).max(200),
    attempt: z.number().int().min(0).optional(),
  }),

  'safety.alert.raised': z.strictObject({
    alertId: id('alr'),
    familyId: id('fam'),
    childId: id('chd'),
    conversationId: id('cnv').optional(),
    severity: safetySeverity,
    category: z.string().min(1).max(64),
    raisedAt: timestamp,
  }),

  'chat.message.sent': z.strictObject({
    messageId: id('msg'),
    conversationId: id('cnv'),
    childId: id('chd'),
    familyId: id('fam'),
    /** How long the message is, for usage counting; the text stays in chat. */
    characters: z.number().int().min(0),
    sentAt: timestamp,
  }),

  'chat.reply.completed': z.strictObject({
    messageId: id('msg'),
    conversationId: id('cnv'),
    childId: id('chd'),
    familyId: id('fam'),
    provider: z.string().min(1).max(64),
    model: z.string().min(1).max(128),
    inputTokens: z.number().int().min(0),
    outputTokens: z.number().int().min(0),
    completedAt: timestamp,
  }),

  'chat.conversation.ended': z.strictObject({
    conversationId: id('cnv'),
    childId: id('chd'),
    familyId: id('fam'),
    reason: z.enum(['child_left', 'idle', 'limit_reached', 'safety', 'parent']),
    messageCount: z.number().int().min(0),
    endedAt: timestamp,
  }),

  'auth.family.created': z.strictObject({
    familyId: id('fam'),
    guardianId: id('usr'),
    locale,
    createdAt: timestamp,
  }),

  'auth.child.added': z.strictObject({
    childId: id('chd'),
    familyId: id('fam'),
    addedBy: id('usr'),
    grade: z.number().int().min(0).max(12),
    locale,
    addedAt: timestamp,
  }),

  'auth.consent.given': z.strictObject({
    consentId: id('cns'),
    familyId: id('fam'),
    childId: id('chd').optional(),
    guardianId: id('usr'),
    purpose: z.string().min(1).max(64),
    version: z.string().min(1).max(32),
    givenAt: timestamp,
  }),

  'auth.consent.withdrawn': z.strictObject({
    consentId: id('cns'),
    familyId: id('fam'),
    childId: id('chd').optional(),
    guardianId: id('usr'),
    purpose: z.string().min(1).max(64),
    withdrawnAt: timestamp,
  }),

  'auth.account.blocked': z.strictObject({
    userId: id('usr'),
    blockedBy: id('usr').optional(),
    reason: z.enum(['too_many_failed_logins', 'operator', 'safety', 'payment']),
    until: timestamp.optional(),
    blockedAt: timestamp,
  }),

  /**
   * A parent deleted the family. Auth has already destroyed the family's data key
   * (every sealed text is unreadable from this moment) and removed the accounts;
   * each service deletes what it holds for these ids.
   */
  'auth.family.deleted': z.strictObject({
    familyId: id('fam'),
    guardianId: id('usr'),
    childIds: z.array(id('chd')).max(50),
    deletedAt: timestamp,
  }),

  /**
   * A child's weekly learning report for the week that just ended (Monday–Sunday
   * in the family's zone) can be read; sent once per child and week.
   */
  'report.weekly.ready': z.strictObject({
    familyId: id('fam'),
    childId: id('chd'),
    /** The Monday the week starts on, YYYY-MM-DD in the family's zone. */
    weekStart: z.iso.date(),
  }),

  'notification.delivery.failed': z.strictObject({
    notificationId: id('ntf'),
    recipientId: id('usr'),
    channel: z.enum(['email', 'sms', 'push', 'in_app']),
    /** A provider error code, never the provider's message (it can echo addresses). */
    errorCode: z.string().min(1).max(64),
    attempts: z.number().int().min(1),
    failedAt: timestamp,
  }),
} as const satisfies Record<string, z.ZodType>;

export type EventSchemas = typeof eventSchemas;
export type EventName = keyof EventSchemas;
/** The payload as handlers receive it (after parsing). */
export type EventPayload<N extends EventName> = z.output<EventSchemas[N]>;
/** The payload as publishers write it (before defaults are applied). */
export type EventPayloadInput<N extends EventName> = z.input<EventSchemas[N]>;

export const eventNames = Object.keys(eventSchemas) as EventName[];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(eventSchemas, value);
}
