// Measures a live vote through the real server: N members connected by socket.io cast their ballots at once.
// Run: npx vite build && npx tsx bench/vote-storm.ts [voters] (DATABASE_URL=... for PostgreSQL instead of PGlite).
import { openVoteWith } from '../tests/helpers/meeting-fixture';
import { newPortal } from '../tests/helpers/portal';

const voters = Number(process.argv[2] ?? 100);
const portal = await newPortal();
try {
	const { seeded, chair, motionId, clients } = await openVoteWith(portal, voters, 'Bench');
	const rssBefore = process.memoryUsage().rss;
	const started = performance.now();
	const latencies = await Promise.all(
		clients.map(async (c) => {
			const t = performance.now();
			await c.emit('castBallot', { meetingId: seeded.meetingId, motionId, choice: 'for' });
			return performance.now() - t;
		})
	);
	const acked = performance.now() - started;
	// Until every client has seen the final count.
	while (!clients.every((c) => (c.states.at(-1) as { motions?: { tally?: { ballots: number } }[] })?.motions?.[0]?.tally?.ballots === voters)) {
		await new Promise((r) => setTimeout(r, 5));
	}
	const seen = performance.now() - started;
	latencies.sort((a, b) => a - b);
	const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(0);
	console.log(
		JSON.stringify({
			database: portal.databaseUrl ? 'postgresql' : 'pglite',
			voters,
			allAcknowledgedMs: Math.round(acked),
			everyoneSeesFinalCountMs: Math.round(seen),
			ballotsPerSecond: Math.round((voters / acked) * 1000),
			ackLatencyMs: { p50: p(0.5), p95: p(0.95), max: p(1) },
			rssGrowthMb: Math.round((process.memoryUsage().rss - rssBefore) / 1e6)
		})
	);
	for (const c of [chair, ...clients]) c.close();
} finally {
	await portal.close();
}
