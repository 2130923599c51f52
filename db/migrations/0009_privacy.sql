-- Family data exports (services/privacy owns this table). The document is sealed
-- under the family's data key, so deleting the family shreds its exports too.
create table privacy_exports (
  id text primary key,
  family_id text not null,
  requested_by text not null,
  status text not null check (status in ('queued', 'running', 'ready', 'failed', 'expired')),
  -- 0..100, and what the job is doing now (shown to the parent as it runs).
  progress integer not null default 0 check (progress between 0 and 100),
  step text,
  document_sealed text,
  size_bytes integer,
  error text,
  created_at timestamptz not null,
  finished_at timestamptz,
  expires_at timestamptz
);
create index privacy_exports_family_idx on privacy_exports (family_id, created_at desc);
-- At most one export per family in flight.
create unique index privacy_exports_live_idx on privacy_exports (family_id) where status in ('queued', 'running');
