// One Yjs server of bench/collab-flood.ts, alone in this process so that its memory can be read from outside.
// Run by collab-flood.ts as `node --import tsx bench/collab-flood-server.ts KIND` with an IPC channel: it sends
// { url } once it listens on 127.0.0.1, and closes (storing what it holds) when sent 'stop'.
//   portal            the portal's collab server, on DATABASE_URL or embedded PGlite in DATA_DIR (already
//                     migrated and seeded by the parent); BENCH_LIMITS=off lifts its per-connection update limits;
//                     BENCH_STORAGE=memory keeps documents in this process instead (sign-in still on the database);
//                     BENCH_COMPACT_EVERY sets how many updates a document's log takes before it is merged
//   hocuspocus        Hocuspocus 3 (bench/node_modules) on the same kind of database as the portal;
//                     HOCUSPOCUS_UPDATE_LOG=off leaves out the onChange log: the stock Database extension alone
//   y-websocket       y-websocket 1.x's reference server (bin/utils); LevelDB in YPERSISTENCE when it is set
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import pino from 'pino';
import { openDatabase, type Database } from '../src/lib/server/db';

const kind = process.argv[2];
const log = pino({ level: 'silent' });
const require = createRequire(import.meta.url);

async function listen(server: http.Server): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function openConfigured(): Promise<Database> {
	return openDatabase({ databaseUrl: process.env.DATABASE_URL || null, dataDir: process.env.DATA_DIR!, log });
}

let stop: () => Promise<void>;
let url: string;
/** Updates handed to storage and not yet written: after the observer has seen the flood, how far durability lags. */
let pending = 0;
function counted<T>(write: Promise<T>, updates = 1): Promise<T> {
	pending += updates;
	return write.finally(() => (pending -= updates));
}

if (kind === 'portal') {
	const { createCollabServer } = await import('../server/collab');
	const { portalCollabHooks } = await import('../server/collab/portal-hooks');
	const { createMemoryStorage, createPostgresStorage } = await import('../src/lib/server/document-storage');
	const database = await openConfigured();
	const storage = process.env.BENCH_STORAGE === 'memory' ? createMemoryStorage() : createPostgresStorage(database.sql);
	const lifted = process.env.BENCH_LIMITS === 'off';
	const collab = createCollabServer({
		...portalCollabHooks({
			services: { sql: database.sql, log, origin: 'http://localhost' },
			redis: null,
			storage: { ...storage, append: (name, update) => counted(storage.append(name, update)), appendMany: (entries) => counted(storage.appendMany(entries), entries.length) }
		}),
		...(process.env.BENCH_COMPACT_EVERY ? { compactEvery: Number(process.env.BENCH_COMPACT_EVERY) } : {}),
		...(lifted ? { updatesPerSecond: 1e9, updateBurst: 1e9, updateBytesPerSecond: 1e12, updateBytesBurst: 1e12 } : {})
	});
	const server = http.createServer((_req, res) => {
		res.statusCode = 404;
		res.end();
	});
	server.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
	url = `${await listen(server)}/collab`;
	stop = async () => {
		await collab.close();
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
		await database.close();
	};
} else if (kind === 'hocuspocus') {
	const { Server } = await import('@hocuspocus/server');
	const { Database: DatabaseExtension } = await import('@hocuspocus/extension-database');
	const database = await openConfigured();
	const { sql } = database;
	await sql`create table if not exists hocuspocus_documents (name text primary key, state bytea not null)`;
	await sql`create table if not exists hocuspocus_updates (id bigserial primary key, name text not null, update bytea not null)`;
	let appending = Promise.resolve();
	// And every update appended as it comes, in order, as the portal and y-leveldb do. Hocuspocus relays an
	// update before its hooks run, so this costs the relay nothing but CPU and the database connection.
	const updateLog = {
		async onChange({ documentName, update }: { documentName: string; update: Uint8Array }) {
			const run = counted(
				appending.then(() => sql`insert into hocuspocus_updates (name, update) values (${documentName}, ${Buffer.from(update.buffer, update.byteOffset, update.byteLength)})`)
			);
			appending = run.then(
				() => {},
				() => {}
			);
			await run;
		}
	};
	const server = new Server({
		quiet: true,
		stopOnSignals: false,
		extensions: [
			// Stock: the whole document, stored after changes stop for 2 s and at least every 10 s (Hocuspocus defaults).
			new DatabaseExtension({
				fetch: async ({ documentName }) => {
					const [row] = await sql<{ state: Uint8Array }[]>`select state from hocuspocus_documents where name = ${documentName}`;
					return row ? new Uint8Array(row.state) : null;
				},
				store: async ({ documentName, state }) => {
					await sql`insert into hocuspocus_documents (name, state) values (${documentName}, ${state})
						on conflict (name) do update set state = excluded.state`;
				}
			}),
			...(process.env.HOCUSPOCUS_UPDATE_LOG === 'off' ? [] : [updateLog])
		]
	});
	url = await listen(server.httpServer);
	stop = async () => {
		await server.destroy();
		await appending;
		await database.close();
	};
} else if (kind === 'y-websocket') {
	// bin/utils reads YPERSISTENCE when it is loaded; the WebSocketServer is the one its own bin/server.js makes.
	const { setupWSConnection, docs, getPersistence } = require('y-websocket/bin/utils') as {
		setupWSConnection: (conn: unknown, req: http.IncomingMessage) => void;
		docs: Map<string, unknown>;
		getPersistence: () => { provider: { destroy(): Promise<void>; storeUpdate(name: string, update: Uint8Array): Promise<number> } } | null;
	};
	const leveldb = getPersistence()?.provider;
	if (leveldb) {
		const storeUpdate = leveldb.storeUpdate.bind(leveldb);
		leveldb.storeUpdate = (name, update) => counted(storeUpdate(name, update));
	}
	const { WebSocketServer } = await import('ws');
	const wss = new WebSocketServer({ noServer: true });
	wss.on('connection', setupWSConnection);
	const server = http.createServer((_req, res) => {
		res.writeHead(200, { 'Content-Type': 'text/plain' });
		res.end('okay');
	});
	server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
	url = await listen(server);
	stop = async () => {
		for (const ws of wss.clients) ws.terminate();
		await new Promise((resolve) => wss.close(resolve));
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
		docs.clear();
		await getPersistence()?.provider.destroy();
	};
} else {
	throw new Error(`unknown server "${kind}": portal, hocuspocus or y-websocket`);
}

process.send!({ url });
process.on('message', async (message) => {
	if (message === 'pending') process.send!({ pending });
	if (message !== 'stop') return;
	await stop();
	process.exit(0);
});
process.on('disconnect', () => process.exit(0));
