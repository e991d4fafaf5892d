-- Work that runs later, by the clock rather than by anyone's act: digests, a consultation or a written resolution
-- closing, reminders, lapses. One row per piece of work; an instance claims a due row with `for update skip locked`
-- inside the transaction that does the work and marks it done, so it runs exactly once across several instances
-- and is neither lost nor repeated across a crash (jobs.ts).
create table jobs (
	id bigserial primary key,
	kind text not null,
	-- Scheduling the same work twice (the digest of one day, the close of one window) keeps the first.
	key text unique,
	payload jsonb not null default '{}',
	run_at timestamptz not null default now(),
	attempts integer not null default 0,
	last_error text,
	done_at timestamptz
);
create index jobs_due on jobs (run_at, id) where done_at is null;

-- A person's inbox: what they should hear of (a mention, a reply, a vote opened...). Written in the transaction
-- of the act that caused it, so an act that commits always notifies and one that rolls back never does.
create table notifications (
	id bigserial primary key,
	user_id uuid not null references users (id),
	kind text not null,
	body_id uuid references bodies (id),
	title text not null check (char_length(title) between 1 and 300),
	-- Where the thing is, as a path on the portal (/bodies/…): emails make it absolute with the origin.
	link text not null check (link like '/%'),
	-- What caused it (an act and its subject): a person hears of one thing once however often it is retold.
	key text not null,
	created_at timestamptz not null default now(),
	read_at timestamptz,
	unique (user_id, key)
);
create index notifications_inbox on notifications (user_id, created_at desc, id desc);
create index notifications_unread on notifications (user_id) where read_at is null;
