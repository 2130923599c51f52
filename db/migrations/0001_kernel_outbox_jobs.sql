-- Kernel: transactional outbox, consumer inbox, durable jobs, schedules, dead letters.

create table outbox (
  id text primary key,
  name text not null,
  payload jsonb not null,
  occurred_at timestamptz not null default now(),
  published_at timestamptz,
  publish_attempts integer not null default 0,
  last_error text
);
create index outbox_unpublished_idx on outbox (id) where published_at is null;
create index outbox_published_idx on outbox (published_at) where published_at is not null;

-- A consumer handles an event at most once in effect: the row is written in the
-- same transaction as the handler's own changes.
create table inbox (
  consumer text not null,
  event_id text not null,
  handled_at timestamptz not null default now(),
  primary key (consumer, event_id)
);
create index inbox_handled_idx on inbox (handled_at);

create table jobs (
  id text primary key,
  queue text not null,
  payload jsonb not null,
  unique_key text,
  state text not null default 'pending' check (state in ('pending', 'running', 'completed', 'dead')),
  attempts integer not null default 0,
  -- null: the queue's definition decides (workers of one role share it).
  max_attempts integer,
  run_at timestamptz not null default now(),
  locked_until timestamptz,
  locked_by text,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz
);
create unique index jobs_unique_active_idx on jobs (queue, unique_key)
  where unique_key is not null and state in ('pending', 'running');
create index jobs_due_idx on jobs (run_at) where state = 'pending';
create index jobs_running_idx on jobs (locked_until) where state = 'running';
create index jobs_completed_idx on jobs (completed_at) where state = 'completed';

-- The consumers that exist, written when a process subscribes, so an embedded
-- relay fans an event out to every consumer even when they live in other roles.
create table event_consumers (
  consumer text not null,
  event_name text not null,
  registered_at timestamptz not null default now(),
  primary key (consumer, event_name)
);

create table job_schedules (
  name text primary key,
  queue text not null,
  cron text not null,
  time_zone text not null default 'UTC',
  payload jsonb not null default '{}'::jsonb,
  next_run_at timestamptz not null,
  last_run_at timestamptz
);

create table dead_letters (
  id text primary key,
  kind text not null check (kind in ('event', 'job')),
  -- job: the queue; event: the consumer.
  source text not null,
  -- The job queue that runs it again when an operator retries it.
  retry_queue text not null,
  event_id text,
  job_id text,
  name text not null,
  payload jsonb not null,
  error text not null,
  attempts integer not null,
  failed_at timestamptz not null default now(),
  retried_at timestamptz
);
create index dead_letters_failed_idx on dead_letters (failed_at desc);
create index dead_letters_open_idx on dead_letters (kind, source) where retried_at is null;
