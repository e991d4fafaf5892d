import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Presence (y-protocols awareness) as the server lets a connection give it. A client says who it is and where its
 * caret is; the server decides who it is. So, for each awareness entry a connection sends:
 * - the `user` of a state is the server's record of the person the connection authenticated as, whatever the
 *   client wrote there (a PPV representative cannot appear as the chair);
 * - a connection may add, change or remove only the awareness client ids it introduced itself; an id someone
 *   else holds is left alone (reusing another's id once let a client take over their presence and then erase it);
 * - a connection introduces at most `maxClientIds` ids (a browser tab uses one), so it cannot fill the room
 *   with ghosts.
 */
export interface PresenceIdentity {
	id: string;
	name: string;
	color: string;
}

export interface PresenceRules {
	/** The ids this connection introduced and still holds. */
	own: ReadonlySet<number>;
	/** Whether some connection (here or on another instance) holds this id now. */
	held(clientId: number): boolean;
	/** The user id the server gave the state held under this id, if any. */
	heldBy?(clientId: number): unknown;
	identity: PresenceIdentity;
	maxClientIds: number;
}

export interface BoundPresence {
	/** The update to apply, rewritten; null when nothing in it may be applied. */
	update: Uint8Array | null;
	/**
	 * Entries left out that tried to set someone else's state or bring in too many ids, for the log. Stock
	 * y-websocket clients send back the other people's states they receive, and their removals when those go
	 * quiet: such entries for ids held elsewhere are left out too, but are not worth a line in the log.
	 */
	refused: { clientId: number; reason: 'held by another connection' | 'too many client ids' }[];
}

/**
 * Reads an awareness update, keeps the entries the connection may give, and writes the server's identity into
 * each state. Throws on an update that cannot be read.
 */
export function bindPresence(update: Uint8Array, rules: PresenceRules): BoundPresence {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const kept: { clientId: number; clock: number; state: string }[] = [];
	const refused: BoundPresence['refused'] = [];
	const introduced = new Set<number>();
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state = decoding.readVarString(decoder);
		if (!rules.own.has(clientId)) {
			if (rules.held(clientId)) {
				if (!isEcho(state, clientId, rules)) refused.push({ clientId, reason: 'held by another connection' });
				continue;
			}
			if (!introduced.has(clientId) && rules.own.size + introduced.size >= rules.maxClientIds) {
				refused.push({ clientId, reason: 'too many client ids' });
				continue;
			}
			introduced.add(clientId);
		}
		kept.push({ clientId, clock, state: withIdentity(state, rules.identity) });
	}
	if (kept.length === 0) return { update: null, refused };
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, kept.length);
	for (const entry of kept) {
		encoding.writeVarUint(encoder, entry.clientId);
		encoding.writeVarUint(encoder, entry.clock);
		encoding.writeVarString(encoder, entry.state);
	}
	return { update: encoding.toUint8Array(encoder), refused };
}

/** A removal, or a state naming as its user the person who holds the id: what a client relays of others. */
function isEcho(json: string, clientId: number, rules: PresenceRules): boolean {
	if (json === 'null') return true;
	try {
		const state = JSON.parse(json) as { user?: { id?: unknown } } | null;
		return state === null || rules.heldBy?.(clientId) === state.user?.id;
	} catch {
		return false;
	}
}

/**
 * The state's JSON with `user` set to the server's identity; "null" (the state removed) stays null. A state that
 * is not JSON throws, and the caller closes the connection as sending invalid data.
 */
function withIdentity(json: string, identity: PresenceIdentity): string {
	const state: unknown = JSON.parse(json);
	if (state === null) return 'null';
	const fields = state && typeof state === 'object' && !Array.isArray(state) ? (state as Record<string, unknown>) : {};
	return JSON.stringify({ ...fields, user: { ...identity } });
}
