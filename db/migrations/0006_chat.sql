-- Chat: conversations and messages. Text is sealed (AES-256-GCM) under the
-- family's data key; reading these tables directly shows no child text.

create table chat_conversations (
  id text primary key,
  child_id text not null,
  family_id text not null,
  title_sealed text,
  subject text not null,
  message_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  ended_at timestamptz
);
create index chat_conversations_child_idx on chat_conversations (child_id, updated_at desc, id desc);
create index chat_conversations_family_idx on chat_conversations (family_id);

create table chat_messages (
  id text primary key,
  conversation_id text not null references chat_conversations (id) on delete cascade,
  child_id text not null,
  family_id text not null,
  role text not null check (role in ('child', 'tutor')),
  text_sealed text not null,
  subject text not null,
  prompt_tokens integer not null default 0,
  completion_tokens integer not null default 0,
  cost_minor integer not null default 0,
  currency text,
  provider text,
  model text,
  prompt_version text,
  latency_ms integer,
  first_token_ms integer,
  safety_action text not null default 'allow',
  safety_severity text not null default 'none',
  safety_categories text not null default '',
  outcome text,
  created_at timestamptz not null default now()
);
create index chat_messages_conversation_idx on chat_messages (conversation_id, id);
create index chat_messages_child_idx on chat_messages (child_id, id);

-- Learning time and messages per child per family-local day, for parental limits.
create table chat_daily_usage (
  child_id text not null,
  day text not null,
  messages integer not null default 0,
  active_seconds integer not null default 0,
  tokens integer not null default 0,
  last_message_at timestamptz,
  primary key (child_id, day)
);
