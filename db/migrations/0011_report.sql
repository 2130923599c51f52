-- Weekly reports (services/report owns this table). Reports are computed when
-- read; this only remembers which child's week was announced, so the hourly job
-- tells a family once per child and week however often it runs.
create table report_weekly_sent (
  child_id text not null,
  -- The Monday the week starts on, YYYY-MM-DD in the family's zone.
  week_start text not null check (week_start ~ '^\d{4}-\d{2}-\d{2}$'),
  sent_at timestamptz not null,
  primary key (child_id, week_start)
);

-- Safety's table: the weekly report counts one child's alerts over a week.
create index safety_alerts_child_idx on safety_alerts (child_id, raised_at);
