// A vote storm side by side with a peer, in one run (issue 13, scenario 1): N voters connected by socket.io cast
// their ballots at once, against the portal (the real server, in a process of its own, on embedded PGlite or on
// DATABASE_URL) and against a bare socket.io server with the same message pattern and no database
// (bare-vote-server.ts). The load generator is this process. For each size, the median of ROUNDS rounds of: ack
// latency p95, and the time until every client shows the final count; then the portal's ratio to the peer.
// Run: npm run build && npx tsx bench/vote-storm-peers.ts [sizes, e.g. 20,100] [rounds]
import fs from 'node:fs';
import path from 'node:path';
import { newDatabaseLocation, seedAndClose } from '../tests/helpers/database';
import { PORTAL_LISTENING, startServer, stopServer } from './servers';
import { connectClient, markPresent, seedMeeting, SIMPLE_MAJORITY, type LiveClient, type SeededMeeting } from '../tests/helpers/meeting-fixture';

const sizes = (process.argv[2] ?? '20,100').split(',').map(Number);
const ROUNDS = Number(process.argv[3] ?? 3);

interface Round {
	ackP95: number;
	seenMs: number;
}

/** One storm: every voter casts at once; ack latencies and the time until every client shows `voters` ballots. */
async function storm(clients: LiveClient[], meetingId: string, motionId: string): Promise<Round> {
	const started = performance.now();
	const latencies = await Promise.all(
		clients.map(async (client) => {
			const t = performance.now();
			const answer = await client.emit('castBallot', { meetingId, motionId, choice: 'for' });
			if (!answer.ok) throw new Error(`ballot refused: ${answer.reason}`);
			return performance.now() - t;
		})
	);
	const ballotsSeen = (client: LiveClient) => {
		const newest = client.states.reduce<LiveClient['states'][number] | undefined>((best, s) => (!best || BigInt(s.seq) >= BigInt(best.seq) ? s : best), undefined);
		return (newest?.motions as { id: string; tally?: { ballots: number } | null }[] | undefined)?.find((m) => m.id === motionId)?.tally?.ballots;
	};
	while (!clients.every((client) => ballotsSeen(client) === clients.length)) await new Promise((resolve) => setTimeout(resolve, 2));
	const seenMs = performance.now() - started;
	latencies.sort((a, b) => a - b);
	return { ackP95: latencies[Math.min(latencies.length - 1, Math.floor(0.95 * latencies.length))]!, seenMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Issue 13's target for the vote storm, in the same run. */
const TARGET = 'ack p95 and time until everyone sees the final count each within 3x of the bare socket.io server';

const location = await newDatabaseLocation();
const results: Record<string, unknown>[] = [];
try {
	// Every round's meeting is seeded before the portal starts: an embedded database is one process's.
	const meetings = await seedAndClose(location, async (sql) => {
		const made = new Map<string, SeededMeeting>();
		for (const size of sizes) {
			for (let round = 0; round < ROUNDS; round++) {
				const keys = Array.from({ length: size }, (_, i) => `v${i}`);
				const seeded = await seedMeeting(sql, { name: `Storm ${size}/${round}`, rules: SIMPLE_MAJORITY, members: [{ key: 'chair', role: 'chair' }, ...keys.map((key) => ({ key, role: 'voting_member' as const }))] });
				await markPresent(sql, seeded, ['chair', ...keys]);
				made.set(`${size}/${round}`, seeded);
			}
		}
		return made;
	});

	const portal = await startServer([path.resolve('server/index.ts')], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '', REDIS_URL: '' }, PORTAL_LISTENING);
	const bare = await startServer([path.resolve('bench/bare-vote-server.ts')], {}, /\{"url":"(http:\/\/[^"]+)"\}/);
	try {
		for (const size of sizes) {
			const rounds: { portal: Round; bare: Round }[] = [];
			for (let round = 0; round < ROUNDS; round++) {
				const seeded = meetings.get(`${size}/${round}`)!;
				const { meetingId, decisionItemId } = seeded;
				const chair = await connectClient(portal.url, seeded.cookies.chair!);
				await chair.emit('join', { meetingId });
				await chair.emit('currentItem', { meetingId, itemId: decisionItemId });
				const proposed = await chair.emit('propose', { meetingId, itemId: decisionItemId, text: 'Storm', category: 'procedural', procedural: true });
				const motionId = (proposed.result as { id: string }).id;
				await chair.emit('openVote', { meetingId, motionId });
				const voters = await Promise.all(Array.from({ length: size }, (_, i) => connectClient(portal.url, seeded.cookies[`v${i}`]!)));
				await Promise.all(voters.map((voter) => voter.emit('join', { meetingId })));
				const onPortal = await storm(voters, meetingId, motionId);
				for (const client of [chair, ...voters]) client.close();

				const peers = await Promise.all(Array.from({ length: size }, () => connectClient(bare.url, null)));
				await Promise.all(peers.map((peer) => peer.emit('join', { meetingId: 'bare' })));
				const onBare = await storm(peers, 'bare', `bare-${size}-${round}`);
				for (const peer of peers) peer.close();
				rounds.push({ portal: onPortal, bare: onBare });
			}
			const row = {
				voters: size,
				database: location.databaseUrl ? 'postgresql' : 'pglite',
				rounds: ROUNDS,
				portal: { ackP95Ms: Math.round(median(rounds.map((r) => r.portal.ackP95))), everyoneSeesFinalCountMs: Math.round(median(rounds.map((r) => r.portal.seenMs))) },
				bareSocketIo: { ackP95Ms: Math.round(median(rounds.map((r) => r.bare.ackP95))), everyoneSeesFinalCountMs: Math.round(median(rounds.map((r) => r.bare.seenMs))) }
			};
			const ratio = { ackP95: +(row.portal.ackP95Ms / Math.max(1, row.bareSocketIo.ackP95Ms)).toFixed(1), everyoneSees: +(row.portal.everyoneSeesFinalCountMs / Math.max(1, row.bareSocketIo.everyoneSeesFinalCountMs)).toFixed(1) };
			const met = ratio.ackP95 <= 3 && ratio.everyoneSees <= 3;
			results.push({ ...row, ratio, target: TARGET, met });
			console.log(JSON.stringify({ scenario: 'vote storm', ...row, ratio, target: TARGET, met }));
		}
	} finally {
		await Promise.all([stopServer(portal.child), stopServer(bare.child)]);
	}
	fs.mkdirSync('bench/results', { recursive: true });
	const file = `bench/results/vote-storm-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
	fs.writeFileSync(file, JSON.stringify({ scenario: 'vote storm', node: process.version, results }, null, 2) + '\n');
	console.log(`written: ${file}`);
} finally {
	await location.remove();
}
