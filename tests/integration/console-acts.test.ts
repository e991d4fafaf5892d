import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceRulesInput } from '../../src/lib/domain/governance';
import { connectClient, markPresent, seedMeeting, type LiveClient } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';

/**
 * What members do from the meeting console themselves (issue 11): declare their own interests, and propose a
 * motion, which waits for the chair to accept it onto the item before anything can be decided on it.
 */

const MAJORITY = {
	schemaVersion: 1,
	quorum: { minimumCount: 2, deputiesCount: true },
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] }
} satisfies GovernanceRulesInput;

type State = {
	agenda: { id: string }[];
	declarations: { membershipId: string; name: string; interest: string; outcome: string }[];
	motions: { id: string; state: string; text: string; proposedBy: string | null }[];
};

describe('members act from the console', () => {
	let portal: TestPortal;
	const clients: LiveClient[] = [];
	type Seeded = Awaited<ReturnType<typeof seedMeeting>>;
	const join = async (seeded: Seeded, key: string) => {
		const client = await connectClient(portal.url, seeded.cookies[key]!);
		clients.push(client);
		expect((await client.emit('join', { meetingId: seeded.meetingId })).ok).toBe(true);
		return client;
	};
	const stateOf = (client: LiveClient) => client.states.at(-1) as unknown as State;
	const seed = (name: string) =>
		seedMeeting(portal.services.sql, {
			name,
			rules: MAJORITY,
			members: [
				{ key: 'chair', role: 'chair' },
				{ key: 'a', role: 'voting_member' },
				{ key: 'b', role: 'voting_member' },
				{ key: 'observer', role: 'observer' }
			]
		});

	beforeAll(async () => {
		portal = await newPortal();
	});
	afterAll(async () => {
		for (const client of clients) client.close();
		await portal?.close();
	});

	it('lets a member declare their own interest on the item being taken, for the chair to rule on', async () => {
		const seeded = await seed('Own declaration');
		const chair = await join(seeded, 'chair');
		const member = await join(seeded, 'a');
		expect((await chair.emit('currentItem', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId })).ok).toBe(true);

		const declared = await member.emit('declareOwn', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId, interest: 'My spouse works for the provider', outcome: 'leaves_for_item' });
		expect(declared).toEqual({ ok: true });
		await expect.poll(() => stateOf(chair).declarations.map((d) => [d.name, d.interest, d.outcome])).toEqual([['a', 'My spouse works for the provider', 'leaves_for_item']]);

		// The chair's ruling replaces what the member proposed.
		const ruled = await chair.emit('declare', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId, membershipId: seeded.membershipIds.a!, interest: 'My spouse works for the provider', outcome: 'may_take_part' });
		expect(ruled.ok).toBe(true);
		await expect.poll(() => stateOf(member).declarations.map((d) => d.outcome)).toEqual(['may_take_part']);

		// An observer holds no seat to declare on; the refusal names why and nothing changes.
		const observer = await join(seeded, 'observer');
		const refused = await observer.emit('declareOwn', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId, interest: 'None', outcome: 'may_take_part' });
		expect(refused.ok).toBe(false);
		// Only the item being taken: a declaration on another item waits until it is reached.
		const otherItemId = stateOf(chair).agenda.find((i) => i.id !== seeded.decisionItemId)!.id;
		const elsewhere = await member.emit('declareOwn', { meetingId: seeded.meetingId, itemId: otherItemId, interest: 'Shares', outcome: 'leaves_for_item' });
		expect(elsewhere).toMatchObject({ ok: false, reason: expect.stringMatching(/item being taken/) });
		await expect.poll(() => stateOf(chair).declarations.length).toBe(1);
	});

	it('holds a motion a member proposes until the chair accepts it; a declined one is never put', async () => {
		const seeded = await seed('Member motion');
		await markPresent(portal.services.sql, seeded, ['chair', 'a', 'b']);
		const chair = await join(seeded, 'chair');
		const member = await join(seeded, 'a');
		expect((await chair.emit('currentItem', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId })).ok).toBe(true);

		const suggested = await member.emit('suggestMotion', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId, text: 'That the review be deferred to June', category: 'procedural' });
		expect(suggested).toMatchObject({ ok: true });
		const motionId = (suggested.result as { id: string }).id;
		await expect.poll(() => stateOf(chair).motions.map((m) => [m.text, m.state, m.proposedBy])).toEqual([['That the review be deferred to June', 'suggested', 'a']]);

		// Waiting for the chair: no vote and no consensus can be called on it yet.
		const early = await chair.emit('openVote', { meetingId: seeded.meetingId, motionId });
		expect(early).toMatchObject({ ok: false, reason: expect.stringMatching(/suggested/) });
		// Only the chair accepts: the member cannot accept their own.
		expect((await member.emit('acceptMotion', { meetingId: seeded.meetingId, motionId })).ok).toBe(false);

		expect((await chair.emit('acceptMotion', { meetingId: seeded.meetingId, motionId })).ok).toBe(true);
		await expect.poll(() => stateOf(member).motions.map((m) => m.state)).toEqual(['proposed']);
		expect((await chair.emit('openVote', { meetingId: seeded.meetingId, motionId })).ok).toBe(true);

		const second = await member.emit('suggestMotion', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId, text: 'That we all go home', category: 'procedural' });
		const secondId = (second.result as { id: string }).id;
		expect((await chair.emit('declineMotion', { meetingId: seeded.meetingId, motionId: secondId })).ok).toBe(true);
		await expect.poll(() => stateOf(member).motions.find((m) => m.id === secondId)?.state).toBe('declined');
		expect((await chair.emit('acceptMotion', { meetingId: seeded.meetingId, motionId: secondId })).ok).toBe(false);
		expect((await chair.emit('callConsensus', { meetingId: seeded.meetingId, motionId: secondId })).ok).toBe(false);

		// An observer may follow but not propose.
		const observer = await join(seeded, 'observer');
		expect((await observer.emit('suggestMotion', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId, text: 'Observers rule', category: 'procedural' })).ok).toBe(false);
	});

	it('holds a secret ballot where the rules allow: counts and who voted, never how, anywhere', async () => {
		const secretRules = { ...MAJORITY, voting: { ...MAJORITY.voting, secretBallotsAllowed: true } } satisfies GovernanceRulesInput;
		const seeded = await seedMeeting(portal.services.sql, {
			name: 'Secret ballot',
			rules: secretRules,
			members: [
				{ key: 'chair', role: 'chair' },
				{ key: 'alice', role: 'voting_member' },
				{ key: 'bob', role: 'voting_member' }
			]
		});
		await markPresent(portal.services.sql, seeded, ['chair', 'alice', 'bob']);
		const chair = await join(seeded, 'chair');
		const alice = await join(seeded, 'alice');
		const bob = await join(seeded, 'bob');
		expect((await chair.emit('currentItem', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId })).ok).toBe(true);
		const proposed = await chair.emit('propose', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId, text: 'Elect the vice-chair', category: 'procedural', procedural: true });
		const motionId = (proposed.result as { id: string }).id;
		expect((await chair.emit('openVote', { meetingId: seeded.meetingId, motionId, secret: true })).ok).toBe(true);
		expect((await alice.emit('castBallot', { meetingId: seeded.meetingId, motionId, choice: 'for' })).ok).toBe(true);
		expect((await bob.emit('castBallot', { meetingId: seeded.meetingId, motionId, choice: 'against' })).ok).toBe(true);
		expect((await chair.emit('castBallot', { meetingId: seeded.meetingId, motionId, choice: 'for' })).ok).toBe(true);

		type Secret = { secret: boolean; state: string; tally: { for: number; against: number; abstain: number; ballots: number } | null; ballots: { voterMembershipId: string; choice: string | null }[] | null; decision: { explanation: string[] } | null };
		const motionOf = (client: LiveClient) => (client.states.at(-1) as unknown as { motions: (Secret & { id: string })[] }).motions.find((m) => m.id === motionId)!;
		// While it is open, the room sees how many have voted and no more.
		await expect.poll(() => motionOf(bob).tally).toEqual({ for: 0, against: 0, abstain: 0, ballots: 3 });
		expect(motionOf(bob).secret).toBe(true);

		expect((await chair.emit('closeVote', { meetingId: seeded.meetingId, motionId })).ok).toBe(true);
		await expect.poll(() => motionOf(alice).state).toBe('decided');
		const closed = motionOf(alice);
		expect(closed.tally).toEqual({ for: 2, against: 1, abstain: 0, ballots: 3 });
		// Who voted is in the minute; no list pairs a voter with a choice.
		expect(closed.ballots).toBeNull();
		// In the order of the register, which is the database's: the names, not their order, are the point.
		const voted = closed.decision!.explanation.find((line) => line.startsWith('Voted, by secret ballot: '));
		expect(voted?.replace('Voted, by secret ballot: ', '').replace('.', '').split(/, | and /).sort()).toEqual(['alice', 'bob', 'chair']);
		expect(closed.decision!.explanation).toContain('For: 2.');
		expect(closed.decision!.explanation).toContain('Against: 1.');

		// Nothing the portal keeps says how anyone voted: not the ballots, the decision register or the audit log.
		const sql = portal.services.sql;
		expect(await sql`select choice from ballots where motion_id = ${motionId}`).toEqual([]);
		const [stored] = await sql<{ text: string }[]>`select row_to_json(d)::text as text from decisions d where motion_id = ${motionId}`;
		expect(stored!.text).not.toMatch(/"choice"\s*:\s*"(for|against|abstain)"/);
		const logged = await sql<{ text: string }[]>`select row_to_json(a)::text as text from audit_log a where action = 'ballot.cast' and entity_id = ${motionId}`;
		expect(logged).toHaveLength(3);
		for (const row of logged) expect(row.text).not.toMatch(/"(for|against|abstain)"/);
	});

	it('refuses a secret ballot when the rules do not provide for one, saying which rule', async () => {
		const seeded = await seed('No secret ballot');
		await markPresent(portal.services.sql, seeded, ['chair', 'a', 'b']);
		const chair = await join(seeded, 'chair');
		expect((await chair.emit('currentItem', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId })).ok).toBe(true);
		const proposed = await chair.emit('propose', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId, text: 'Elect the vice-chair', category: 'procedural', procedural: true });
		const motionId = (proposed.result as { id: string }).id;
		const refused = await chair.emit('openVote', { meetingId: seeded.meetingId, motionId, secret: true });
		expect(refused).toEqual({ ok: false, reason: expect.stringMatching(/rules of procedure do not provide for secret ballots/) });
		await expect.poll(() => (chair.states.at(-1) as unknown as State).motions.find((m) => m.id === motionId)?.state).toBe('proposed');
	});
});
