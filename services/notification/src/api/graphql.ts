import { AppError, type GraphQLContribution, type RequestContext, unauthenticated } from '@manabee/kernel';
import { CATEGORIES, type Category, CHANNELS, type Channel, isNotificationType } from '../domain/workflows';
import type { NotificationService } from '../index';
import type { DeliveryRow, DeliveryStatus, InboxItem } from '../store';
import type { PushSubscriptionRow } from '../store-push';
import { LOCALES, type RenderedMessage } from '../templates/index';

const typeDefs = /* GraphQL */ `
  "A message in the person's in-app inbox."
  type Notification {
    id: ID!
    type: String!
    category: String!
    title: String!
    body: String!
    link: String
    createdAt: String!
    read: Boolean!
    archived: Boolean!
  }

  type NotificationPreference {
    category: String!
    channel: String!
    enabled: Boolean!
  }

  type NotificationQuietHours {
    "Local time HH:MM in the person's time zone."
    start: String!
    end: String!
  }

  "One attempt to reach one person on one channel (operators)."
  type NotificationDelivery {
    id: ID!
    userId: ID!
    type: String!
    channel: String!
    provider: String
    status: String!
    providerMessageId: String
    errorCode: String
    attempts: Int!
    createdAt: String!
    sentAt: String
  }

  type NotificationPreview {
    locale: String!
    subject: String!
    text: String!
    html: String!
    short: String!
  }

  "A device of the person's that receives push. Its endpoint and keys never leave the server."
  type PushSubscription {
    id: ID!
    "webpush or fcm"
    kind: String!
    createdAt: String!
  }

  enum NotificationFilter { ALL UNREAD ARCHIVED }

  extend type Query {
    notifications(filter: NotificationFilter = ALL, first: Int = 20, before: ID): [Notification!]!
    unreadNotificationCount: Int!
    notificationPreferences: [NotificationPreference!]!
    notificationQuietHours: NotificationQuietHours
    "The VAPID public key browsers subscribe with (applicationServerKey); null when Web Push is not configured."
    webPushPublicKey: String
    "The person's own push devices."
    pushSubscriptions: [PushSubscription!]!
    "Operators: the delivery log, newest first."
    notificationDeliveries(status: String, channel: String, userId: ID, first: Int = 50, before: ID): [NotificationDelivery!]!
    "Operators: a template as it would be sent, with the workflow's sample values."
    notificationTemplatePreview(type: String!, locale: String!): NotificationPreview!
  }

  extend type Mutation {
    markNotificationRead(id: ID!): Notification!
    markNotificationUnread(id: ID!): Notification!
    archiveNotification(id: ID!): Notification!
    markAllNotificationsRead: Int!
    setNotificationPreference(category: String!, channel: String!, enabled: Boolean!): [NotificationPreference!]!
    "Both null clears quiet hours."
    setNotificationQuietHours(start: String, end: String): NotificationQuietHours
    registerWebPushSubscription(endpoint: String!, p256dh: String!, auth: String!): ID!
    registerFcmToken(token: String!): ID!
    removePushSubscription(id: ID!): Boolean!
  }

  extend type Subscription {
    notificationAdded: Notification!
  }
`;

const OPERATOR_ROLES = new Set(['support', 'admin', 'safety_reviewer']);
const STATUSES: readonly DeliveryStatus[] = [
  'queued',
  'retrying',
  'sent',
  'delivered',
  'failed',
  'suppressed',
  'dead',
];

function userOf(ctx: RequestContext): string {
  const principal = ctx.principal;
  if (!principal) throw unauthenticated();
  if (principal.role === 'child')
    throw new AppError('FORBIDDEN', { detail: 'Notifications are for grown-ups' });
  return principal.id;
}

function requireOperator(ctx: RequestContext): void {
  const principal = ctx.principal;
  if (!principal) throw unauthenticated();
  const roles = [principal.role, ...(principal.operatorRoles ?? [])];
  if (!roles.some((role) => OPERATOR_ROLES.has(role))) throw new AppError('FORBIDDEN');
}

function oneOf<T extends string>(
  values: readonly T[],
  value: string | null | undefined,
  field: string,
): T | undefined {
  if (value === null || value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: field, message: `must be one of ${values.join(', ')}` }],
    });
  }
  return value as T;
}

const toNotification = (item: InboxItem) => ({
  id: item.id,
  type: item.type,
  category: item.category,
  title: item.title,
  body: item.body,
  link: item.link,
  createdAt: new Date(item.createdAt).toISOString(),
  read: item.readAt !== null,
  archived: item.archivedAt !== null,
});

const toDelivery = (row: DeliveryRow) => ({
  ...row,
  createdAt: new Date(row.createdAt).toISOString(),
  sentAt: row.sentAt ? new Date(row.sentAt).toISOString() : null,
});

/** Never the endpoint, token or keys: they let anyone who holds them address the device. */
const toPushSubscription = (row: PushSubscriptionRow) => ({
  id: row.id,
  kind: row.kind,
  createdAt: new Date(row.createdAt).toISOString(),
});

const toPreview = (message: RenderedMessage) => ({
  locale: message.locale,
  subject: message.subject,
  text: message.text,
  html: message.html,
  short: message.short,
});

/** Yields the person's new in-app notifications as they commit. */
async function* liveFor(service: NotificationService, userId: string) {
  const waiting: InboxItem[] = [];
  let wake: (() => void) | undefined;
  const stop = service.onNotificationAdded((item) => {
    if (item.userId !== userId) return;
    waiting.push(item);
    wake?.();
  });
  try {
    for (;;) {
      const next = waiting.shift();
      if (next) yield { notificationAdded: toNotification(next) };
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stop();
  }
}

export function graphqlContribution(service: NotificationService): GraphQLContribution {
  return {
    typeDefs,
    resolvers: {
      Query: {
        notifications: async (
          _: unknown,
          args: { filter: 'ALL' | 'UNREAD' | 'ARCHIVED'; first: number; before?: string },
          ctx: RequestContext,
        ) =>
          (
            await service.inbox(userOf(ctx), {
              filter: args.filter.toLowerCase() as 'all' | 'unread' | 'archived',
              limit: args.first,
              ...(args.before ? { before: args.before } : {}),
            })
          ).map(toNotification),
        unreadNotificationCount: (_: unknown, __: unknown, ctx: RequestContext) =>
          service.unreadCount(userOf(ctx)),
        notificationPreferences: (_: unknown, __: unknown, ctx: RequestContext) =>
          service.preferences(userOf(ctx)),
        notificationQuietHours: (_: unknown, __: unknown, ctx: RequestContext) =>
          service.quietHours(userOf(ctx)),
        // The key is public; asking still takes a grown-up's session, like every field here.
        webPushPublicKey: (_: unknown, __: unknown, ctx: RequestContext) => {
          userOf(ctx);
          return service.webPushPublicKey();
        },
        pushSubscriptions: async (_: unknown, __: unknown, ctx: RequestContext) =>
          (await service.pushSubscriptions(userOf(ctx))).map(toPushSubscription),
        notificationDeliveries: async (
          _: unknown,
          args: {
            status?: string | null;
            channel?: string | null;
            userId?: string | null;
            first: number;
            before?: string | null;
          },
          ctx: RequestContext,
        ) => {
          requireOperator(ctx);
          const status = oneOf(STATUSES, args.status, 'status');
          const channel = oneOf(CHANNELS, args.channel, 'channel');
          const rows = await service.deliveryLog({
            limit: args.first,
            ...(status ? { status } : {}),
            ...(channel ? { channel } : {}),
            ...(args.userId ? { userId: args.userId } : {}),
            ...(args.before ? { before: args.before } : {}),
          });
          return rows.map(toDelivery);
        },
        notificationTemplatePreview: (
          _: unknown,
          args: { type: string; locale: string },
          ctx: RequestContext,
        ) => {
          requireOperator(ctx);
          if (!isNotificationType(args.type))
            throw new AppError('NOT_FOUND', { detail: 'No such notification type' });
          oneOf(LOCALES, args.locale, 'locale');
          return toPreview(service.previewTemplate(args.type, args.locale));
        },
      },
      Mutation: {
        markNotificationRead: async (_: unknown, args: { id: string }, ctx: RequestContext) =>
          toNotification(await service.updateNotification(userOf(ctx), args.id, 'read')),
        markNotificationUnread: async (_: unknown, args: { id: string }, ctx: RequestContext) =>
          toNotification(await service.updateNotification(userOf(ctx), args.id, 'unread')),
        archiveNotification: async (_: unknown, args: { id: string }, ctx: RequestContext) =>
          toNotification(await service.updateNotification(userOf(ctx), args.id, 'archive')),
        markAllNotificationsRead: (_: unknown, __: unknown, ctx: RequestContext) =>
          service.markAllRead(userOf(ctx)),
        setNotificationPreference: async (
          _: unknown,
          args: { category: string; channel: string; enabled: boolean },
          ctx: RequestContext,
        ) => {
          const userId = userOf(ctx);
          const category = oneOf(CATEGORIES, args.category, 'category') as Category;
          const channel = oneOf(CHANNELS, args.channel, 'channel') as Channel;
          await service.setPreference(userId, category, channel, args.enabled);
          return service.preferences(userId);
        },
        setNotificationQuietHours: async (
          _: unknown,
          args: { start?: string | null; end?: string | null },
          ctx: RequestContext,
        ) => {
          const userId = userOf(ctx);
          await service.setQuietHours(
            userId,
            args.start && args.end ? { start: args.start, end: args.end } : null,
          );
          return service.quietHours(userId);
        },
        registerWebPushSubscription: async (
          _: unknown,
          args: { endpoint: string; p256dh: string; auth: string },
          ctx: RequestContext,
        ) => (await service.registerPushSubscription(userOf(ctx), { kind: 'webpush', ...args })).id,
        registerFcmToken: async (_: unknown, args: { token: string }, ctx: RequestContext) =>
          (await service.registerPushSubscription(userOf(ctx), { kind: 'fcm', token: args.token })).id,
        removePushSubscription: (_: unknown, args: { id: string }, ctx: RequestContext) =>
          service.removePushSubscription(userOf(ctx), args.id),
      },
      Subscription: {
        notificationAdded: {
          subscribe: (_: unknown, __: unknown, ctx: RequestContext) => liveFor(service, userOf(ctx)),
        },
      },
    },
  };
}
