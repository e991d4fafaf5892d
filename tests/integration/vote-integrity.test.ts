import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceRulesInput } from '../../src/lib/domain/governance';
import { connectClient, markPresent, seedMeeting, type LiveClient, type SeededMeeting } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';
import { seededRandom } from '../helpers/seeded-random';

const MAJORITY = {
	schemaVersion: 1,
	quorum: { minimumCount: 2, deputiesCount: true },
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] }
} satisfies GovernanceRulesInput;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CHOICES = ['for', 'against', 'abstain'] as const;

describe('a ballot racing the close of its vote', () => {
	let portal: TestPortal;
	let meeting: SeededMeeting;
	let chair: LiveClient;
	const voters: { key: string; client: LiveClient }[] = [];
	const VOTERS = 10;
	let refusedAfterClose = 0;

	beforeAll(async () => {
		portal = await newPortal();
		const keys = Array.from({ length: VOTERS }, (_, i) => `voter${i + 1}`);
		meeting = await seedMeeting(portal.services.sql, {
			name: 'Cast and close race',
			rules: MAJORITY,
			members: [{ key: 'chair', role: 'chair' }, ...keys.map((key) => ({ key, role: 'voting_member' as const }))]
		});
		await markPresent(portal.services.sql, meeting, ['chair', ...keys]);
		chair = await connectClient(portal.url, meeting.cookies.chair!);
		expect((await chair.emit('join', { meetingId: meeting.meetingId })).ok).toBe(true);
		expect((await chair.emit('currentItem', { meetingId: meeting.meetingId, itemId: meeting.decisionItemId })).ok).toBe(true);
		for (const key of keys) {
			const client = await connectClient(portal.url, meeting.cookies[key]!);
			expect(await client.emit('join', { meetingId: meeting.meetingId })).toMatchObject({ ok: true });
			voters.push({ key, client });
		}
	});
	afterAll(async () => {
		chair?.close();
		for (const { client } of voters) client.close();
		await portal?.close();
	});

	// Each run: every voter casts and switches while the chair closes at a moment the seed picks. An acknowledged
	// ballot must be counted as it was last acknowledged; a ballot that is refused must say the vote closed.
	it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('counts exactly the acknowledged final ballots (seed %i)', async (seed) => {
		const random = seededRandom(seed);
		const proposed = await chair.emit('propose', { meetingId: meeting.meetingId, itemId: meeting.decisionItemId, category: 'procedural', text: `Motion of run ${seed}`, procedural: true });
		expect(proposed.ok).toBe(true);
		const motionId = (proposed.result as { id: string }).id;
		expect((await chair.emit('openVote', { meetingId: meeting.meetingId, motionId })).ok).toBe(true);

		const acknowledged = new Map<string, string>();
		const refusals: string[] = [];
		const plans = voters.map(({ key, client }) => ({
			key,
			client,
			casts: Array.from({ length: 2 + Math.floor(random() * 4) }, () => ({ delay: Math.floor(random() * 25), choice: CHOICES[Math.floor(random() * 3)]! }))
		}));
		const closeAfter = 5 + Math.floor(random() * 60);

		const voting = plans.map(async ({ key, client, casts }) => {
			for (const cast of casts) {
				await pause(cast.delay);
				const answer = await client.emit('castBallot', { meetingId: meeting.meetingId, motionId, choice: cast.choice });
				if (answer.ok) {
					acknowledged.set(meeting.membershipIds[key]!, cast.choice);
				} else {
					refusals.push(answer.reason!);
					return;
				}
			}
		});
		const closing = (async () => {
			await pause(closeAfter);
			return chair.emit('closeVote', { meetingId: meeting.meetingId, motionId });
		})();
		const [closed] = await Promise.all([closing, ...voting]);
		expect(closed.ok).toBe(true);

		const [decision] = await portal.services.sql<{ figures: { ballots: { voterId: string; choice: string }[] } }[]>`
			select figures from decisions where motion_id = ${motionId}`;
		const counted = new Map(decision!.figures.ballots.map((b) => [b.voterId, b.choice]));
		expect(Object.fromEntries(counted)).toEqual(Object.fromEntries(acknowledged));
		// Nothing reached the ballots table after the count either.
		const stored = await portal.services.sql<{ voterMembershipId: string; choice: string }[]>`
			select voter_membership_id, choice from ballots where motion_id = ${motionId}`;
		expect(Object.fromEntries(stored.map((b) => [b.voterMembershipId, b.choice]))).toEqual(Object.fromEntries(acknowledged));
		for (const reason of refusals) expect(reason).toMatch(/^The vote on motion \d+ closed at \d\d:\d\d:\d\d$/);
		refusedAfterClose += refusals.length;
	});

	it('raced: across the runs, ballots did arrive after the close and were refused', () => {
		expect(refusedAfterClose).toBeGreaterThan(0);
	});
});
