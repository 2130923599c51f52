-- Notification service: in-app inbox, delivery log, preferences, quiet hours,
-- push subscriptions, daily digests and safety-alert reminders.

-- The in-app inbox. `dedupe_key` (event-derived) makes a repeated event land once.
create table notifications (
  id text primary key,
  user_id text not null,
  type text not null,
  category text not null,
  title text not null,
  body text not null,
  link text,
  dedupe_key text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  archived_at timestamptz
);
create unique index notifications_dedupe_idx on notifications (user_id, dedupe_key);
create index notifications_inbox_idx on notifications (user_id, id desc) where archived_at is null;

-- One row per (event, recipient, channel): the idempotency key and the log
-- operators read. Contact data is resolved at send time and never stored here.
create table notification_deliveries (
  id text primary key,
  dedupe_key text not null unique,
  notification_id text,
  user_id text not null,
  type text not null,
  category text not null,
  channel text not null check (channel in ('email', 'sms', 'push', 'in_app')),
  locale text not null,
  vars jsonb not null default '{}',
  critical boolean not null default false,
  provider text,
  status text not null default 'queued'
    check (status in ('queued', 'retrying', 'sent', 'delivered', 'failed', 'suppressed', 'dead')),
  provider_message_id text,
  error_code text,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  run_at timestamptz not null default now(),
  sent_at timestamptz,
  updated_at timestamptz not null default now()
);
create index notification_deliveries_status_idx on notification_deliveries (status, channel);
create index notification_deliveries_user_idx on notification_deliveries (user_id, created_at desc);
create index notification_deliveries_provider_idx on notification_deliveries (provider, provider_message_id)
  where provider_message_id is not null;

-- Only what differs from the defaults is stored.
create table notification_preferences (
  user_id text not null,
  category text not null,
  channel text not null,
  enabled boolean not null,
  updated_at timestamptz not null default now(),
  primary key (user_id, category, channel)
);

-- Minutes after local midnight; start > end wraps past midnight (22:00–07:00).
create table notification_quiet_hours (
  user_id text primary key,
  start_minute smallint not null check (start_minute between 0 and 1439),
  end_minute smallint not null check (end_minute between 0 and 1439),
  updated_at timestamptz not null default now()
);

create table push_subscriptions (
  id text primary key,
  user_id text not null,
  kind text not null check (kind in ('webpush', 'fcm')),
  -- Web Push endpoint URL or FCM registration token.
  target text not null unique,
  p256dh text,
  auth text,
  created_at timestamptz not null default now()
);
create index push_subscriptions_user_idx on push_subscriptions (user_id);

-- Low and medium safety alerts waiting for the parent's daily digest email.
create table notification_digest_items (
  id text primary key,
  user_id text not null,
  dedupe_key text not null,
  category text not null,
  created_at timestamptz not null default now(),
  digested_at timestamptz
);
create unique index notification_digest_items_dedupe_idx on notification_digest_items (user_id, dedupe_key);
create index notification_digest_items_pending_idx on notification_digest_items (user_id) where digested_at is null;

-- Critical alerts re-notify until the safety service records an acknowledgement.
create table notification_alert_reminders (
  alert_id text primary key,
  family_id text not null,
  severity text not null,
  raised_at timestamptz not null,
  reminders_sent integer not null default 0,
  acknowledged_at timestamptz
);
