import * as Y from 'yjs';

/**
 * The snapshot and the updates that follow it merged into one update. Applied to a document rather than joined
 * with Y.mergeUpdates so that deleted content is garbage-collected and the snapshot stays the size of the text.
 */
export function mergeIntoSnapshot(snapshot: Uint8Array | null, updates: Uint8Array[]): { state: Uint8Array; unreadable: number } {
	const doc = new Y.Doc();
	let unreadable = 0;
	try {
		for (const update of snapshot ? [snapshot, ...updates] : updates) {
			try {
				Y.applyUpdate(doc, update);
			} catch {
				// Updates are checked before they are stored; one that still fails must not block every later merge.
				unreadable++;
			}
		}
		return { state: Y.encodeStateAsUpdate(doc), unreadable };
	} finally {
		doc.destroy();
	}
}
