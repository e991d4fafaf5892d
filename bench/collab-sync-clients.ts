// Raw Yjs sync clients for bench/collab-sync-storm.ts and bench/collab-memory.ts: they speak the wire protocol
// (y-protocols sync, as the portal and y-websocket do; Hocuspocus's, which prefixes every message with the document
// name and asks for a token first) without a Y.Doc of their own, so that a client receiving a 5 MB document costs
// the load generator a copy, not seconds of decoding that would compete with the server for the machine's 2 cores.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';

export type PeerKind = 'portal' | 'y-websocket' | 'hocuspocus';

const SYNC = 0;
const STEP_1 = 0;
const STEP_2 = 1;
const UPDATE = 2;
const HOCUSPOCUS_AUTH = 2;
const HOCUSPOCUS_SYNC_REPLY = 4;
/** An empty state vector: "send me everything". */
const EMPTY_STATE_VECTOR = new Uint8Array([0]);
/** An update with nothing in it: what a client with nothing new answers to the server's sync step 1. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

/** The websocket URL of one document on a server whose base URL is `url` (ws://host:port[/collab]). */
export function documentUrl(kind: PeerKind, url: string, name: string): string {
	// Hocuspocus takes the name from each message, not the URL.
	return kind === 'hocuspocus' ? url : `${url}/${name}`;
}

function frame(kind: PeerKind, name: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	if (kind === 'hocuspocus') encoding.writeVarString(encoder, name);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

const syncStep1 = (kind: PeerKind, name: string) =>
	frame(kind, name, (e) => {
		encoding.writeVarUint(e, SYNC);
		encoding.writeVarUint(e, STEP_1);
		encoding.writeVarUint8Array(e, EMPTY_STATE_VECTOR);
	});

const syncStep2 = (kind: PeerKind, name: string, update: Uint8Array) =>
	frame(kind, name, (e) => {
		encoding.writeVarUint(e, kind === 'hocuspocus' ? HOCUSPOCUS_SYNC_REPLY : SYNC);
		encoding.writeVarUint(e, STEP_2);
		encoding.writeVarUint8Array(e, update);
	});

const updateFrame = (kind: PeerKind, name: string, update: Uint8Array) =>
	frame(kind, name, (e) => {
		encoding.writeVarUint(e, SYNC);
		encoding.writeVarUint(e, UPDATE);
		encoding.writeVarUint8Array(e, update);
	});

const authFrame = (name: string) =>
	frame('hocuspocus', name, (e) => {
		encoding.writeVarUint(e, HOCUSPOCUS_AUTH);
		encoding.writeVarUint(e, 0); // a token
		encoding.writeVarString(e, '');
	});

export interface RawClient {
	ws: WebSocket;
	/** Resolves with the byte length of the first sync step 2 the server sends (its answer to our step 1). */
	loaded: Promise<number>;
	/** Sends a document update. */
	update(update: Uint8Array): void;
	/** Asks for the whole document again; resolves with the length of the answer. */
	reload(): Promise<number>;
	close(): Promise<void>;
}

/**
 * Opens a connection, sends sync step 1 with an empty state vector, answers the server's own step 1 with an empty
 * step 2, and resolves `loaded` when the server's step 2 (the whole document) has arrived.
 */
export function openRaw(kind: PeerKind, url: string, name: string, cookie: string | null): RawClient {
	const ws = new WebSocket(documentUrl(kind, url, name), cookie ? { headers: { cookie } } : {});
	ws.binaryType = 'nodebuffer';
	let waiting: ((bytes: number) => void) | null = null;
	let failed: ((error: Error) => void) | null = null;
	const loaded = new Promise<number>((resolve, reject) => {
		waiting = resolve;
		failed = reject;
	});
	ws.on('error', (error) => failed?.(error));
	ws.on('unexpected-response', (_req, res) => failed?.(new Error(`upgrade answered ${res.statusCode}`)));
	ws.on('close', (code) => failed?.(new Error(`closed (${code}) before the document arrived`)));
	ws.on('open', () => {
		if (kind === 'hocuspocus') ws.send(authFrame(name));
		ws.send(syncStep1(kind, name));
	});
	ws.on('message', (data: Buffer) => {
		const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
		if (kind === 'hocuspocus') decoding.readVarString(decoder);
		const type = decoding.readVarUint(decoder);
		if (type !== SYNC && type !== HOCUSPOCUS_SYNC_REPLY) return;
		const step = decoding.readVarUint(decoder);
		if (step === STEP_1) ws.send(syncStep2(kind, name, EMPTY_UPDATE));
		else if (step === STEP_2 && waiting) {
			const done = waiting;
			waiting = null;
			failed = null;
			done(data.byteLength);
		}
	});
	return {
		ws,
		loaded,
		update: (update) => ws.send(updateFrame(kind, name, update)),
		reload: () =>
			new Promise<number>((resolve, reject) => {
				waiting = resolve;
				failed = reject;
				ws.send(syncStep1(kind, name));
			}),
		close: () =>
			new Promise<void>((resolve) => {
				if (ws.readyState === ws.CLOSED) return resolve();
				ws.once('close', () => resolve());
				ws.close();
			})
	};
}

/** A deterministic document of about `chars` characters, as one update: words typed at random places by 8 people. */
export async function buildDocument(chars: number): Promise<Uint8Array> {
	const Y = await import('yjs');
	const doc = new Y.Doc();
	const text = doc.getText('body');
	let seed = 1;
	const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
	for (let round = 0; text.length < chars; round++) {
		doc.clientID = 1000 + (round % 8);
		doc.transact(() => {
			for (let k = 0; k < 50; k++) {
				text.insert(Math.floor(random() * text.length), `word${k} ${'lorem ipsum dolor sit '.slice(0, 1 + Math.floor(random() * 20))}`);
				if (random() < 0.1 && text.length > 20) text.delete(Math.floor(random() * (text.length - 10)), 5);
			}
		});
	}
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}
