import type { Compaction, DocumentStorage, StoredDocument } from './index';
import { mergeIntoSnapshot } from './merge';

interface MemoryDocument {
	seq: number;
	snapshot: { state: Uint8Array; seq: number } | null;
	updates: Map<number, Uint8Array>;
}

/** Documents kept in this process only: for tests, and for trying the collaboration server without a database. */
export function createMemoryStorage(): DocumentStorage {
	const documents = new Map<string, MemoryDocument>();
	// Copies in and out, as a database would: a caller changing its array afterwards changes nothing stored.
	const copy = (bytes: Uint8Array) => new Uint8Array(bytes);

	function append(docName: string, update: Uint8Array): number {
		let document = documents.get(docName);
		if (!document) documents.set(docName, (document = { seq: 0, snapshot: null, updates: new Map() }));
		const seq = ++document.seq;
		document.updates.set(seq, copy(update));
		return seq;
	}

	return {
		async append(docName, update) {
			return append(docName, update);
		},

		async appendMany(entries) {
			// One synchronous pass: nothing else runs in between, so all of them are stored together.
			return entries.map(({ docName, update }) => append(docName, update));
		},

		async load(docName, afterSeq = 0): Promise<StoredDocument> {
			const document = documents.get(docName);
			if (!document) return { snapshot: null, snapshotSeq: 0, updates: [], seq: afterSeq };
			const snapshot = document.snapshot && document.snapshot.seq > afterSeq ? document.snapshot : null;
			const from = Math.max(afterSeq, snapshot?.seq ?? 0);
			const updates = [...document.updates]
				.filter(([seq]) => seq > from)
				.sort(([a], [b]) => a - b)
				.map(([seq, update]) => ({ seq, update: copy(update) }));
			return {
				snapshot: snapshot ? copy(snapshot.state) : null,
				snapshotSeq: snapshot?.seq ?? 0,
				updates,
				seq: Math.max(from, updates.at(-1)?.seq ?? 0)
			};
		},

		async compact(docName): Promise<Compaction> {
			const document = documents.get(docName);
			const covered = document?.snapshot?.seq ?? 0;
			if (!document || document.updates.size === 0) return { seq: covered, merged: 0, unreadable: 0 };
			const seqs = [...document.updates.keys()].sort((a, b) => a - b);
			const { state, unreadable } = mergeIntoSnapshot(
				document.snapshot?.state ?? null,
				seqs.map((seq) => document.updates.get(seq)!)
			);
			const seq = seqs.at(-1)!;
			document.snapshot = { state, seq };
			for (const merged of seqs) document.updates.delete(merged);
			return { seq, merged: seqs.length, unreadable };
		}
	};
}
