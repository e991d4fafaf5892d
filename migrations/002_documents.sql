-- Co-edited Yjs documents (server/collab): an append-only log of updates per document, merged into a snapshot
-- as it grows. Document names are 'terms-of-reference:<body>', 'priorities:<body>:<YYYY-YY>', 'raci:<body>'.

-- One row per document: the last sequence number handed out. Appending takes this row's lock, so the sequence
-- of a document has no holes and an update is committed before the next number is given, across instances.
create table documents (
	name text primary key,
	seq bigint not null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);

-- Yjs updates (v1 encoding) in the order the server accepted them; merged ones are deleted.
create table document_updates (
	doc_name text not null references documents (name) on delete cascade,
	seq bigint not null,
	update bytea not null,
	created_at timestamptz not null default now(),
	primary key (doc_name, seq)
);

-- The merged state of every update up to and including seq.
create table document_snapshots (
	doc_name text primary key references documents (name) on delete cascade,
	state bytea not null,
	seq bigint not null,
	updated_at timestamptz not null default now()
);
