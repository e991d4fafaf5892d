-- Named versions of the co-edited documents (terms of reference, priorities plan, RACI matrix), proposed for
-- adoption by a motion at a meeting of the body, and adopted when that motion's decision is carried.

create table document_versions (
	id uuid primary key default gen_random_uuid(),
	-- As the collaboration server names the document: 'terms-of-reference:<body>', 'priorities:<body>:<YYYY-YY>', 'raci:<body>'.
	doc_name text not null,
	body_id uuid not null references bodies (id),
	kind text not null check (kind in ('terms-of-reference', 'priorities', 'raci')),
	name text not null check (length(name) between 1 and 120),
	-- Y.encodeStateAsUpdate of the document at that moment.
	state bytea not null,
	author_id uuid not null references users (id),
	created_at timestamptz not null default now(),
	-- The latest motion proposing its adoption; a version may be proposed again once that motion is disposed of.
	proposed_motion_id uuid references motions (id),
	adopted_at timestamptz,
	adopted_decision_id uuid references decisions (id),
	-- Terms of reference only: the rules recorded from the version on adoption, or why none were.
	adopted_rules_id uuid references body_rules (id),
	rules_problems text[] not null default '{}',
	check ((adopted_at is null) = (adopted_decision_id is null))
);
create index document_versions_doc on document_versions (doc_name, created_at desc);
create index document_versions_motion on document_versions (proposed_motion_id);

-- A version is what the document said at that moment: its content and name never change once saved.
create function document_versions_frozen() returns trigger language plpgsql as $$
begin
	if tg_op = 'DELETE' then
		raise exception 'document versions are kept: a version cannot be deleted';
	end if;
	if new.state <> old.state or new.name <> old.name or new.doc_name <> old.doc_name or new.body_id <> old.body_id
		or new.kind <> old.kind or new.author_id <> old.author_id or new.created_at <> old.created_at then
		raise exception 'a document version is frozen: only its proposal and adoption are recorded';
	end if;
	if old.adopted_at is not null and (new.adopted_at is distinct from old.adopted_at or new.adopted_decision_id is distinct from old.adopted_decision_id) then
		raise exception 'an adopted document version stays adopted';
	end if;
	return new;
end;
$$;
create trigger document_versions_frozen before update or delete on document_versions
	for each row execute function document_versions_frozen();
