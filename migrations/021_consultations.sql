-- Consultation windows (issue 15): the chair or secretariat opens a comment period on a document version, a paper
-- or a set of a meeting's agenda items, with a closing time. Comments on what is consulted on are taken until then
-- and refused after (src/lib/server/consultation.ts); each comment of the window gets a response and a disposition
-- ("you said, we did"), and the pack is published as a paper of a chosen meeting, when the commenters are told.

create table consultations (
	id uuid primary key default gen_random_uuid(),
	body_id uuid not null references bodies (id),
	title text not null check (char_length(btrim(title)) between 1 and 200),
	subject_kind text not null check (subject_kind in ('document_version', 'paper', 'agenda_items')),
	-- 'document_version': the version consulted on, and its document (whose comments the window takes).
	document_version_id uuid references document_versions (id),
	doc_name text,
	-- 'paper': the paper; 'agenda_items': the items are in consultation_agenda_items. Both are of this meeting.
	paper_id uuid references papers (id) on delete set null,
	meeting_id uuid references meetings (id) on delete cascade,
	opened_by uuid not null references users (id),
	opened_at timestamptz not null default now(),
	-- Shown in Europe/London; a comment at or after it is refused.
	closes_at timestamptz not null,
	-- Set by the job that runs at the closing time: the pack is then ready for responses.
	closed_at timestamptz,
	-- The pack published: a paper of an item on a chosen meeting's agenda, and the responses visible to all.
	published_at timestamptz,
	published_by uuid references users (id),
	pack_agenda_item_id uuid references agenda_items (id) on delete set null,
	pack_paper_id uuid references papers (id) on delete set null,
	check (closes_at > opened_at),
	check (subject_kind <> 'document_version' or (document_version_id is not null and doc_name is not null)),
	check (subject_kind <> 'paper' or meeting_id is not null),
	check (subject_kind <> 'agenda_items' or meeting_id is not null),
	check ((published_at is null) = (published_by is null)),
	check (published_at is null or closed_at is not null)
);
create index consultations_body on consultations (body_id, opened_at desc);
create index consultations_document on consultations (doc_name, closes_at) where doc_name is not null;
create index consultations_paper on consultations (paper_id, closes_at) where paper_id is not null;

create table consultation_agenda_items (
	consultation_id uuid not null references consultations (id) on delete cascade,
	agenda_item_id uuid not null references agenda_items (id) on delete cascade,
	primary key (consultation_id, agenda_item_id)
);
create index consultation_agenda_items_item on consultation_agenda_items (agenda_item_id);

-- The response to one comment of the window, with its disposition and the reason for it. Written after the close;
-- changeable until the pack is published, and fixed after.
create table consultation_responses (
	consultation_id uuid not null references consultations (id) on delete cascade,
	comment_id uuid not null references thread_comments (id) on delete cascade,
	response text not null check (char_length(btrim(response)) between 1 and 4000),
	disposition text not null check (disposition in ('accepted', 'partly_accepted', 'not_accepted')),
	reason text not null check (char_length(btrim(reason)) between 1 and 2000),
	responded_by uuid not null references users (id),
	responded_at timestamptz not null default now(),
	primary key (consultation_id, comment_id)
);
