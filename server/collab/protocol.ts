import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * The y-websocket wire format (y-protocols): a varUint message type, then its body. Every frame from a client is
 * read here in full, and checked, before anything acts on it.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export type ClientMessage =
	| { type: 'sync-step-1'; stateVector: Uint8Array }
	| { type: 'sync-step-2' | 'update'; update: Uint8Array }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'query-awareness' };

export type Parsed = { ok: true; message: ClientMessage } | { ok: false; code: 1003 | 1007; reason: string };

/** Reads one client frame. Unknown message types answer 1003 (unsupported), unreadable ones 1007 (invalid data). */
export function parseClientMessage(frame: Uint8Array): Parsed {
	const decoder = decoding.createDecoder(frame);
	let type: number;
	try {
		type = decoding.readVarUint(decoder);
	} catch {
		return { ok: false, code: 1007, reason: 'empty or unreadable frame' };
	}
	try {
		switch (type) {
			case MESSAGE_SYNC: {
				const step = decoding.readVarUint(decoder);
				const payload = decoding.readVarUint8Array(decoder);
				if (step === syncProtocol.messageYjsSyncStep1) {
					Y.decodeStateVector(payload);
					return { ok: true, message: { type: 'sync-step-1', stateVector: payload } };
				}
				if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
					// Decoding walks every struct and the delete set: an update that reads cleanly can be stored.
					Y.decodeUpdate(payload);
					// A copy: the frame's buffer may be a slice of a larger one, kept alive while the update waits to be stored.
					const update = new Uint8Array(payload);
					return { ok: true, message: { type: step === syncProtocol.messageYjsSyncStep2 ? 'sync-step-2' : 'update', update } };
				}
				return { ok: false, code: 1003, reason: `unknown sync message ${step}` };
			}
			case MESSAGE_AWARENESS: {
				const update = decoding.readVarUint8Array(decoder);
				checkAwarenessUpdate(update);
				return { ok: true, message: { type: 'awareness', update } };
			}
			case MESSAGE_QUERY_AWARENESS:
				return { ok: true, message: { type: 'query-awareness' } };
			default:
				return { ok: false, code: 1003, reason: `unknown message type ${type}` };
		}
	} catch (error) {
		return { ok: false, code: 1007, reason: `unreadable message of type ${type}: ${(error as Error).message}` };
	}
}

/** What y-protocols' applyAwarenessUpdate reads, read first so that applying it cannot throw. */
function checkAwarenessUpdate(update: Uint8Array): void {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	for (let i = 0; i < count; i++) {
		decoding.readVarUint(decoder); // client id
		decoding.readVarUint(decoder); // clock
		JSON.parse(decoding.readVarString(decoder));
	}
}

/** True for an update with no structs and no deletions: what a client with nothing new sends as sync step 2. */
export function isEmptyUpdate(update: Uint8Array): boolean {
	return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/** True when the document already holds everything in the update (a reconnecting client's sync step 2, often). */
export function documentContains(doc: Y.Doc, update: Uint8Array): boolean {
	return Y.snapshotContainsUpdate(Y.snapshot(doc), update);
}

export function syncStep1(doc: Y.Doc): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep1(encoder, doc);
	return encoding.toUint8Array(encoder);
}

export function syncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeSyncStep2(encoder, doc, stateVector);
	return encoding.toUint8Array(encoder);
}

/** Sync step 2 carrying an update already encoded (the same bytes as `syncStep2` when it is the document's state). */
export function syncStep2Frame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
	encoding.writeVarUint(encoder, update.byteLength);
	const header = encoding.toUint8Array(encoder);
	// One copy into a frame of the right size: lib0's encoder would copy a large update more than once.
	const frame = new Uint8Array(header.byteLength + update.byteLength);
	frame.set(header);
	frame.set(update, header.byteLength);
	return frame;
}

export function updateMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function awarenessMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

export function allAwareness(awareness: awarenessProtocol.Awareness): Uint8Array | null {
	const clients = [...awareness.getStates().keys()];
	return clients.length === 0 ? null : awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
}

export function permissionDenied(reason: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AUTH);
	authProtocol.writePermissionDenied(encoder, reason);
	return encoding.toUint8Array(encoder);
}
