-- Per-family data keys wrapped by the master key (kernel keyring).
-- wrapped_key null = destroyed: the family's sealed content is unreadable.
create table family_keys (
  family_id text primary key,
  wrapped_key text,
  created_at timestamptz not null default now(),
  destroyed_at timestamptz
);
