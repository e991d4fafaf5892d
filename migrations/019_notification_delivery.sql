-- How notifications reach a person by email (issue 15): their choice per kind, what each notification owes and
-- when it was paid, the tokens of one-click unsubscribe links, and what the outbox needs to send a message once
-- across several instances.

-- A person's choice per kind. No row: the kind's default (DEFAULT_DELIVERY in notification-kinds.ts).
create table notification_preferences (
	user_id uuid not null references users (id) on delete cascade,
	kind text not null,
	delivery text not null check (delivery in ('immediate', 'digest', 'off')),
	updated_at timestamptz not null default now(),
	primary key (user_id, kind)
);

-- What a notification owes by email, chosen from its person's preference when it was written (null: nothing), and
-- the message that paid it: its own email, or the digest it went into. Written and marked in one transaction, so a
-- notification is emailed once, never twice, never not at all.
alter table notifications
	add column email_by text check (email_by in ('immediate', 'digest')),
	add column emailed_at timestamptz,
	add column outbox_id bigint references outbox (id);
create index notifications_email_owed on notifications (email_by, user_id, id) where email_by is not null and emailed_at is null;

-- The secret of an unsubscribe link, stored only as its hash (like sessions): a leaked table opens nothing. It turns
-- off email of one kind for one person; a null kind stands for the daily digest (every kind they get by digest).
create table unsubscribe_tokens (
	token_hash text primary key,
	user_id uuid not null references users (id) on delete cascade,
	kind text,
	created_at timestamptz not null default now(),
	used_at timestamptz
);

-- Outbox: headers of the message (List-Unsubscribe, RFC 8058), a Message-ID fixed when the row is written so a
-- message sent again after a crash is recognisably the same, and a lease: the instance sending a row holds it until
-- `claimed_until`, so another does not send it too; after a failure the row waits until then before another try.
alter table outbox
	add column headers jsonb not null default '{}',
	add column message_id uuid not null default gen_random_uuid(),
	add column claimed_until timestamptz,
	add column attempts integer not null default 0;
create index outbox_unsent on outbox (id) where sent_at is null;
