-- Safety (issue 4): alerts raised by `escalate` decisions, the operators' review
-- queue, false-positive feedback for the next training run, and the keyword
-- lists operators edit. Child text (the flagged message, its short context
-- window, reviewer notes that may quote it, feedback) is sealed (AES-256-GCM)
-- under the family's data key: reading these tables shows no child text.

create table safety_alerts (
  id text primary key,
  family_id text not null,
  child_id text not null,
  conversation_id text,
  message_id text,
  source text not null check (source in ('child', 'tutor')),
  -- The most severe category (what the event carries) and all of them, comma-separated.
  category text not null,
  categories text not null,
  severity text not null check (severity in ('low', 'medium', 'high', 'critical')),
  severity_rank smallint not null,
  lang text,
  flagged_sealed text not null,
  context_sealed text not null,
  raised_at timestamptz not null,
  acknowledged_at timestamptz,
  acknowledged_by text,
  review_state text not null default 'new'
    check (review_state in ('new', 'in_review', 'resolved', 'false_positive')),
  claimed_by text,
  claimed_at timestamptz,
  resolved_by text,
  resolved_at timestamptz
);
-- A retried escalation of the same message raises one alert, not two.
create unique index safety_alerts_message_idx on safety_alerts (message_id, source) where message_id is not null;
create index safety_alerts_family_idx on safety_alerts (family_id, raised_at desc, id desc);
create index safety_alerts_queue_idx on safety_alerts (review_state, severity_rank desc, raised_at, id);
create index safety_alerts_unacknowledged_idx on safety_alerts (raised_at)
  where acknowledged_at is null and severity = 'critical';

create table safety_review_notes (
  id text primary key,
  alert_id text not null references safety_alerts (id) on delete cascade,
  author_id text not null,
  note_sealed text not null,
  created_at timestamptz not null
);
create index safety_review_notes_alert_idx on safety_review_notes (alert_id, id);

-- Kept apart from alerts (no foreign key) so alert retention does not erase training data.
create table safety_feedback (
  id text primary key,
  alert_id text not null,
  family_id text not null,
  lang text,
  source text not null,
  categories text not null,
  severity text not null,
  text_sealed text not null,
  reviewer_id text not null,
  created_at timestamptz not null,
  exported_at timestamptz
);
create index safety_feedback_created_idx on safety_feedback (created_at, id);

-- Every saved version of a keyword list, validated whole before it is stored.
create table safety_keyword_lists (
  id text primary key,
  lang text not null,
  version text not null,
  body jsonb not null,
  entry_count integer not null,
  allow_count integer not null,
  note text,
  created_by text not null,
  created_at timestamptz not null,
  unique (lang, version)
);

-- The active list of a language is its latest activation; the log is the rollback history.
create table safety_keyword_activations (
  id text primary key,
  lang text not null,
  list_id text not null references safety_keyword_lists (id),
  activated_by text not null,
  activated_at timestamptz not null
);
create index safety_keyword_activations_lang_idx on safety_keyword_activations (lang, activated_at desc, id desc);
