/** SQL for weekly reports; only services/report touches `report_weekly_sent`. */
import { type Executor, sql } from '@manabee/kernel';

/** Records that the child's week was announced; false when it already was. */
export async function markWeekAnnounced(
  tx: Executor,
  entry: { childId: string; weekStart: string; now: Date },
): Promise<boolean> {
  const { rows } = await sql<{
    child_id: string;
  }>`insert into report_weekly_sent (child_id, week_start, sent_at)
    values (${entry.childId}, ${entry.weekStart}, ${entry.now.toISOString()})
    on conflict do nothing returning child_id`.execute(tx);
  return rows.length === 1;
}

export async function deleteAnnouncementsOf(tx: Executor, childIds: readonly string[]): Promise<number> {
  if (childIds.length === 0) return 0;
  const { rows } = await sql<{ child_id: string }>`delete from report_weekly_sent
    where child_id in (${sql.join([...childIds])}) returning child_id`.execute(tx);
  return rows.length;
}
