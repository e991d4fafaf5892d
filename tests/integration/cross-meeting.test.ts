import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, markPresent, openVoteWith, seedMeeting, type LiveClient } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';

/**
 * A command names its meeting, and the meeting it locks is the one its act is on: an item or motion of another
 * meeting, named in it, is refused and changes nothing there, whoever sends it.
 */
describe('a command naming another meeting’s item or motion', () => {
	let portal: TestPortal;
	let other: Awaited<ReturnType<typeof openVoteWith>>;
	let chair: LiveClient;
	let meetingId: string;

	beforeAll(async () => {
		portal = await newPortal();
		other = await openVoteWith(portal, 1, 'The other meeting');
		const seeded = await seedMeeting(portal.services.sql, {
			name: 'This meeting',
			rules: { schemaVersion: 1, quorum: { minimumCount: 1, deputiesCount: true }, voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] } },
			members: [{ key: 'chair', role: 'chair' }]
		});
		await markPresent(portal.services.sql, seeded, ['chair']);
		meetingId = seeded.meetingId;
		chair = await connectClient(portal.url, seeded.cookies.chair!);
		expect(await chair.emit('join', { meetingId })).toMatchObject({ ok: true });
	}, 120_000);
	afterAll(async () => {
		for (const c of [chair, other?.chair, ...(other?.clients ?? [])]) c?.close();
		await portal?.close();
	});

	it('is refused, and the other meeting is as it was', async () => {
		const itemId = other.seeded.decisionItemId;
		const motionId = other.motionId;
		const { sql } = portal.services;
		const before = await sql`select seq from meetings where id = ${other.seeded.meetingId}`;
		const refusals: [string, Record<string, unknown>][] = [
			['currentItem', { itemId }],
			['declare', { itemId, membershipId: other.seeded.membershipIds.v0, interest: 'a director of the provider', outcome: 'may_not_vote' }],
			['propose', { itemId, text: 'To do something else', category: 'procedural', procedural: true }],
			['discussion', { itemId, text: 'Written into the wrong meeting' }],
			['castBallot', { motionId, choice: 'against' }],
			['closeVote', { motionId }],
			['defer', { motionId }],
			['withdraw', { motionId }],
			['addAction', { itemId, description: 'An action on the wrong meeting' }]
		];
		for (const [event, payload] of refusals) {
			expect(await chair.emit(event, { meetingId, ...payload }), event).toMatchObject({ ok: false });
		}
		expect(await sql`select seq from meetings where id = ${other.seeded.meetingId}`).toEqual(before);
		expect(await sql`select state from motions where id = ${motionId}`).toEqual([{ state: 'voting' }]);
		expect(await sql`select 1 from declarations where agenda_item_id = ${itemId}`).toHaveLength(0);
		expect(await sql`select 1 from actions where meeting_id = ${meetingId} or meeting_id = ${other.seeded.meetingId}`).toHaveLength(0);
		expect(await sql`select discussion from agenda_items where id = ${itemId}`).toEqual([{ discussion: '' }]);
	}, 60_000);
});
