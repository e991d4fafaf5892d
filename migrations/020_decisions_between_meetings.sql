-- Decisions between meetings (issue 15): written resolutions voted on in the portal, and the chair's urgent action.
-- Both enter the decision register, which until now held only decisions of meetings: a decision now comes from
-- exactly one of a motion at a meeting, a written resolution or an urgent action.

create table written_resolutions (
	id uuid primary key default gen_random_uuid(),
	body_id uuid not null references bodies (id),
	text text not null check (char_length(btrim(text)) between 1 and 2000),
	category text not null check (char_length(category) between 1 and 100),
	value_pence bigint not null default 0 check (value_pence >= 0),
	procedural boolean not null default false,
	-- Notice of the intended decision to member organisations (counted to the day it is put).
	notice_given_on date,
	put_by uuid not null references users (id),
	opened_at timestamptz not null default now(),
	-- Shown in Europe/London; a ballot at or after it never counts.
	closes_at timestamptz not null,
	status text not null default 'open' check (status in ('open', 'closed')),
	-- The engine's verdict when it closed, 'no_decision' when too few responded or the rules no longer allow it.
	outcome text check (outcome in ('carried_binding', 'carried_subject_to_ratification', 'recommendation', 'not_carried', 'no_decision')),
	figures jsonb,
	explanation text[],
	closed_at timestamptz,
	check (closes_at > opened_at),
	check ((status = 'closed') = (outcome is not null))
);
create index written_resolutions_body on written_resolutions (body_id, opened_at desc);

-- One ballot per eligible seat: the vote of a member (per-member voting) or of an organisation, whoever casts it
-- (the member, or a deputy in their place). The unique key is what makes a race of ballots count each seat once.
create table written_resolution_ballots (
	id uuid primary key default gen_random_uuid(),
	resolution_id uuid not null references written_resolutions (id),
	vote_key text not null,
	membership_id uuid not null references memberships (id),
	organisation_id uuid references organisations (id),
	choice text not null check (choice in ('for', 'against', 'abstain')),
	cast_at timestamptz not null default now(),
	unique (resolution_id, vote_key)
);

-- A member's declaration of interest on a written resolution: as at a meeting, it takes their vote out of the
-- count and the eligible votes. Declared before they vote; one per member.
create table written_resolution_declarations (
	resolution_id uuid not null references written_resolutions (id),
	membership_id uuid not null references memberships (id),
	interest text not null check (char_length(btrim(interest)) between 1 and 500),
	declared_at timestamptz not null default now(),
	primary key (resolution_id, membership_id)
);

create table urgent_actions (
	id uuid primary key default gen_random_uuid(),
	body_id uuid not null references bodies (id),
	text text not null check (char_length(btrim(text)) between 1 and 2000),
	category text not null check (char_length(category) between 1 and 100),
	value_pence bigint not null default 0 check (value_pence >= 0),
	procedural boolean not null default false,
	notice_given_on date,
	-- Why it could not wait for a meeting: required.
	reason text not null check (char_length(btrim(reason)) between 1 and 4000),
	taken_by uuid not null references users (id),
	taken_on date not null,
	taken_at timestamptz not null default now(),
	-- Binding or a recommendation, as the body's delegated authority decides.
	outcome text not null check (outcome in ('carried_binding', 'recommendation')),
	ratify_by date not null,
	status text not null default 'awaiting_ratification' check (status in ('awaiting_ratification', 'ratified', 'lapsed')),
	explanation text[] not null,
	settled_at timestamptz
);
create index urgent_actions_body on urgent_actions (body_id, taken_at desc);

create table urgent_action_consultees (
	urgent_action_id uuid not null references urgent_actions (id),
	membership_id uuid not null references memberships (id),
	primary key (urgent_action_id, membership_id)
);

-- What the next meeting of a body must hear of: a written resolution's outcome "for noting" (purpose
-- 'information') or an urgent action "for ratification". Placed on the agenda of the next scheduled meeting at
-- once, or, when none is scheduled, when the next one is.
create table between_meeting_reports (
	id uuid primary key default gen_random_uuid(),
	body_id uuid not null references bodies (id),
	purpose text not null check (purpose in ('information', 'ratification')),
	title text not null check (char_length(title) between 1 and 300),
	written_resolution_id uuid unique references written_resolutions (id),
	urgent_action_id uuid unique references urgent_actions (id),
	agenda_item_id uuid references agenda_items (id) on delete set null,
	placed_at timestamptz,
	created_at timestamptz not null default now(),
	check (num_nonnulls(written_resolution_id, urgent_action_id) = 1)
);
create index between_meeting_reports_waiting on between_meeting_reports (body_id) where placed_at is null;

alter table decisions alter column motion_id drop not null;
alter table decisions alter column meeting_id drop not null;
alter table decisions alter column agenda_item_id drop not null;
alter table decisions add column written_resolution_id uuid unique references written_resolutions (id);
alter table decisions add column urgent_action_id uuid unique references urgent_actions (id);
alter table decisions drop constraint decisions_method_check;
alter table decisions add constraint decisions_method_check check (method in ('vote', 'consensus', 'written_resolution', 'urgent_action'));
alter table decisions add constraint decisions_one_source check (num_nonnulls(motion_id, written_resolution_id, urgent_action_id) = 1);
