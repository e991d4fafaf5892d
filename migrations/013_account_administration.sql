-- Administrators' powers over accounts (issue 11).
-- A deactivated person keeps their record, memberships and history, but cannot sign in, accept an invitation or use
-- a reset or sign-in link; reactivating clears the date. Null: active.
alter table users add column deactivated_at timestamptz;

-- One-time sign-in links an administrator sends to a person (so a demo person, who has no password, can be tried).
-- Like reset links: only the SHA-256 of the token is kept; a link works once and for a short time.
create table sign_in_links (
	id uuid primary key default gen_random_uuid(),
	token_hash text not null unique,
	user_id uuid not null references users (id) on delete cascade,
	sent_by uuid not null references users (id),
	expires_at timestamptz not null,
	used_at timestamptz,
	created_at timestamptz not null default now()
);
create index sign_in_links_user_id on sign_in_links (user_id);
