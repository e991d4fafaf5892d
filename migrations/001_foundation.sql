-- People, sessions, organisations, bodies, memberships, mandates, invitations, mail and the audit chain.

create table users (
	id uuid primary key default gen_random_uuid(),
	email text not null,
	name text not null,
	password_hash text,
	is_administrator boolean not null default false,
	created_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table sessions (
	id text primary key, -- SHA-256 of the token, hex; the token itself is never stored
	user_id uuid not null references users (id) on delete cascade,
	expires_at timestamptz not null,
	created_at timestamptz not null default now()
);
create index sessions_user_id on sessions (user_id);

create table sign_in_failures (
	id bigint generated always as identity primary key,
	email text not null,
	address text not null,
	at timestamptz not null default now()
);
create index sign_in_failures_email on sign_in_failures (lower(email), at);
create index sign_in_failures_address on sign_in_failures (address, at);

create table organisations (
	id uuid primary key default gen_random_uuid(),
	name text not null,
	kind text not null check (kind in ('nhs_england', 'ccg', 'provider', 'local_authority', 'public_health', 'patient_voluntary', 'other')),
	ods_code text,
	ended_on date,
	created_at timestamptz not null default now()
);
create unique index organisations_name_key on organisations (lower(name));
create unique index organisations_ods_code_key on organisations (upper(ods_code)) where ods_code is not null;

create table bodies (
	id uuid primary key default gen_random_uuid(),
	name text not null,
	kind text not null check (kind in ('regional_team', 'oversight_group', 'delivery_sub_group', 'other')),
	parent_id uuid references bodies (id),
	ended_on date,
	created_at timestamptz not null default now(),
	check (parent_id is null or parent_id <> id)
);
create unique index bodies_name_key on bodies (lower(name));

create table memberships (
	id uuid primary key default gen_random_uuid(),
	body_id uuid not null references bodies (id),
	user_id uuid not null references users (id),
	role text not null check (role in ('chair', 'vice_chair', 'voting_member', 'deputy', 'adviser', 'ppv_representative', 'observer', 'secretariat')),
	deputy_for uuid references memberships (id),
	starts_on date not null default current_date,
	ends_on date,
	created_at timestamptz not null default now(),
	check ((role = 'deputy') = (deputy_for is not null)),
	check (ends_on is null or ends_on >= starts_on)
);
create index memberships_body_id on memberships (body_id);
create index memberships_user_id on memberships (user_id);

create table membership_organisations (
	membership_id uuid not null references memberships (id) on delete cascade,
	organisation_id uuid not null references organisations (id),
	primary key (membership_id, organisation_id)
);

create table organisation_weights (
	body_id uuid not null references bodies (id),
	organisation_id uuid not null references organisations (id),
	weight numeric(14, 6) not null check (weight >= 0),
	basis text not null default '',
	primary key (body_id, organisation_id)
);

create table mandates (
	id uuid primary key default gen_random_uuid(),
	membership_id uuid not null references memberships (id),
	organisation_id uuid not null references organisations (id),
	categories text[] not null,
	financial_limit_pence bigint not null check (financial_limit_pence >= 0),
	expires_on date not null,
	evidence text not null,
	ended_on date,
	created_at timestamptz not null default now()
);
create index mandates_membership_id on mandates (membership_id);

create table invitations (
	id uuid primary key default gen_random_uuid(),
	token_hash text not null unique,
	email text not null,
	name text not null,
	body_id uuid not null references bodies (id),
	role text not null,
	deputy_for uuid references memberships (id),
	organisation_ids uuid[] not null default '{}',
	invited_by uuid references users (id),
	expires_at timestamptz not null,
	used_at timestamptz,
	created_at timestamptz not null default now()
);

create table password_resets (
	id uuid primary key default gen_random_uuid(),
	token_hash text not null unique,
	user_id uuid not null references users (id) on delete cascade,
	expires_at timestamptz not null,
	used_at timestamptz,
	created_at timestamptz not null default now()
);

-- Every message is kept: with SMTP_URL it is also sent, and the outcome recorded.
create table outbox (
	id bigint generated always as identity primary key,
	recipient text not null,
	subject text not null,
	body_text text not null,
	created_at timestamptz not null default now(),
	sent_at timestamptz,
	error text
);

create table audit_log (
	id bigint generated always as identity primary key,
	at timestamptz not null,
	actor_id uuid,
	action text not null,
	entity text not null,
	entity_id text not null,
	before jsonb,
	after jsonb,
	prev_hash text not null,
	hash text not null unique
);

-- The audit log is append-only: the database itself refuses to change or remove a row.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
	raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
	for each row execute function audit_log_append_only();
