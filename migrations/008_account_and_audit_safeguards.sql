-- Password-reset requests, counted per email typed and per address so that the form cannot be used to flood a
-- mailbox; kept whether or not an account has the email, so a limit tells nobody whether it exists.
create table password_reset_requests (
	id bigint generated always as identity primary key,
	email text not null,
	address text not null,
	at timestamptz not null default now()
);
create index password_reset_requests_email on password_reset_requests (lower(email), at);
create index password_reset_requests_address on password_reset_requests (address, at);

-- TRUNCATE does not fire row triggers: refuse it as update and delete are refused.
create trigger audit_log_no_truncate before truncate on audit_log
	for each statement execute function audit_log_append_only();

-- The chain's head, kept apart from the chain and moved in the same transaction as every audit row: verify compares
-- the chain with it, so rows cut off the end of the chain (or the whole table emptied) show.
create table audit_head (
	id boolean primary key default true check (id),
	rows bigint not null,
	last_id bigint not null,
	last_hash text not null
);
insert into audit_head (rows, last_id, last_hash)
select count(*), coalesce(max(id), 0), coalesce((select hash from audit_log order by id desc limit 1), repeat('0', 64))
from audit_log;

-- Checkpoints of the head sealed with AUDIT_KEY (HMAC-SHA256), written by the portal after audit rows are added:
-- someone who can write to the database but does not hold the key cannot make a shorter chain look whole.
create table audit_seals (
	id bigint generated always as identity primary key,
	at timestamptz not null default now(),
	rows bigint not null,
	last_id bigint not null,
	last_hash text not null,
	seal text not null
);

create function audit_head_kept() returns trigger language plpgsql as $$
begin
	raise exception '% keeps the audit chain''s checkpoints: its rows cannot be removed or rewritten', tg_table_name;
end;
$$;
create trigger audit_head_no_delete before delete or truncate on audit_head
	for each statement execute function audit_head_kept();
create trigger audit_seals_no_change before update or delete or truncate on audit_seals
	for each statement execute function audit_head_kept();
