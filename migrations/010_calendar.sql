-- Calendars (src/lib/server/calendar.ts, calendar-feed.ts): each meeting as an iCalendar event, each body's meetings
-- as a subscribable feed, and a member's private feed of all their bodies' meetings behind a revocable link.

-- How many times a meeting's calendar entry has been revised (the event's SEQUENCE, RFC 5545 §3.8.7.4): a calendar
-- that already holds the event takes the copy with the higher number, so a rescheduled or cancelled meeting replaces
-- the one it has. Counted by the trigger below rather than by the services, so no act that changes a meeting can
-- forget it.
alter table meetings add column calendar_sequence int not null default 0;

-- What a calendar shows of a meeting: its title, times and place, and the video link the members' private feed
-- carries. Starting or closing a meeting changes none of them; cancelling it does (STATUS:CANCELLED). A change that
-- writes the same value again (an edit that saves the form unchanged) is no revision.
create function meetings_calendar_sequence() returns trigger language plpgsql as $$
begin
	if new.title is distinct from old.title
		or new.starts_at is distinct from old.starts_at
		or new.ends_at is distinct from old.ends_at
		or new.place is distinct from old.place
		or new.video_link is distinct from old.video_link
		or (new.status = 'cancelled' and old.status is distinct from 'cancelled') then
		new.calendar_sequence := old.calendar_sequence + 1;
	end if;
	return new;
end;
$$;

create trigger meetings_calendar_sequence before update on meetings
	for each row execute function meetings_calendar_sequence();

-- A member's private calendar feed: the link's token is its only key, so only its SHA-256 is kept (as for sessions),
-- and a leaked table gives no usable links. Revoked rather than deleted, so the audit log's entries keep their row.
create table calendar_feeds (
	id uuid primary key default gen_random_uuid(),
	user_id uuid not null references users (id),
	token_hash text not null unique,
	created_at timestamptz not null default now(),
	revoked_at timestamptz
);
-- At most one live link per person: making a new one revokes the old in the same transaction.
create unique index calendar_feeds_one_live on calendar_feeds (user_id) where revoked_at is null;
