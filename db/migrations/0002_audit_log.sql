-- Audit: an append-only, hash-chained log (services/audit owns these tables).

create table audit_log (
  seq bigint primary key,
  id text not null unique,
  occurred_at timestamptz not null,
  actor_id text,
  actor_role text not null,
  action text not null,
  resource_type text not null,
  resource_id text,
  ip text,
  user_agent text,
  result text not null check (result in ('success', 'failure')),
  metadata jsonb not null default '{}'::jsonb,
  retention_class text not null check (retention_class in ('security', 'compliance', 'operational', 'debug')),
  expires_at timestamptz not null,
  prev_hash text not null,
  hash text not null
);
create index audit_log_actor_idx on audit_log (actor_id, seq);
create index audit_log_action_idx on audit_log (action, seq);
create index audit_log_resource_idx on audit_log (resource_type, resource_id, seq);
create index audit_log_time_idx on audit_log (occurred_at);
create index audit_log_expiry_idx on audit_log (expires_at);

-- One row: the head of the chain. Locking it serializes appends so every
-- entry links to exactly one predecessor.
create table audit_chain_head (
  id smallint primary key check (id = 1),
  last_seq bigint not null,
  last_hash text not null
);
insert into audit_chain_head (id, last_seq, last_hash) values (1, 0, repeat('0', 64));

-- Entries removed by the retention job keep their place in the chain here,
-- so verification can tell retention from tampering.
create table audit_pruned (
  seq bigint primary key,
  hash text not null,
  prev_hash text not null,
  pruned_at timestamptz not null default now()
);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and current_setting('manabee.audit_prune', true) = 'on' then
    return old;
  end if;
  raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
