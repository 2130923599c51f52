-- AI: versioned system prompts and per-message usage (services/ai owns these tables).

-- Every edit is a new row; exactly one row per key is active (none = the
-- default shipped in code, reported as version 0). Rollback moves `active`.
create table ai_prompts (
  key text not null,
  version integer not null check (version > 0),
  text text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  active boolean not null default false,
  activated_by text,
  activated_at timestamptz,
  primary key (key, version)
);
create unique index ai_prompts_one_active on ai_prompts (key) where active;

-- One row per tutor reply (cached replies too, at zero cost). `day` is the
-- family's calendar day in the configured zone, so limits and reports agree.
create table ai_usage (
  id text primary key,
  child_id text not null,
  family_id text not null,
  day date not null,
  task text not null,
  provider text not null,
  model text not null,
  prompt_key text,
  prompt_version integer not null,
  prompt_tokens integer not null check (prompt_tokens >= 0),
  completion_tokens integer not null check (completion_tokens >= 0),
  cost_micro_minor bigint not null check (cost_micro_minor >= 0),
  currency text not null,
  cached boolean not null,
  latency_ms integer not null,
  first_token_ms integer,
  created_at timestamptz not null
);
create index ai_usage_family_day_idx on ai_usage (family_id, day);
create index ai_usage_child_day_idx on ai_usage (child_id, day);
