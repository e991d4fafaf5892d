import type { AppendEntry, Compaction, DocumentStorage } from '../../src/lib/server/document-storage';

/**
 * The one way an instance's documents reach storage: editors' updates in group commits across documents, and
 * compactions kept out of their way.
 */
export interface UpdateWriter {
	/**
	 * Stores one document's updates, in the order given, with the updates of every other document that came in
	 * while the write before was in flight (one `appendMany`), and resolves with their sequence numbers once they
	 * are durable; rejects, for every document in that write, when it fails.
	 */
	write(docName: string, updates: Uint8Array[]): Promise<number[]>;
	/**
	 * Merges a document's log into its snapshot, one document at a time for the instance, started between group
	 * writes (when none is in flight or waiting), or after `compactionWaitMs` when they never stop.
	 */
	compact(docName: string): Promise<Compaction>;
}

export interface UpdateWriterOptions {
	storage: DocumentStorage;
	/** How long a compaction waits for a gap between writes before it runs regardless. In ms, default 1,000. */
	compactionWaitMs?: number;
}

interface Waiting {
	docName: string;
	updates: Uint8Array[];
	resolve(seqs: number[]): void;
	reject(error: unknown): void;
}

interface WaitingCompaction {
	docName: string;
	since: number;
	resolve(compaction: Compaction): void;
	reject(error: unknown): void;
}

/**
 * Group commit across documents. Like `src/lib/server/group-commit.ts` for ballots, whatever arrives while a write
 * is in flight goes together in the next one; unlike it, there is one queue for every document, a write starts
 * only once the event loop has taken in what arrived with it (and what documents answered by the last write sent
 * next), and compactions wait for the gaps.
 * With 20 documents each taking an update every 20 ms, one document alone rarely has two waiting, but the
 * instance has several every millisecond: one statement (one commit, one round trip on the embedded database's
 * single connection) takes them all.
 */
export function createUpdateWriter(options: UpdateWriterOptions): UpdateWriter {
	const { storage } = options;
	const compactionWaitMs = options.compactionWaitMs ?? 1_000;
	let waiting: Waiting[] = [];
	let writing = false;
	let scheduled = false;
	const compactions: WaitingCompaction[] = [];
	let compacting = false;
	let overdue: NodeJS.Timeout | null = null;

	function schedule(): void {
		if (scheduled || writing) return;
		scheduled = true;
		// After the I/O callbacks of this turn (every frame that arrived with this one) and the microtasks they
		// started, so that a document whose write just committed is back in the queue with its next updates.
		setImmediate(() => void flush());
	}

	async function flush(): Promise<void> {
		scheduled = false;
		const group = waiting;
		waiting = [];
		if (group.length === 0) return compactIfIdle();
		writing = true;
		const entries: AppendEntry[] = group.flatMap(({ docName, updates }) => updates.map((update) => ({ docName, update })));
		try {
			const seqs = await storage.appendMany(entries);
			let at = 0;
			for (const request of group) {
				request.resolve(seqs.slice(at, at + request.updates.length));
				at += request.updates.length;
			}
		} catch (error) {
			for (const request of group) request.reject(error);
		} finally {
			writing = false;
		}
		if (waiting.length > 0) schedule();
		else compactIfIdle();
	}

	function compactIfIdle(): void {
		if (compacting || compactions.length === 0) return;
		if (writing || waiting.length > 0 || scheduled) {
			overdue ??= setTimeout(() => {
				overdue = null;
				runCompaction();
			}, Math.max(0, compactions[0]!.since + compactionWaitMs - performance.now()));
			return;
		}
		runCompaction();
	}

	function runCompaction(): void {
		if (compacting) return;
		const next = compactions.shift();
		if (!next) return;
		if (overdue) clearTimeout(overdue);
		overdue = null;
		compacting = true;
		storage
			.compact(next.docName)
			.then(next.resolve, next.reject)
			.finally(() => {
				compacting = false;
				compactIfIdle();
			});
	}

	return {
		write(docName, updates) {
			return new Promise<number[]>((resolve, reject) => {
				waiting.push({ docName, updates, resolve, reject });
				schedule();
			});
		},

		compact(docName) {
			return new Promise<Compaction>((resolve, reject) => {
				compactions.push({ docName, since: performance.now(), resolve, reject });
				compactIfIdle();
			});
		}
	};
}
