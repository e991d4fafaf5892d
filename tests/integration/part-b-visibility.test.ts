import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Reader } from '../../src/lib/domain/policy';
import { visibleState, type LiveState } from '../../src/lib/live/state';
import * as action from '../../src/lib/server/action';
import * as declaration from '../../src/lib/server/declaration';
import * as decision from '../../src/lib/server/decision';
import * as live from '../../src/lib/server/live';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import * as minutes from '../../src/lib/server/minutes';
import * as motion from '../../src/lib/server/motion';
import { newDatabase, type TestDatabase } from '../helpers/database';
import { markPresent, seedMeeting, type SeededMeeting } from '../helpers/meeting-fixture';

function unwrap<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
	if (!result.ok) throw new Error(`Expected success, got: ${result.reason}`);
	return result.value;
}

/** Written into every piece of the Part B business, so any of it that leaks is found by a search of what comes back. */
const SECRET = 'CONFIDENTIAL-B';

/**
 * Visibility is one rule (policy.visibleParts), applied by the services that read: a page cannot forget it.
 * A meeting with Part B business in every kind of record is read, through every reading service, by the public
 * and by someone signed in who sits elsewhere; none of the Part B business comes back. A member reads it all,
 * so the search would find it if it were there.
 */
describe('Part B business, read through every reading service', () => {
	let db: TestDatabase;
	let seeded: SeededMeeting;
	let paperId: string;
	let partBItemId: string;
	let whileTaken: LiveState;
	let approvedVersionId: string;
	let member: Actor;
	const outsider: Actor = { userId: '00000000-0000-0000-0000-0000000000aa', isAdministrator: false, roles: [{ bodyId: '00000000-0000-0000-0000-0000000000bb', role: 'secretariat' }] };

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedMeeting(db.sql, {
			name: 'Part B',
			rules: { schemaVersion: 1, quorum: { minimumCount: 1, deputiesCount: true }, voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] } },
			members: [
				{ key: 'chair', role: 'chair' },
				{ key: 'member', role: 'voting_member' }
			]
		});
		const chairMembership = (await membership.get(db.sql, seeded.membershipIds.chair!))!;
		const chairId = chairMembership.userId;
		member = await membership.actorFor(db.sql, { id: (await membership.get(db.sql, seeded.membershipIds.member!))!.userId, isAdministrator: false });
		await markPresent(db.sql, seeded, ['chair', 'member']);
		await db.sql.begin(async (tx) => {
			const item = unwrap(
				await meeting.addItem(tx, seeded.meetingId, { title: `${SECRET}: the provider's contract`, purpose: 'decision', presenter: '', minutesAllotted: 10, part: 'B', parentId: null }, chairId)
			);
			partBItemId = item.id;
			paperId = unwrap(await meeting.addPaper(tx, item.id, { filename: `${SECRET} contract.pdf`, contentType: 'application/pdf', content: new TextEncoder().encode(SECRET) }, chairId)).id;
			unwrap(await meeting.setCurrentItem(tx, seeded.meetingId, item.id, chairId));
			unwrap(await declaration.record(tx, item.id, { membershipId: seeded.membershipIds.member!, interest: `${SECRET} interest`, outcome: 'may_take_part' }, chairId));
			unwrap(await action.create(tx, seeded.meetingId, { agendaItemId: item.id, description: `${SECRET} action`, ownerMembershipId: null, dueOn: null }, chairId));
			const proposed = unwrap(
				await motion.propose(tx, item.id, { text: `${SECRET} motion`, category: 'procedural', valuePence: 0n, procedural: true, proposer: null, seconder: null, noticeGivenOn: null }, chairId)
			);
			unwrap(await motion.callConsensus(tx, proposed.id, { indicative: false }, chairId));
			unwrap(await motion.recordConsensus(tx, proposed.id, chairId));
		});
		whileTaken = (await live.wholeState(db.sql, seeded.meetingId))!;
		await db.sql.begin(async (tx) => {
			unwrap(await meeting.setStatus(tx, seeded.meetingId, 'closed', chairId));
			const later = unwrap(
				await meeting.schedule(tx, seeded.bodyId, { title: 'The next meeting', startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 90_000_000), place: '', videoLink: '' }, chairId)
			);
			unwrap(await minutes.approve(tx, seeded.meetingId, later.id, chairId));
		});
		approvedVersionId = (await minutes.get(db.sql, seeded.meetingId))!.approvedVersionId!;
	}, 120_000);
	afterAll(async () => db?.close());

	/** Everything each reading service gives the reader, by service. */
	async function readAll(reader: Reader): Promise<Record<string, unknown>> {
		const { sql } = db;
		return {
			'meeting.agenda': await meeting.agenda(sql, seeded.meetingId, reader),
			'meeting.getPaper': await meeting.getPaper(sql, paperId, reader),
			'declaration.listForMeeting': await declaration.listForMeeting(sql, seeded.meetingId, reader),
			'action.log': await action.log(sql, reader, { meetingId: seeded.meetingId }),
			'decision.register': await decision.register(sql, reader, { meetingId: seeded.meetingId }),
			'decision.get': await Promise.all((await decision.wholeRegister(sql, { meetingId: seeded.meetingId })).map((d) => decision.get(sql, d.id, reader))),
			'decision.mattersToDecide': await decision.mattersToDecide(sql, reader, seeded.parentId),
			'minutes.current': await minutes.current(sql, seeded.meetingId, reader),
			'minutes.approvedText': await minutes.approvedText(sql, seeded.meetingId, reader),
			'minutes.versionText': await minutes.versionText(sql, seeded.meetingId, approvedVersionId, reader),
			'live.stateFor': await live.stateFor(sql, seeded.meetingId, reader),
			'live state while the Part B item was taken': visibleState(whileTaken, reader === member ? ['A', 'B'] : ['A'])
		};
	}
	/** A paper's content is bytes: searched as text too. */
	const text = (value: unknown) => JSON.stringify(value, (_key, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data).toString('utf8') : v));

	it('gives a member all of it, so a leak would be found', async () => {
		const read = await readAll(member);
		for (const [service, value] of Object.entries(read)) {
			if (service === 'decision.mattersToDecide') continue; // a procedural decision is no recommendation
			expect(text(value), service).toContain(SECRET);
		}
	});

	for (const [who, reader] of [
		['the public', () => null],
		['someone signed in who sits on another body', () => outsider]
	] as const) {
		it(`gives ${who} none of it, and says what was withheld`, async () => {
			const read = await readAll(reader());
			for (const [service, value] of Object.entries(read)) expect(text(value), service).not.toContain(SECRET);
			expect(read['meeting.agenda']).toMatchObject({ withheld: 1 });
			expect(read['meeting.getPaper']).toHaveProperty('withheld');
			expect(read['decision.register']).toMatchObject({ decisions: [], withheld: 1 });
			expect(read['minutes.approvedText']).toMatchObject({ partB: [], withheld: true });
			expect((read['live state while the Part B item was taken'] as LiveState).withheld).toEqual({ items: 1, currentItem: true });
			expect((read['live.stateFor'] as LiveState).agenda.map((i) => i.id)).not.toContain(partBItemId);
		});
	}
});
