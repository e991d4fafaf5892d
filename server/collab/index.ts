import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Logger } from 'pino';
import type { Admission, AdmittedDocument, Recheck } from '../../src/lib/server/document-access';
import { LiveDocument, type Connection } from './document';
import { colourFor } from '../../src/lib/components/documents/presence';
import type { Fanout, FanoutHandlers } from './fanout';
import { bindPresence, type PresenceIdentity } from './presence';
import { allAwareness, documentContains, isEmptyUpdate, parseClientMessage, permissionDenied, syncStep1 } from './protocol';
import type { DocumentStorage } from '../../src/lib/server/document-storage';
import { createWorkerEncoder } from './state-encoder';
import { createUpdateWriter } from './update-writer';

export { COLLAB_PATH } from '../../src/lib/server/document-access';
export type { Permission } from '../../src/lib/server/document-access';
export { parseDocumentName, type DocumentName } from '../../src/lib/domain/documents/document-name';
export type { DocumentStorage } from '../../src/lib/server/document-storage';

/** The Yjs websocket endpoint at /collab/<document name>, spoken to by stock y-websocket clients. */
export interface CollabServer {
	/** Takes an http upgrade for a /collab/ path: checks the session and access before any document data is sent. */
	handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
	/** Closes every connection, flushes and unloads every document. */
	close(): Promise<void>;
	/** What is in memory now: loaded documents and open connections. */
	stats(): { documents: number; connections: number };
	/** The Y.Doc of a loaded document, or null when it is not loaded: for diagnostics and tests. */
	loadedDocument(name: string): Y.Doc | null;
	/** Loads what storage holds beyond a loaded document's state (an update appended outside this server). */
	catchUp(name: string): void;
	/** Checks every connection of the person again now: a session ended, a membership ended or changed. */
	recheckUser(userId: string): Promise<void>;
	/** Every open connection checked again: after notices of who to check may have been lost (Redis was away). */
	recheckAll(): Promise<void>;
}

/**
 * What the collaboration server is given by the composition root: it is a core that calls these and imports no
 * service itself (as Hocuspocus's extensions are given to its server).
 */
export interface CollabHooks {
	log: Logger;
	/** Whether an upgrade request may open a websocket, on which document, as whom and with what permission. */
	authenticate(req: http.IncomingMessage): Promise<Admission>;
	/** An open connection checked again: its session may have ended, its person's role changed. */
	recheck(token: string, document: AdmittedDocument): Promise<Recheck>;
	/** Where documents are kept. */
	storage: DocumentStorage;
	/** Carries updates and awareness to the other instances, given what to do with theirs; null on one instance. */
	fanout: ((handlers: FanoutHandlers) => Fanout) | null;
}

export interface CollabOptions extends CollabHooks {
	/** How long a document stays in memory after its last connection closes, in ms. Default 30 s. */
	idleMs?: number;
	/** Merge a document's update log into its snapshot once this many updates follow the snapshot. Default 200. */
	compactEvery?: number;
	/** The largest frame accepted, in bytes; a larger one closes its connection with 1009. Default 8 MiB. */
	maxPayload?: number;
	/** A connection whose unsent frames exceed this many bytes is closed (1013) and resyncs when it reconnects. Default 32 MiB. */
	maxBufferedBytes?: number;
	/** How often connections are pinged; one that did not answer the previous ping is ended. In ms, default 30 s. */
	pingIntervalMs?: number;
	/** How long a hole in a document's sequence may wait for a late Redis message before reading storage. In ms, default 200. */
	gapGraceMs?: number;
	/** How often open connections' sessions and roles are checked again, in ms. Default 60 s. */
	recheckIntervalMs?: number;
	/** How many awareness client ids one connection may introduce (a browser tab uses one). Default 4. */
	maxAwarenessIds?: number;
	/** Awareness messages a connection may send per second, on average; beyond it they are dropped. Default 30. */
	awarenessPerSecond?: number;
	/** How many awareness messages may come at once before the average applies. Default 60. */
	awarenessBurst?: number;
	/**
	 * Document updates a connection may send per second, on average, and at once; past either, the connection is
	 * closed (1013) and its client reconnects and sends what was not stored. Defaults 200 and 2,000.
	 */
	updatesPerSecond?: number;
	updateBurst?: number;
	/** Bytes of document updates a connection may send per second, on average, and at once. Defaults 4 MiB and 16 MiB. */
	updateBytesPerSecond?: number;
	updateBytesBurst?: number;
	/** The largest a document may grow, in bytes of its stored state; the update that would pass it is refused. Default 32 MiB. */
	maxDocumentBytes?: number;
	/**
	 * From this many bytes of encoded state, a document answers syncs from the encoded state it keeps, merged and
	 * diffed in a worker thread, rather than encoding itself on the event loop for each client. Default 64 KiB
	 * (a few milliseconds of encoding at most).
	 */
	largeStateBytes?: number;
}

const DEFAULTS = {
	idleMs: 30_000,
	compactEvery: 200,
	maxPayload: 8 * 1024 * 1024,
	maxBufferedBytes: 32 * 1024 * 1024,
	pingIntervalMs: 30_000,
	gapGraceMs: 200,
	recheckIntervalMs: 60_000,
	maxAwarenessIds: 4,
	awarenessPerSecond: 30,
	awarenessBurst: 60,
	updatesPerSecond: 200,
	updateBurst: 2_000,
	updateBytesPerSecond: 4 * 1024 * 1024,
	updateBytesBurst: 16 * 1024 * 1024,
	maxDocumentBytes: 32 * 1024 * 1024,
	largeStateBytes: 64 * 1024
};

/** Close codes (RFC 6455): 1003 unsupported data, 1007 invalid data, 1009 too big (ws sends it itself). */
const GOING_AWAY = 1001;
const INTERNAL_ERROR = 1011;
const TRY_AGAIN_LATER = 1013;
/** 4400–4499 mirror http 4xx: y-websocket clients take them as final and stop reconnecting. */
const SESSION_ENDED = 4401;
const ACCESS_ENDED = 4403;
const DOCUMENT_FULL = 4413;

interface LoadedDocument {
	document: LiveDocument;
	ready: Promise<void>;
	/** Connections open, and upgrades on their way to opening. */
	holds: number;
	idleTimer: NodeJS.Timeout | null;
}

interface Link extends Connection {
	loaded: LoadedDocument;
	/** The session token the connection opened with, checked again every `recheckIntervalMs`. */
	token: string;
	/** What was admitted: the body (and the meeting, for minutes) whose roles decide what the connection may do. */
	document: AdmittedDocument;
	/** Answered the last ping. */
	alive: boolean;
	/** Checks the connection again when its session is due to end. */
	expiryTimer: NodeJS.Timeout | null;
	/** Who the connection's presence says it is: the server's record, never the client's word. */
	identity: PresenceIdentity;
	/** Awareness messages it may still send now (a token bucket refilled at `awarenessPerSecond`). */
	awarenessTokens: number;
	awarenessRefilledAt: number;
	/** Awareness messages dropped over the limit, logged once per burst. */
	awarenessDropped: number;
	/** What the connection may still send of document updates now: a count and bytes (token buckets). */
	updateTokens: number;
	updateBytes: number;
	updatesRefilledAt: number;
}

/** setTimeout's longest delay; a session that ends later is checked at this interval until it is near. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Makes the collaboration server. Everything it holds (documents, connections, timers, Redis listeners) hangs
 * off the object returned; `close()` lets all of it go.
 */
export function createCollabServer(options: CollabOptions): CollabServer {
	const settings = { ...DEFAULTS, ...withoutUndefined(options) };
	const log = options.log.child({ component: 'collab' });
	const { storage } = options;
	const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxPayload, perMessageDeflate: false });
	const documents = new Map<string, LoadedDocument>();
	const unloading = new Map<string, Promise<void>>();
	const links = new Set<Link>();
	const upgrading = new Map<Duplex, Promise<void>>();
	let closing: Promise<void> | null = null;
	const encoder = createWorkerEncoder(log);
	// One for every document, so that their editors' updates are stored together (group commit across documents).
	const writer = createUpdateWriter({ storage });

	const fanout: Fanout | null =
		options.fanout?.({
			update: (name, seq, update) => documents.get(name)?.document.receive(seq, update),
			awareness: (name, update) => documents.get(name)?.document.receiveAwareness(update),
			resubscribed: (names) => {
				log.info({ documents: names.length }, 'redis reconnected: catching up from storage');
				for (const name of names) documents.get(name)?.document.catchUp();
			}
		}) ?? null;

	const pinger = setInterval(() => {
		for (const link of links) {
			if (!link.alive) {
				log.info({ doc: link.loaded.document.name, user: link.user.id }, 'connection did not answer a ping; ending it');
				link.ws.terminate();
				continue;
			}
			link.alive = false;
			link.ws.ping();
		}
	}, settings.pingIntervalMs);
	pinger.unref();

	let rechecking = false;
	const rechecker = setInterval(() => {
		if (rechecking || links.size === 0) return;
		rechecking = true;
		void Promise.all([...links].map(recheckLink)).finally(() => (rechecking = false));
	}, settings.recheckIntervalMs);
	rechecker.unref();

	async function recheckLink(link: Link): Promise<void> {
		const { document } = link.loaded;
		try {
			const access = await options.recheck(link.token, link.document);
			if (!links.has(link)) return;
			if (!access.ok) return closeConnection(link, access.status === 401 ? SESSION_ENDED : ACCESS_ENDED, access.reason);
			if (access.expiresAt) scheduleExpiry(link, access.expiresAt);
			if (access.permission !== link.permission) {
				log.info({ doc: document.name, user: link.user.id, from: link.permission, to: access.permission }, 'permission changed on an open connection');
				link.permission = access.permission;
				link.toldReadOnly = false;
			}
		} catch (error) {
			// The database being away is not the person's fault: keep the connection, check again next time.
			log.warn({ err: error, doc: document.name }, 'could not check an open connection again');
		}
	}

	function scheduleExpiry(link: Link, expiresAt: Date): void {
		if (link.expiryTimer) clearTimeout(link.expiryTimer);
		const due = Math.min(Math.max(0, expiresAt.getTime() - Date.now() + 50), LONGEST_TIMER_MS);
		link.expiryTimer = setTimeout(() => void recheckLink(link), due);
		link.expiryTimer.unref();
	}

	function send(connection: Connection, frame: Uint8Array): void {
		const { ws } = connection;
		if (ws.readyState !== ws.OPEN) return;
		if (ws.bufferedAmount > settings.maxBufferedBytes) {
			log.warn({ user: connection.user.id, buffered: ws.bufferedAmount }, 'connection too far behind; closing it so it resyncs');
			ws.close(TRY_AGAIN_LATER, 'too far behind');
			return;
		}
		ws.send(frame);
	}

	function closeConnection(link: Link, code: number, reason: string): void {
		log.warn({ doc: link.loaded.document.name, user: link.user.id, code, reason }, 'closing a connection');
		link.ws.close(code, closeReason(reason));
	}

	// Documents: loaded on the first connection, kept while anyone holds them, unloaded after `idleMs` alone.

	async function open(name: string): Promise<LoadedDocument> {
		for (;;) {
			const loaded = documents.get(name);
			if (loaded) {
				hold(loaded);
				try {
					await loaded.ready;
				} catch (error) {
					loaded.holds--;
					throw error;
				}
				return loaded;
			}
			// Stored work of the previous copy finishes before a new copy reads storage.
			const previous = unloading.get(name);
			if (previous) {
				await previous;
				continue;
			}
			const document = new LiveDocument({
				name,
				storage,
				writer,
				fanout,
				log,
				compactEvery: settings.compactEvery,
				gapGraceMs: settings.gapGraceMs,
				largeStateBytes: settings.largeStateBytes,
				encoder,
				send,
				fail: (connection, reason) => closeConnection(connection as Link, INTERNAL_ERROR, reason)
			});
			const fresh: LoadedDocument = { document, ready: document.load(), holds: 0, idleTimer: null };
			documents.set(name, fresh);
			fresh.ready.catch((error: unknown) => {
				log.error({ err: error, doc: name }, 'could not load a document');
				if (documents.get(name) === fresh) documents.delete(name);
				void document.destroy().catch(() => {});
			});
		}
	}

	function hold(loaded: LoadedDocument): void {
		loaded.holds++;
		if (loaded.idleTimer) clearTimeout(loaded.idleTimer);
		loaded.idleTimer = null;
	}

	function release(loaded: LoadedDocument): void {
		loaded.holds--;
		if (loaded.holds > 0 || closing) return;
		loaded.idleTimer = setTimeout(() => void unload(loaded), settings.idleMs);
		loaded.idleTimer.unref();
	}

	function unload(loaded: LoadedDocument, force = false): Promise<void> {
		const { name } = loaded.document;
		if ((loaded.holds > 0 && !force) || documents.get(name) !== loaded) return Promise.resolve();
		if (loaded.idleTimer) clearTimeout(loaded.idleTimer);
		documents.delete(name);
		const done = loaded.document
			.destroy()
			.then(() => log.debug({ doc: name }, 'document unloaded'))
			.catch((error: unknown) => log.error({ err: error, doc: name }, 'error while unloading a document'))
			.finally(() => unloading.delete(name));
		unloading.set(name, done);
		return done;
	}

	// Upgrades: nothing of a document leaves before the session, the body and the person's role are checked.

	async function upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
		let admission: Admission;
		try {
			admission = await options.authenticate(req);
		} catch (error) {
			log.error({ err: error, url: req.url }, 'could not check a collaboration connection');
			return refuse(socket, 503, 'Try again in a moment.');
		}
		if (!admission.ok) {
			log.info({ url: req.url, status: admission.status, reason: admission.reason }, 'collaboration connection refused');
			return refuse(socket, admission.status, admission.reason);
		}
		if (closing) return refuse(socket, 503, 'The server is restarting. Try again in a moment.');
		let loaded: LoadedDocument;
		try {
			loaded = await open(admission.document.name);
		} catch {
			return refuse(socket, 503, 'The document could not be loaded. Try again in a moment.');
		}
		let attached = false;
		if (!socket.destroyed && !closing) {
			// Synchronous: either the callback has run when this returns, or ws refused the handshake itself.
			wss.handleUpgrade(req, socket, head, (ws) => {
				attached = true;
				attach(ws, loaded, admission);
			});
		}
		if (!attached) {
			socket.destroy();
			release(loaded);
		}
	}

	function attach(ws: WebSocket, loaded: LoadedDocument, admission: Admission & { ok: true }): void {
		const { document } = loaded;
		const link: Link = {
			ws,
			user: admission.user,
			permission: admission.permission,
			awarenessIds: new Set(),
			toldReadOnly: false,
			loaded,
			token: admission.token,
			document: admission.document,
			alive: true,
			expiryTimer: null,
			identity: { id: admission.user.id, name: admission.user.name, color: colourFor(admission.user.id) },
			awarenessTokens: settings.awarenessBurst,
			awarenessRefilledAt: performance.now(),
			awarenessDropped: 0,
			updateTokens: settings.updateBurst,
			updateBytes: settings.updateBytesBurst,
			updatesRefilledAt: performance.now()
		};
		links.add(link);
		scheduleExpiry(link, admission.expiresAt);
		document.connections.add(link);
		ws.on('error', (error: Error & { code?: string }) => {
			// Oversized frames (1009), invalid UTF-8 (1007), protocol errors (1002): ws closes the connection itself.
			log.warn({ doc: document.name, user: link.user.id, code: error.code, reason: error.message }, 'connection error');
		});
		ws.on('pong', () => (link.alive = true));
		ws.on('message', (data, isBinary) => onMessage(link, data, isBinary));
		ws.on('close', (code) => {
			links.delete(link);
			if (link.expiryTimer) clearTimeout(link.expiryTimer);
			document.remove(link);
			release(loaded);
			log.debug({ doc: document.name, user: link.user.id, code }, 'connection closed');
		});
		log.info({ doc: document.name, user: link.user.id, permission: link.permission }, 'connection opened');
		// Asking an editor for its state brings in what it changed while offline; a reader has nothing to give.
		if (link.permission === 'edit') send(link, syncStep1(document.doc));
		const awareness = allAwareness(document.awareness);
		if (awareness) send(link, awareness);
	}

	function onMessage(link: Link, data: RawData, isBinary: boolean): void {
		if (!isBinary) return closeConnection(link, 1003, 'text frames are not part of the protocol');
		const parsed = parseClientMessage(toBytes(data));
		if (!parsed.ok) return closeConnection(link, parsed.code, parsed.reason);
		const { document } = link.loaded;
		const message = parsed.message;
		switch (message.type) {
			case 'sync-step-1': {
				const answer = document.syncAnswer(message.stateVector);
				if (Array.isArray(answer)) return answer.forEach((frame) => send(link, frame));
				void answer.then((frames) => frames.forEach((frame) => send(link, frame)));
				return;
			}
			case 'sync-step-2':
			case 'update': {
				if (isEmptyUpdate(message.update)) return;
				if (link.permission !== 'edit') return refuseEdit(link);
				// A reconnecting client sends its whole delete set again: nothing to store when nothing is new.
				if (message.type === 'sync-step-2' && documentContains(document.doc, message.update)) return;
				if (!withinUpdateLimits(link, message.update.byteLength)) {
					log.warn({ doc: document.name, user: link.user.id }, 'connection over its update limits; closing it so it resyncs');
					return closeConnection(link, TRY_AGAIN_LATER, 'too many changes at once: reconnecting');
				}
				if (document.wouldPass(settings.maxDocumentBytes, message.update.byteLength)) {
					const limit = sizeInWords(settings.maxDocumentBytes);
					send(link, permissionDenied(`This document has reached its size limit of ${limit}, so your last change was not saved. Save a version of it and ask the administrator what to do next.`));
					return closeConnection(link, DOCUMENT_FULL, `This document has reached its size limit of ${limit}: your last change was not saved.`);
				}
				return document.accept(link, message.update);
			}
			case 'awareness':
				// Presence (cursors, who is here) is relayed for every connection, readers included: as the server
				// knows them (presence.ts), and no faster than the limit.
				return receivePresence(link, message.update);
			case 'query-awareness': {
				const awareness = allAwareness(document.awareness);
				if (awareness) send(link, awareness);
				return;
			}
		}
	}

	/** Takes one update of `bytes` from the connection's buckets; false when either is empty. */
	function withinUpdateLimits(link: Link, bytes: number): boolean {
		const now = performance.now();
		const seconds = (now - link.updatesRefilledAt) / 1000;
		link.updatesRefilledAt = now;
		link.updateTokens = Math.min(settings.updateBurst, link.updateTokens + seconds * settings.updatesPerSecond);
		link.updateBytes = Math.min(settings.updateBytesBurst, link.updateBytes + seconds * settings.updateBytesPerSecond);
		if (link.updateTokens < 1 || link.updateBytes < bytes) return false;
		link.updateTokens -= 1;
		link.updateBytes -= bytes;
		return true;
	}

	function receivePresence(link: Link, update: Uint8Array): void {
		const { document } = link.loaded;
		let bound: ReturnType<typeof bindPresence>;
		try {
			bound = bindPresence(update, {
				own: link.awarenessIds,
				held: (clientId) => document.awareness.getStates().has(clientId),
				heldBy: (clientId) => (document.awareness.getStates().get(clientId)?.user as { id?: unknown } | undefined)?.id,
				identity: link.identity,
				maxClientIds: settings.maxAwarenessIds
			});
		} catch {
			return closeConnection(link, 1007, 'unreadable awareness update');
		}
		if (bound.refused.length > 0) log.warn({ doc: document.name, user: link.user.id, refused: bound.refused.slice(0, 10) }, 'awareness entries refused');
		if (!bound.update) return;
		// Only what would change presence counts against the limit: a client sending back the others' states (as
		// stock y-websocket clients do) is not charged for the room being busy.
		const now = performance.now();
		link.awarenessTokens = Math.min(settings.awarenessBurst, link.awarenessTokens + ((now - link.awarenessRefilledAt) / 1000) * settings.awarenessPerSecond);
		link.awarenessRefilledAt = now;
		if (link.awarenessTokens < 1) {
			if (link.awarenessDropped++ === 0) log.warn({ doc: document.name, user: link.user.id }, 'awareness over the rate limit: dropping');
			return;
		}
		link.awarenessTokens -= 1;
		link.awarenessDropped = 0;
		awarenessProtocol.applyAwarenessUpdate(document.awareness, bound.update, link);
	}

	function refuseEdit(link: Link): void {
		log.warn({ doc: link.loaded.document.name, user: link.user.id, permission: link.permission }, 'refused a document change from a read-only connection');
		if (link.toldReadOnly) return;
		link.toldReadOnly = true;
		send(
			link,
			permissionDenied(
				link.permission === 'comment'
					? 'PPV representatives comment on this document; only members, advisers and the secretariat change it.'
					: 'Observers can read this document but not change it.'
			)
		);
	}

	return {
		handleUpgrade(req, socket, head) {
			// An error on the raw socket (a client resetting mid-handshake) must never reach the process.
			socket.on('error', (error) => log.debug({ err: error }, 'collaboration socket error'));
			if (closing) return refuse(socket, 503, 'The server is restarting. Try again in a moment.');
			const done = upgrade(req, socket, head)
				.catch((error: unknown) => {
					log.error({ err: error }, 'collaboration upgrade failed');
					socket.destroy();
				})
				.finally(() => upgrading.delete(socket));
			upgrading.set(socket, done);
		},

		close() {
			closing ??= (async () => {
				clearInterval(pinger);
				clearInterval(rechecker);
				for (const socket of upgrading.keys()) socket.destroy();
				await Promise.all(upgrading.values());
				await Promise.all(
					[...links].map(
						(link) =>
							new Promise<void>((resolve) => {
								if (link.ws.readyState === link.ws.CLOSED) return resolve();
								link.ws.once('close', () => resolve());
								link.ws.close(GOING_AWAY, 'server stopping');
								setTimeout(() => link.ws.terminate(), 2000).unref();
							})
					)
				);
				await Promise.all([...documents.values()].map(async (loaded) => {
					await loaded.ready.catch(() => {});
					return unload(loaded, true);
				}));
				await Promise.all(unloading.values());
				await encoder.close();
				fanout?.close();
				wss.close();
				log.info('collaboration server stopped');
			})();
			return closing;
		},

		stats() {
			return { documents: documents.size, connections: links.size };
		},

		async recheckUser(userId) {
			await Promise.all([...links].filter((link) => link.user.id === userId).map(recheckLink));
		},
		async recheckAll() {
			await Promise.all([...links].map(recheckLink));
		},
		catchUp(name) {
			documents.get(name)?.document.catchUp();
		},

		loadedDocument(name) {
			return documents.get(name)?.document.doc ?? null;
		}
	};
}

/** Answers an upgrade with a plain http status and ends the socket: nothing of any document is sent. */
function refuse(socket: Duplex, status: number, message: string): void {
	if (socket.destroyed) return;
	socket.once('finish', () => socket.destroy());
	socket.end(
		`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
			'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
			`Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`
	);
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A close reason has at most 123 bytes of UTF-8; cut whole characters. */
/** "32 MB", or "20 KB" for a limit under a megabyte. */
function sizeInWords(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

function closeReason(reason: string): string {
	let cut = reason;
	while (Buffer.byteLength(cut) > 123) cut = cut.slice(0, -1);
	return cut;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
