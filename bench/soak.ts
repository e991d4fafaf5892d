// Issue 13's soak: mixed load kept steady for a while (default 10 minutes) against the real built portal, with its
// memory and latencies sampled every 10 s and reported as series, to see whether they stay flat.
// The portal runs in a process of its own (bench/servers.ts), on embedded PGlite or on DATABASE_URL; this process
// is the load generator (bench/soak-load.ts):
//   - a live meeting of 30 voting members and a chair: every 20 s the chair proposes a motion and opens a vote, the
//     members cast their ballots over the next 8 s, and the chair closes the vote (not before 12 s in);
//   - 5 co-edited documents of the same body, 4 editors on each, each typing about 3 keystrokes a second;
//   - 3 signed-in page loads a second, in turn the home page, the decision register and the meeting's page.
// Every 10 s one JSON line: the server's RSS (/proc/<pid>/status), its CPU, ballot acknowledgement p50/p95, Yjs
// relay p95 (keystroke until each other editor has it), page p95, and errors, all in that window. Then one JSON
// line summing the series up: first, second and last minute, the slope of RSS, and whether it was flat (the
// definition is FLAT in bench/soak-series.ts). After the load: whether the editors converged, whether a fresh
// client reads the same text from the server, and whether every acknowledged ballot is stored.
// Writes bench/results/soak-<timestamp>.json with the whole series.
// Run: npm run build && npx tsx bench/soak.ts [seconds=600] (DATABASE_URL=postgres://... for PostgreSQL;
// SOAK_HEAP_DIR=/some/dir takes a heap snapshot of the server after the first minute and at the end, which
// pauses it for a moment; SOAK_INSPECT=observe reads the server's process.memoryUsage() through the inspector at
// each sample (bench/soak-inspect.ts), SOAK_INSPECT=gc reads it before and after forcing a full collection. All
// are for looking into growth, not for the measured run.)
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openDatabase } from '../src/lib/server/db';
import { connectClient as connectEditor } from '../tests/helpers/collab';
import { newDatabaseLocation, quietLog, seedAndClose } from '../tests/helpers/database';
import { markPresent, seedMeeting, SIMPLE_MAJORITY } from '../tests/helpers/meeting-fixture';
import { connectInspector, type Inspector } from './soak-inspect';
import { startEditing, startMeeting, startPages } from './soak-load';
import { Errors, FLAT, p95Flat, round, rssFlat, slope, summarise } from './soak-series';
import { PORTAL_LISTENING, startServer } from './servers';

const DURATION_S = Number(process.argv[2] ?? 600);
if (!(DURATION_S >= 30)) throw new Error('the soak needs at least 30 seconds');
const SETTINGS = {
	durationS: DURATION_S,
	sampleEveryS: 10,
	members: 30,
	voteEveryS: 20,
	castWithinS: 8,
	closeVoteAfterS: 12,
	documents: 5,
	editorsPerDocument: 4,
	keystrokesPerSecondPerEditor: 3,
	pagesPerSecond: 3
};
/** The minutes compared; a short (development) run compares thirds of itself instead. */
const MINUTE_S = DURATION_S >= 180 ? 60 : DURATION_S / 3;
const database = process.env.DATABASE_URL ? 'postgresql' : 'pglite';
const heapDir = process.env.SOAK_HEAP_DIR ? path.resolve(process.env.SOAK_HEAP_DIR) : null;
const inspect = process.env.SOAK_INSPECT ?? '';
if (!['', 'observe', 'gc'].includes(inspect)) throw new Error('SOAK_INSPECT is observe or gc');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Each y-websocket provider listens for this process's exit (to say its editor has gone): 21 of them are expected.
process.setMaxListeners(100);

/** A field of /proc/<pid>/status, in MB. */
function procStatusMb(pid: number, field: string): number {
	const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
	return round(Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024, 1);
}
/** The process's user and system CPU time so far, in seconds (/proc/<pid>/stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}
/** A port nothing listens on now, for the server's inspector. */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}
const loadAverage = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);

const location = await newDatabaseLocation();
try {
	const memberKeys = Array.from({ length: SETTINGS.members }, (_, i) => `m${i}`);
	const seeded = await seedAndClose(location, async (sql) => {
		const made = await seedMeeting(sql, { name: 'Soak', rules: SIMPLE_MAJORITY, members: [{ key: 'chair', role: 'chair' }, ...memberKeys.map((key) => ({ key, role: 'voting_member' as const }))] });
		await markPresent(sql, made, ['chair', ...memberKeys]);
		return made;
	});
	// The body's own documents, edited by its members (members edit a body's documents: src/lib/server/document-access.ts).
	const documentNames = [`terms-of-reference:${seeded.bodyId}`, `raci:${seeded.bodyId}`, ...['2015-16', '2016-17', '2017-18', '2018-19'].map((year) => `priorities:${seeded.bodyId}:${year}`)].slice(0, SETTINGS.documents);
	const documents = documentNames.map((name, d) => ({ name, cookies: memberKeys.slice(d * SETTINGS.editorsPerDocument, (d + 1) * SETTINGS.editorsPerDocument).map((key) => seeded.cookies[key]!) }));
	const pagePaths = ['/', '/decisions', `/meetings/${seeded.meetingId}`];
	const readers = ['chair', ...memberKeys].map((key) => seeded.cookies[key]!);

	const inspectorPort = inspect ? await freePort() : null;
	const nodeFlags = [
		...(heapDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${(fs.mkdirSync(heapDir, { recursive: true }), heapDir)}`] : []),
		...(inspectorPort ? [`--inspect=127.0.0.1:${inspectorPort}`] : [])
	];
	const portal = await startServer(
		[...nodeFlags, path.resolve('server/index.ts')],
		{ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '', REDIS_URL: '' },
		PORTAL_LISTENING
	);
	const pid = portal.child.pid!;
	let inspector: Inspector | null = null;
	if (inspectorPort) {
		const [target] = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
		inspector = await connectInspector(target!.webSocketDebuggerUrl);
	}
	let started = performance.now();
	const clock = { now: () => (performance.now() - started) / 1000 };
	const errors = new Errors(clock.now);
	// What the server logs at warn or above is counted with the errors.
	let partial = '';
	portal.child.stdout!.on('data', (chunk: Buffer) => {
		const lines = (partial + chunk).split('\n');
		partial = lines.pop()!;
		for (const line of lines) {
			let entry: { level?: number; msg?: string; err?: { message?: string } };
			try {
				entry = JSON.parse(line);
			} catch {
				continue;
			}
			if ((entry.level ?? 0) >= 40) errors.add(entry.level! >= 50 ? 'server logged an error' : 'server warned', `${entry.msg}${entry.err?.message ? `: ${entry.err.message}` : ''}`);
		}
	});
	let serverExited = false;
	let stopping = false;
	let crashed = false;
	portal.child.once('exit', (code, signal) => {
		serverExited = true;
		crashed = !stopping;
		if (crashed) errors.add('server exited', `code ${code}, signal ${signal}`);
	});

	try {
		const rssBeforeLoadMb = procStatusMb(pid, 'VmRSS');
		const loadAverageAtStart = loadAverage();
		started = performance.now();
		const meetingLoad = await startMeeting(
			portal.url,
			seeded,
			memberKeys,
			{ cycleMs: SETTINGS.voteEveryS * 1000, castWithinMs: SETTINGS.castWithinS * 1000, closeAfterMs: SETTINGS.closeVoteAfterS * 1000 },
			clock,
			errors
		);
		const collabUrl = `${portal.url.replace(/^http/, 'ws')}/collab`;
		const editing = await startEditing(collabUrl, documents, SETTINGS.keystrokesPerSecondPerEditor, clock, errors);
		const pages = startPages(portal.url, pagePaths, readers, SETTINGS.pagesPerSecond, clock, errors);
		const connectedAfterS = round(clock.now(), 1);

		// The load generator's own event loop: were it late, its latencies would be its own as much as the server's.
		const lag = monitorEventLoopDelay({ resolution: 10 });
		lag.enable();
		const samples: Record<string, unknown>[] = [];
		const rss: { t: number; mb: number }[] = [];
		let cpuBefore = cpuSeconds(pid);
		let ownCpuBefore = cpuSeconds(process.pid);
		const snapshot = () => heapDir && !serverExited && portal.child.kill('SIGUSR2');
		for (let k = 1; k * SETTINGS.sampleEveryS <= DURATION_S && !serverExited; k++) {
			const t = k * SETTINGS.sampleEveryS;
			await sleep(Math.max(0, started + t * 1000 - performance.now()));
			if (serverExited) break;
			const from = t - SETTINGS.sampleEveryS;
			const rssMb = procStatusMb(pid, 'VmRSS');
			const cpu = cpuSeconds(pid);
			const ownCpu = cpuSeconds(process.pid);
			rss.push({ t, mb: rssMb });
			const sample = {
				scenario: 'soak',
				kind: 'sample',
				database,
				t,
				rssMb,
				rssAnonMb: procStatusMb(pid, 'RssAnon'),
				serverCpuPercent: round(((cpu - cpuBefore) / SETTINGS.sampleEveryS) * 100),
				ballotAckMs: summarise(meetingLoad.ballots.between(from, t)),
				chairActMs: Object.fromEntries([...meetingLoad.chairActsByName].map(([name, l]) => [name, summarise(l.between(from, t))])),
				yjsRelayMs: summarise(editing.relay.between(from, t)),
				pageMs: summarise(pages.all.between(from, t)),
				errors: errors.between(from, t),
				loadGenerator: {
					lagMs: { p99: round(lag.percentile(99) / 1e6), max: round(lag.max / 1e6) },
					cpuPercent: round(((ownCpu - ownCpuBefore) / SETTINGS.sampleEveryS) * 100),
					rssMb: procStatusMb(process.pid, 'VmRSS')
				},
				loadAverage: loadAverage(),
				...(inspector ? { serverMemory: { asFound: await inspector.memory(false), ...(inspect === 'gc' ? { afterFullGc: await inspector.memory(true) } : {}) } } : {})
			};
			cpuBefore = cpu;
			ownCpuBefore = ownCpu;
			lag.reset();
			samples.push(sample);
			console.log(JSON.stringify(sample));
			if (t === Math.ceil(MINUTE_S / SETTINGS.sampleEveryS) * SETTINGS.sampleEveryS) snapshot();
		}
		snapshot();
		const endedAt = clock.now();

		// After the load: the documents converged and are what the server keeps; every acknowledged ballot is stored.
		await meetingLoad.stop();
		await editing.stop();
		await pages.stop();
		const settled = await editing.settle(10_000);
		const durable = await Promise.all(
			documents.map(async (document, d) => {
				const fresh = connectEditor(collabUrl, document.name, readers.at(-1)!);
				await Promise.race([fresh.synced, sleep(10_000)]);
				const same = fresh.text.toString() === settled.texts[d];
				fresh.destroy();
				return same;
			})
		);
		const rssAfterLoadMb = serverExited ? null : procStatusMb(pid, 'VmRSS');
		const peakRssMb = serverExited ? null : procStatusMb(pid, 'VmHWM');
		if (heapDir) await sleep(5_000);
		inspector?.close();
		const exited = new Promise((resolve) => (serverExited ? resolve(null) : portal.child.once('exit', resolve)));
		stopping = true;
		if (!serverExited) portal.child.kill('SIGTERM');
		await exited;

		const stored = await (async () => {
			const opened = await openDatabase({ databaseUrl: location.databaseUrl, dataDir: location.dataDir, log: quietLog });
			try {
				const [row] = await opened.sql<{ ballots: string; decisions: string }[]>`
					select (select count(*) from ballots b join motions m on m.id = b.motion_id where m.agenda_item_id = ${seeded.decisionItemId}) as ballots,
					       (select count(*) from decisions where meeting_id = ${seeded.meetingId}) as decisions`;
				return { ballots: Number(row!.ballots), decisions: Number(row!.decisions) };
			} finally {
				await opened.close();
			}
		})();

		// The series summed up: first, second and last minute, each over every latency that fell in it.
		const minute = (from: number, to: number) => {
			const inside = rss.filter((s) => s.t > from && s.t <= to);
			const errorsIn = errors.between(from, to);
			return {
				fromS: round(from),
				toS: round(to),
				rssMb: inside.length ? round(inside.reduce((s, x) => s + x.mb, 0) / inside.length, 1) : null,
				rssLowestMb: inside.length ? Math.min(...inside.map((x) => x.mb)) : null,
				ballotAckMs: summarise(meetingLoad.ballots.between(from, to)),
				yjsRelayMs: summarise(editing.relay.between(from, to)),
				pageMs: summarise(pages.all.between(from, to)),
				errors: Object.values(errorsIn).reduce((s, n) => s + n, 0)
			};
		};
		const lastS = samples.length * SETTINGS.sampleEveryS;
		const first = minute(0, MINUTE_S);
		const second = minute(MINUTE_S, 2 * MINUTE_S);
		const last = minute(lastS - MINUTE_S, lastS);
		const perMinute = (points: { t: number; mb: number }[]) => {
			const fitted = slope(points.map((p) => ({ x: p.t / 60, y: p.mb })));
			return fitted === null ? null : round(fitted, 2);
		};
		const latencyFlat = {
			ballotAck: p95Flat(second.ballotAckMs.p95, last.ballotAckMs.p95),
			yjsRelay: p95Flat(second.yjsRelayMs.p95, last.yjsRelayMs.p95),
			page: p95Flat(second.pageMs.p95, last.pageMs.p95)
		};
		const memoryFlat = second.rssMb !== null && last.rssMb !== null && rssFlat(second.rssMb, last.rssMb);
		const errorCounts = errors.between(-Infinity, Infinity);
		const totalErrors = Object.values(errorCounts).reduce((s, n) => s + n, 0);
		const checks = {
			editorsConverged: settled.converged,
			freshClientReadsSameText: durable.every(Boolean),
			documentLengths: settled.lengths,
			ballotsAcknowledged: meetingLoad.counts.ballotsAcknowledged,
			ballotsStored: stored.ballots,
			everyAcknowledgedBallotStored: stored.ballots === meetingLoad.counts.ballotsAcknowledged,
			votesOpened: meetingLoad.counts.votesOpened,
			votesClosed: meetingLoad.counts.votesClosed,
			decisionsStored: stored.decisions
		};
		const flat = memoryFlat && Object.values(latencyFlat).every((f) => f !== false);
		const met = !crashed && flat && totalErrors === 0 && checks.editorsConverged && checks.freshClientReadsSameText && checks.everyAcknowledgedBallotStored;
		const summary = {
			scenario: 'soak',
			kind: 'summary',
			database,
			target: `${round(DURATION_S / 60, 1)} min of mixed load (${SETTINGS.members} voters, a vote every ${SETTINGS.voteEveryS} s; ${SETTINGS.documents} documents x ${SETTINGS.editorsPerDocument} editors at ${SETTINGS.keystrokesPerSecondPerEditor} keys/s; ${SETTINGS.pagesPerSecond} pages/s): flat, i.e. last minute's mean RSS at most ${FLAT.rssGrowth * 100}% above the second minute's and each p95 at most ${FLAT.p95Factor}x (or +${FLAT.p95SlackMs} ms) the second minute's; no errors; every acknowledged ballot stored; documents converged and durable`,
			figures: {
				minuteS: round(MINUTE_S),
				firstMinute: first,
				secondMinute: second,
				lastMinute: last,
				rssSlopeMbPerMin: { afterFirstMinute: perMinute(rss.filter((s) => s.t > MINUTE_S)), whole: perMinute(rss) },
				rssMb: { beforeLoad: rssBeforeLoadMb, afterLoad: rssAfterLoadMb, peak: peakRssMb },
				whole: {
					ballotAckMs: summarise(meetingLoad.ballots.between(-Infinity, Infinity)),
					chairActMs: Object.fromEntries([...meetingLoad.chairActsByName].map(([name, l]) => [name, summarise(l.between(-Infinity, Infinity))])),
					yjsRelayMs: summarise(editing.relay.between(-Infinity, Infinity)),
					pageMs: summarise(pages.all.between(-Infinity, Infinity)),
					pageMsByPath: Object.fromEntries([...pages.byPath].map(([p, l]) => [p.replace(seeded.meetingId, ':id'), summarise(l.between(-Infinity, Infinity))])),
					keystrokes: editing.counts.keystrokes,
					deletions: editing.counts.deletions,
					pageRequests: pages.counts.requests
				},
				memoryFlat,
				latencyFlat,
				errors: errorCounts,
				checks,
				connectedAfterS,
				loadAverage: { start: loadAverageAtStart, end: loadAverage() }
			},
			peer: null,
			ratio: null,
			met
		};
		console.log(JSON.stringify(summary));
		fs.mkdirSync('bench/results', { recursive: true });
		const file = `bench/results/soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
		const machine = { cpus: os.cpus().length, memoryGiB: round(os.totalmem() / 2 ** 30, 1), node: process.version };
		fs.writeFileSync(file, JSON.stringify({ scenario: 'soak', database, machine, settings: SETTINGS, investigation: { inspect: inspect || null, heapSnapshots: heapDir }, loadEndedAtS: round(endedAt, 1), summary, samples, errorExamples: errors.examples }, null, 2) + '\n');
		console.error(`written: ${file}`);
	} finally {
		if (!serverExited) portal.child.kill('SIGKILL');
	}
} finally {
	await location.remove();
}
