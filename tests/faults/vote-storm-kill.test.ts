import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopChild } from '../helpers/children';
import { newDatabaseLocation, seedAndClose, type DatabaseLocation } from '../helpers/database';
import { connectClient, markPresent, seedMeeting, SIMPLE_MAJORITY, type LiveClient, type SeededMeeting } from '../helpers/meeting-fixture';
import { spawnPortal, type PortalProcess } from '../helpers/process';
import { PROCESS_TEST_MS, scaled } from '../helpers/time';
import { seededRandom } from '../helpers/seeded-random';

// Issue 13's first fault: the server is killed (SIGKILL, no goodbye) in the middle of a vote storm. Restarted, every
// ballot it acknowledged is there, none twice, and once the rest are cast the outcome is what it would have been.
// On the database the environment gives (PostgreSQL in CI, embedded PGlite otherwise).

const VOTERS = 60;
type Choice = 'for' | 'against' | 'abstain';

interface Motion {
	id: string;
	state: string;
	tally: { for: number; against: number; abstain: number; ballots: number } | null;
	ballots: { voterMembershipId: string; choice: Choice | null }[] | null;
	decision: { state: string } | null;
}
/** The motion as the meeting's state has it now: joining again answers with the whole state. */
async function motionNow(client: LiveClient, meetingId: string, motionId: string): Promise<Motion | undefined> {
	const joined = await client.emit('join', { meetingId });
	return ((joined.state as { motions?: Motion[] } | undefined)?.motions ?? []).find((m) => m.id === motionId);
}

describe('a vote storm when the server is killed', { timeout: PROCESS_TEST_MS * 2 }, () => {
	let location: DatabaseLocation;
	let seeded: SeededMeeting;
	const keys = Array.from({ length: VOTERS }, (_, i) => `v${i}`);
	const env = () => ({ DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '', REDIS_URL: '' });

	beforeAll(async () => {
		location = await newDatabaseLocation();
		seeded = await seedAndClose(location, async (sql) => {
			const made = await seedMeeting(sql, {
				name: 'Vote storm kill',
				rules: SIMPLE_MAJORITY,
				members: [{ key: 'chair', role: 'chair' }, ...keys.map((key) => ({ key, role: 'voting_member' as const }))]
			});
			await markPresent(sql, made, ['chair', ...keys]);
			return made;
		});
	});
	afterAll(async () => {
		await location?.remove();
	});

	it(`${VOTERS} voters cast at once; killed part-way; restarted: every acknowledged ballot counted once, the outcome unchanged`, async () => {
		const next = seededRandom(13);
		const intended = new Map<string, Choice>(keys.map((key) => [key, (['for', 'for', 'against', 'abstain'] as const)[Math.floor(next() * 4)]!]));
		const { meetingId, decisionItemId } = seeded;

		let portal: PortalProcess = await spawnPortal(env());
		const chair = await connectClient(portal.url, seeded.cookies.chair!);
		await chair.emit('join', { meetingId });
		await chair.emit('currentItem', { meetingId, itemId: decisionItemId });
		const proposed = await chair.emit('propose', { meetingId, itemId: decisionItemId, text: 'That the storm be weathered', category: 'procedural', procedural: true });
		const motionId = (proposed.result as { id: string }).id;
		expect((await chair.emit('openVote', { meetingId, motionId })).ok).toBe(true);
		const voters = await Promise.all(keys.map((key) => connectClient(portal.url, seeded.cookies[key]!)));
		await Promise.all(voters.map((voter) => voter.emit('join', { meetingId })));

		// Every voter casts at once; the server is killed once a third have been acknowledged.
		const acknowledged = new Map<string, Choice>();
		let killing: Promise<void> | null = null;
		const killed = new Promise<void>((resolve) => {
			voters.forEach((voter, i) => {
				const key = keys[i]!;
				const choice = intended.get(key)!;
				voter
					.emit('castBallot', { meetingId, motionId, choice })
					.then((ack) => {
						if (killing || !ack.ok) return;
						acknowledged.set(key, choice);
						if (acknowledged.size >= VOTERS / 3) {
							killing = stopChild(portal.child, 'SIGKILL');
							void killing.then(resolve);
						}
					})
					.catch(() => {});
			});
		});
		await Promise.race([killed, new Promise((resolve) => setTimeout(resolve, scaled(60_000)))]);
		expect(killing, 'the server was killed mid-storm').not.toBeNull();
		expect(acknowledged.size).toBeLessThan(VOTERS);
		for (const client of [chair, ...voters]) client.close();

		// Restarted on the same data: the acknowledged ballots are there, and the count is of ballots, each once.
		portal = await spawnPortal(env());
		const chairAgain = await connectClient(portal.url, seeded.cookies.chair!);
		const reopened = await motionNow(chairAgain, meetingId, motionId);
		expect(reopened?.state).toBe('voting');
		const afterRestart = reopened!.tally!;
		expect(afterRestart.ballots).toBeGreaterThanOrEqual(acknowledged.size);
		expect(afterRestart.ballots).toBeLessThanOrEqual(VOTERS);

		// The voters not acknowledged cast again (a ballot the server stored but could not acknowledge is cast twice,
		// which changes nothing); then the chair closes the vote.
		const missing = keys.filter((key) => !acknowledged.has(key));
		const late = await Promise.all(missing.map((key) => connectClient(portal.url, seeded.cookies[key]!)));
		await Promise.all(late.map((voter) => voter.emit('join', { meetingId })));
		const recast = await Promise.all(late.map((voter, i) => voter.emit('castBallot', { meetingId, motionId, choice: intended.get(missing[i]!)! })));
		expect(recast.filter((ack) => !ack.ok)).toEqual([]);
		const closed = await chairAgain.emit('closeVote', { meetingId, motionId });
		expect(closed.ok, closed.reason).toBe(true);
		const decided = (await motionNow(chairAgain, meetingId, motionId))!;
		expect(decided.state).toBe('decided');
		const byMember = new Map(Object.entries(seeded.membershipIds).map(([key, id]) => [id, key]));
		const counted = decided.ballots!.map((ballot) => [byMember.get(ballot.voterMembershipId)!, ballot.choice] as const);
		// Every voter once, with the choice they made; each acknowledged ballot as it was acknowledged.
		expect(counted.map(([key]) => key).sort()).toEqual([...keys].sort());
		expect(new Map(counted)).toEqual(intended);
		for (const [key, choice] of acknowledged) expect(new Map(counted).get(key)).toBe(choice);
		const inFavour = [...intended.values()].filter((c) => c === 'for').length;
		const against = [...intended.values()].filter((c) => c === 'against').length;
		expect(decided.tally).toMatchObject({ for: inFavour, against, abstain: VOTERS - inFavour - against, ballots: VOTERS });
		expect(decided.decision!.state).toBe(inFavour > against ? 'carried_binding' : 'not_carried');
		for (const client of [chairAgain, ...late]) client.close();
		await stopChild(portal.child, 'SIGTERM');
	});
});
