import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import pino, { type Logger } from 'pino';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createCollabServer, type CollabOptions, type CollabServer } from '../../server/collab';
import { portalCollabHooks, type CollabServices } from '../../server/collab/portal-hooks';
import type { DocumentStorage } from '../../src/lib/server/document-storage';
import type { RedisConnections } from '../../server/redis';
import type { MembershipRole } from '../../src/lib/domain/roles';
import * as body from '../../src/lib/server/body';
import type { Database } from '../../src/lib/server/db';
import * as membership from '../../src/lib/server/membership';
import * as session from '../../src/lib/server/session';
import * as user from '../../src/lib/server/user';
import { quietLog } from './database';

/** The services the collaboration server needs, over a test database. */
export function testServices(database: Database, log: Logger = quietLog): CollabServices {
	return { sql: database.sql, log, origin: 'http://localhost' };
}

export interface TestCollab {
	collab: CollabServer;
	/** ws://127.0.0.1:PORT/collab, the serverUrl a WebsocketProvider takes. */
	url: string;
	close(): Promise<void>;
}

/** A collaboration server on its own http server, port 0, as the portal wires it. */
export async function newCollabServer(
	database: Database,
	options: Partial<Omit<CollabOptions, 'log' | 'authenticate' | 'recheck' | 'storage' | 'fanout'>> & {
		redis?: RedisConnections | null;
		log?: Logger;
		storage?: DocumentStorage;
		channelPrefix?: string;
	} = {}
): Promise<TestCollab> {
	const { log = process.env.TEST_LOG ? pino({ level: process.env.TEST_LOG }) : quietLog, redis = null, storage, channelPrefix, ...rest } = options;
	const collab = createCollabServer({ ...portalCollabHooks({ services: testServices(database, log), redis, storage, channelPrefix }), ...rest });
	const server = http.createServer((_req, res) => {
		res.statusCode = 404;
		res.end();
	});
	server.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		collab,
		url: `ws://127.0.0.1:${port}/collab`,
		async close() {
			await collab.close();
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	};
}

export type Seat = 'administrator' | MembershipRole | 'outsider';

export interface SeededBody {
	bodyId: string;
	/** `session=<token>` for a person in each seat of the body; the outsider sits on another body only. */
	cookies: Record<Seat, string>;
	userIds: Record<Seat, string>;
}

const today = () => new Date().toISOString().slice(0, 10);

/** A body with a signed-in person in each role that matters to its documents, using the portal's own modules. */
export async function seedBody(sql: Database['sql'], seats: Seat[] = ['administrator', 'secretariat', 'voting_member', 'ppv_representative', 'observer', 'outsider']): Promise<SeededBody> {
	const first = await user.createFirstAdministrator(sql, { email: 'admin@example.nhs.uk', name: 'Ada Admin', password: 'correct horse battery staple' });
	if (!first.ok) throw new Error(first.reason);
	const adminId = first.userId;
	const made = await body.create(sql, { name: 'North West Collaborative Commissioning Oversight Group', kind: 'oversight_group', parentId: null }, adminId);
	const elsewhere = await body.create(sql, { name: 'North East Collaborative Commissioning Oversight Group', kind: 'oversight_group', parentId: null }, adminId);
	if (!made.ok || !elsewhere.ok) throw new Error('could not create the bodies');
	const cookies = {} as Record<Seat, string>;
	const userIds = {} as Record<Seat, string>;
	for (const seat of seats) {
		let userId = adminId;
		if (seat !== 'administrator') {
			const person = await user.ensurePerson(sql, { email: `${seat}@example.nhs.uk`, name: `The ${seat.replace('_', ' ')}` }, adminId);
			userId = person.id;
			const joined = await membership.create(
				sql,
				seat === 'outsider' ? elsewhere.value.id : made.value.id,
				userId,
				{ role: seat === 'outsider' ? 'secretariat' : seat, deputyFor: null, organisationIds: [], startsOn: today(), endsOn: null },
				adminId
			);
			if (!joined.ok) throw new Error(joined.reason);
		}
		const { token } = await session.create(sql, userId);
		cookies[seat] = `${session.SESSION_COOKIE}=${token}`;
		userIds[seat] = userId;
	}
	return { bodyId: made.value.id, cookies, userIds };
}

/** The WebSocket class a provider is given: ws, sending the session cookie as a browser would. */
export function webSocketWithCookie(cookie: string | null) {
	return class extends WebSocket {
		constructor(address: string | URL, protocols?: string | string[]) {
			super(address, protocols, cookie ? { headers: { cookie } } : {});
		}
	};
}

export interface TestClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	text: Y.Text;
	map: Y.Map<unknown>;
	/** Reasons the server gave for refusing this client's changes (y-protocols auth messages). */
	refusals: string[];
	/** Resolves once the first sync with the server is done. */
	synced: Promise<void>;
	destroy(): void;
}

/** A stock y-websocket client on `docName`, signed in with `cookie`. */
export function connectClient(url: string, docName: string, cookie: string | null, doc = new Y.Doc()): TestClient {
	const provider = new WebsocketProvider(url, docName, doc, {
		WebSocketPolyfill: webSocketWithCookie(cookie) as unknown as typeof globalThis.WebSocket,
		// Node has BroadcastChannel: without this, clients in one test process would reach each other directly.
		disableBc: true,
		maxBackoffTime: 200
	});
	const refusals: string[] = [];
	provider.messageHandlers[2] = (_encoder, decoder) => {
		// y-protocols auth: [permission denied = 0][reason]
		if (decoding.readVarUint(decoder) === 0) refusals.push(decoding.readVarString(decoder));
	};
	const synced = new Promise<void>((resolve) => {
		if (provider.synced) return resolve();
		provider.once('sync', () => resolve());
	});
	return {
		doc,
		provider,
		text: doc.getText('body'),
		map: doc.getMap('rules'),
		refusals,
		synced,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/** A bare websocket: how the upgrade was answered, and every frame received. */
export function rawClient(url: string, docName: string, headers: Record<string, string> = {}) {
	const ws = new WebSocket(`${url}/${docName}`, { headers });
	const frames: Uint8Array[] = [];
	ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
	ws.on('error', () => {});
	const opened = new Promise<{ status: number }>((resolve) => {
		ws.once('open', () => resolve({ status: 101 }));
		ws.once('unexpected-response', (req, res) => {
			resolve({ status: res.statusCode ?? 0 });
			req.destroy();
		});
		ws.once('error', () => resolve({ status: 0 }));
	});
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
	return { ws, frames, opened, closed };
}
