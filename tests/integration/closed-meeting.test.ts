import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceRulesInput } from '../../src/lib/domain/governance';
import { connectClient, markPresent, seedMeeting, type LiveClient, type SeededMeeting } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';

const MAJORITY = {
	schemaVersion: 1,
	quorum: { minimumCount: 2, deputiesCount: true },
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] }
} satisfies GovernanceRulesInput;

describe('the record of a live meeting', () => {
	let portal: TestPortal;
	const clients: LiveClient[] = [];
	const join = async (seeded: SeededMeeting, key: string) => {
		const client = await connectClient(portal.url, seeded.cookies[key]!);
		clients.push(client);
		expect(await client.emit('join', { meetingId: seeded.meetingId })).toMatchObject({ ok: true });
		return client;
	};
	const auditActions = async (meetingId: string) =>
		(await portal.services.sql<{ action: string }[]>`select action from audit_log where entity_id = ${meetingId} order by id`).map((r) => r.action);

	beforeAll(async () => {
		portal = await newPortal();
	});
	afterAll(async () => {
		for (const client of clients) client.close();
		await portal?.close();
	});

	it('records raising, lowering and calling a hand in the audit trail', async () => {
		const seeded = await seedMeeting(portal.services.sql, { name: 'Hands', rules: MAJORITY, members: [{ key: 'chair', role: 'chair' }, { key: 'member', role: 'voting_member' }] });
		const chair = await join(seeded, 'chair');
		const member = await join(seeded, 'member');
		expect((await member.emit('raiseHand', { meetingId: seeded.meetingId })).ok).toBe(true);
		// Raising a hand already up changes nothing, and so records nothing.
		expect((await member.emit('raiseHand', { meetingId: seeded.meetingId })).ok).toBe(true);
		expect((await chair.emit('callNext', { meetingId: seeded.meetingId })).ok).toBe(true);
		expect((await member.emit('raiseHand', { meetingId: seeded.meetingId })).ok).toBe(true);
		expect((await member.emit('lowerHand', { meetingId: seeded.meetingId })).ok).toBe(true);
		expect((await auditActions(seeded.meetingId)).filter((a) => a.startsWith('speaker.'))).toEqual(['speaker.raise', 'speaker.call', 'speaker.raise', 'speaker.lower']);
	});

	it('refuses to close the meeting while a vote is open, since its ballots would go uncounted', async () => {
		const seeded = await seedMeeting(portal.services.sql, { name: 'Open vote', rules: MAJORITY, members: [{ key: 'chair', role: 'chair' }, { key: 'a', role: 'voting_member' }] });
		await markPresent(portal.services.sql, seeded, ['chair', 'a']);
		const chair = await join(seeded, 'chair');
		expect((await chair.emit('currentItem', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId })).ok).toBe(true);
		const proposed = await chair.emit('propose', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId, category: 'procedural', text: 'That the item be noted', procedural: true });
		const motionId = (proposed.result as { id: string }).id;
		expect((await chair.emit('openVote', { meetingId: seeded.meetingId, motionId })).ok).toBe(true);
		expect(await chair.emit('close', { meetingId: seeded.meetingId })).toEqual({ ok: false, reason: 'A vote is still open (on “That the item be noted”): close it before closing the meeting' });
		expect((await chair.emit('closeVote', { meetingId: seeded.meetingId, motionId })).ok).toBe(true);
		expect((await chair.emit('close', { meetingId: seeded.meetingId })).ok).toBe(true);
	});

	it('once the meeting is closed, refuses discussion, declarations, actions, hands and motions, and changes nothing', async () => {
		const seeded = await seedMeeting(portal.services.sql, { name: 'Closed', rules: MAJORITY, members: [{ key: 'chair', role: 'chair' }, { key: 'member', role: 'voting_member' }] });
		const chair = await join(seeded, 'chair');
		const member = await join(seeded, 'member');
		expect((await chair.emit('close', { meetingId: seeded.meetingId })).ok).toBe(true);
		const sql = portal.services.sql;
		const before = {
			audit: await auditActions(seeded.meetingId),
			seq: (await sql`select seq::text from meetings where id = ${seeded.meetingId}`)[0]!.seq,
			discussion: (await sql`select discussion from agenda_items where id = ${seeded.decisionItemId}`)[0]!.discussion
		};
		const closed = /^This meeting is closed: its record now changes only through its minutes$/;
		const attempts: [LiveClient, string, Record<string, unknown>][] = [
			[chair, 'discussion', { itemId: seeded.decisionItemId, text: 'Added after the meeting' }],
			[chair, 'declare', { itemId: seeded.decisionItemId, membershipId: seeded.membershipIds.member, interest: 'Director of a provider', outcome: 'may_not_vote' }],
			[chair, 'addAction', { description: 'An action added afterwards' }],
			[chair, 'propose', { itemId: seeded.decisionItemId, category: 'procedural', text: 'A motion afterwards', procedural: true }],
			[member, 'raiseHand', {}],
			[member, 'lowerHand', {}],
			[chair, 'callNext', {}]
		];
		for (const [client, event, payload] of attempts) {
			expect(await client.emit(event, { meetingId: seeded.meetingId, ...payload }), event).toEqual({ ok: false, reason: expect.stringMatching(closed) });
		}
		expect(await auditActions(seeded.meetingId)).toEqual(before.audit);
		expect((await sql`select seq::text from meetings where id = ${seeded.meetingId}`)[0]!.seq).toBe(before.seq);
		expect((await sql`select discussion from agenda_items where id = ${seeded.decisionItemId}`)[0]!.discussion).toBe(before.discussion);
		expect(await sql`select 1 from declarations where agenda_item_id = ${seeded.decisionItemId}`).toHaveLength(0);
		expect(await sql`select 1 from actions where meeting_id = ${seeded.meetingId}`).toHaveLength(0);
		expect(await sql`select 1 from speakers where meeting_id = ${seeded.meetingId}`).toHaveLength(0);
	});
});
