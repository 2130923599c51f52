-- Auth: accounts, families, children, consent, parental controls, single-use
-- tokens, sessions index, schools and operators (services/auth owns these tables).
-- Live session state and lockout counters are in the cache; the tables here are
-- the durable record.

create table auth_users (
  id text primary key,
  kind text not null check (kind in ('parent', 'teacher', 'operator')),
  -- Normalised (credential-rules normalizeEmail), so uniqueness and look-ups agree.
  email text not null unique,
  password_hash text not null,
  email_verified_at timestamptz,
  locale text not null default 'ja',
  time_zone text not null default 'Asia/Tokyo',
  blocked_at timestamptz,
  blocked_reason text,
  -- Encrypted at rest when the service has a key (`v1:` prefix); never logged.
  totp_secret text,
  totp_confirmed_at timestamptz,
  -- The last TOTP step accepted, so a code cannot be replayed.
  last_totp_step bigint,
  password_changed_at timestamptz not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index auth_users_email_prefix_idx on auth_users (email text_pattern_ops);

create table auth_operator_roles (
  user_id text not null references auth_users (id) on delete cascade,
  role text not null check (role in ('support', 'safety_reviewer', 'admin')),
  granted_by text,
  granted_at timestamptz not null,
  primary key (user_id, role)
);

create table auth_families (
  id text primary key,
  guardian_id text not null unique references auth_users (id) on delete cascade,
  time_zone text not null,
  -- SHA-256 of the canonical family code; the code itself is shown to the parent once.
  family_code_hash text unique,
  created_at timestamptz not null
);

create table auth_children (
  id text primary key,
  family_id text not null references auth_families (id) on delete cascade,
  nickname text not null,
  birth_year integer,
  grade integer check (grade between 1 and 12),
  language text not null,
  avatar text,
  pin_hash text,
  paused boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  -- Two siblings with one name would make family-code sign-in ambiguous.
  unique (family_id, nickname)
);

-- Append-only history: consent is given by a new row and withdrawn by stamping it.
create table auth_consents (
  id text primary key,
  child_id text not null references auth_children (id) on delete cascade,
  family_id text not null references auth_families (id) on delete cascade,
  policy_version text not null,
  method text not null,
  given_by text not null,
  given_at timestamptz not null,
  withdrawn_at timestamptz,
  withdrawn_by text
);
create index auth_consents_child_idx on auth_consents (child_id, given_at);

create table auth_parental_controls (
  child_id text primary key references auth_children (id) on delete cascade,
  controls jsonb not null,
  updated_by text not null,
  updated_at timestamptz not null
);

create table auth_single_use_tokens (
  id text primary key,
  purpose text not null check (
    purpose in ('password_reset', 'email_verification', 'device_link', 'teacher_invite', 'account_unlock')
  ),
  subject_id text not null,
  issued_by text,
  secret_hash text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index auth_single_use_tokens_subject_idx on auth_single_use_tokens (subject_id, purpose);
create index auth_single_use_tokens_expiry_idx on auth_single_use_tokens (expires_at);

-- The index of sessions (for listing devices and revoking them all); the live
-- check reads the cache only.
create table auth_sessions (
  id text primary key,
  subject_id text not null,
  subject_kind text not null check (subject_kind in ('user', 'child')),
  -- For child device sessions: the parent who issued the link.
  issued_by text,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
create index auth_sessions_subject_idx on auth_sessions (subject_id) where revoked_at is null;
create index auth_sessions_issuer_idx on auth_sessions (issued_by) where revoked_at is null;

create table auth_organizations (
  id text primary key,
  name text not null,
  created_by text not null,
  created_at timestamptz not null
);

create table auth_teachers (
  user_id text primary key references auth_users (id) on delete cascade,
  org_id text not null references auth_organizations (id) on delete cascade,
  role text not null check (role in ('teacher', 'org_admin')),
  joined_at timestamptz not null
);
create index auth_teachers_org_idx on auth_teachers (org_id);

create table auth_invitations (
  id text primary key,
  org_id text not null references auth_organizations (id) on delete cascade,
  email text not null,
  role text not null check (role in ('teacher', 'org_admin')),
  invited_by text not null,
  -- The single-use token that accepts it.
  token_id text not null references auth_single_use_tokens (id),
  created_at timestamptz not null,
  accepted_at timestamptz
);

create table auth_classrooms (
  id text primary key,
  org_id text not null references auth_organizations (id) on delete cascade,
  name text not null,
  teacher_id text not null references auth_users (id),
  created_at timestamptz not null
);
create index auth_classrooms_teacher_idx on auth_classrooms (teacher_id);

create table auth_classroom_links (
  id text primary key,
  classroom_id text not null references auth_classrooms (id) on delete cascade,
  child_id text not null references auth_children (id) on delete cascade,
  family_id text not null references auth_families (id) on delete cascade,
  status text not null check (status in ('pending', 'approved', 'rejected', 'removed')),
  requested_by text not null,
  requested_at timestamptz not null,
  decided_by text,
  decided_at timestamptz
);
-- At most one live request or link per classroom and child.
create unique index auth_classroom_links_live_idx on auth_classroom_links (classroom_id, child_id)
  where status in ('pending', 'approved');
create index auth_classroom_links_child_idx on auth_classroom_links (child_id);
