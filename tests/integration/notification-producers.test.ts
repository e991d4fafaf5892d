import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as action from '../../src/lib/server/action';
import * as meeting from '../../src/lib/server/meeting';
import * as notification from '../../src/lib/server/notification';
import { openVoteWith, type LiveClient, type SeededMeeting } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';

/** The acts that tell people: each notifies in its own transaction, the right people, once. */
describe('the acts that notify', () => {
	let portal: TestPortal;
	let seeded: SeededMeeting;
	let chair: LiveClient;
	let motionId: string;
	let clients: LiveClient[];
	const userOf = async (key: string) =>
		(await portal.services.sql<{ userId: string }[]>`select user_id from memberships where id = ${seeded.membershipIds[key]!}`)[0]!.userId;
	const kinds = async (key: string) => (await notification.list(portal.services.sql, await userOf(key))).map((n) => n.kind);

	beforeAll(async () => {
		portal = await newPortal();
		({ seeded, chair, motionId, clients } = await openVoteWith(portal, 3, 'Approve the minutes'));
	}, 60_000);
	afterAll(async () => {
		for (const c of [chair, ...(clients ?? [])]) c?.close();
		await portal?.close();
	});

	it('tells the people attending that a vote opened, and not the chair who opened it', async () => {
		for (const key of ['v0', 'v1', 'v2']) expect(await kinds(key)).toEqual(['vote_opened']);
		expect(await kinds('chair')).toEqual([]);
		const [told] = await notification.list(portal.services.sql, await userOf('v0'));
		expect(told).toMatchObject({ title: 'A vote has opened on motion 1: Approve the minutes', link: `/meetings/${seeded.meetingId}/live` });
	});

	it('tells the body’s members of the decision the vote reached', async () => {
		for (const c of clients) await c.emit('castBallot', { meetingId: seeded.meetingId, motionId, choice: 'for' });
		const closed = await chair.emit('closeVote', { meetingId: seeded.meetingId, motionId });
		expect(closed.ok).toBe(true);
		const [decided] = await notification.list(portal.services.sql, await userOf('v1'));
		expect(decided).toMatchObject({ kind: 'decision_reached', title: 'Decision, carried binding: Approve the minutes' });
		expect(decided!.link).toMatch(/^\/decisions\/[0-9a-f-]{36}$/);
		expect(await kinds('chair')).toEqual(['decision_reached']);
	});

	it('names a vote on confidential (Part B) business only as such: the title reaches email, outside the portal', async () => {
		await portal.services.sql`update agenda_items set part = 'B' where id = ${seeded.decisionItemId}`;
		const text = 'Approve the confidential settlement with the provider';
		const proposed = await chair.emit('propose', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId, text, category: 'procedural', procedural: true });
		expect(proposed.ok).toBe(true);
		const opened = await chair.emit('openVote', { meetingId: seeded.meetingId, motionId: (proposed.result as { id: string }).id });
		expect(opened.ok).toBe(true);
		const [told] = await notification.list(portal.services.sql, await userOf('v0'));
		expect(told).toMatchObject({ kind: 'vote_opened', title: 'A vote has opened on confidential (Part B) business', link: `/meetings/${seeded.meetingId}/live` });
		const closed = await chair.emit('closeVote', { meetingId: seeded.meetingId, motionId: (proposed.result as { id: string }).id });
		expect(closed.ok).toBe(true);
	});

	it('tells an action’s owner it is theirs, and again each morning once it is overdue', async () => {
		const [clerk] = await portal.services.sql<{ id: string }[]>`select id from users where name = 'Clerk' limit 1`;
		const created = await portal.services.transaction((tx) =>
			action.create(tx, seeded.meetingId, { agendaItemId: null, description: 'Circulate the revised pathway', ownerMembershipId: seeded.membershipIds.v2!, dueOn: '2020-01-31' }, clerk!.id)
		);
		expect(created.ok).toBe(true);
		const [assigned] = await notification.list(portal.services.sql, await userOf('v2'));
		expect(assigned).toMatchObject({ kind: 'action_assigned', title: 'Action for you, due 2020-01-31: Circulate the revised pathway', link: `/actions?body=${seeded.bodyId}` });
		// The morning after it fell due (long past) is scheduled with it: the portal's own job runner tells the owner.
		const [sweep] = await portal.services.sql<{ key: string }[]>`select key from jobs where kind = ${action.OVERDUE_JOB}`;
		expect(sweep?.key).toBe(`${action.OVERDUE_JOB}:2020-02-01`);
		await expect.poll(async () => (await kinds('v2')).filter((k) => k === 'action_overdue').length, { timeout: 15_000 }).toBe(1);
		// Another morning's sweep does not tell again.
		expect(await portal.services.sql.begin((tx) => action.notifyOverdue(tx))).toBe(0);
	});

	it('tells the body’s members that papers were issued', async () => {
		const [clerk] = await portal.services.sql<{ id: string }[]>`select id from users where name = 'Clerk' limit 1`;
		const issued = await portal.services.transaction((tx) => meeting.recordNoticeIssued(tx, seeded.meetingId, clerk!.id));
		expect(issued.ok).toBe(true);
		for (const key of ['chair', 'v0', 'v1', 'v2']) expect(await kinds(key)).toContain('paper_issued');
		expect(await notification.list(portal.services.sql, clerk!.id)).toEqual([]);
	});
});
