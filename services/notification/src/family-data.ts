import type { FamilyScope } from '@manabee/contracts';
import type { Database, Executor } from '@manabee/kernel';
import { formatClock } from './domain/quiet-hours';
import { deleteFamilyRows, type ExportRows, exportRows } from './store-family';

export type { FamilyScope };

/** A row type as it leaves in the export: every Date an ISO string. */
type Exported<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer U>
    ? Exported<U>[]
    : T extends object
      ? { [K in keyof T]: Exported<T[K]> }
      : T;

/** What the store reads (`ExportRows`), dates as ISO strings and quiet hours as clock times. */
export type NotificationFamilyExport = Omit<Exported<ExportRows>, 'quietHours'> & {
  quietHours: { start: string; end: string; updatedAt: string } | null;
};

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value ? iso(value) : null);

/** A parent's copy of what notification holds about them, and its erasure when the family is deleted. */
export function createFamilyData(deps: { database: Database }) {
  return {
    /**
     * Deletes the guardian's inbox, deliveries, preferences, quiet hours, push
     * devices and digest items, and the family's alert reminders, in
     * `executor` (the caller's transaction). Idempotent. Delivery and reminder
     * jobs still queued find no row and end without sending.
     */
    async eraseFamily(executor: Executor, family: FamilyScope): Promise<Record<string, number>> {
      return deleteFamilyRows(executor, family);
    },

    /** Notification text is not child content (never sealed), so nothing needs decrypting here. */
    async exportFamilyData(family: FamilyScope): Promise<NotificationFamilyExport> {
      const rows = await exportRows(deps.database.db, family);
      return {
        inbox: rows.inbox.map((item) => ({
          ...item,
          createdAt: iso(item.createdAt),
          readAt: isoOrNull(item.readAt),
          archivedAt: isoOrNull(item.archivedAt),
        })),
        preferences: rows.preferences.map((entry) => ({ ...entry, updatedAt: iso(entry.updatedAt) })),
        quietHours: rows.quietHours
          ? {
              start: formatClock(rows.quietHours.startMinute),
              end: formatClock(rows.quietHours.endMinute),
              updatedAt: iso(rows.quietHours.updatedAt),
            }
          : null,
        pushDevices: rows.pushDevices.map((device) => ({
          kind: device.kind,
          createdAt: iso(device.createdAt),
        })),
        deliveries: rows.deliveries.map((delivery) => ({
          ...delivery,
          createdAt: iso(delivery.createdAt),
          sentAt: isoOrNull(delivery.sentAt),
        })),
        digestItems: rows.digestItems.map((item) => ({
          category: item.category,
          createdAt: iso(item.createdAt),
          digestedAt: isoOrNull(item.digestedAt),
        })),
        alertReminders: rows.alertReminders.map((reminder) => ({
          ...reminder,
          remindersSent: Number(reminder.remindersSent),
          raisedAt: iso(reminder.raisedAt),
          acknowledgedAt: isoOrNull(reminder.acknowledgedAt),
        })),
      };
    },
  };
}
