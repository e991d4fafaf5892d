// Issue 13, scenario 7: N members open the live meeting at once. Each connects by socket.io and joins; the time from
// the start until each has the meeting's state (the join's answer). Target: every one within 2 s at 300.
// The portal is the real server in a process of its own; this process is the load generator.
// Run: npm run build && npx tsx bench/join-burst.ts [members] [rounds] (DATABASE_URL=... for PostgreSQL).
import path from 'node:path';
import { newDatabaseLocation, seedAndClose } from '../tests/helpers/database';
import { connectClient, markPresent, seedMeeting, SIMPLE_MAJORITY, type LiveClient, type SeededMeeting } from '../tests/helpers/meeting-fixture';
import { PORTAL_LISTENING, startServer, stopServer } from './servers';

const MEMBERS = Number(process.argv[2] ?? 300);
const ROUNDS = Number(process.argv[3] ?? 3);
const location = await newDatabaseLocation();
try {
	const keys = Array.from({ length: MEMBERS }, (_, i) => `m${i}`);
	// Every round's meeting is seeded before the portal starts: an embedded database is one process's.
	const meetings = await seedAndClose(location, async (sql) => {
		const made: SeededMeeting[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			const seeded = await seedMeeting(sql, { name: `Join burst ${round}`, rules: SIMPLE_MAJORITY, members: [{ key: 'chair', role: 'chair' }, ...keys.map((key) => ({ key, role: 'voting_member' as const }))] });
			await markPresent(sql, seeded, ['chair', ...keys]);
			made.push(seeded);
		}
		return made;
	});

	const portal = await startServer([path.resolve('server/index.ts')], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '', REDIS_URL: '' }, PORTAL_LISTENING);
	try {
		const rounds: { p95: number; max: number }[] = [];
		for (const seeded of meetings) {
			const started = performance.now();
			const clients: LiveClient[] = [];
			const times = await Promise.all(
				keys.map(async (key) => {
					const client = await connectClient(portal.url, seeded.cookies[key]!);
					clients.push(client);
					const joined = await client.emit('join', { meetingId: seeded.meetingId });
					if (!joined.ok || !joined.state) throw new Error(`join refused: ${joined.reason}`);
					return performance.now() - started;
				})
			);
			times.sort((a, b) => a - b);
			rounds.push({ p95: times[Math.floor(0.95 * times.length)]!, max: times.at(-1)! });
			for (const client of clients) client.close();
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
		const seesStateMs = { p95: median(rounds.map((r) => r.p95)), max: median(rounds.map((r) => r.max)) };
		console.log(JSON.stringify({ scenario: 'join burst', database: location.databaseUrl ? 'postgresql' : 'pglite', members: MEMBERS, rounds: ROUNDS, seesStateMs, target: 'every member has the state within 2,000 ms', met: seesStateMs.max <= 2000 }));
	} finally {
		await stopServer(portal.child);
	}
} finally {
	await location.remove();
}
