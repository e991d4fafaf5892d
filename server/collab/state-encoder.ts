import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import * as Y from 'yjs';

/**
 * Merges encoded Yjs updates and diffs them against a state vector: work that takes a large document hundreds of
 * milliseconds (a 2-million-character document typed in many places: about 5 MB, 0.2–2 s to merge, 0.2 s to diff),
 * during which an event loop would answer no one else.
 */
export interface StateEncoder {
	/**
	 * The updates merged into one (`parts[0]` itself when there is one), and, given a state vector, what of them a
	 * client with that state lacks.
	 */
	merge(parts: Uint8Array[], stateVector: Uint8Array | null): Promise<{ merged: Uint8Array; diff: Uint8Array | null }>;
	/** Ends the worker, if one was started. */
	close(): Promise<void>;
}

/** On this thread: for small documents, and tests. */
export function createInlineEncoder(): StateEncoder {
	return {
		async merge(parts, stateVector) {
			const merged = parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts);
			return { merged, diff: stateVector ? Y.diffUpdate(merged, stateVector) : null };
		},
		async close() {}
	};
}

interface Waiting {
	parts: Uint8Array[];
	resolve(result: { merged: Uint8Array; diff: Uint8Array | null }): void;
	reject(error: Error): void;
}

/**
 * In one worker thread (state-worker.mjs), started on first use and started again if it dies; requests are answered
 * in turn. A worker that cannot start leaves the work to this thread, logged once, rather than failing a sync.
 */
export function createWorkerEncoder(log: Logger): StateEncoder {
	let worker: Worker | null = null;
	let unavailable = false;
	let nextId = 0;
	const waiting = new Map<number, Waiting>();
	const inline = createInlineEncoder();

	function failAll(error: Error): void {
		for (const request of waiting.values()) request.reject(error);
		waiting.clear();
	}

	function started(): Worker | null {
		if (worker || unavailable) return worker;
		try {
			worker = new Worker(new URL('./state-worker.mjs', import.meta.url));
		} catch (error) {
			unavailable = true;
			log.error({ err: error }, 'could not start the document state worker; encoding large documents on the event loop');
			return null;
		}
		const current = worker;
		current.unref();
		current.on('message', ({ id, merged, diff, error }: { id: number; merged: Uint8Array | null; diff: Uint8Array | null; error?: string }) => {
			const request = waiting.get(id);
			if (!request) return;
			waiting.delete(id);
			if (error) request.reject(new Error(error));
			else request.resolve({ merged: merged ?? request.parts[0]!, diff });
		});
		current.on('error', (error) => log.error({ err: error }, 'the document state worker failed; starting another'));
		current.on('exit', (code) => {
			if (worker === current) worker = null;
			failAll(new Error(`the document state worker exited (${code})`));
		});
		return current;
	}

	return {
		merge(parts, stateVector) {
			const thread = started();
			if (!thread) return inline.merge(parts, stateVector);
			return new Promise((resolve, reject) => {
				const id = nextId++;
				waiting.set(id, { parts, resolve, reject });
				thread.postMessage({ id, parts, stateVector });
			});
		},
		async close() {
			const current = worker;
			worker = null;
			unavailable = true;
			failAll(new Error('the collaboration server is stopping'));
			await current?.terminate();
		}
	};
}
