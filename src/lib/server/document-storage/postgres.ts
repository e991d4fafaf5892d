import * as Y from 'yjs';
import type { Sql, Tx } from '../db';
import type { AppendEntry, Compaction, DocumentStorage, StoredDocument, StoredUpdate } from './index';
import { mergeIntoSnapshot } from './merge';

/**
 * Documents in PostgreSQL (migrations/002_documents.sql). Sequence numbers come from the document's row in
 * `documents`, locked by each append until it commits: that is what makes them gap-free across instances.
 */
/**
 * What is stored of a document after `afterSeq` (see DocumentStorage.load), in one statement: one consistent view
 * even while the log is being compacted, and usable inside the caller's transaction.
 */
export async function loadStored(tx: Tx, docName: string, afterSeq = 0): Promise<StoredDocument> {
	const rows = await tx<{ snapshot: boolean; seq: string; bytes: Buffer }[]>`
		select snapshot, seq, bytes from (
			select true as snapshot, seq, state as bytes from document_snapshots where doc_name = ${docName} and seq > ${afterSeq}
			union all
			select false, u.seq, u.update from document_updates u
			where u.doc_name = ${docName}
				and u.seq > greatest(${afterSeq}::bigint, coalesce((select seq from document_snapshots where doc_name = ${docName}), 0))
		) stored order by snapshot desc, seq`;
	const snapshot = rows[0]?.snapshot ? rows[0] : null;
	const updates = rows.filter((row) => !row.snapshot).map((row): StoredUpdate => ({ seq: Number(row.seq), update: bytes(row.bytes) }));
	const from = Math.max(afterSeq, Number(snapshot?.seq ?? 0));
	return { snapshot: snapshot ? bytes(snapshot.bytes) : null, snapshotSeq: snapshot ? Number(snapshot.seq) : 0, updates, seq: Math.max(from, updates.at(-1)?.seq ?? 0) };
}

/** The stored state of a document as a Y.Doc, read inside the caller's transaction; null when nothing was ever stored. */
export async function loadDocument(tx: Tx, docName: string): Promise<Y.Doc | null> {
	const stored = await loadStored(tx, docName);
	if (!stored.snapshot && stored.updates.length === 0) return null;
	const doc = new Y.Doc();
	doc.transact(() => {
		if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
		for (const { update } of stored.updates) Y.applyUpdate(doc, update);
	});
	return doc;
}

export function createPostgresStorage(sql: Sql): DocumentStorage {
	return {
		append: (docName, update) => appendUpdate(sql, docName, update),

		appendMany: (entries) => appendUpdates(sql, entries),

		load: (docName, afterSeq = 0) => loadStored(sql, docName, afterSeq),

		// Read, merged here, then written: two statements, and no transaction held open while the merge runs, so on
		// the embedded database's one connection the appends of every document go on between them. Two compactions
		// of one document at once (two instances) are safe without a lock: a snapshot only ever replaces one that
		// covers less, and what each deletes is covered by whichever snapshot stands.
		async compact(docName): Promise<Compaction> {
			const stored = await loadStored(sql, docName);
			if (stored.updates.length === 0) return { seq: stored.seq, merged: 0, unreadable: 0 };
			const { state, unreadable } = mergeIntoSnapshot(
				stored.snapshot,
				stored.updates.map(({ update }) => update)
			);
			const seq = stored.updates.at(-1)!.seq;
			await sql`
				with snapshot as (
					insert into document_snapshots (doc_name, state, seq) values (${docName}, ${Buffer.from(state)}, ${seq})
					on conflict (doc_name) do update set state = excluded.state, seq = excluded.seq, updated_at = now()
					where document_snapshots.seq < excluded.seq
				)
				delete from document_updates where doc_name = ${docName} and seq <= ${seq}`;
			return { seq, merged: stored.updates.length, unreadable };
		}
	};
}

/** A Buffer from the driver as a plain Uint8Array, as Yjs expects. */
function bytes(buffer: Buffer): Uint8Array {
	return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * Appends an update to a document's log, as `append` does, inside the caller's transaction when given one: for
 * an act that writes a document together with other rows (minutes generated once, under the meeting's lock).
 */
export async function appendUpdate(tx: Tx, docName: string, update: Uint8Array): Promise<number> {
	const [row] = await tx<{ seq: string }[]>`
		with head as (
			insert into documents (name, seq) values (${docName}, 1)
			on conflict (name) do update set seq = documents.seq + 1, updated_at = now()
			returning seq
		)
		insert into document_updates (doc_name, seq, update)
		select ${docName}, seq, ${Buffer.from(update.buffer, update.byteOffset, update.byteLength)} from head
		returning seq`;
	return Number(row!.seq);
}

/**
 * Appends updates to any number of documents in one statement (see DocumentStorage.appendMany): each document's
 * row in `documents` moves on by its count, under the row's lock until commit as with `appendUpdate`, and every
 * update is inserted with its number. The rows are locked in the order of their names, so two instances appending
 * to the same documents wait for each other rather than deadlock.
 */
export async function appendUpdates(tx: Tx, entries: readonly AppendEntry[]): Promise<number[]> {
	if (entries.length === 0) return [];
	// One jsonb parameter, the bytes in base64: postgres.js sends an array parameter as such only once it has read
	// the server's array types, which a fresh connection has not always done (bytea[] then arrives as bytea).
	const given = entries.map(({ docName, update }) => ({ name: docName, update: Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('base64') }));
	const heads = await tx<{ name: string; seq: string }[]>`
		with entry as (
			select e.value ->> 'name' as name, decode(e.value ->> 'update', 'base64') as update, e.ord
			from jsonb_array_elements(${tx.json(given)}) with ordinality as e (value, ord)
		),
		added as (
			select name, count(*) as n from entry group by name
		),
		head as (
			insert into documents (name, seq) select name, n from added order by name
			on conflict (name) do update set seq = documents.seq + excluded.seq, updated_at = now()
			returning name, seq
		),
		stored as (
			insert into document_updates (doc_name, seq, update)
			select entry.name, head.seq - added.n + row_number() over (partition by entry.name order by entry.ord), entry.update
			from entry join added using (name) join head using (name)
		)
		select name, seq from head`;
	// Each document's numbers end at its new head: hand them out from its first, in the order given.
	const counts = new Map<string, number>();
	for (const { docName } of entries) counts.set(docName, (counts.get(docName) ?? 0) + 1);
	const next = new Map<string, number>();
	for (const { name, seq } of heads) next.set(name, Number(seq) - counts.get(name)! + 1);
	return entries.map(({ docName }) => {
		const seq = next.get(docName)!;
		next.set(docName, seq + 1);
		return seq;
	});
}
