import type { Logger } from 'pino';
import type WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { SessionUser } from '../../src/lib/server/session';
import type { Permission } from '../../src/lib/server/document-access';
import type { Fanout } from './fanout';
import { awarenessMessage, syncStep2, syncStep2Frame, updateMessage } from './protocol';
import type { DocumentStorage } from '../../src/lib/server/document-storage';
import type { StateEncoder } from './state-encoder';
import { createUpdateWriter, type UpdateWriter } from './update-writer';

/** One websocket on a document, with who is behind it and what they may do. */
export interface Connection {
	ws: WebSocket;
	user: SessionUser;
	permission: Permission;
	/** The awareness client ids this connection has announced, removed when it closes. */
	awarenessIds: Set<number>;
	/** Told once that its edits are refused, not at every keystroke. */
	toldReadOnly: boolean;
}

/** Transaction origins for changes that came from elsewhere than a local connection. */
const FROM_STORAGE = Symbol('storage');
const FROM_REDIS = Symbol('redis');
const CONNECTION_CLOSED = Symbol('connection closed');

export interface LiveDocumentOptions {
	name: string;
	storage: DocumentStorage;
	/**
	 * Stores editors' updates and runs compactions, shared by every document of the instance so that their writes
	 * go together (see update-writer.ts). Default: one of the document's own over `storage`.
	 */
	writer?: UpdateWriter;
	fanout: Fanout | null;
	log: Logger;
	/** Merge the stored log into a snapshot once this many updates follow it. */
	compactEvery: number;
	/** How long a hole in the sequence may stay open (a message still on its way) before catching up from storage. */
	gapGraceMs: number;
	/** From this many bytes of encoded state, syncs are answered from the kept encoded state (see `syncAnswer`). */
	largeStateBytes: number;
	/** Merges and diffs a large document's encoded state off the event loop. */
	encoder: StateEncoder;
	/** Sends a frame to one connection. */
	send(connection: Connection, frame: Uint8Array): void;
	/** Ends a connection the document can no longer serve (its update could not be stored). */
	fail(connection: Connection, reason: string): void;
}

/**
 * A document in memory while anyone has it open: its Y.Doc and awareness, its connections, and where it stands in
 * the stored sequence. Every editor's update is stored before it is applied and relayed, in the order its writes
 * were taken from `queue` (which also orders loading and catching up), so whatever any client has seen is on disk.
 */
export class LiveDocument {
	readonly name: string;
	readonly doc = new Y.Doc();
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	readonly connections = new Set<Connection>();
	/** Every update up to this sequence number is in `doc`. */
	seq = 0;
	/** Sequence numbers above `seq` already in `doc`, arrived out of order. */
	private readonly ahead = new Set<number>();
	private queue: Promise<void> = Promise.resolve();
	/** Editors' updates waiting for the write in flight (see `accept`). */
	private pending: { connection: Connection; update: Uint8Array }[] = [];
	private writing = false;
	/** About how large the document is, in stored bytes (see `wouldPass`). */
	private bytes = 0;
	private loaded = false;
	/** Messages from Redis that arrived while the document was loading. */
	private early: { seq: number; update: Uint8Array }[] = [];
	private gapTimer: NodeJS.Timeout | null = null;
	private catchingUp = false;
	private sinceSnapshot = 0;
	private compacting: Promise<void> | null = null;
	private readonly writer: UpdateWriter;
	/** Set when unloading starts: nothing new is taken on. */
	private closing = false;
	/**
	 * The document's state as the encoded updates that made it: every update applied to `doc`, as it was applied
	 * (the stored snapshot, the stored and accepted updates, those from Redis), merged from time to time into
	 * `base`. Merged together they are the document, as Y.encodeStateAsUpdate would give it, so a client loading a
	 * large document is sent these bytes, and nothing is encoded on the event loop while it is unchanged.
	 */
	private base: Uint8Array | null = null;
	/** `base` as a sync step 2 frame, once one has been asked for; `base` is a view into it. */
	private baseFrame: Uint8Array | null = null;
	private tail: Uint8Array[] = [];
	private stateBytes = 0;
	/** Changes whenever `base` and `tail` are merged: a merge begun before it is not applied. */
	private stateGeneration = 0;
	private mergingState = false;

	constructor(private readonly options: LiveDocumentOptions) {
		this.name = options.name;
		this.writer = options.writer ?? createUpdateWriter({ storage: options.storage });
		// The server is not a participant: it shows no presence of its own.
		this.awareness.setLocalState(null);
		this.doc.on('update', this.relayUpdate);
		this.awareness.on('update', this.relayAwareness);
	}

	/** Subscribes (so nothing published meanwhile is missed), then reads the snapshot and the updates after it. */
	async load(): Promise<void> {
		await this.options.fanout?.subscribe(this.name);
		await this.enqueue(async () => {
			const stored = await this.options.storage.load(this.name);
			this.bytes = (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((sum, { update }) => sum + update.byteLength, 0);
			this.applyStored(stored.snapshot, stored.updates);
			this.seq = stored.seq;
			this.sinceSnapshot = stored.updates.length;
		});
		this.loaded = true;
		for (const { seq, update } of this.early.splice(0)) this.receive(seq, update);
	}

	/**
	 * An editor's update: stored, then applied (which relays it), then published to the other instances. Writes are
	 * grouped: the updates that arrive while a write is in flight wait for it and then go together, merged into one
	 * stored update per connection, so a burst from one editor (5,000 keystrokes replayed) costs a few writes and
	 * never queues another editor's keystroke behind thousands of its own; and they go in one write with the other
	 * documents' that are waiting (the instance's writer), so twenty documents typed in at once cost one statement
	 * per write in flight, not one per keystroke.
	 */
	accept(connection: Connection, update: Uint8Array): void {
		this.bytes += update.byteLength;
		this.pending.push({ connection, update });
		this.startWriting();
	}

	private startWriting(): void {
		if (this.writing) return;
		this.writing = true;
		this.enqueue(() => this.writePending())
			.catch((error: unknown) => this.options.log.error({ err: error, doc: this.name }, 'could not take an update'))
			.finally(() => {
				this.writing = false;
				// An update that came in after the last look at `pending`, but before this, is not left waiting.
				if (this.pending.length > 0) this.startWriting();
			});
	}

	/**
	 * Whether taking `incoming` more bytes would pass `limit`: a running total of what was loaded and accepted,
	 * checked against the document's real encoded size before it refuses anything (merging makes it smaller).
	 */
	wouldPass(limit: number, incoming: number): boolean {
		if (this.bytes + incoming <= limit) return false;
		this.bytes = Y.encodeStateAsUpdate(this.doc).byteLength;
		return this.bytes + incoming > limit;
	}

	private async writePending(): Promise<void> {
		while (this.pending.length > 0) {
			const batch = this.pending.splice(0);
			const byConnection = new Map<Connection, Uint8Array[]>();
			for (const { connection, update } of batch) {
				const updates = byConnection.get(connection);
				if (updates) updates.push(update);
				else byConnection.set(connection, [update]);
			}
			// The fewest first: someone typing a word is not kept behind someone pasting thousands of changes. Safe to
			// reorder: no update in a batch can depend on another connection's in the same batch, which nobody has
			// been sent yet.
			const merged = [...byConnection]
				.sort(([, a], [, b]) => a.length - b.length)
				.map(([connection, updates]) => ({ connection, update: mergeInGroups(updates) }));
			let seqs: number[];
			try {
				seqs = await this.writer.write(this.name, merged.map(({ update }) => update));
			} catch (error) {
				for (const { connection } of merged) {
					this.options.log.error({ err: error, doc: this.name, user: connection.user.id }, 'could not store an update; closing the connection so its client sends it again');
					this.options.fail(connection, 'could not save the change');
				}
				continue;
			}
			for (const [i, { connection, update }] of merged.entries()) {
				this.apply(update, connection);
				this.settled(seqs[i]!);
				this.options.fanout?.publishUpdate(this.name, seqs[i]!, update);
				this.sinceSnapshot++;
			}
			this.compactIfDue();
		}
	}

	/** An update another instance stored and published. */
	receive(seq: number, update: Uint8Array): void {
		if (this.closing) return;
		if (!this.loaded) {
			this.early.push({ seq, update });
			return;
		}
		if (seq <= this.seq || this.ahead.has(seq)) return;
		this.apply(update, FROM_REDIS);
		this.settled(seq);
		this.sinceSnapshot++;
	}

	/** Awareness from another instance: relayed to this instance's connections, not published again. */
	receiveAwareness(update: Uint8Array): void {
		if (this.closing) return;
		awarenessProtocol.applyAwarenessUpdate(this.awareness, update, FROM_REDIS);
	}

	/** Reads from storage whatever follows `seq`: after a hole in the sequence, or a Redis reconnect. */
	catchUp(): void {
		if (this.catchingUp || this.closing) return;
		this.catchingUp = true;
		this.enqueue(async () => {
			this.catchingUp = false;
			const stored = await this.options.storage.load(this.name, this.seq);
			const missing = stored.updates.filter(({ seq }) => !this.ahead.has(seq));
			this.applyStored(stored.snapshot, missing);
			if (stored.snapshot || missing.length > 0) {
				this.options.log.info({ doc: this.name, from: this.seq, to: stored.seq, updates: missing.length }, 'caught up from storage');
			}
			this.sinceSnapshot += missing.length;
			this.settled(stored.seq, true);
		}).catch((error: unknown) => {
			this.options.log.warn({ err: error, doc: this.name }, 'could not catch up from storage; trying again');
			this.scheduleCatchUp(this.options.gapGraceMs * 10);
		});
	}

	/** Forgets a closed connection and the presence it announced. */
	remove(connection: Connection): void {
		this.connections.delete(connection);
		if (connection.awarenessIds.size > 0 && !this.closing) {
			awarenessProtocol.removeAwarenessStates(this.awareness, [...connection.awarenessIds], CONNECTION_CLOSED);
		}
	}

	/** Waits for stored-but-unapplied work, merges the log if anything was added, and frees the document. */
	async destroy(): Promise<void> {
		this.closing = true;
		if (this.gapTimer) clearTimeout(this.gapTimer);
		await this.queue;
		await this.compacting;
		if (this.sinceSnapshot > 0) await this.compact();
		await this.options.fanout?.unsubscribe(this.name);
		this.doc.off('update', this.relayUpdate);
		this.awareness.off('update', this.relayAwareness);
		this.awareness.destroy();
		this.doc.destroy();
	}

	/** Runs `task` after every task queued before it; its failure is the caller's to handle, and the queue goes on. */
	private enqueue(task: () => Promise<void>): Promise<void> {
		const run = this.queue.then(task);
		this.queue = run.catch(() => {});
		return run;
	}

	private apply(update: Uint8Array, origin: unknown): void {
		try {
			Y.applyUpdate(this.doc, update, origin);
		} catch (error) {
			this.options.log.error({ err: error, doc: this.name }, 'a stored update could not be applied');
			return;
		}
		this.tail.push(update);
		this.stateBytes += update.byteLength;
		this.mergeStateIfDue();
	}

	/**
	 * The frames that answer a client's sync step 1. A small document is encoded for it from `doc`, as ever. A large
	 * one is answered from its kept encoded state: for a client with nothing (a first load), at once, with the
	 * updates since the last merge and then `base` as sync step 2 (a client takes updates in any order, and is synced
	 * once it has the step 2, so last); for a client with some of it, with what it lacks, worked out off the event
	 * loop. Meanwhile this connection is sent every later change as it happens, so between them it has everything.
	 */
	syncAnswer(stateVector: Uint8Array): Uint8Array[] | Promise<Uint8Array[]> {
		if (this.stateBytes < this.options.largeStateBytes || (!this.base && this.tail.length === 0)) return [syncStep2(this.doc, stateVector)];
		if (Y.decodeStateVector(stateVector).size === 0) {
			const frames = this.tail.map((update) => updateMessage(update));
			if (this.base) {
				if (!this.baseFrame) {
					this.baseFrame = syncStep2Frame(this.base);
					this.base = this.baseFrame.subarray(this.baseFrame.byteLength - this.base.byteLength);
				}
				frames.push(this.baseFrame);
			} else {
				// Not yet merged (just loaded): the last update is the step 2 instead.
				frames[frames.length - 1] = syncStep2Frame(this.tail.at(-1)!);
			}
			return frames;
		}
		return this.mergeState(stateVector).then(
			(diff) => [syncStep2Frame(diff!)],
			(error: unknown) => {
				this.options.log.warn({ err: error, doc: this.name }, 'could not answer a sync from the encoded state; encoding the document');
				return [syncStep2(this.doc, stateVector)];
			}
		);
	}

	/** The document's kept encoded state, merged into one update: for tests and diagnostics. */
	async encodedState(): Promise<Uint8Array> {
		if (!this.base && this.tail.length === 0) return Y.encodeStateAsUpdate(new Y.Doc());
		while (!this.base || this.tail.length > 0) await this.mergeState(null);
		return this.base;
	}

	private mergeStateIfDue(): void {
		if (!this.base && this.tail.length === 1) {
			// One update (a stored snapshot, just loaded) needs no merging.
			this.base = this.tail.pop()!;
			this.stateGeneration++;
			return;
		}
		if (this.mergingState || this.tail.length < 2) return;
		if (this.stateBytes < this.options.largeStateBytes) {
			// Small: merged here and now, in well under a millisecond, before the parts pile up.
			if (this.tail.length < 64) return;
			this.base = Y.mergeUpdates(this.base ? [this.base, ...this.tail] : this.tail);
			this.baseFrame = null;
			this.tail = [];
			this.stateBytes = this.base.byteLength;
			this.stateGeneration++;
			return;
		}
		// Large: merging costs about as much as the whole state, so only once the updates since come to a fair share
		// of it (or when nothing is merged yet, just after loading).
		const tailBytes = this.stateBytes - (this.base?.byteLength ?? 0);
		if (this.base && this.tail.length < 1024 && tailBytes < this.base.byteLength / 4) return;
		this.mergeState(null).catch((error: unknown) => this.options.log.warn({ err: error, doc: this.name }, 'could not merge the encoded state; will try again'));
	}

	/**
	 * Merges `base` and `tail` as they are now, off the event loop, and keeps the result unless they were merged
	 * meanwhile (updates that arrived meanwhile stay in `tail`); resolves with what a client at `stateVector` lacks.
	 */
	private async mergeState(stateVector: Uint8Array | null): Promise<Uint8Array | null> {
		const generation = this.stateGeneration;
		const parts = this.base ? [this.base, ...this.tail] : [...this.tail];
		if (!stateVector) this.mergingState = true;
		try {
			const { merged, diff } = await this.options.encoder.merge(parts, stateVector);
			if (generation === this.stateGeneration && merged !== this.base && !this.closing) {
				const taken = this.base ? parts.length - 1 : parts.length;
				this.tail = this.tail.slice(taken);
				this.base = merged;
				this.baseFrame = null;
				this.stateBytes = merged.byteLength + this.tail.reduce((sum, update) => sum + update.byteLength, 0);
				this.stateGeneration++;
			}
			return diff;
		} finally {
			if (!stateVector) this.mergingState = false;
		}
	}

	private applyStored(snapshot: Uint8Array | null, updates: { update: Uint8Array }[]): void {
		// One transaction: clients get one relayed update, not one per stored row.
		this.doc.transact(() => {
			if (snapshot) this.apply(snapshot, FROM_STORAGE);
			for (const { update } of updates) this.apply(update, FROM_STORAGE);
		}, FROM_STORAGE);
	}

	/**
	 * Records that the update numbered `seq` is in the document (or, `upTo`, everything up to it). A number past
	 * the next one leaves a hole: an update stored by another instance whose message is late or lost.
	 */
	private settled(seq: number, upTo = false): void {
		if (upTo || seq === this.seq + 1) {
			this.seq = Math.max(this.seq, seq);
			for (const early of this.ahead) if (early <= this.seq) this.ahead.delete(early);
			while (this.ahead.delete(this.seq + 1)) this.seq++;
		} else if (seq > this.seq + 1) {
			this.ahead.add(seq);
		}
		if (this.ahead.size === 0) {
			if (this.gapTimer) clearTimeout(this.gapTimer);
			this.gapTimer = null;
		} else {
			this.scheduleCatchUp(this.options.gapGraceMs);
		}
	}

	/** Catches up after `delayMs`, unless a catch-up is already due. */
	private scheduleCatchUp(delayMs: number): void {
		if (this.gapTimer || this.closing) return;
		this.gapTimer = setTimeout(() => {
			this.gapTimer = null;
			this.catchUp();
		}, delayMs);
	}

	/**
	 * Asks the writer to merge the log once it is long enough. Nothing waits for it: the writer runs it between
	 * group writes, so it never stands between an update and its relay.
	 */
	private compactIfDue(): void {
		if (this.sinceSnapshot < this.options.compactEvery || this.compacting || this.closing) return;
		this.compacting = this.compact().finally(() => (this.compacting = null));
	}

	private async compact(): Promise<void> {
		try {
			const compaction = await this.writer.compact(this.name);
			this.sinceSnapshot = Math.max(0, this.sinceSnapshot - compaction.merged);
			if (compaction.unreadable > 0) {
				this.options.log.error({ doc: this.name, unreadable: compaction.unreadable }, 'unreadable stored updates were left out of the snapshot');
			}
			this.options.log.debug({ doc: this.name, ...compaction }, 'document log merged into its snapshot');
		} catch (error) {
			this.options.log.warn({ err: error, doc: this.name }, 'could not merge the document log; will try again');
		}
	}

	/** Every change to the document goes to every connection but the one it came from. */
	private readonly relayUpdate = (update: Uint8Array, origin: unknown) => {
		if (this.connections.size === 0) return;
		const frame = updateMessage(update);
		for (const connection of this.connections) if (connection !== origin) this.options.send(connection, frame);
	};

	private readonly relayAwareness = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	) => {
		if (this.connections.has(origin as Connection)) {
			const ids = (origin as Connection).awarenessIds;
			for (const id of [...added, ...updated]) ids.add(id);
			for (const id of removed) ids.delete(id);
		}
		const changed = [...added, ...updated, ...removed];
		const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
		if (this.connections.size > 0) {
			const frame = awarenessMessage(update);
			for (const connection of this.connections) this.options.send(connection, frame);
		}
		// Only this instance's own clients are published; states from Redis, and their time-outs, are not.
		if (this.connections.has(origin as Connection) || origin === CONNECTION_CLOSED) this.options.fanout?.publishAwareness(this.name, update);
	};
}

/**
 * Y.mergeUpdates of many updates at once grows faster than their number (5,000 one-character updates: about a
 * second); merged 64 at a time, then the merged ones likewise, the same 5,000 take some tens of milliseconds.
 */
function mergeInGroups(updates: Uint8Array[]): Uint8Array {
	let level = updates;
	while (level.length > 1) {
		const next: Uint8Array[] = [];
		for (let i = 0; i < level.length; i += 64) {
			const group = level.slice(i, i + 64);
			next.push(group.length === 1 ? group[0]! : Y.mergeUpdates(group));
		}
		level = next;
	}
	return level[0]!;
}
