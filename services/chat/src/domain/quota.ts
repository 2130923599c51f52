/**
 * Daily quotas per plan, as data. The payment service will own plans; until
 * it lands, these are the defaults every family gets.
 */
export interface PlanQuota {
  messagesPerDay: number;
  tokensPerDay: number;
}

export const planQuotas: Record<string, PlanQuota> = {
  free: { messagesPerDay: 30, tokensPerDay: 30_000 },
  family: { messagesPerDay: 200, tokensPerDay: 300_000 },
  school: { messagesPerDay: 300, tokensPerDay: 400_000 },
};

export function quotaFor(plan: string | undefined): PlanQuota {
  return planQuotas[plan ?? 'free'] ?? planQuotas.free!;
}

/** The family-local calendar day (`YYYY-MM-DD`), so "today" resets at the family's midnight. */
export { localDate as localDay } from '@manabee/kernel/zoned-time';

/**
 * Active learning time: the gap since the previous message counts, capped,
 * so a child who leaves the tab open does not burn the daily minutes.
 */
export const ACTIVE_GAP_CAP_SECONDS = 5 * 60;
export const FIRST_MESSAGE_SECONDS = 60;

export function activeSecondsToAdd(previous: Date | null, now: Date): number {
  if (!previous) return FIRST_MESSAGE_SECONDS;
  const gap = Math.max(0, (now.getTime() - previous.getTime()) / 1000);
  return Math.round(Math.min(gap, ACTIVE_GAP_CAP_SECONDS));
}
