import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { safeColour, safeFieldId } from './presence';

/** The person at this end, as the others see them. */
export interface CollabUser {
	id: string;
	name: string;
	/** Six-digit hex: y-tiptap draws carets only in that format. */
	color: string;
}

/** Someone with the document open, from the awareness states. */
export interface Peer {
	clientId: number;
	id: string;
	name: string;
	color: string;
	self: boolean;
	/** What they are in: the id of the field (for its outline) and its label (for the list of who is here). */
	where: { fieldId: string | null; label: string } | null;
}

export type ConnectionState = 'connecting' | 'connected' | 'synced' | 'offline' | 'closed';

/** y-protocols' message type for "permission denied" (y-protocols/auth). */
const MESSAGE_AUTH = 2;

/**
 * One co-edited document in the browser: its Y.Doc, kept in step with the server's /collab/<docName> by a stock
 * y-websocket provider, with the connection state and who is here as runes for the page to show. Made in
 * onMount only: there is no websocket on the server.
 */
export class CollabDocument {
	readonly doc = new Y.Doc();
	provider: WebsocketProvider | null = $state.raw(null);
	state: ConnectionState = $state('connecting');
	/** True once the server's copy has arrived: until then an empty document may just be one not loaded yet. */
	hasSynced = $state(false);
	peers: Peer[] = $state.raw([]);
	/** The server's reason for refusing a change (a read-only connection whose client tried to write). */
	refusal: string | null = $state(null);
	/** Why the server ended the connection for good (session ended, access removed). */
	closedReason: string | null = $state(null);
	private destroyed = false;

	constructor(
		readonly docName: string,
		readonly user: CollabUser
	) {}

	/** Opens the websocket. Resolves once the provider exists (not once synced). */
	async connect(): Promise<void> {
		const [{ WebsocketProvider }, auth] = await Promise.all([import('y-websocket'), import('y-protocols/auth')]);
		if (this.destroyed) return;
		const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
		// No BroadcastChannel: every change goes through the server, which checks who may make it.
		const provider = new WebsocketProvider(url, this.docName, this.doc, { disableBc: true });
		provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
			auth.readAuthMessage(decoder, this.doc, (_doc, reason) => (this.refusal = reason));
		};
		provider.on('status', ({ status }) => {
			if (status === 'connected') this.state = provider.synced ? 'synced' : 'connected';
			else if (status === 'disconnected') this.state = 'offline';
			else if (this.state !== 'offline') this.state = 'connecting';
		});
		provider.on('sync', (synced: boolean) => {
			if (synced) {
				this.state = 'synced';
				this.hasSynced = true;
			} else if (provider.wsconnected) {
				this.state = 'connected';
			}
		});
		provider.on('closed', ({ code, reason }) => {
			this.state = 'closed';
			this.closedReason = reason || (code === 4401 ? 'Your session has ended. Sign in again.' : 'You can no longer open this document.');
		});
		provider.awareness.on('change', () => this.readPeers());
		provider.awareness.setLocalStateField('user', this.user);
		this.provider = provider;
		this.readPeers();
	}

	/** Tells the others which field this person is in, or that they left it. */
	setWhere(where: { fieldId: string | null; label: string } | null): void {
		this.provider?.awareness.setLocalStateField('where', where);
	}

	destroy(): void {
		this.destroyed = true;
		this.provider?.awareness.setLocalState(null);
		this.provider?.destroy();
		this.doc.destroy();
	}

	private readPeers(): void {
		const awareness = this.provider?.awareness;
		if (!awareness) return;
		const seen = new Set<string>();
		const peers: Peer[] = [];
		// This person first; then one entry per person, however many tabs they have open.
		const states = [...awareness.getStates().entries()].sort(([a], [b]) => (a === this.doc.clientID ? -1 : b === this.doc.clientID ? 1 : 0));
		for (const [clientId, state] of states) {
			const user = state?.user as Partial<CollabUser> | undefined;
			if (!user || typeof user.name !== 'string' || typeof user.id !== 'string') continue;
			if (seen.has(user.id)) continue;
			seen.add(user.id);
			const where = state.where as { fieldId?: unknown; label?: unknown } | null | undefined;
			peers.push({
				clientId,
				id: user.id,
				name: user.name.slice(0, 200),
				color: safeColour(user.color),
				self: clientId === this.doc.clientID,
				where: where && typeof where.label === 'string' ? { fieldId: safeFieldId(where.fieldId), label: where.label.slice(0, 200) } : null
			});
		}
		this.peers = peers;
	}
}
