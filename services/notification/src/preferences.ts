import { AppError, type Clock } from '@manabee/kernel';
import { formatClock, parseClock } from './domain/quiet-hours';
import { CATEGORIES, type Category, CHANNELS, type Channel, defaultPreference } from './domain/workflows';
import type { NotificationDeps } from './ports';
import * as store from './store';
import { pushSubscriptionsOf, removePushSubscription, savePushSubscription } from './store-push';

const INBOX_PAGE_MAX = 100;

/** What a person controls: their inbox, their channels per category, quiet hours and devices. */
export function createPreferences(deps: NotificationDeps, clock: Clock) {
  const db = deps.database.db;
  return {
    inbox: (userId: string, options: { filter?: store.InboxFilter; limit?: number; before?: string } = {}) =>
      store.listInbox(db, userId, {
        filter: options.filter ?? 'all',
        limit: Math.min(Math.max(options.limit ?? 20, 1), INBOX_PAGE_MAX),
        ...(options.before ? { before: options.before } : {}),
      }),
    unreadCount: (userId: string) => store.countUnread(db, userId),
    async updateNotification(userId: string, id: string, change: 'read' | 'unread' | 'archive') {
      const item = await store.updateInboxItem(db, userId, id, change, clock.now());
      if (!item) throw new AppError('NOT_FOUND', { detail: 'Notification was not found' });
      return item;
    },
    markAllRead: (userId: string) => store.markAllRead(db, userId, clock.now()),

    async preferences(userId: string) {
      const stored = await store.preferencesOf(db, userId);
      return CATEGORIES.filter((category) => category !== 'account').flatMap((category) =>
        CHANNELS.map((channel) => ({
          category,
          channel,
          enabled:
            stored.find((entry) => entry.category === category && entry.channel === channel)?.enabled ??
            defaultPreference(category, channel),
        })),
      );
    },
    async setPreference(userId: string, category: Category, channel: Channel, enabled: boolean) {
      if (category === 'account') {
        throw new AppError('BAD_REQUEST', { detail: 'Account mail cannot be switched off' });
      }
      await store.setPreference(db, userId, category, channel, enabled, clock.now());
    },
    async quietHours(userId: string) {
      const quiet = await store.quietHoursOf(db, userId);
      return quiet ? { start: formatClock(quiet.startMinute), end: formatClock(quiet.endMinute) } : null;
    },
    /** `HH:MM` local times; null clears them. */
    async setQuietHours(userId: string, hours: { start: string; end: string } | null) {
      if (!hours) return store.setQuietHours(db, userId, null, clock.now());
      const startMinute = parseClock(hours.start);
      const endMinute = parseClock(hours.end);
      if (startMinute === null || endMinute === null) {
        throw new AppError('VALIDATION_FAILED', {
          issues: [{ path: 'quietHours', message: 'use HH:MM, 00:00–23:59' }],
        });
      }
      await store.setQuietHours(db, userId, { startMinute, endMinute }, clock.now());
    },
    async registerPushSubscription(
      userId: string,
      input:
        | { kind: 'webpush'; endpoint: string; p256dh: string; auth: string }
        | { kind: 'fcm'; token: string },
    ) {
      if (input.kind === 'webpush') {
        const url = URL.canParse(input.endpoint) ? new URL(input.endpoint) : null;
        if (!url || !['https:', 'http:'].includes(url.protocol) || input.endpoint.length > 2048) {
          throw new AppError('VALIDATION_FAILED', {
            issues: [{ path: 'endpoint', message: 'must be a URL' }],
          });
        }
        if (!/^[A-Za-z0-9_-]{20,200}$/.test(input.p256dh) || !/^[A-Za-z0-9_-]{8,100}$/.test(input.auth)) {
          throw new AppError('VALIDATION_FAILED', {
            issues: [{ path: 'keys', message: 'must be base64url keys' }],
          });
        }
        return savePushSubscription(
          db,
          { userId, kind: 'webpush', target: input.endpoint, p256dh: input.p256dh, auth: input.auth },
          clock.now(),
        );
      }
      if (!/^[A-Za-z0-9_:.-]{20,4096}$/.test(input.token)) {
        throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'token', message: 'not an FCM token' }] });
      }
      return savePushSubscription(
        db,
        { userId, kind: 'fcm', target: input.token, p256dh: null, auth: null },
        clock.now(),
      );
    },
    pushSubscriptions: (userId: string) => pushSubscriptionsOf(db, userId),
    removePushSubscription: (userId: string, id: string) => removePushSubscription(db, id, userId),
  };
}
