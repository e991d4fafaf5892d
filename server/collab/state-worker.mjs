// The worker thread of state-encoder.ts: merges a document's encoded updates into one and, given a client's state
// vector, works out what of it that client lacks, so that a large document's sync never holds up the event loop.
// Plain JavaScript: the portal runs its TypeScript through tsx's loader, which a worker thread does not inherit.
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';

parentPort.on('message', ({ id, parts, stateVector }) => {
	try {
		const merged = parts.length === 1 ? null : Y.mergeUpdates(parts);
		const diff = stateVector ? Y.diffUpdate(merged ?? parts[0], stateVector) : null;
		// Handed over, not copied: this thread keeps nothing. One part needs no merging, and is not sent back.
		parentPort.postMessage({ id, merged, diff }, [merged?.buffer, diff?.buffer].filter(Boolean));
	} catch (error) {
		parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
	}
});
