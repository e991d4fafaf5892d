// Co-editing side by side (issue 13, scenario 2): 20 documents × 10 editors, each editor inserting one character at
// a random place at a steady rate, at rising rates in all (200, 500, 1,000, 2,000 updates/s), against three servers
// in one run, each in a process of its own:
//   portal        the real server (server/index.ts with build/), on embedded PGlite or DATABASE_URL: every update
//                 stored before it is relayed
//   hocuspocus    Hocuspocus 3 with its stock Database extension (whole state, default debounce 2 s, at most
//                 10 s) on the same kind of database (collab-flood-server.ts, HOCUSPOCUS_UPDATE_LOG=off)
//   y-websocket   y-websocket 1.x's reference server (bin/utils), no persistence
// The editors are in collab-editing-editors.ts processes (whole documents each), the driver in this one. Relay
// latency: from an editor's insert until the last of the other 9 editors of its document has it; each round's
// figure is the p95 over the updates sent in the measured window, and the result the median of the rounds.
// Then, with the clients still typing, each server with storage is killed (SIGKILL) and its storage read: how many
// updates some editor had been sent that were not stored.
// Run: npm run build && (cd bench && npm install) && npx tsx bench/collab-editing.ts [rates=200,500,1000,2000]
//      [rounds=3] [servers=portal,hocuspocus,y-websocket]; DATABASE_URL=postgres://... for PostgreSQL.
//      BENCH_MEASURE_MS (default 10000), BENCH_WARMUP_MS (2000), BENCH_WORKERS (editor processes, default 2).
//      --profile: the portal alone, started by collab-editing-portal.ts with --cpu-prof, counting SQL statements.
import { fork, type ChildProcess } from 'node:child_process';
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { openDatabase } from '../src/lib/server/db';
import { loadDocument } from '../src/lib/server/document-storage';
import * as body from '../src/lib/server/body';
import * as membership from '../src/lib/server/membership';
import * as session from '../src/lib/server/session';
import * as user from '../src/lib/server/user';
import { newDatabaseLocation, quietLog, seedAndClose, type DatabaseLocation } from '../tests/helpers/database';
import { loadAverage as loadavg, PORTAL_LISTENING, startServer, stopServer } from './servers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const ALL = ['portal', 'hocuspocus', 'y-websocket'] as const;
/**
 * Not run unless named, the portal's collaboration server alone (collab-flood-server.ts), sign-in on the database:
 *   portal-memory          documents in memory: what the relay costs when storing costs nothing
 *   portal-no-compaction   documents on the database, the log never merged while open: what compaction costs
 */
const EXTRA = ['portal-memory', 'portal-no-compaction'] as const;
type Kind = (typeof ALL)[number] | (typeof EXTRA)[number];

const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const profile = process.argv.includes('--profile');
const rates = (args[0] ?? '200,500,1000,2000').split(',').map(Number);
const ROUNDS = Number(args[1] ?? 3);
const kinds = (args[2]?.split(',') ?? (profile ? ['portal'] : ALL)) as Kind[];
for (const kind of kinds) if (![...ALL, ...EXTRA].includes(kind)) throw new Error(`unknown server "${kind}": one of ${ALL.join(', ')}`);
const DOCUMENTS = 20;
const EDITORS = 10;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 10_000);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 2_000);
const DRAIN_MS = 15_000;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
/** The rate the ratio is taken at, and the p95 a rate is held under. */
const AT_RATE = 1000;
const HELD_MS = 100;
const database = process.env.DATABASE_URL ? 'postgresql' : 'pglite';
const TARGET = `every update durable before relay; relay p95 within 2x of Hocuspocus's at ${AT_RATE} updates/s in all; highest rate held before p95 passes ${HELD_MS} ms at least Hocuspocus's`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
/** CPU time a process has used, in ms (Linux /proc: utime + stime in clock ticks of 10 ms). */
const cpuMs = (pid: number) => {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return 0;
	}
};
const debugStart = performance.now();
const note = (what: string) => console.error(`${((performance.now() - debugStart) / 1000).toFixed(0)} s: ${what}`);

/** The next message from `child` that `pick` accepts; rejects if the child exits first. */
function message<T>(child: ChildProcess, pick: (message: Record<string, unknown>) => T | undefined, timeoutMs = 120_000): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const done = () => {
			clearTimeout(timer);
			child.off('message', onMessage);
			child.off('exit', onExit);
		};
		const onMessage = (received: unknown) => {
			const picked = pick(received as Record<string, unknown>);
			if (picked === undefined) return;
			done();
			resolve(picked);
		};
		const onExit = (code: number | null) => {
			done();
			reject(new Error(`${path.basename(child.spawnfile)} exited (${code})`));
		};
		const timer = setTimeout(() => {
			done();
			reject(new Error(`no answer from a child within ${timeoutMs} ms`));
		}, timeoutMs);
		child.on('message', onMessage);
		child.once('exit', onExit);
	});
}

/** A bench script in a process of its own, with tsx and an IPC channel. */
function spawn(script: string, argv: string[], env: NodeJS.ProcessEnv = process.env, execArgv: string[] = []): ChildProcess {
	return fork(path.join(HERE, script), argv, { cwd: ROOT, env, execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 2, 'inherit', 'ipc'] });
}

/** One body with ten editors, each signed in once; their sessions open every document. */
async function seedEditors(sql: Parameters<Parameters<typeof seedAndClose>[1]>[0]) {
	const first = await user.createFirstAdministrator(sql, { email: 'admin@example.nhs.uk', name: 'Ada Admin', password: 'correct horse battery staple' });
	if (!first.ok) throw new Error(first.reason);
	const made = await body.create(sql, { name: 'North West Collaborative Commissioning Oversight Group', kind: 'oversight_group', parentId: null }, first.userId);
	if (!made.ok) throw new Error('could not create the body');
	const today = new Date().toISOString().slice(0, 10);
	const cookies: string[] = [];
	for (let i = 0; i < EDITORS; i++) {
		const person = await user.ensurePerson(sql, { email: `editor${i}@example.nhs.uk`, name: `Editor ${i}` }, first.userId);
		const joined = await membership.create(sql, made.value.id, person.id, { role: i === 0 ? 'secretariat' : 'voting_member', deputyFor: null, organisationIds: [], startsOn: today, endsOn: null }, first.userId);
		if (!joined.ok) throw new Error(joined.reason);
		cookies.push(`${session.SESSION_COOKIE}=${(await session.create(sql, person.id)).token}`);
	}
	return { bodyId: made.value.id, cookies };
}

interface Running {
	kind: Kind;
	child: ChildProcess;
	/** The serverUrl a client takes. */
	url: string;
	location: DatabaseLocation | null;
	cookies: (string | null)[];
	/** The body whose documents are edited (any will do for a server with no sign-in). */
	bodyId: string;
}

/** Each step edits fresh documents: priorities plans of a body, one financial year each. */
const documentSet = (bodyId: string, set: number) =>
	Array.from({ length: DOCUMENTS }, (_, i) => {
		const year = 2000 + set * DOCUMENTS + i;
		return `priorities:${bodyId}:${year}-${String((year + 1) % 100).padStart(2, '0')}`;
	});

async function startAll(): Promise<Running[]> {
	const running: Running[] = [];
	for (const kind of kinds) {
		if (kind === 'portal') {
			const location = await newDatabaseLocation();
			const seeded = await seedAndClose(location, seedEditors);
			const env = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '', REDIS_URL: '' };
			let child: ChildProcess;
			let url: string;
			if (profile) {
				const dir = path.join(os.tmpdir(), `co-editing-profile-${database}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
				fs.mkdirSync(dir, { recursive: true });
				child = spawn('collab-editing-portal.ts', [], { ...process.env, ...env }, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
				url = await message(child, (m) => m.url as string | undefined);
				note(`profiling the portal into ${dir}`);
			} else {
				const started = await startServer([path.join(ROOT, 'server/index.ts')], env, PORTAL_LISTENING);
				// Its output is not read after it listens; keep its pipes from filling.
				started.child.stdout!.resume();
				started.child.stderr!.on('data', (chunk: Buffer) => process.env.BENCH_DEBUG && process.stderr.write(chunk));
				child = started.child;
				url = started.url;
			}
			running.push({ kind, child, url: `${url.replace(/^http/, 'ws')}/collab`, location, cookies: seeded.cookies, bodyId: seeded.bodyId });
		} else if (kind === 'portal-memory' || kind === 'portal-no-compaction') {
			const location = await newDatabaseLocation();
			const seeded = await seedAndClose(location, seedEditors);
			const env = { ...process.env, DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '' };
			Object.assign(env, kind === 'portal-memory' ? { BENCH_STORAGE: 'memory' } : { BENCH_COMPACT_EVERY: String(1e9) });
			const child = spawn('collab-flood-server.ts', ['portal'], env);
			const url = await message(child, (m) => m.url as string | undefined);
			running.push({ kind, child, url, location, cookies: seeded.cookies, bodyId: seeded.bodyId });
		} else {
			const location = kind === 'hocuspocus' ? await newDatabaseLocation() : null;
			const env: NodeJS.ProcessEnv = { ...process.env, HOCUSPOCUS_UPDATE_LOG: 'off' };
			delete env.YPERSISTENCE;
			if (location) Object.assign(env, { DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '' });
			const child = spawn('collab-flood-server.ts', [kind], env);
			const url = await message(child, (m) => m.url as string | undefined);
			running.push({ kind, child, url, location, cookies: Array(EDITORS).fill(null), bodyId: '00000000-0000-4000-8000-000000000000' });
		}
	}
	return running;
}

/** The editors' processes for one step, each with whole documents, connected and synced. */
async function connectEditors(server: Running, names: string[]): Promise<ChildProcess[]> {
	const perWorker = Math.ceil(names.length / WORKERS);
	const workers: ChildProcess[] = [];
	for (let w = 0; w < WORKERS; w++) {
		const documents = names.slice(w * perWorker, (w + 1) * perWorker);
		if (documents.length === 0) continue;
		const argv = { kind: server.kind, url: server.url, documents, cookies: server.cookies, firstEditor: w * perWorker * EDITORS, totalEditors: names.length * EDITORS };
		workers.push(spawn('collab-editing-editors.ts', [JSON.stringify(argv)]));
	}
	await Promise.all(workers.map((worker) => message(worker, (m) => m.ready as boolean | undefined)));
	return workers;
}

interface WorkerResult {
	sent: number;
	measured: number;
	allHave: (number | null)[];
	deliveries: number[];
	lateP95: number;
	lateMax: number;
	converged: boolean;
	reconnects: number;
}

interface Step {
	server: Kind;
	rate: number;
	round: number;
	updatesSent: number;
	measuredUpdates: number;
	/** Updates in the measured window that had not reached every other editor of their document after the drain. */
	notDelivered: number;
	p50Ms: number | null;
	p95Ms: number | null;
	p99Ms: number | null;
	maxMs: number | null;
	deliveryP95Ms: number | null;
	/** How late the editors' processes made their updates against the schedule (p95, max): whether they kept up. */
	generatorLateP95Ms: number;
	generatorLateMaxMs: number;
	/** The server process's CPU over the measured window, in % of one core; the editors' processes' together. */
	serverCpuPercent: number;
	editorsCpuPercent: number;
	converged: boolean;
	reconnects: number;
	loadavg: string;
}

/** --profile: the statements the portal sent in the last measured window, and the updates made in it. */
type Statements = { total: number; updates: number; byShape: Record<string, number> };
let statements = null as Statements | null;

async function step(server: Running, rate: number, round: number, set: number): Promise<Step> {
	const workers = await connectEditors(server, documentSet(server.bodyId, set));
	try {
		await sleep(500);
		const startAt = performance.timeOrigin + performance.now() + 300;
		const go = { startAt, ratePerEditor: rate / (DOCUMENTS * EDITORS), warmupMs: WARMUP_MS, measureMs: MEASURE_MS, drainMs: DRAIN_MS };
		const results = Promise.all(workers.map((worker) => message(worker, (m) => m.result as WorkerResult | undefined, WARMUP_MS + MEASURE_MS + DRAIN_MS + 60_000)));
		for (const worker of workers) worker.send({ go });
		// CPU over the measured window.
		await sleep(startAt - performance.timeOrigin - performance.now() + WARMUP_MS);
		const cpu = () => ({ server: cpuMs(server.child.pid!), editors: workers.reduce((sum, w) => sum + cpuMs(w.pid!), 0), at: performance.now() });
		const before = cpu();
		const counting = profile && server.kind === 'portal';
		if (counting) server.child.send('count');
		await sleep(MEASURE_MS);
		const after = cpu();
		const counted = counting ? message(server.child, (m) => m.statements as { total: number; byShape: Record<string, number> } | undefined) : null;
		if (counting) server.child.send('counted');
		const each = await results;
		if (counted) statements = { ...(await counted), updates: each.reduce((sum, r) => sum + r.measured, 0) };
		const allHave = each.flatMap((r) => r.allHave);
		const seen = allHave.filter((ms): ms is number => ms !== null).sort((a, b) => a - b);
		const notDelivered = allHave.length - seen.length;
		// An update that never reached everyone counts as slower than any that did.
		const withMissing = [...seen, ...Array<number>(notDelivered).fill(Infinity)];
		const at = (p: number) => {
			if (withMissing.length === 0) return null;
			const value = percentile(withMissing, p);
			return Number.isFinite(value) ? Math.round(value * 10) / 10 : null;
		};
		const deliveries = each.flatMap((r) => r.deliveries).sort((a, b) => a - b);
		const elapsed = after.at - before.at;
		return {
			server: server.kind,
			rate,
			round,
			updatesSent: each.reduce((sum, r) => sum + r.sent, 0),
			measuredUpdates: allHave.length,
			notDelivered,
			p50Ms: at(50),
			p95Ms: at(95),
			p99Ms: at(99),
			maxMs: notDelivered > 0 ? null : Math.round(seen.at(-1)! * 10) / 10,
			deliveryP95Ms: deliveries.length ? Math.round(percentile(deliveries, 95) * 10) / 10 : null,
			generatorLateP95Ms: Math.round(Math.max(...each.map((r) => r.lateP95)) * 10) / 10,
			generatorLateMaxMs: Math.round(Math.max(...each.map((r) => r.lateMax)) * 10) / 10,
			serverCpuPercent: Math.round(((after.server - before.server) / elapsed) * 100),
			editorsCpuPercent: Math.round(((after.editors - before.editors) / elapsed) * 100),
			converged: each.every((r) => r.converged),
			reconnects: each.reduce((sum, r) => sum + r.reconnects, 0),
			loadavg: loadavg()
		};
	} finally {
		await Promise.all(workers.map((worker) => stopServer(worker, 'message')));
	}
}

/**
 * With the editors typing at `rate`, the server is killed (SIGKILL) and its storage read: how many updates some
 * editor had received (the server had relayed) that storage does not hold. The server is gone afterwards.
 */
async function killProbe(server: Running, rate: number, set: number) {
	const names = documentSet(server.bodyId, set);
	const workers = await connectEditors(server, names);
	try {
		await sleep(500);
		const startAt = performance.timeOrigin + performance.now() + 300;
		for (const worker of workers) worker.send({ go: { startAt, ratePerEditor: rate / (DOCUMENTS * EDITORS), warmupMs: 0, measureMs: 60_000, drainMs: 0 } });
		await sleep(300 + 5_000);
		const exited = new Promise((resolve) => server.child.once('exit', resolve));
		server.child.kill('SIGKILL');
		await exited;
		// Frames the server wrote before it died may still be on their way to the clients.
		await sleep(500);
		const answers = workers.map((worker) => message(worker, (m) => m.seen as Record<string, { id: number; sent: number; relayed: number }[]> | undefined));
		for (const worker of workers) worker.send('seen');
		const seen = Object.assign({}, ...(await Promise.all(answers))) as Record<string, { id: number; sent: number; relayed: number }[]>;
		let sent = 0;
		let relayed = 0;
		let relayedNotStored = 0;
		// portal-memory's documents were in its own memory: there is nothing stored to read.
		if (server.location && server.kind !== 'portal-memory') {
			const opened = await openDatabase({ databaseUrl: server.location.databaseUrl, dataDir: server.location.dataDir, log: quietLog });
			try {
				for (const name of names) {
					let stored: Y.Doc | null;
					if (server.kind === 'portal') stored = await loadDocument(opened.sql, name);
					else {
						const [row] = await opened.sql<{ state: Buffer }[]>`select state from hocuspocus_documents where name = ${name}`;
						stored = new Y.Doc();
						if (row) Y.applyUpdate(stored, new Uint8Array(row.state));
					}
					for (const editor of seen[name] ?? []) {
						sent += editor.sent;
						relayed += editor.relayed;
						relayedNotStored += Math.max(0, editor.relayed - (stored ? Y.getState(stored.store, editor.id) : 0));
					}
					stored?.destroy();
				}
			} finally {
				await opened.close();
			}
		} else {
			for (const editors of Object.values(seen)) for (const editor of editors) ((sent += editor.sent), (relayed += editor.relayed), (relayedNotStored += editor.relayed));
		}
		return { server: server.kind, rate, killedAfterMs: 5_000, sent, relayed, relayedNotStored };
	} finally {
		await Promise.all(workers.map((worker) => stopServer(worker, 'message')));
	}
}

const version = (file: string) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
const VERSIONS = {
	portal: `oversight-portal ${version(path.join(ROOT, 'package.json'))}`,
	hocuspocus: `@hocuspocus/server ${version(path.join(HERE, 'node_modules/@hocuspocus/server/package.json'))} + @hocuspocus/extension-database (stock debounce)`,
	'portal-memory': `oversight-portal ${version(path.join(ROOT, 'package.json'))}: the collaboration server alone, documents in memory`,
	'portal-no-compaction': `oversight-portal ${version(path.join(ROOT, 'package.json'))}: the collaboration server alone, its logs never merged while open`,
	'y-websocket': `y-websocket ${version(path.join(HERE, 'node_modules/y-websocket/package.json'))} bin/utils (no persistence)`,
	yjs: version(path.join(ROOT, 'node_modules/yjs/package.json'))
};
const commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
const collabChanged = execSync('git status --porcelain -- server/collab src/lib/server/document-storage', { cwd: ROOT }).toString().trim();

const loadBefore = loadavg();
note(`${database}: rates ${rates.join(', ')} updates/s, ${ROUNDS} rounds, ${kinds.join(', ')}; load ${loadBefore}; ${commit}${collabChanged ? ' (server/collab has uncommitted changes)' : ''}`);
const running = await startAll();
const steps: Step[] = [];
const probes: Awaited<ReturnType<typeof killProbe>>[] = [];
try {
	let set = 0;
	for (let round = 0; round < ROUNDS; round++) {
		for (const [r, rate] of rates.entries()) {
			// Each server goes first in turn, so none always follows the same one.
			const order = running.map((_, i) => running[(i + round + r) % running.length]!);
			for (const server of order) {
				statements = null;
				const result = await step(server, rate, round, set);
				const counted = statements as Statements | null;
				if (counted) note(`${counted.total} statements in the measured window, for ${counted.updates} updates: ${(counted.total / counted.updates).toFixed(2)} per update`);
				steps.push(result);
				note(`${server.kind} ${rate}/s round ${round + 1}: p95 ${result.p95Ms} ms, p50 ${result.p50Ms} ms, not delivered ${result.notDelivered}, server CPU ${result.serverCpuPercent}%, editors CPU ${result.editorsCpuPercent}%, late p95 ${result.generatorLateP95Ms} ms, load ${result.loadavg}`);
				await sleep(1_000);
			}
			set++;
		}
	}
	if (!profile) {
		for (const server of running) {
			try {
				probes.push(await killProbe(server, AT_RATE, set++));
				note(`${server.kind} killed while typing at ${AT_RATE}/s: ${JSON.stringify(probes.at(-1))}`);
			} catch (error) {
				note(`${server.kind}: the kill probe failed: ${(error as Error).message}`);
			}
		}
	}
} finally {
	for (const server of running) {
		await stopServer(server.child, server.kind === 'portal' ? 'SIGTERM' : 'message');
		await server.location?.remove();
	}
}

// One line per server and rate: medians of the rounds.
const cell = (kind: Kind, rate: number) => {
	const mine = steps.filter((s) => s.server === kind && s.rate === rate);
	const med = (pick: (s: Step) => number | null) => {
		const values = mine.map(pick);
		// A round that did not deliver everything counts as slower than any that did.
		const sorted = values.map((v) => v ?? Infinity).sort((a, b) => a - b);
		const value = sorted[Math.floor((sorted.length - 1) / 2)]!;
		return Number.isFinite(value) ? value : null;
	};
	return {
		rounds: mine.length,
		relayP50Ms: med((s) => s.p50Ms),
		relayP95Ms: med((s) => s.p95Ms),
		relayP99Ms: med((s) => s.p99Ms),
		relayMaxMs: med((s) => s.maxMs),
		deliveryP95Ms: med((s) => s.deliveryP95Ms),
		p95EachRoundMs: mine.map((s) => s.p95Ms),
		notDelivered: mine.reduce((sum, s) => sum + s.notDelivered, 0),
		serverCpuPercent: med((s) => s.serverCpuPercent),
		editorsCpuPercent: med((s) => s.editorsCpuPercent),
		generatorLateP95Ms: med((s) => s.generatorLateP95Ms),
		converged: mine.every((s) => s.converged),
		reconnects: mine.reduce((sum, s) => sum + s.reconnects, 0)
	};
};
/** The highest rate whose p95, and every lower rate's, is within HELD_MS; 0 when none is. */
const held = (kind: Kind) => {
	let best = 0;
	for (const rate of [...rates].sort((a, b) => a - b)) {
		const p95 = cell(kind, rate).relayP95Ms;
		if (p95 === null || p95 > HELD_MS) break;
		best = rate;
	}
	return best;
};
const lines = [];
for (const kind of kinds) {
	for (const rate of rates) {
		const figures = cell(kind, rate);
		const peers = Object.fromEntries(kinds.filter((k) => k !== kind).map((k) => [k, cell(k, rate)]));
		const hocuspocus = kind !== 'hocuspocus' && kinds.includes('hocuspocus') ? cell('hocuspocus', rate).relayP95Ms : null;
		const line = {
			scenario: 'co-editing',
			database,
			server: kind,
			version: VERSIONS[kind],
			rate,
			documents: DOCUMENTS,
			editorsPerDocument: EDITORS,
			measureMs: MEASURE_MS,
			target: `relay p95 (insert until the other ${EDITORS - 1} editors of the document have it), median of ${ROUNDS} rounds`,
			figures,
			peerFigures: Object.fromEntries(Object.entries(peers).map(([k, f]) => [k, { relayP95Ms: f.relayP95Ms, relayP50Ms: f.relayP50Ms }])),
			ratio: hocuspocus !== null && figures.relayP95Ms !== null ? Math.round((figures.relayP95Ms / Math.max(1, hocuspocus)) * 100) / 100 : null,
			met: null
		};
		lines.push(line);
		console.log(JSON.stringify(line));
	}
}
let summary: Record<string, unknown> | null = null;
if (kinds.includes('portal') && kinds.includes('hocuspocus') && rates.includes(AT_RATE)) {
	const portalP95 = cell('portal', AT_RATE).relayP95Ms;
	const hocuspocusP95 = cell('hocuspocus', AT_RATE).relayP95Ms;
	const ratio = portalP95 !== null && hocuspocusP95 !== null ? Math.round((portalP95 / Math.max(1, hocuspocusP95)) * 100) / 100 : null;
	const portalProbe = probes.find((p) => p.server === 'portal');
	const durable = portalProbe ? portalProbe.relayedNotStored === 0 : null;
	const heldRates = Object.fromEntries(kinds.map((k) => [k, held(k)]));
	summary = {
		scenario: 'co-editing',
		database,
		target: TARGET,
		rounds: ROUNDS,
		figures: { relayP95MsAt1000: portalP95, highestRateHeld: heldRates.portal, killed: portalProbe ?? null },
		peerFigures: Object.fromEntries(
			kinds.filter((k) => k !== 'portal').map((k) => [k, { relayP95MsAt1000: cell(k, AT_RATE).relayP95Ms, highestRateHeld: heldRates[k], killed: probes.find((p) => p.server === k) ?? null }])
		),
		ratio,
		met: ratio === null || durable === null ? false : durable && ratio <= 2 && heldRates.portal! >= heldRates.hocuspocus!,
		loadavg: { before: loadBefore, after: loadavg() }
	};
	console.log(JSON.stringify(summary));
}
fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
const file = path.join(ROOT, 'bench/results', `co-editing-${database}-${new Date().toISOString().replace(/[:.]/g, '-')}${profile ? '-profile' : ''}.json`);
fs.writeFileSync(
	file,
	JSON.stringify({ scenario: 'co-editing', database, node: process.version, cpus: os.cpus().length, commit, collabChanged, versions: VERSIONS, lines, summary, steps, probes, statements }, null, 2) + '\n'
);
note(`written: ${path.relative(ROOT, file)}`);
