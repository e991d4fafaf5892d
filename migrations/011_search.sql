-- Full-text search (src/lib/server/search.ts): one search box across decisions, papers, agenda items, minutes,
-- comments and co-edited documents, in English (stemmed: "commissioning" finds "commissioned"). Every searchable
-- text has an index of its words here; what a reader may find of it is decided by the search, from the policy.

-- The words of a text as search indexes them: its parts joined, in English. A text too varied for one tsvector
-- (PostgreSQL refuses more than 1 MB of distinct words) is indexed by its beginning rather than refused, so a
-- paper or a meeting's notes are never turned away for their length. Immutable, as index expressions and
-- generated columns need: for text, joining the parts depends on nothing but the parts.
create function search_vector(variadic parts text[]) returns tsvector language plpgsql immutable parallel safe as $$
declare
	whole text := array_to_string(parts, ' ');
begin
	return to_tsvector('english', whole);
exception when program_limit_exceeded then
	begin
		return to_tsvector('english', left(whole, 100000));
	exception when program_limit_exceeded then
		return ''::tsvector;
	end;
end;
$$;

-- A paper's words, read from the file when it is uploaded (PDF, Word, plain text; src/lib/server/paper-text.ts):
-- empty for a file whose words cannot be read, which is then found by its name alone.
alter table papers add column text_content text not null default '';
alter table papers add column search_words tsvector generated always as (search_vector(filename, text_content)) stored;
create index papers_search on papers using gin (search_words);

-- An agenda item as its body's members search it (with the notes taken during it) and as the public does (without:
-- the notes are not published). Queries repeat these expressions exactly, so that they use the indexes.
create index agenda_items_search on agenda_items using gin (search_vector(title, presenter, discussion));
create index agenda_items_search_public on agenda_items using gin (search_vector(title, presenter));

-- A decision is found by its motion's words and by the explanation the register gives of it.
create index motions_search on motions using gin (search_vector(text));
create index decisions_search on decisions using gin (search_vector(variadic explanation));

create index document_comments_search on document_comments using gin (search_vector(text));

-- The words of the co-edited documents and minutes, whose text lives in Yjs state that SQL cannot read: extracted
-- by the search itself, just before it searches, from each document whose stored log has moved on since (its
-- `seq`, as in `documents`, differs), and once from each frozen version the public record publishes (the adopted
-- terms of reference, approved minutes). A copy to search, never to read from: pages read the documents.
create table search_texts (
	-- The document's name ('minutes:<meeting>', 'terms-of-reference:<body>'...), or 'version:<id>' for a version.
	source text not null,
	-- Minutes keep Part B apart from Part A, as the document does; the other documents are all 'A'.
	part text not null check (part in ('A', 'B')),
	body_id uuid not null references bodies (id),
	kind text not null check (kind in ('terms-of-reference', 'priorities', 'raci', 'minutes')),
	meeting_id uuid references meetings (id),
	version_id uuid references document_versions (id),
	text text not null,
	search_words tsvector generated always as (search_vector(text)) stored,
	-- The document's sequence number when the text was read (documents.seq); 0 for a version, which never changes.
	seq bigint not null,
	refreshed_at timestamptz not null default now(),
	primary key (source, part),
	check ((version_id is not null) = (source like 'version:%'))
);
create index search_texts_search on search_texts using gin (search_words);
create index search_texts_version on search_texts (version_id) where version_id is not null;
