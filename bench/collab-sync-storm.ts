// Issue 13, scenario 3: the initial-sync storm. Four clients load a large document again and again (connect, sync
// step 1 and 2, disconnect, again) while a probe edits a small other document: how long the probe's keystrokes take
// to reach its observer (p50, p99, max) while the storm goes on, and how many loads the server served. Target: probe
// p99 ≤ 50 ms, and below y-websocket 1.x's reference server's in the same run.
// Each server in a process of its own (bench/collab-sync-servers.ts); the loaders in another
// (bench/collab-sync-loader.ts, raw protocol, no Y.Doc); the probe (a writer and an observer, stock clients) and
// one idle client that keeps the large document loaded throughout, in this one. The portal's large document is in
// its storage before it starts; the peers, which keep nothing, are sent it by that idle client.
// Run: npm run build && npx tsx bench/collab-sync-storm.ts [chars=2000000] [rounds=3] [seconds=20] [servers=portal,y-websocket,hocuspocus]
// (DATABASE_URL=postgres://... for PostgreSQL; after `npm install` in bench/.)
import { loadAverage as loadavg } from './servers';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { connect, type Client } from './collab-flood-clients';
import { buildDocument, openRaw, type PeerKind } from './collab-sync-clients';
import { startBenchServer, type BenchServer } from './collab-sync-servers';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CHARS = Number(process.argv[2] ?? 2_000_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const SECONDS = Number(process.argv[4] ?? 20);
const KINDS = (process.argv[5]?.split(',') ?? ['portal', 'y-websocket', 'hocuspocus']) as PeerKind[];
const LOADERS = 4;
/** The probe types one character this often. */
const PROBE_MS = 50;
const TARGET_P99_MS = 50;
const database = process.env.DATABASE_URL ? 'postgresql' : 'pglite';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The large document, built once per size (about 25 s for 2 million characters) and kept in the temp folder. */
async function largeDocument(): Promise<Uint8Array> {
	const file = path.join(os.tmpdir(), `bench-collab-sync-${CHARS}.bin`);
	if (fs.existsSync(file)) return new Uint8Array(fs.readFileSync(file));
	const update = await buildDocument(CHARS);
	fs.writeFileSync(file, update);
	return update;
}

function message<T>(child: ChildProcess, pick: (m: Record<string, unknown>) => T | undefined): Promise<T> {
	return new Promise((resolve, reject) => {
		const onMessage = (m: unknown) => {
			const picked = pick(m as Record<string, unknown>);
			if (picked === undefined) return;
			child.off('message', onMessage);
			child.off('exit', onExit);
			resolve(picked);
		};
		const onExit = (code: number | null) => reject(new Error(`loader exited (${code})`));
		child.on('message', onMessage);
		child.once('exit', onExit);
	});
}

/** The probe: its writer types one character every PROBE_MS for `ms`; the time until its observer has each. */
async function probe(writer: Client, observer: Client, ms: number): Promise<number[]> {
	const sentAt: number[] = [];
	const seenAt: number[] = [];
	const writerId = writer.doc.clientID;
	const base = Y.getState(observer.doc.store, writerId);
	const look = () => {
		for (let seen = Y.getState(observer.doc.store, writerId) - base; seenAt.length < seen; ) seenAt.push(performance.now());
	};
	observer.doc.on('update', look);
	const typing = setInterval(() => {
		sentAt.push(performance.now());
		writer.text.insert(0, 'p');
	}, PROBE_MS);
	await sleep(ms);
	clearInterval(typing);
	for (const deadline = performance.now() + 60_000; seenAt.length < sentAt.length && performance.now() < deadline; ) await sleep(5);
	observer.doc.off('update', look);
	if (seenAt.length < sentAt.length) throw new Error(`the probe's observer saw ${seenAt.length} of ${sentAt.length} keystrokes`);
	return sentAt.map((sent, i) => seenAt[i]! - sent);
}

interface Round {
	probeP50Ms: number;
	probeP99Ms: number;
	probeMaxMs: number;
	keystrokes: number;
	loads: number;
	loadsPerSecond: number;
	loadP50Ms: number;
	loadFailures: number;
}

async function run(kind: PeerKind, stored: Uint8Array) {
	const server: BenchServer = await startBenchServer(kind, kind === 'portal' ? { stored } : {});
	const clients: Client[] = [];
	let loader: ChildProcess | null = null;
	const holder = openRaw(kind, server.url, server.names.large, server.cookies.editor);
	try {
		// The idle client keeps the large document loaded; on the peers it brings the document with it.
		const held = await holder.loaded;
		if (kind !== 'portal') holder.update(stored);
		for (let size = held; size < stored.byteLength / 2; size = await holder.reload()) await sleep(200);
		const writer = connect(kind, server.url, server.names.small, server.cookies.editor);
		const observer = connect(kind, server.url, server.names.small, server.cookies.member);
		clients.push(writer, observer);
		await Promise.all([writer.synced, observer.synced]);
		loader = fork(path.join(HERE, 'collab-sync-loader.ts'), [JSON.stringify({ kind, url: server.url, name: server.names.large, cookie: server.cookies.member, loaders: LOADERS })], {
			execArgv: ['--import', 'tsx'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		await message(loader, (m) => (m.ready ? true : undefined));
		// Hocuspocus stores the whole document 2 s after a change (10 s at most): not during the rounds.
		await sleep(kind === 'hocuspocus' ? 12_000 : 2_000);
		const quiet = (await probe(writer, observer, 5_000)).sort((a, b) => a - b);
		const rounds: Round[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			loader.send('go');
			const started = performance.now();
			const latencies = (await probe(writer, observer, SECONDS * 1000)).sort((a, b) => a - b);
			loader.send('halt');
			const { loads, loadMs, failures } = await message(loader, (m) => (typeof m.loads === 'number' ? (m as { loads: number; loadMs: number[]; failures: number }) : undefined));
			const elapsed = performance.now() - started;
			rounds.push({
				probeP50Ms: Math.round(percentile(latencies, 50)),
				probeP99Ms: Math.round(percentile(latencies, 99)),
				probeMaxMs: Math.round(latencies.at(-1)!),
				keystrokes: latencies.length,
				loads,
				loadsPerSecond: +((loads / elapsed) * 1000).toFixed(1),
				loadP50Ms: Math.round(percentile([...loadMs].sort((a, b) => a - b), 50)),
				loadFailures: failures
			});
			console.error(`${kind} round ${round + 1}: ${JSON.stringify(rounds.at(-1))}`);
			await sleep(1000);
		}
		return {
			server: kind,
			quietProbeP99Ms: Math.round(percentile(quiet, 99)),
			probeP50Ms: median(rounds.map((r) => r.probeP50Ms)),
			probeP99Ms: median(rounds.map((r) => r.probeP99Ms)),
			probeMaxMs: median(rounds.map((r) => r.probeMaxMs)),
			loadsPerSecond: median(rounds.map((r) => r.loadsPerSecond)),
			loadP50Ms: median(rounds.map((r) => r.loadP50Ms)),
			rounds
		};
	} finally {
		loader?.send('stop');
		for (const client of clients) client.destroy();
		await holder.close();
		await server.stop();
	}
}

const stored = await largeDocument();
const loadBefore = loadavg();
const results: Awaited<ReturnType<typeof run>>[] = [];
for (const kind of KINDS) results.push(await run(kind, stored));
const by = (kind: PeerKind) => results.find((r) => r.server === kind);
const portal = by('portal');
const reference = by('y-websocket');
const line = {
	scenario: 'initial-sync storm',
	database,
	target: `probe p99 ≤ ${TARGET_P99_MS} ms while ${LOADERS} clients load a ${CHARS.toLocaleString('en-GB')}-character document again and again, and below y-websocket's in the same run`,
	document: { characters: CHARS, encodedBytes: stored.byteLength },
	rounds: ROUNDS,
	seconds: SECONDS,
	figures: portal ?? null,
	peerFigures: Object.fromEntries(results.filter((r) => r.server !== 'portal').map((r) => [r.server, r])),
	ratio: portal && reference ? +(portal.probeP99Ms / Math.max(1, reference.probeP99Ms)).toFixed(3) : null,
	met: portal && reference ? portal.probeP99Ms <= TARGET_P99_MS && portal.probeP99Ms < reference.probeP99Ms : null,
	loadavg: { before: loadBefore, after: loadavg() },
	node: process.version
};
console.log(JSON.stringify(line));
fs.mkdirSync(path.join(HERE, 'results'), { recursive: true });
const file = path.join(HERE, 'results', `collab-sync-storm-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(file, JSON.stringify(line, null, 2) + '\n');
console.error(`written: ${path.relative(process.cwd(), file)}`);
process.exit(0);
