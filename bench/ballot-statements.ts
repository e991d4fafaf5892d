// Counts the SQL statements one ballot costs through the real server: until the voter's acknowledgement, and until
// every client has the new count (the state broadcast). Issue 10 asks for at most 6 on the ballot path. Every
// statement the client sends is counted, begin and commit included.
// Run: npx vite build && npx tsx bench/ballot-statements.ts [voters=20] (DATABASE_URL=... for PostgreSQL).
import { openVoteWith } from '../tests/helpers/meeting-fixture';
import { newPortal } from '../tests/helpers/portal';

const voters = Number(process.argv[2] ?? 20);
let statements: string[] = [];
const portal = await newPortal({}, { onQuery: (text) => statements.push(text) });
/** A statement's shape, for the table: its first words, with literals and names left as they are. */
const shape = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 90);
try {
	const { seeded, chair, motionId, clients } = await openVoteWith(portal, voters, 'Statements');
	const ballotsSeen = () => (chair.states.at(-1) as { motions?: { tally?: { ballots: number } }[] })?.motions?.[0]?.tally?.ballots ?? 0;
	await new Promise((resolve) => setTimeout(resolve, 500));

	// One ballot at a time, so each one's statements are its own.
	const toAck: number[] = [];
	const toBroadcast: number[] = [];
	let lastBallot: string[] = [];
	for (const [i, client] of clients.entries()) {
		statements = [];
		await client.emit('castBallot', { meetingId: seeded.meetingId, motionId, choice: 'for' });
		// The act runs to its commit; the broadcast it announces may already have begun its reads by the ack.
		toAck.push(statements.findIndex((text) => text.trim() === 'commit') + 1);
		while (ballotsSeen() < i + 1) await new Promise((resolve) => setTimeout(resolve, 2));
		// Let a coalesced broadcast finish its reads.
		await new Promise((resolve) => setTimeout(resolve, 100));
		toBroadcast.push(statements.length);
		lastBallot = statements;
	}
	const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10;
	const counts = new Map<string, number>();
	for (const text of lastBallot) counts.set(shape(text), (counts.get(shape(text)) ?? 0) + 1);
	console.log(
		JSON.stringify({
			database: portal.databaseUrl ? 'postgresql' : 'pglite',
			voters,
			statementsOfTheAct: { mean: mean(toAck), min: Math.min(...toAck), max: Math.max(...toAck) },
			statementsIncludingBroadcast: { mean: mean(toBroadcast), min: Math.min(...toBroadcast), max: Math.max(...toBroadcast) }
		})
	);
	console.log(`\nThe last ballot's ${lastBallot.length} statements, by shape:`);
	for (const [text, n] of [...counts.entries()].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(3)}  ${text}`);
	for (const c of [chair, ...clients]) c.close();
} finally {
	await portal.close();
}
