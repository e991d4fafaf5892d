// Flood, side by side: editor A sends N one-character updates as fast as it can while editor B types one every
// ~100 ms on the same document; how long each of B's updates takes to reach an observer C, how long until C has
// all of A's (and until its storage has written them), and how much the server's memory grows. One run, one server
// at a time, each in a process of its own (collab-flood-server.ts); A and B in processes of their own
// (collab-flood-editor.ts), C in this one:
//   portal             the portal's collab server (every update stored before it is relayed), default limits
//   portal-no-limits   the same with its per-connection update limits lifted: the write path alone
//   hocuspocus         Hocuspocus 3 with its Database extension and an onChange log, on the same database
//   y-websocket        y-websocket 1.x's reference server with its LevelDB persistence (YPERSISTENCE)
// Run: npx tsx bench/collab-flood.ts [updates=5000] [servers=portal,portal-no-limits,hocuspocus,y-websocket]
// (DATABASE_URL=postgres://... for PostgreSQL instead of embedded PGlite; after `npm install` in bench/;
// BENCH_DEBUG=1 prints when each phase starts.) Linux: memory is read from /proc.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { openDatabase } from '../src/lib/server/db';
import { migrate } from '../src/lib/server/migrate';
import { seedBody, type SeededBody } from '../tests/helpers/collab';
import { newDatabaseLocation, quietLog } from '../tests/helpers/database';
import { connect, type Client } from './collab-flood-clients';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const ALL = ['portal', 'portal-no-limits', 'hocuspocus', 'y-websocket'] as const;
type Kind = (typeof ALL)[number];

const updates = Number(process.argv[2] ?? 5000);
const kinds = (process.argv[3]?.split(',') ?? ALL) as Kind[];
for (const kind of kinds) if (!ALL.includes(kind)) throw new Error(`unknown server "${kind}": one of ${ALL.join(', ')}`);
const database = process.env.DATABASE_URL ? 'postgresql' : 'pglite';
/** B types at this interval, and at least this many times, whatever the flood does. */
const TYPING_MS = 100;
const MIN_TYPED = 10;
/** A server that has not delivered the flood by then is reported as not having done so. */
const GIVE_UP_MS = Math.max(120_000, updates * 30);

const version = (file: string) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
const VERSIONS = {
	portal: version(path.join(ROOT, 'package.json')),
	hocuspocus: version(path.join(HERE, 'node_modules/@hocuspocus/server/package.json')),
	'y-websocket': version(path.join(HERE, 'node_modules/y-websocket/package.json')),
	client: version(path.join(ROOT, 'node_modules/y-websocket/package.json')),
	yjs: version(path.join(ROOT, 'node_modules/yjs/package.json'))
};

/** The server's process: resident memory now, and its peak since `resetPeak` (Linux /proc). */
const status = (pid: number, field: 'VmRSS' | 'VmHWM') => {
	const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
	return Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
};
const resetPeak = (pid: number) => {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
};

interface Prepared {
	env: NodeJS.ProcessEnv;
	persistence: string;
	seeded: SeededBody | null;
	remove(): Promise<void>;
}

/** A migrated, seeded database: made once for embedded PGlite (whose first start takes some seconds) and copied. */
async function seededDatabase(databaseUrl: string | null, dataDir: string): Promise<SeededBody> {
	const opened = await openDatabase({ databaseUrl, dataDir, log: quietLog });
	try {
		await migrate(opened.sql, path.join(ROOT, 'migrations'), quietLog);
		return await seedBody(opened.sql, ['secretariat', 'voting_member', 'observer']);
	} finally {
		await opened.close();
	}
}
let pgliteTemplate: Promise<{ dataDir: string; seeded: SeededBody }> | null = null;
const templateDirs: string[] = [];

/** A fresh place for the server's data: a seeded database of its own (every server the same), or a LevelDB folder. */
async function prepare(kind: Kind): Promise<Prepared> {
	if (kind === 'y-websocket') {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-yleveldb-'));
		return {
			env: { ...process.env, YPERSISTENCE: dir },
			persistence: 'LevelDB (y-leveldb 0.1.2 via YPERSISTENCE): every update appended after it is relayed',
			seeded: null,
			remove: async () => fs.rmSync(dir, { recursive: true, force: true })
		};
	}
	const location = await newDatabaseLocation();
	let seeded: SeededBody;
	if (location.databaseUrl) {
		seeded = await seededDatabase(location.databaseUrl, location.dataDir);
	} else {
		pgliteTemplate ??= (async () => {
			const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pglite-'));
			templateDirs.push(dataDir);
			return { dataDir, seeded: await seededDatabase(null, dataDir) };
		})();
		const template = await pgliteTemplate;
		fs.cpSync(template.dataDir, location.dataDir, { recursive: true });
		seeded = template.seeded;
	}
	const env = { ...process.env, DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '' };
	if (kind === 'hocuspocus') {
		return {
			env,
			persistence: `${database}: @hocuspocus/extension-database (whole state, stock debounce 2 s / max 10 s) + an onChange hook appending every update, both after it is relayed`,
			seeded,
			remove: location.remove
		};
	}
	return {
		env: { ...env, BENCH_LIMITS: kind === 'portal-no-limits' ? 'off' : 'default' },
		persistence: `${database}: every update stored (grouped per write) before it is relayed`,
		seeded,
		remove: location.remove
	};
}

/** The next message from `child` that `pick` accepts; rejects if the child exits first. */
function message<T>(child: ChildProcess, pick: (message: Record<string, unknown>) => T | undefined): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const onMessage = (received: unknown) => {
			const picked = pick(received as Record<string, unknown>);
			if (picked === undefined) return;
			child.off('message', onMessage);
			child.off('exit', onExit);
			resolve(picked);
		};
		const onExit = (code: number | null) => reject(new Error(`${path.basename(child.spawnfile)} exited (${code})`));
		child.on('message', onMessage);
		child.once('exit', onExit);
	});
}

/** A bench script in a process of its own, with tsx, an IPC channel and the portal's root as its folder. */
function spawn(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
	return fork(path.join(HERE, script), args, { cwd: ROOT, env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 2, 'inherit', 'ipc'] });
}

async function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.send('stop');
	const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
	await exited;
	clearTimeout(timer);
}

const debugStart = performance.now();
const debug = (what: string) => process.env.BENCH_DEBUG && console.error(`${Math.round(performance.now() - debugStart)} ms: ${what}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

async function run(kind: Kind) {
	debug(`${kind}: preparing`);
	const prepared = await prepare(kind);
	debug(`${kind}: starting`);
	const server = spawn('collab-flood-server.ts', [kind.startsWith('portal') ? 'portal' : kind], prepared.env);
	const editors: ChildProcess[] = [];
	let c: Client | null = null;
	try {
		const url = await message(server, (m) => m.url as string | undefined);
		debug(`${kind}: listening`);
		const seeded = prepared.seeded;
		const name = `terms-of-reference:${seeded?.bodyId ?? '00000000-0000-4000-8000-000000000000'}`;
		// A and B each in a process of their own; C, the observer, in this one.
		const editor = (role: 'flood' | 'type', cookie: string | undefined) => {
			const made = spawn('collab-flood-editor.ts', [JSON.stringify({ role, kind, url, name, cookie: cookie ?? null, updates, typingMs: TYPING_MS })]);
			editors.push(made);
			return made;
		};
		const a = editor('flood', seeded?.cookies.secretariat);
		const b = editor('type', seeded?.cookies.voting_member);
		const observer = connect(kind, url, name, seeded?.cookies.observer ?? null);
		c = observer;
		const clientId = (child: ChildProcess) => message(child, (m) => m.clientId as number | undefined);
		const [aId, bId] = await Promise.all([clientId(a), clientId(b), observer.synced]);
		debug(`${kind}: connected`);
		await sleep(500);
		const pid = server.pid!;
		const rssStart = status(pid, 'VmRSS');
		const peakReset = resetPeak(pid);
		let rssSampled = rssStart;
		const sampler = setInterval(() => (rssSampled = Math.max(rssSampled, status(pid, 'VmRSS'))), 20);

		// C watches its own copy: B's k-th update is B's clock k, A's N updates are A's clock N.
		const seenAt: number[] = [];
		let started = 0;
		let floodSeenAt: number | null = null;
		let done!: () => void;
		const floodSeen = new Promise<void>((resolve) => (done = resolve));
		const look = () => {
			const now = performance.now();
			for (let seen = Y.getState(observer.doc.store, bId); seenAt.length < seen; ) seenAt.push(performance.timeOrigin + now);
			if (floodSeenAt === null && Y.getState(observer.doc.store, aId) >= updates) {
				floodSeenAt = now - started;
				done();
			}
		};
		observer.doc.on('update', look);
		let typed = 0;
		b.on('message', (m: { typed?: number }) => (typed = m.typed ?? typed));
		const floodSent = message(a, (m) => m.sentMs as number | undefined);
		started = performance.now();
		a.send('go');
		b.send('go');

		const floodSentMs = await floodSent;
		await Promise.race([floodSeen, sleep(GIVE_UP_MS)]);
		// Durable: nothing handed to the server's storage is still unwritten (the portal writes before it relays).
		const durable = (async () => {
			for (const deadline = performance.now() + GIVE_UP_MS; floodSeenAt !== null && performance.now() < deadline; await sleep(10)) {
				server.send('pending');
				if ((await message(server, (m) => m.pending as number | undefined)) === 0) return performance.now() - started;
			}
			return null;
		})();
		while (typed < MIN_TYPED && b.exitCode === null) await sleep(TYPING_MS / 2);
		b.send('halt');
		const sentAt = await message(b, (m) => m.sentAt as number[] | undefined);
		const floodDurableAt = await durable;
		for (const deadline = performance.now() + 30_000; seenAt.length < sentAt.length && performance.now() < deadline; ) await sleep(5);
		const latencies = seenAt.slice(0, sentAt.length).map((seen, k) => seen - sentAt[k]!);
		// Everyone ends with the same text: nothing lost or doubled.
		const expected = updates + sentAt.length;
		const text = (child: ChildProcess) => {
			child.send('text');
			return message(child, (m) => (typeof m.text === 'string' ? (m as { text: string; closes: number }) : undefined));
		};
		let [aState, bState] = await Promise.all([text(a), text(b)]);
		for (const deadline = performance.now() + 30_000; performance.now() < deadline; await sleep(50)) {
			if (aState.text.length === expected && bState.text.length === expected && observer.text.length === expected) break;
			[aState, bState] = await Promise.all([text(a), text(b)]);
		}
		clearInterval(sampler);
		const rssEnd = status(pid, 'VmRSS');
		const rssPeak = Math.max(rssSampled, rssEnd, peakReset ? status(pid, 'VmHWM') : 0);
		observer.doc.off('update', look);
		const sorted = [...latencies].sort((x, y) => x - y);
		const converged = observer.text.length === expected && observer.text.toString() === aState.text && bState.text === aState.text;
		return {
			server: kind,
			version: kind.startsWith('portal') ? `oversight-portal ${VERSIONS.portal}` : `${kind === 'hocuspocus' ? '@hocuspocus/server' : 'y-websocket'} ${VERSIONS[kind as 'hocuspocus' | 'y-websocket']}`,
			yjs: VERSIONS.yjs,
			clients: kind === 'hocuspocus' ? `@hocuspocus/provider ${VERSIONS.hocuspocus}` : `y-websocket ${VERSIONS.client} client`,
			persistence: prepared.persistence,
			database,
			updates,
			editorB: {
				updates: sentAt.length,
				seen: latencies.length,
				p50Ms: sorted.length ? Math.round(percentile(sorted, 50)) : null,
				p95Ms: sorted.length ? Math.round(percentile(sorted, 95)) : null,
				maxMs: sorted.length ? Math.round(sorted.at(-1)!) : null,
				/** Those made before C had seen all of A's: the rest were made after the flood, to have at least 10. */
				duringFlood: floodSeenAt === null ? sentAt.length : sentAt.filter((at) => at < performance.timeOrigin + started + floodSeenAt!).length
			},
			floodSentMs: Math.round(floodSentMs),
			floodSeenByObserverMs: floodSeenAt === null ? null : Math.round(floodSeenAt),
			floodDurableMs: floodDurableAt === null ? null : Math.round(floodDurableAt),
			floodUpdatesPerSecond: floodSeenAt === null ? null : Math.round((updates / floodSeenAt) * 1000),
			editorAReconnects: aState.closes,
			converged,
			rssStartMb: mb(rssStart),
			rssPeakGrowthMb: mb(rssPeak - rssStart),
			rssEndGrowthMb: mb(rssEnd - rssStart)
		};
	} finally {
		debug(`${kind}: stopping`);
		c?.destroy();
		await Promise.all(editors.map(stop));
		await stop(server);
		await prepared.remove();
		debug(`${kind}: stopped`);
	}
}

const results = [];
try {
	for (const kind of kinds) {
		const result = await run(kind);
		console.log(JSON.stringify(result));
		results.push(result);
	}
} finally {
	for (const dir of templateDirs) fs.rmSync(dir, { recursive: true, force: true });
}
const rows = [
	['server', 'B→C p50', 'p95', 'max', 'B updates (in flood)', `all ${updates} of A seen by C`, 'and stored', 'A reconnects', 'RSS peak growth', 'RSS growth at end', 'same text'],
	...results.map((r) => [
		r.server,
		`${r.editorB.p50Ms} ms`,
		`${r.editorB.p95Ms} ms`,
		`${r.editorB.maxMs} ms`,
		`${r.editorB.updates} (${r.editorB.duringFlood})`,
		r.floodSeenByObserverMs === null ? `not within ${GIVE_UP_MS / 1000} s` : `${r.floodSeenByObserverMs} ms`,
		r.floodDurableMs === null ? '?' : `${r.floodDurableMs} ms`,
		String(r.editorAReconnects),
		`+${r.rssPeakGrowthMb} MB`,
		`${r.rssEndGrowthMb >= 0 ? '+' : ''}${r.rssEndGrowthMb} MB`,
		r.converged ? 'yes' : 'NO'
	])
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
console.log(`\n${database}: ${updates} updates from A as fast as it can; B types every ${TYPING_MS} ms until C has seen them all (at least ${MIN_TYPED} times)`);
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
