-- Comment threads anchored where they belong (issue 15): a passage of a co-edited document, a priority or one of
-- its fields, a RACI cell, an agenda item, a paper, a motion, a decision, or a whole document. A thread has
-- comments (the first starts it, the rest reply); a comment keeps its earlier texts when edited, and leaves
-- "comment deleted" in the thread when its author deletes it. Kept beside the documents, never in their Yjs state,
-- so commenting never writes to a document.

-- Whether the body's observers may comment too (its terms of reference say so); members and PPV representatives
-- always may.
alter table bodies add column observers_may_comment boolean not null default false;

create table comment_threads (
	id uuid primary key default gen_random_uuid(),
	body_id uuid not null references bodies (id),
	anchor_kind text not null check (anchor_kind in ('text', 'priority', 'raci_cell', 'agenda_item', 'paper', 'motion', 'decision', 'document')),
	-- The co-edited document, for the anchors inside one ('text', 'priority', 'raci_cell', 'document').
	doc_name text,
	-- 'text': the field of the document (a Y.XmlFragment or Y.Text name), the start and end as base64 of
	-- Y.encodeRelativePosition, and the passage as it read when the thread started, shown once the passage is gone.
	text_field text,
	range_start text,
	range_end text,
	quote text check (char_length(quote) <= 2000),
	-- 'priority': the priority's id and, optionally, one of its fields; 'raci_cell': the activity row's id and the
	-- stakeholder column's id (empty for the whole row).
	anchor_key text,
	anchor_field text,
	agenda_item_id uuid references agenda_items (id) on delete cascade,
	paper_id uuid references papers (id) on delete cascade,
	motion_id uuid references motions (id) on delete cascade,
	decision_id uuid references decisions (id),
	-- The meeting of an item, paper, motion or decision: a meeting's threads are listed by it.
	meeting_id uuid references meetings (id) on delete cascade,
	-- What the anchor is, in words, as it read when the thread started ("Quorum", "Needs assessment – CCGs").
	label text not null default '' check (char_length(label) <= 300),
	started_by uuid not null references users (id),
	started_at timestamptz not null default now(),
	resolved_at timestamptz,
	resolved_by uuid references users (id),
	check ((resolved_at is null) = (resolved_by is null)),
	check (anchor_kind not in ('text', 'priority', 'raci_cell', 'document') or doc_name is not null),
	check (anchor_kind <> 'text' or (text_field is not null and range_start is not null and range_end is not null and quote is not null)),
	check (anchor_kind <> 'priority' or anchor_key is not null),
	check (anchor_kind <> 'raci_cell' or (anchor_key is not null and anchor_field is not null)),
	check (anchor_kind <> 'agenda_item' or agenda_item_id is not null),
	check (anchor_kind <> 'paper' or paper_id is not null),
	check (anchor_kind <> 'motion' or motion_id is not null),
	check (anchor_kind <> 'decision' or decision_id is not null),
	check (anchor_kind not in ('agenda_item', 'paper', 'motion', 'decision') or meeting_id is not null)
);
create index comment_threads_document on comment_threads (doc_name, started_at) where doc_name is not null;
create index comment_threads_meeting on comment_threads (meeting_id, started_at) where meeting_id is not null;
create index comment_threads_started_by on comment_threads (started_by);

create table thread_comments (
	id uuid primary key default gen_random_uuid(),
	thread_id uuid not null references comment_threads (id) on delete cascade,
	author_id uuid not null references users (id),
	-- The text as it stands (Markdown); empty once deleted.
	text text not null check (char_length(text) <= 4000),
	created_at timestamptz not null default now(),
	edited_at timestamptz,
	deleted_at timestamptz,
	check ((deleted_at is null) = (char_length(text) > 0))
);
create index thread_comments_thread on thread_comments (thread_id, created_at, id);
create index thread_comments_author on thread_comments (author_id);
create index thread_comments_search on thread_comments using gin (search_vector(text));

-- A comment's earlier texts, each as it read until replaced: the visible history of an edit. Deleting the comment
-- deletes them too, so no page shows the words again; the audit log, append-only like every act's, keeps what
-- was written and when it was deleted, for those who may read it.
create table thread_comment_revisions (
	id bigserial primary key,
	comment_id uuid not null references thread_comments (id) on delete cascade,
	text text not null,
	written_at timestamptz not null,
	replaced_at timestamptz not null default now()
);
create index thread_comment_revisions_comment on thread_comment_revisions (comment_id, id);

-- The people a comment mentions, each someone who sat on the body when it was written.
create table thread_mentions (
	comment_id uuid not null references thread_comments (id) on delete cascade,
	user_id uuid not null references users (id),
	primary key (comment_id, user_id)
);

-- The comments of migration 007, each becoming a thread on the whole document with its words as the first
-- comment (the same id for both), its anchor words as the label, resolved as it was.
insert into comment_threads (id, body_id, anchor_kind, doc_name, label, started_by, started_at, resolved_at, resolved_by)
select id, body_id, 'document', doc_name, anchor, author_id, created_at, resolved_at, resolved_by from document_comments;
insert into thread_comments (id, thread_id, author_id, text, created_at)
select id, id, author_id, text, created_at from document_comments;

drop table document_comments;
