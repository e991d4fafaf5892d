// The clients of bench/collab-flood.ts: a stock y-websocket client (the portal's and y-websocket 1.x's protocol) or
// Hocuspocus's own provider, each on its own Y.Doc, with the text type the portal's editor uses.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { connectClient } from '../tests/helpers/collab';

export interface Client {
	doc: Y.Doc;
	text: Y.Text;
	synced: Promise<void>;
	/** Times the connection closed under the client (each followed by a reconnect). */
	closes: number;
	destroy(): void;
}

/** `hocuspocus`: @hocuspocus/provider; anything else: the y-websocket client, sending `cookie` as a browser would. */
export function connect(kind: string, url: string, name: string, cookie: string | null): Client {
	if (kind === 'hocuspocus') {
		const doc = new Y.Doc();
		// Node 20 has no global WebSocket: ws, as for the other clients.
		const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
		const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc });
		provider.attach();
		const client: Client = {
			doc,
			text: doc.getText('body'),
			synced: new Promise((resolve) => provider.on('synced', () => resolve())),
			closes: 0,
			destroy() {
				provider.destroy();
				socket.destroy();
				doc.destroy();
			}
		};
		provider.on('close', () => client.closes++);
		return client;
	}
	const made = connectClient(url, name, cookie);
	const client: Client = { doc: made.doc, text: made.text, synced: made.synced, closes: 0, destroy: made.destroy };
	made.provider.on('connection-close', () => client.closes++);
	return client;
}
