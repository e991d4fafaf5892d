import * as Y from 'yjs';
import type { Sql, Tx } from '../db';
import type { Compaction, DocumentStorage, StoredDocument, StoredUpdate } from './index';
import { mergeIntoSnapshot } from './merge';

// Any fixed number, with the document's name hashed as the second key: one compaction of a document at a time
// across instances, while appends to it carry on.
const COMPACTION_LOCK = 72_015_002;

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

		load: (docName, afterSeq = 0) => loadStored(sql, docName, afterSeq),

		async compact(docName): Promise<Compaction> {
			return sql.begin(async (tx) => {
				await tx`select pg_advisory_xact_lock(${COMPACTION_LOCK}, hashtext(${docName}))`;
				const [snapshot] = await tx<{ state: Buffer; seq: string }[]>`
					select state, seq from document_snapshots where doc_name = ${docName}`;
				const covered = Number(snapshot?.seq ?? 0);
				const updates = await tx<{ seq: string; update: Buffer }[]>`
					select seq, update from document_updates where doc_name = ${docName} and seq > ${covered} order by seq`;
				if (updates.length === 0) return { seq: covered, merged: 0, unreadable: 0 };
				const { state, unreadable } = mergeIntoSnapshot(
					snapshot ? bytes(snapshot.state) : null,
					updates.map((row) => bytes(row.update))
				);
				const seq = Number(updates.at(-1)!.seq);
				await tx`
					insert into document_snapshots (doc_name, state, seq) values (${docName}, ${Buffer.from(state)}, ${seq})
					on conflict (doc_name) do update set state = excluded.state, seq = excluded.seq, updated_at = now()`;
				await tx`delete from document_updates where doc_name = ${docName} and seq <= ${seq}`;
				return { seq, merged: updates.length, unreadable };
			});
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
