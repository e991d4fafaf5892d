// Issue 13's fault list: hostile input at volume from an authenticated client, while an honest client goes on.
// Target: the honest client's p95 stays under 200 ms. The fault test (tests/faults/hostile-input.test.ts) proves
// the server stays up and stores nothing; this measures the honest client's latency with the flood in a process of
// its own (bench/hostile-flooder.ts), the portal in another, and the honest client in this one, side by side with
// the same honest client against the same portal with no flood, in the same run. Medians of rounds.
// Run: npm run build && npx tsx bench/hostile-flood.ts [events=7000] [frames=3000] [rounds=3] (DATABASE_URL=... for PostgreSQL).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { newDatabaseLocation, seedAndClose } from '../tests/helpers/database';
import { connectClient, markPresent, seedMeeting, SIMPLE_MAJORITY, type LiveClient } from '../tests/helpers/meeting-fixture';
import { PORTAL_LISTENING, startServer, stopServer } from './servers';

const EVENTS = Number(process.argv[2] ?? 7000);
const FRAMES = Number(process.argv[3] ?? 3000);
const ROUNDS = Number(process.argv[4] ?? 3);
const SEED = 20261203;
const TARGET_MS = 200;

/** The honest chair asks for the meeting's state every 100 ms until `until` settles; each answer's latency. */
async function honestWhile(client: LiveClient, meetingId: string, until: Promise<unknown>): Promise<number[]> {
	let going = true;
	void until.finally(() => (going = false));
	const latencies: number[] = [];
	while (going) {
		const started = performance.now();
		const answer = await client.emit('join', { meetingId });
		if (!answer.ok) throw new Error(`the honest client was refused: ${answer.reason}`);
		latencies.push(performance.now() - started);
		// Ten a second, as no page ever asks: within the per-connection limit of 20 a second (server/meetings).
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return latencies;
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const location = await newDatabaseLocation();
try {
	const seeded = await seedAndClose(location, async (sql) => {
		const made = await seedMeeting(sql, { name: 'Hostile flood', rules: SIMPLE_MAJORITY, members: [{ key: 'chair', role: 'chair' }, { key: 'mallory', role: 'observer' }] });
		await markPresent(sql, made, ['chair']);
		return made;
	});
	const portal = await startServer([path.resolve('server/index.ts')], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '', REDIS_URL: '' }, PORTAL_LISTENING);
	try {
		const honest = await connectClient(portal.url, seeded.cookies.chair!);
		const rounds: { flood: number; quiet: number; answers: number; floodMs: number }[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			const quiet = await honestWhile(honest, seeded.meetingId, new Promise((resolve) => setTimeout(resolve, 3_000)));
			const documentUrl = `${portal.url.replace(/^http/, 'ws')}/collab/terms-of-reference:${seeded.bodyId}`;
			const flooder = spawn(process.execPath, ['--import', 'tsx', path.resolve('bench/hostile-flooder.ts'), portal.url, seeded.cookies.mallory!, seeded.meetingId, documentUrl, String(EVENTS), String(FRAMES), String(SEED + round)], {
				stdio: ['ignore', 'pipe', 'inherit']
			});
			let report = '';
			flooder.stdout.on('data', (chunk) => (report += chunk));
			const done = new Promise<void>((resolve, reject) => flooder.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the flooder exited with ${code}`)))));
			const flood = await honestWhile(honest, seeded.meetingId, done);
			await done;
			const flooded = JSON.parse(report.trim().split('\n').at(-1)!) as { flooded: { ms: number } };
			rounds.push({ flood: p95(flood), quiet: p95(quiet), answers: flood.length, floodMs: flooded.flooded.ms });
		}
		honest.close();
		const honestP95Ms = Math.round(median(rounds.map((r) => r.flood)));
		console.log(
			JSON.stringify({
				scenario: 'hostile input',
				database: location.databaseUrl ? 'postgresql' : 'pglite',
				events: EVENTS,
				frames: FRAMES,
				rounds: ROUNDS,
				honestP95Ms,
				honestP95QuietMs: Math.round(median(rounds.map((r) => r.quiet))),
				floodLastedMs: Math.round(median(rounds.map((r) => r.floodMs))),
				honestAnswersDuringFlood: Math.round(median(rounds.map((r) => r.answers))),
				target: `the honest client's p95 under ${TARGET_MS} ms during the flood`,
				met: honestP95Ms < TARGET_MS
			})
		);
	} finally {
		await stopServer(portal.child);
	}
} finally {
	await location.remove();
}
