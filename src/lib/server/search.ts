import * as Y from 'yjs';
import { readSnapshot, type SnapshotKind } from '$lib/documents/snapshot';
import { editorPath, parseDocumentName, parseMinutesName } from '$lib/domain/documents/document-name';
import { documentTitle } from '$lib/domain/documents/titles';
import { decide, visibleParts, type Reader } from '$lib/domain/policy';
import { MATCH_START, MATCH_STOP, MAX_QUERY_LENGTH, SEARCH_KINDS, snippetParts, type SearchKind, type SearchOutcome, type SearchResult } from '$lib/domain/search';
import { searchableText, type SearchableText } from '$lib/domain/search-text';
import type { Tx } from './db';
import { loadDocument } from './document-storage';
import * as documentVersion from './document-version';
import { agendaPublishedSql } from './publication';

/**
 * One search across decisions, papers (their words too), agenda items, minutes, comments and co-edited documents,
 * in PostgreSQL's English full-text search: stemmed, ranked, with the matching words marked in a snippet.
 *
 * What the reader may find is what they may read, decided by the policy: the sets of bodies whose business they
 * follow, whose Part A and Part B they may read and whose documents they may open are worked out here from
 * `decide` and `visibleParts` and handed to the query, which never decides for itself. For every body the reader
 * does not follow (all of them, for the public) it finds only the public record as publication.ts defines it:
 * Part A items and papers of meetings whose agenda is published (titles and presenters, never the notes taken),
 * Part A decisions, the approved minutes' Part A and the terms of reference in force; never a comment, a draft
 * or an unadopted version.
 */

export type { SearchKind, SearchOutcome, SearchResult };

export interface SearchOptions {
	/** How many results to give, best first: 50 unless said, at most 100. */
	limit?: number;
	/** Only these kinds of thing; all of them unless said. */
	kinds?: readonly SearchKind[];
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
const MAX_TITLE = 160;

/** ts_headline's options: matches marked by control characters (see $lib/domain/search), two short fragments. */
const HEADLINE_OPTIONS = `StartSel=${MATCH_START}, StopSel=${MATCH_STOP}, MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "`;

/** The bodies whose business the reader reaches, by what they may do with it: from the policy, never from SQL. */
interface Scope {
	signedIn: boolean;
	all: string[];
	/** meeting.follow: their agenda items (notes included), papers and minutes as the members read them. */
	follow: string[];
	/** visibleParts: whose Part A, and whose Part B, the reader may read. */
	partA: string[];
	partB: string[];
	/** document.view: their co-edited documents and the comments on them. */
	view: string[];
}

async function scopeOf(tx: Tx, reader: Reader): Promise<Scope> {
	const all = (await tx<{ id: string }[]>`select id from bodies`).map((row) => row.id);
	const allowed = (action: 'meeting.follow' | 'document.view') => all.filter((bodyId) => decide(reader, action, { bodyId }).allowed);
	return {
		signedIn: reader !== null,
		all,
		follow: allowed('meeting.follow'),
		partA: all.filter((bodyId) => visibleParts(reader, bodyId).includes('A')),
		partB: all.filter((bodyId) => visibleParts(reader, bodyId).includes('B')),
		view: allowed('document.view')
	};
}

/** A matching row, before its snippet: the same columns from every kind. */
interface Hit {
	kind: SearchKind;
	id: string | null;
	bodyId: string;
	bodyName: string;
	meetingId: string | null;
	/** search_texts.source, or a comment's document. */
	source: string | null;
	part: 'A' | 'B';
	/** Found as the public record (a body the reader does not follow): links go to the public pages. */
	publicRecord: boolean;
	title: string;
	context: string | null;
	date: Date | null;
	total: string;
	headline: string;
}

/**
 * Searches for `query` as `reader` may (null: the public). Words are read as a search engine reads them
 * (websearch_to_tsquery: "quoted phrases", `or`, `-word`); a search of nothing, or of common words only, finds
 * nothing and says why rather than failing.
 */
export async function search(tx: Tx, reader: Reader, query: string, options: SearchOptions = {}): Promise<SearchOutcome> {
	const tidied = query.replace(/\s+/g, ' ').trim();
	const shortened = tidied.length > MAX_QUERY_LENGTH;
	const text = shortened ? tidied.slice(0, MAX_QUERY_LENGTH).trimEnd() : tidied;
	const nothing = (message: string | null): SearchOutcome => ({ query: text, shortened, results: [], total: 0, message });
	if (text === '') return nothing('Enter the words to search for.');
	const [parsed] = await tx<{ nodes: number }[]>`select numnode(websearch_to_tsquery('english', ${text})) as nodes`;
	if (!parsed || parsed.nodes === 0) {
		return nothing(`“${text}” has only common words, like “the” and “of”, which are not searched for: add the words that matter.`);
	}
	const kinds = new Set(options.kinds ?? SEARCH_KINDS);
	if (kinds.size === 0) return nothing(null);
	const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)));

	const scope = await scopeOf(tx, reader);
	if (kinds.has('minutes') || kinds.has('document')) await refreshTexts(tx, scope);

	const hits = await tx<Hit[]>`
		with hits as (${union(tx, branches(tx, scope, text, kinds))}),
		ranked as (
			select h.*, count(*) over () as total from hits h
			order by h.rank desc, h.date desc nulls last, h.kind, h.id, h.source, h.part limit ${limit}
		)
		select r.kind, r.id, r.body_id, b.name as body_name, r.meeting_id, r.source, r.part, r.public_record, r.title, r.context, r.date, r.total,
			ts_headline('english', translate(coalesce(src.text, ''), ${MATCH_START + MATCH_STOP}, '  '), websearch_to_tsquery('english', ${text}), ${HEADLINE_OPTIONS}) as headline
		from ranked r
		join bodies b on b.id = r.body_id
		left join lateral (${snippetSource(tx)}) src on true
		order by r.rank desc, r.date desc nulls last, r.kind, r.id, r.source, r.part`;
	return { query: text, shortened, results: hits.map(toResult), total: Number(hits[0]?.total ?? 0), message: null };
}

type Fragment = ReturnType<Tx>;

function union(tx: Tx, parts: Fragment[]): Fragment {
	return parts.slice(1).reduce((all, part) => tx`${all} union all ${part}`, parts[0]!);
}

/**
 * One select per kind (two where the public reads something differently), each with the same columns and each
 * using its index (migrations/011_search.sql: the expressions are repeated exactly).
 */
function branches(tx: Tx, scope: Scope, text: string, kinds: Set<SearchKind>): Fragment[] {
	const q = tx`websearch_to_tsquery('english', ${text})`;
	const { follow, partA, partB, view } = scope;
	/** Of the body's business, the parts the reader may read (alias: a row with `part`; body: its body id). */
	const readable = (part: Fragment, bodyId: Fragment) =>
		tx`((${part} = 'A' and ${bodyId} = any(${partA}::uuid[])) or (${part} = 'B' and ${bodyId} = any(${partB}::uuid[])))`;
	const follows = (bodyId: Fragment) => tx`${bodyId} = any(${follow}::uuid[])`;
	const out: Fragment[] = [];

	if (kinds.has('decision')) {
		// policy.mayReadDecision: its body's rule, or that of the body a recommendation goes to.
		out.push(tx`
			select 'decision'::text as kind, d.id, d.body_id, d.meeting_id, null::text as source, a.part, ${!scope.signedIn}::boolean as public_record,
				mo.text as title, mt.title as context, d.decided_at as date,
				ts_rank(search_vector(mo.text) || search_vector(variadic d.explanation), ${q}, 1) as rank
			from decisions d
			join motions mo on mo.id = d.motion_id
			join agenda_items a on a.id = d.agenda_item_id
			join meetings mt on mt.id = d.meeting_id
			where d.id in (
					select dx.id from decisions dx where search_vector(variadic dx.explanation) @@ ${q}
					union select dm.id from decisions dm join motions mm on mm.id = dm.motion_id where search_vector(mm.text) @@ ${q}
				)
				and (${readable(tx`a.part`, tx`d.body_id`)} or ${readable(tx`a.part`, tx`d.recommendation_to_body_id`)})`);
	}
	if (kinds.has('paper')) {
		out.push(tx`
			select 'paper'::text, p.id, m.body_id, m.id, null::text, a.part, not ${follows(tx`m.body_id`)},
				p.filename, a.title || ', ' || m.title, m.starts_at, ts_rank(p.search_words, ${q}, 1)
			from papers p join agenda_items a on a.id = p.agenda_item_id join meetings m on m.id = a.meeting_id
			where p.search_words @@ ${q}
				and ((${follows(tx`m.body_id`)} and ${readable(tx`a.part`, tx`m.body_id`)})
					or (not ${follows(tx`m.body_id`)} and a.part = 'A' and ${agendaPublishedSql(tx, 'm')}))`);
	}
	if (kinds.has('agenda_item')) {
		// The notes taken during an item are for the body's members: the public finds an item by title and presenter.
		out.push(tx`
			select 'agenda_item'::text, a.id, m.body_id, m.id, null::text, a.part, false,
				a.title, m.title, m.starts_at, ts_rank(search_vector(a.title, a.presenter, a.discussion), ${q}, 1)
			from agenda_items a join meetings m on m.id = a.meeting_id
			where search_vector(a.title, a.presenter, a.discussion) @@ ${q}
				and ${follows(tx`m.body_id`)} and ${readable(tx`a.part`, tx`m.body_id`)}`);
		out.push(tx`
			select 'agenda_item'::text, a.id, m.body_id, m.id, null::text, a.part, true,
				a.title, m.title, m.starts_at, ts_rank(search_vector(a.title, a.presenter), ${q}, 1)
			from agenda_items a join meetings m on m.id = a.meeting_id
			where search_vector(a.title, a.presenter) @@ ${q}
				and not ${follows(tx`m.body_id`)} and a.part = 'A' and ${agendaPublishedSql(tx, 'm')}`);
	}
	if (kinds.has('minutes')) {
		// Members search the minutes as they stand; everyone else the approved version's Part A, once approved.
		out.push(tx`
			select 'minutes'::text, m.id, m.body_id, m.id, s.source, s.part, false,
				m.title, null::text, m.starts_at, ts_rank(s.search_words, ${q}, 1)
			from search_texts s join meetings m on m.id = s.meeting_id join documents doc on doc.name = s.source
			where s.search_words @@ ${q} and s.kind = 'minutes' and s.version_id is null
				and ${follows(tx`m.body_id`)} and ${readable(tx`s.part`, tx`m.body_id`)}`);
		out.push(tx`
			select 'minutes'::text, m.id, m.body_id, m.id, s.source, s.part, true,
				m.title, null::text, m.starts_at, ts_rank(s.search_words, ${q}, 1)
			from search_texts s join minutes mi on mi.approved_version_id = s.version_id join meetings m on m.id = mi.meeting_id
			where s.search_words @@ ${q} and s.kind = 'minutes' and s.part = 'A' and mi.approved_at is not null
				and not ${follows(tx`m.body_id`)} and ${agendaPublishedSql(tx, 'm')}`);
	}
	if (kinds.has('comment')) {
		out.push(tx`
			select 'comment'::text, c.id, t.body_id, null::uuid, t.doc_name, 'A'::text, false,
				t.doc_name, nullif(t.label, ''), c.created_at, ts_rank(search_vector(c.text), ${q}, 1)
			from thread_comments c join comment_threads t on t.id = c.thread_id
			where search_vector(c.text) @@ ${q} and c.deleted_at is null and t.doc_name is not null and t.body_id = any(${view}::uuid[])`);
		// Comments on a meeting's business (an item, a paper, a motion, a decision) are in the part of that item.
		out.push(tx`
			select 'comment'::text, c.id, t.body_id, t.meeting_id, null::text, item.part, false,
				m.title, nullif(t.label, ''), c.created_at, ts_rank(search_vector(c.text), ${q}, 1)
			from thread_comments c join comment_threads t on t.id = c.thread_id join meetings m on m.id = t.meeting_id
			join lateral (
				select a.part from agenda_items a
				where a.id = coalesce(t.agenda_item_id,
					(select p.agenda_item_id from papers p where p.id = t.paper_id),
					(select mo.agenda_item_id from motions mo where mo.id = t.motion_id),
					(select d.agenda_item_id from decisions d where d.id = t.decision_id))
			) item on true
			where search_vector(c.text) @@ ${q} and c.deleted_at is null and t.doc_name is null
				and ${follows(tx`t.body_id`)} and ${readable(tx`item.part`, tx`t.body_id`)}`);
	}
	if (kinds.has('document')) {
		out.push(tx`
			select 'document'::text, null::uuid, s.body_id, null::uuid, s.source, s.part, false,
				s.source, null::text, doc.updated_at, ts_rank(s.search_words, ${q}, 1)
			from search_texts s join documents doc on doc.name = s.source
			where s.search_words @@ ${q} and s.kind <> 'minutes' and s.version_id is null and s.body_id = any(${view}::uuid[])`);
		// The terms of reference in force, as publication.termsInForce reads them: the version adopted last, by a
		// decision the public may read.
		out.push(tx`
			select 'document'::text, v.id, v.body_id, null::uuid, s.source, s.part, true,
				v.doc_name, null::text, v.adopted_at, ts_rank(s.search_words, ${q}, 1)
			from search_texts s join document_versions v on v.id = s.version_id
			where s.search_words @@ ${q} and s.kind = 'terms-of-reference' and s.part = 'A'
				and not (v.body_id = any(${view}::uuid[]))
				and v.id = (
					select latest.id from document_versions latest
					where latest.body_id = v.body_id and latest.kind = 'terms-of-reference' and latest.adopted_at is not null
					order by latest.adopted_at desc, latest.created_at desc limit 1
				)
				and exists (
					select 1 from decisions ad join agenda_items aa on aa.id = ad.agenda_item_id
					where ad.id = v.adopted_decision_id and aa.part = 'A'
				)`);
	}
	return out;
}

/** The text a result's snippet is taken from (alias r: the ranked hit): what it was found by, and nothing more. */
function snippetSource(tx: Tx): Fragment {
	return tx`
		select p.filename || E'\n' || p.text_content as text from papers p where r.kind = 'paper' and p.id = r.id
		union all
		select concat_ws(' — ', a.title, nullif(a.presenter, ''), case when not r.public_record then nullif(a.discussion, '') end)
		from agenda_items a where r.kind = 'agenda_item' and a.id = r.id
		union all
		select mo.text || E'\n' || array_to_string(d.explanation, E'\n') from decisions d join motions mo on mo.id = d.motion_id
		where r.kind = 'decision' and d.id = r.id
		union all
		select c.text from thread_comments c where r.kind = 'comment' and c.id = r.id
		union all
		select s.text from search_texts s where r.kind in ('minutes', 'document') and s.source = r.source and s.part = r.part`;
}

const shorten = (text: string) => (text.length > MAX_TITLE ? `${text.slice(0, MAX_TITLE - 1).trimEnd()}…` : text);

/** Where a co-edited document is read and written; a name that is neither (never stored) leads to the body's documents. */
function documentPath(docName: string, bodyId: string): string {
	const named = parseMinutesName(docName) ?? parseDocumentName(docName);
	return named ? editorPath(named) : `/bodies/${bodyId}/documents`;
}

function documentName(docName: string): string {
	if (parseMinutesName(docName)) return 'Minutes';
	const named = parseDocumentName(docName);
	return named ? documentTitle(named) : 'Document';
}

function toResult(hit: Hit): SearchResult {
	const common = {
		kind: hit.kind,
		bodyName: hit.bodyName,
		date: hit.date,
		context: hit.context,
		confidential: hit.part === 'B',
		snippet: snippetParts(hit.headline)
	};
	switch (hit.kind) {
		case 'decision':
			return { ...common, title: shorten(hit.title), url: hit.publicRecord ? `/public/decisions/${hit.id}` : `/decisions/${hit.id}` };
		case 'paper':
			return { ...common, title: hit.title, url: hit.publicRecord ? `/public/papers/${hit.id}` : `/papers/${hit.id}` };
		case 'agenda_item':
			return { ...common, title: hit.title, url: hit.publicRecord ? `/public/meetings/${hit.meetingId}` : `/meetings/${hit.meetingId}` };
		case 'minutes':
			return {
				...common,
				title: `Minutes: ${hit.title}${hit.part === 'B' ? ' (confidential business)' : ''}`,
				url: hit.publicRecord ? `/public/meetings/${hit.meetingId}` : `/meetings/${hit.meetingId}/minutes`
			};
		case 'comment':
			if (hit.source === null) return { ...common, title: `Comment on ${hit.title}`, url: `/meetings/${hit.meetingId}/comments` };
			return { ...common, title: `Comment on the ${documentName(hit.source).toLowerCase()}`, url: documentPath(hit.source, hit.bodyId) };
		case 'document':
			return {
				...common,
				title: documentName(hit.title),
				url: hit.publicRecord ? `/public/bodies/${hit.bodyId}/terms-of-reference` : documentPath(hit.source!, hit.bodyId)
			};
	}
}

/**
 * Brings search_texts up to date for this search (migrations/011_search.sql): the co-edited documents and minutes
 * of the bodies the reader may search whose stored log has moved on since their text was read (documents.seq is
 * the document's last change, taken in the same transaction as the change), and each frozen version the public
 * record publishes that has not been read yet. Read at search time, so search is never behind what was written,
 * without the collaboration server's write path knowing about search.
 */
async function refreshTexts(tx: Tx, scope: Scope): Promise<void> {
	const follow = new Set(scope.follow);
	const view = new Set(scope.view);
	const stale = await tx<{ name: string; seq: string; meetingId: string | null; meetingBodyId: string | null }[]>`
		select d.name, d.seq::text as seq, m.id as meeting_id, m.body_id as meeting_body_id
		from documents d
		left join search_texts s on s.source = d.name and s.part = 'A'
		left join meetings m on d.name like 'minutes:%' and m.id::text = substr(d.name, 9)
		where s.seq is distinct from d.seq`;
	for (const row of stale) {
		const minutesOf = parseMinutesName(row.name);
		const named = minutesOf ? null : parseDocumentName(row.name);
		const target = minutesOf
			? row.meetingBodyId && follow.has(row.meetingBodyId)
				? { kind: 'minutes' as const, bodyId: row.meetingBodyId, meetingId: row.meetingId }
				: null
			: named && view.has(named.bodyId)
				? { kind: named.kind, bodyId: named.bodyId, meetingId: null }
				: null;
		if (!target) continue;
		const doc = (await loadDocument(tx, row.name)) ?? new Y.Doc();
		let text: SearchableText;
		try {
			text = searchableText(readSnapshot(target.kind, doc));
		} finally {
			doc.destroy();
		}
		// Read at `seq` or later: if it was later, the next search reads it once more, which costs nothing wrong.
		await tx`
			insert into search_texts (source, part, body_id, kind, meeting_id, text, seq)
			select ${row.name}::text, p.part, ${target.bodyId}::uuid, ${target.kind}::text, ${target.meetingId}::uuid, p.text, ${row.seq}::bigint
			from (values ('A', ${text.A}::text), ('B', ${text.B}::text)) p (part, text)
			where p.part = 'A' or ${target.kind === 'minutes'}::boolean
			on conflict (source, part) do update set text = excluded.text, seq = excluded.seq, body_id = excluded.body_id,
				meeting_id = excluded.meeting_id, refreshed_at = now()`;
	}
	// Frozen versions are read only for the public record, of bodies the reader does not follow.
	if (scope.follow.length === scope.all.length && scope.view.length === scope.all.length) return;
	const versions = await tx<{ id: string; kind: SnapshotKind; bodyId: string; meetingId: string | null }[]>`
		select v.id, v.kind, v.body_id, mi.meeting_id
		from document_versions v left join minutes mi on mi.approved_version_id = v.id and mi.approved_at is not null
		where (mi.meeting_id is not null or (v.kind = 'terms-of-reference' and v.adopted_at is not null))
			and not exists (select 1 from search_texts s where s.version_id = v.id)`;
	for (const version of versions) {
		const doc = await documentVersion.versionDocument(tx, version.id);
		if (!doc) continue;
		let text: SearchableText;
		try {
			text = searchableText(readSnapshot(version.kind, doc));
		} finally {
			doc.destroy();
		}
		// Only what is published of it: Part A.
		await tx`
			insert into search_texts (source, part, body_id, kind, meeting_id, version_id, text, seq)
			values (${`version:${version.id}`}, 'A', ${version.bodyId}, ${version.kind}, ${version.meetingId}, ${version.id}, ${text.A}, 0)
			on conflict (source, part) do nothing`;
	}
}
