/**
 * Where co-edited documents are kept: an append-only log of Yjs updates per document, each with a sequence number
 * that runs 1, 2, 3... per document with no holes, merged from time to time into a snapshot. Two implementations
 * share one test suite (tests/integration/collab-storage.test.ts): PostgreSQL (the portal's) and in-memory.
 */
export interface DocumentStorage {
	/**
	 * Appends an update and resolves, once it is durable, with its sequence number. Two appends to one document
	 * get consecutive numbers, and an update is readable before the next number is handed out.
	 */
	append(docName: string, update: Uint8Array): Promise<number>;
	/**
	 * Appends updates to any number of documents at once, all durable together or none, and resolves with each
	 * one's sequence number, in the order given. A document's updates get consecutive numbers in the order they
	 * are given in (interleaved with other documents' or not), following whatever it had; as with `append`, no
	 * two appends to a document, from this instance or another, get the same number or leave a hole.
	 */
	appendMany(entries: readonly AppendEntry[]): Promise<number[]>;
	/**
	 * What is stored after `afterSeq` (default: everything), read consistently: the snapshot when it covers more
	 * than `afterSeq`, then the updates that follow the snapshot or `afterSeq`, whichever is later.
	 */
	load(docName: string, afterSeq?: number): Promise<StoredDocument>;
	/** Merges the snapshot and every update after it into a new snapshot, and deletes the merged updates. */
	compact(docName: string): Promise<Compaction>;
}

/** One update for `appendMany`, and the document it is for. */
export interface AppendEntry {
	docName: string;
	update: Uint8Array;
}

export interface StoredDocument {
	/** The merged state up to `snapshotSeq`, or null when there is none (or it is not needed after `afterSeq`). */
	snapshot: Uint8Array | null;
	snapshotSeq: number;
	/** In sequence order, each after the snapshot and after `afterSeq`. */
	updates: StoredUpdate[];
	/** The last sequence number covered: every update up to it is in the snapshot, the updates, or before `afterSeq`. */
	seq: number;
}

export interface StoredUpdate {
	seq: number;
	update: Uint8Array;
}

export interface Compaction {
	/** The sequence number the snapshot now covers. */
	seq: number;
	/** How many updates were merged into it (0: nothing to do). */
	merged: number;
	/** Updates that could not be read as Yjs updates and were dropped from the merge (should never happen). */
	unreadable: number;
}

export { createMemoryStorage } from './memory';
export { appendUpdate, createPostgresStorage, loadDocument, loadStored } from './postgres';
