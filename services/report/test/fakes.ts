import { Writable } from 'node:stream';
import { AppError, createLogger, newId, type Principal } from '@manabee/kernel';
import type { ChildActivity, ChildInZone, ReportChild, ReportDeps } from '../src/index';

export const quiet = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_c, _e, cb) => cb() }),
});

/** Auth's `report.read` rule (services/auth/src/domain/policy.ts): parents of the family; others' reads as absent. */
export const authorize: ReportDeps['authorize'] = (principal, _action, resource) => {
  if (!principal) throw new AppError('UNAUTHENTICATED');
  if (principal.role !== 'parent' || !principal.familyId) throw new AppError('FORBIDDEN');
  if (principal.familyId !== resource.familyId) throw new AppError('NOT_FOUND');
};

export function family(timeZone: string, nicknames: string[]) {
  const familyId = newId('fam');
  const children: ReportChild[] = nicknames.map((nickname) => ({
    childId: newId('chd'),
    familyId,
    nickname,
    timeZone,
  }));
  const parent: Principal = { id: newId('usr'), role: 'parent', familyId };
  return { familyId, timeZone, children, parent };
}

export interface SeededDay {
  messages: number;
  activeSeconds: number;
  subjects?: Record<string, number>;
  conversations?: number;
  /** The child's flagged messages that day, each as chat stores its categories ('bullying,profanity'). */
  flagged?: string[];
}

/**
 * Chat's and safety's side, as maps: usage (and flagged messages) per child and family-local day,
 * alerts per child and instant. Ranges are applied the way the real services do.
 */
export class World {
  readonly children = new Map<string, ReportChild & { createdAt: Date }>();
  readonly usage = new Map<string, Map<string, SeededDay>>();
  readonly alerts: Array<{ childId: string; severity: string; at: Date }> = [];
  readonly activityCalls: Array<{ childId: string; from: string; to: string; timeZone: string }> = [];

  addFamily(fam: ReturnType<typeof family>, createdAt = new Date('2025-01-01T00:00:00Z')) {
    for (const child of fam.children) this.children.set(child.childId, { ...child, createdAt });
  }

  seed(childId: string, date: string, day: SeededDay) {
    const days = this.usage.get(childId) ?? new Map<string, SeededDay>();
    days.set(date, day);
    this.usage.set(childId, days);
  }

  ports(): Pick<ReportDeps, 'children' | 'activity' | 'alerts'> {
    return {
      children: {
        childProfile: async (childId) => {
          const child = this.children.get(childId);
          return child
            ? { childId, familyId: child.familyId, nickname: child.nickname, timeZone: child.timeZone }
            : null;
        },
        timeZonesInUse: async () => [...new Set([...this.children.values()].map((c) => c.timeZone))].sort(),
        childrenInTimeZones: async (zones) =>
          [...this.children.values()]
            .filter((child) => zones.includes(child.timeZone))
            .map(
              (child): ChildInZone => ({
                childId: child.childId,
                familyId: child.familyId,
                timeZone: child.timeZone,
                createdAt: child.createdAt,
              }),
            ),
      },
      activity: {
        activityOf: async (childId, range): Promise<ChildActivity> => {
          this.activityCalls.push({ childId, ...range });
          const days = [...(this.usage.get(childId) ?? new Map<string, SeededDay>())]
            .filter(([date]) => date >= range.from && date <= range.to)
            .sort(([a], [b]) => a.localeCompare(b));
          const subjects = new Map<string, number>();
          const concerns = new Map<string, number>();
          for (const [, day] of days) {
            for (const [subject, n] of Object.entries(day.subjects ?? {}))
              subjects.set(subject, (subjects.get(subject) ?? 0) + n);
            // As chat counts them: each category of a message once, personal information not at all.
            for (const message of day.flagged ?? [])
              for (const category of new Set(message.split(',')))
                if (category && category !== 'personal_info')
                  concerns.set(category, (concerns.get(category) ?? 0) + 1);
          }
          return {
            days: days.map(([date, day]) => ({
              date,
              messages: day.messages,
              activeSeconds: day.activeSeconds,
            })),
            subjects: [...subjects].map(([subject, messages]) => ({ subject, messages })),
            concerns: [...concerns]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([category, messages]) => ({ category, messages })),
            conversationsStarted: days.reduce((sum, [, day]) => sum + (day.conversations ?? 0), 0),
          };
        },
      },
      alerts: {
        alertCountsOf: async (childId, from, to) => {
          const counts = new Map<string, number>();
          for (const alert of this.alerts)
            if (alert.childId === childId && alert.at >= from && alert.at < to)
              counts.set(alert.severity, (counts.get(alert.severity) ?? 0) + 1);
          const rank = ['critical', 'high', 'medium', 'low'];
          return [...counts]
            .map(([severity, count]) => ({ severity, count }))
            .sort((a, b) => rank.indexOf(a.severity) - rank.indexOf(b.severity));
        },
      },
    };
  }
}
