-- Rules of procedure, delegated authority, meetings and their record: agenda, papers, attendance, declarations,
-- motions, ballots, decisions (the decision register), actions and minutes.

-- A body's structured rules (quorum, voting, notice...): the newest row is in force. Rows are never changed:
-- entered by the secretariat until the terms of reference are adopted, then from the adopted version.
create table body_rules (
	id uuid primary key default gen_random_uuid(),
	body_id uuid not null references bodies (id),
	rules jsonb not null,
	source text not null check (source in ('entered', 'adopted')),
	note text not null default '',
	recorded_by uuid references users (id),
	created_at timestamptz not null default now()
);
create index body_rules_body on body_rules (body_id, created_at desc);

-- What a body may decide for itself, delegated by its parent.
create table delegations (
	id uuid primary key default gen_random_uuid(),
	body_id uuid not null references bodies (id),
	categories text[] not null check (cardinality(categories) > 0),
	financial_limit_pence bigint not null check (financial_limit_pence >= 0),
	valid_from date not null,
	valid_to date,
	note text not null default '',
	ended_on date,
	created_at timestamptz not null default now(),
	check (valid_to is null or valid_to >= valid_from)
);
create index delegations_body on delegations (body_id);

create table meetings (
	id uuid primary key default gen_random_uuid(),
	body_id uuid not null references bodies (id),
	title text not null,
	starts_at timestamptz not null,
	ends_at timestamptz not null,
	place text not null default '',
	video_link text not null default '',
	status text not null default 'scheduled' check (status in ('scheduled', 'in_progress', 'closed', 'cancelled')),
	notice_issued_at timestamptz,
	current_item_id uuid,
	current_item_started_at timestamptz,
	-- Every change to the live meeting takes the next number, so a client that missed one knows to catch up.
	seq bigint not null default 0,
	created_at timestamptz not null default now(),
	check (ends_at > starts_at)
);
create index meetings_body on meetings (body_id, starts_at);

create table agenda_items (
	id uuid primary key default gen_random_uuid(),
	meeting_id uuid not null references meetings (id) on delete cascade,
	parent_id uuid references agenda_items (id) on delete cascade,
	position int not null,
	title text not null,
	purpose text not null check (purpose in ('information', 'discussion', 'decision', 'assurance', 'ratification')),
	presenter text not null default '',
	minutes_allotted int not null default 10 check (minutes_allotted >= 0),
	part text not null default 'A' check (part in ('A', 'B')),
	standing text check (standing in ('apologies', 'declarations', 'previous_minutes', 'action_log', 'priorities_monitoring')),
	discussion text not null default '',
	seconds_used int not null default 0,
	created_at timestamptz not null default now()
);
create index agenda_items_meeting on agenda_items (meeting_id, position);
alter table meetings add foreign key (current_item_id) references agenda_items (id) on delete set null;

-- Papers are kept in the database so that every instance serves them.
create table papers (
	id uuid primary key default gen_random_uuid(),
	agenda_item_id uuid not null references agenda_items (id) on delete cascade,
	filename text not null,
	content_type text not null,
	size_bytes int not null,
	content bytea not null,
	uploaded_by uuid references users (id),
	created_at timestamptz not null default now()
);

create table attendance (
	meeting_id uuid not null references meetings (id) on delete cascade,
	membership_id uuid not null references memberships (id),
	status text not null check (status in ('present', 'remote', 'apologies', 'absent', 'in_attendance', 'observer')),
	-- For a deputy: the member they stand in for at this meeting.
	deputy_for uuid references memberships (id),
	departed boolean not null default false,
	updated_at timestamptz not null default now(),
	primary key (meeting_id, membership_id)
);

create table declarations (
	id uuid primary key default gen_random_uuid(),
	agenda_item_id uuid not null references agenda_items (id) on delete cascade,
	membership_id uuid not null references memberships (id),
	interest text not null,
	outcome text not null check (outcome in ('may_take_part', 'may_not_vote', 'leaves_for_item')),
	recorded_by uuid references users (id),
	created_at timestamptz not null default now(),
	unique (agenda_item_id, membership_id)
);

create table motions (
	id uuid primary key default gen_random_uuid(),
	agenda_item_id uuid not null references agenda_items (id) on delete cascade,
	text text not null,
	category text not null,
	value_pence bigint not null default 0 check (value_pence >= 0),
	procedural boolean not null default false,
	proposer uuid references memberships (id),
	seconder uuid references memberships (id),
	notice_given_on date,
	state text not null default 'proposed' check (state in ('proposed', 'consensus_called', 'voting', 'decided', 'withdrawn', 'deferred')),
	indicative boolean not null default false,
	count_visibility text not null default 'open' check (count_visibility in ('open', 'hidden')),
	casting_vote text check (casting_vote in ('for', 'against')),
	opened_at timestamptz,
	closed_at timestamptz,
	created_at timestamptz not null default now()
);
create index motions_item on motions (agenda_item_id);

create table consensus_objections (
	motion_id uuid not null references motions (id) on delete cascade,
	membership_id uuid not null references memberships (id),
	created_at timestamptz not null default now(),
	primary key (motion_id, membership_id)
);

-- One ballot per voter and organisation per motion, enforced here: a second cast changes the first, never adds.
create table ballots (
	id bigint generated always as identity primary key,
	motion_id uuid not null references motions (id) on delete cascade,
	voter_membership_id uuid not null references memberships (id),
	organisation_id uuid references organisations (id),
	choice text not null check (choice in ('for', 'against', 'abstain')),
	cast_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
create unique index ballots_one_per_voter on ballots (motion_id, voter_membership_id, coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'));

-- The decision register.
create table decisions (
	id uuid primary key default gen_random_uuid(),
	motion_id uuid not null unique references motions (id),
	body_id uuid not null references bodies (id),
	meeting_id uuid not null references meetings (id),
	agenda_item_id uuid not null references agenda_items (id),
	method text not null check (method in ('vote', 'consensus')),
	state text not null check (state in ('carried_binding', 'carried_subject_to_ratification', 'recommendation', 'not_carried', 'indicative',
		'ratified', 'lapsed', 'under_appeal', 'upheld', 'overturned', 'implemented')),
	recommendation_to_body_id uuid references bodies (id),
	ratifying_organisation_ids uuid[] not null default '{}',
	ratify_by date,
	appeal_by date,
	figures jsonb not null,
	explanation text[] not null,
	decided_at timestamptz not null default now()
);
create index decisions_body on decisions (body_id, decided_at desc);
create index decisions_recommendation_to on decisions (recommendation_to_body_id);

create table decision_events (
	id uuid primary key default gen_random_uuid(),
	decision_id uuid not null references decisions (id),
	kind text not null check (kind in ('ratified', 'lapsed', 'appealed', 'upheld', 'overturned', 'implemented')),
	organisation_id uuid references organisations (id),
	note text not null default '',
	recorded_by uuid references users (id),
	at timestamptz not null default now()
);

create table actions (
	id uuid primary key default gen_random_uuid(),
	meeting_id uuid not null references meetings (id),
	agenda_item_id uuid references agenda_items (id) on delete set null,
	description text not null,
	owner_membership_id uuid references memberships (id),
	due_on date,
	status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
create index actions_meeting on actions (meeting_id);

create table minutes (
	meeting_id uuid primary key references meetings (id),
	text text not null,
	approved_at timestamptz,
	approved_at_meeting_id uuid references meetings (id),
	updated_at timestamptz not null default now()
);

-- Members who have raised a hand to speak; the chair calls them in order.
create table speakers (
	id bigint generated always as identity primary key,
	meeting_id uuid not null references meetings (id) on delete cascade,
	membership_id uuid not null references memberships (id),
	raised_at timestamptz not null default now(),
	called_at timestamptz,
	lowered_at timestamptz
);
create unique index speakers_one_hand_up on speakers (meeting_id, membership_id) where called_at is null and lowered_at is null;
