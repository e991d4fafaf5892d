// Issue 13, scenario 4: memory. Side by side with y-websocket 1.x's reference server in one run, each server in a
// process of its own, read from /proc after a full garbage collection asked of V8 through the inspector (the same
// for every server, so that what is measured is what is held, not garbage not yet collected):
//   connections  the server's RSS with N idle connections (each authenticated on the portal, each through its first
//                sync) on a small document, less its RSS before they opened, divided by N
//   document     the RSS a loaded document adds (one idle client holding it), over the size of its encoded state
//   unloaded     the RSS once that client has gone and the server has had time to let the document go (the portal
//                after its idle time, 30 s), less the RSS before it was loaded; y-websocket's reference server
//                without persistence keeps every document it has loaded, so it is sent a new one each round
// Medians of rounds, in one server process each. Run: npm run build && npx tsx bench/collab-memory.ts
// [connections=500] [chars=2000000] [rounds=3] [servers=portal,y-websocket,hocuspocus] (DATABASE_URL=... for
// PostgreSQL; after `npm install` in bench/).
import { loadAverage as loadavg } from './servers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDocument, openRaw, type PeerKind, type RawClient } from './collab-sync-clients';
import { startBenchServer, type BenchServer } from './collab-sync-servers';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CONNECTIONS = Number(process.argv[2] ?? 500);
const CHARS = Number(process.argv[3] ?? 2_000_000);
const ROUNDS = Number(process.argv[4] ?? 3);
const KINDS = (process.argv[5]?.split(',') ?? ['portal', 'y-websocket', 'hocuspocus']) as PeerKind[];
/** The portal unloads a document this long after its last connection closes (server/collab, idleMs). */
const PORTAL_IDLE_MS = 30_000;
const database = process.env.DATABASE_URL ? 'postgresql' : 'pglite';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (bytes: number) => Math.round(bytes / 1024);
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

async function largeDocument(): Promise<Uint8Array> {
	const file = path.join(os.tmpdir(), `bench-collab-sync-${CHARS}.bin`);
	if (fs.existsSync(file)) return new Uint8Array(fs.readFileSync(file));
	const update = await buildDocument(CHARS);
	fs.writeFileSync(file, update);
	return update;
}

/** RSS after a full collection, once it has settled (two readings a moment apart, the lower); and V8's heap used. */
async function settledRss(server: BenchServer): Promise<number> {
	await server.collectGarbage();
	await sleep(500);
	heapUsed.set(server, await server.collectGarbage());
	const first = server.rss();
	await sleep(500);
	return Math.min(first, server.rss());
}
/** The JavaScript heap used at the last `settledRss`: what the server holds, without the allocator's slack. */
const heapUsed = new Map<BenchServer, number>();

async function openAll(server: BenchServer, count: number): Promise<RawClient[]> {
	const clients: RawClient[] = [];
	// In groups, as people arrive: the figure is for idle connections, not for a storm of handshakes.
	for (let i = 0; i < count; i += 50) {
		const group = Array.from({ length: Math.min(50, count - i) }, () => openRaw(server.kind, server.url, server.names.small, server.cookies.member));
		await Promise.all(group.map((client) => client.loaded));
		clients.push(...group);
	}
	return clients;
}

async function run(kind: PeerKind, stored: Uint8Array) {
	const server = await startBenchServer(kind, { inspect: true, ...(kind === 'portal' ? { stored } : {}) });
	try {
		// Every code path used once before anything is measured.
		const warm = await openAll(server, 10);
		await Promise.all(warm.map((client) => client.close()));
		const keeper = openRaw(kind, server.url, server.names.small, server.cookies.editor);
		await keeper.loaded;
		await sleep(1000);

		const connections: { before: number; after: number; perConnection: number; heapPerConnection: number }[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			const before = await settledRss(server);
			const heapBefore = heapUsed.get(server)!;
			const clients = await openAll(server, CONNECTIONS);
			await sleep(2000);
			const after = await settledRss(server);
			connections.push({ before, after, perConnection: (after - before) / CONNECTIONS, heapPerConnection: (heapUsed.get(server)! - heapBefore) / CONNECTIONS });
			await Promise.all(clients.map((client) => client.close()));
			await sleep(1000);
			console.error(`${kind} connections round ${round + 1}: ${kb((after - before) / CONNECTIONS)} KB each`);
		}

		const documents: { before: number; loaded: number; unloaded: number; loadedOverEncoded: number; unloadedGrowth: number; heapOverEncoded: number; heapAfterUnload: number }[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			const before = await settledRss(server);
			const heapBefore = heapUsed.get(server)!;
			// y-websocket's reference server without persistence never lets a document go (bin/utils.js unloads only
			// with persistence): a document of its own each round, so that each round measures one being loaded.
			const name = kind === 'portal' ? server.names.large : `${server.names.large}-${round}`;
			const holder = openRaw(kind, server.url, name, server.cookies.editor);
			let size = await holder.loaded;
			if (kind !== 'portal') holder.update(stored);
			while (size < stored.byteLength / 2) {
				await sleep(200);
				size = await holder.reload();
			}
			await sleep(2000);
			const loaded = await settledRss(server);
			const heapLoaded = heapUsed.get(server)!;
			await holder.close();
			// The portal keeps a document for its idle time after the last connection; the peers let it go at once.
			await sleep(kind === 'portal' ? PORTAL_IDLE_MS + 3000 : 3000);
			const unloaded = await settledRss(server);
			documents.push({
				before,
				loaded,
				unloaded,
				loadedOverEncoded: (loaded - before) / stored.byteLength,
				unloadedGrowth: unloaded - before,
				heapOverEncoded: (heapLoaded - heapBefore) / stored.byteLength,
				heapAfterUnload: heapUsed.get(server)! - heapBefore
			});
			console.error(`${kind} document round ${round + 1}: ${JSON.stringify(documents.at(-1))}`);
		}
		await keeper.close();
		return {
			server: kind,
			connections: CONNECTIONS,
			rssPerIdleConnectionKb: kb(median(connections.map((r) => r.perConnection))),
			loadedDocumentOverEncoded: +median(documents.map((r) => r.loadedOverEncoded)).toFixed(1),
			loadedDocumentMb: mb(median(documents.map((r) => r.loaded - r.before))),
			afterUnloadGrowthMb: mb(median(documents.map((r) => r.unloadedGrowth))),
			heapPerIdleConnectionKb: kb(median(connections.map((r) => r.heapPerConnection))),
			heapLoadedDocumentOverEncoded: +median(documents.map((r) => r.heapOverEncoded)).toFixed(1),
			heapAfterUnloadGrowthMb: mb(median(documents.map((r) => r.heapAfterUnload))),
			rssBaselineMb: mb(connections[0]!.before),
			rounds: { connections, documents }
		};
	} finally {
		await server.stop();
	}
}

const stored = await largeDocument();
const loadBefore = loadavg();
const results: Awaited<ReturnType<typeof run>>[] = [];
for (const kind of KINDS) results.push(await run(kind, stored));
const portal = results.find((r) => r.server === 'portal');
const reference = results.find((r) => r.server === 'y-websocket');
const line = {
	scenario: 'memory',
	database,
	target: `RSS per idle authenticated connection with ${CONNECTIONS} connections, and a loaded document's RSS over its encoded size, beside y-websocket's in the same run; back to the baseline after the document is unloaded`,
	document: { characters: CHARS, encodedBytes: stored.byteLength },
	rounds: ROUNDS,
	figures: portal ?? null,
	peerFigures: Object.fromEntries(results.filter((r) => r.server !== 'portal').map((r) => [r.server, r])),
	ratio:
		portal && reference
			? { perConnection: +(portal.rssPerIdleConnectionKb / Math.max(1, reference.rssPerIdleConnectionKb)).toFixed(2), loadedDocument: +(portal.loadedDocumentOverEncoded / reference.loadedDocumentOverEncoded).toFixed(2) }
			: null,
	// No number is set for these: met is whether the document's memory comes back (within 10% of it) after unloading.
	met: portal ? portal.afterUnloadGrowthMb <= 0.1 * portal.loadedDocumentMb : null,
	loadavg: { before: loadBefore, after: loadavg() },
	node: process.version
};
console.log(JSON.stringify(line));
fs.mkdirSync(path.join(HERE, 'results'), { recursive: true });
const file = path.join(HERE, 'results', `collab-memory-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(file, JSON.stringify(line, null, 2) + '\n');
console.error(`written: ${path.relative(process.cwd(), file)}`);
process.exit(0);
