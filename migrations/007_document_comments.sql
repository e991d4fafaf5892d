-- Comments on a co-edited document: how patient and public voice representatives (and members) comment without
-- changing the text. Kept beside the document, not inside it, so a comment connection never writes to the Yjs state.
create table document_comments (
	id uuid primary key default gen_random_uuid(),
	doc_name text not null,
	body_id uuid not null references bodies (id),
	-- Where in the document: a section heading, a priority, an activity; free text chosen from the page's list.
	anchor text not null default '',
	text text not null check (char_length(text) between 1 and 4000),
	author_id uuid not null references users (id),
	created_at timestamptz not null default now(),
	resolved_at timestamptz,
	resolved_by uuid references users (id)
);
create index document_comments_doc on document_comments (doc_name, created_at);
