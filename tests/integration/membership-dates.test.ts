import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as attendance from '../../src/lib/server/attendance';
import * as decision from '../../src/lib/server/decision';
import * as live from '../../src/lib/server/live';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import * as motion from '../../src/lib/server/motion';
import * as sitting from '../../src/lib/server/sitting';
import { newDatabase, type TestDatabase } from '../helpers/database';
import { markPresent, seedMeeting, type SeededMeeting } from '../helpers/meeting-fixture';

function unwrap<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
	if (!result.ok) throw new Error(`Expected success, got: ${result.reason}`);
	return result.value;
}

const MAJORITY = {
	schemaVersion: 1,
	quorum: { minimumCount: 1, deputiesCount: true },
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] }
} as never;

/**
 * A membership is held from the day it starts to the day it ends, both included, in London: one definition,
 * whichever service asks. A member who joins tomorrow, and one who left yesterday, hold nothing today.
 */
describe('who is a member today', () => {
	let db: TestDatabase;
	let seeded: SeededMeeting;
	const userOf = async (key: string) => (await membership.get(db.sql, seeded.membershipIds[key]!))!.userId;

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedMeeting(db.sql, {
			name: 'Membership dates',
			rules: MAJORITY,
			organisations: [
				{ key: 'england', kind: 'nhs_england' },
				{ key: 'joining', kind: 'ccg' },
				{ key: 'leaving', kind: 'ccg' }
			],
			members: [
				{ key: 'chair', role: 'chair', represents: ['england'] },
				{ key: 'joiner', role: 'voting_member', represents: ['joining'] },
				{ key: 'leaver', role: 'voting_member', represents: ['leaving'] }
			]
		});
		const londonToday = db.sql`(now() at time zone 'Europe/London')::date`;
		await db.sql`update memberships set starts_on = ${londonToday} + 1 where id = ${seeded.membershipIds.joiner!}`;
		await db.sql`update memberships set ends_on = ${londonToday} - 1 where id = ${seeded.membershipIds.leaver!}`;
		// A decision of the body, agreed by consensus of the members there today.
		await markPresent(db.sql, seeded, ['chair']);
		const chairId = await userOf('chair');
		const proposed = unwrap(
			await db.sql.begin((tx) =>
				motion.propose(tx, seeded.decisionItemId, { text: 'To note the report.', category: 'procedural', valuePence: 0n, procedural: true, proposer: null, seconder: null, noticeGivenOn: null }, chairId)
			)
		);
		unwrap(await db.sql.begin((tx) => motion.callConsensus(tx, proposed.id, { indicative: false }, chairId)));
		unwrap(await db.sql.begin((tx) => motion.recordConsensus(tx, proposed.id, chairId)));
	});
	afterAll(async () => db?.close());

	it('gives neither any role to act with', async () => {
		for (const key of ['joiner', 'leaver']) {
			const actor = await membership.actorFor(db.sql, { id: await userOf(key), isAdministrator: false });
			expect(actor.roles, key).toEqual([]);
		}
	});

	it('says neither membership is current', async () => {
		expect((await membership.get(db.sql, seeded.membershipIds.joiner!))!.current).toBe(false);
		expect((await membership.get(db.sql, seeded.membershipIds.leaver!))!.current).toBe(false);
		expect((await membership.get(db.sql, seeded.membershipIds.chair!))!.current).toBe(true);
	});

	it("leaves both out of today's meeting: its register, who sits, the meetings they see, their own seats in it", async () => {
		expect((await attendance.register(db.sql, seeded.meetingId)).map((entry) => entry.name)).toEqual(['chair']);
		const sits = await db.sql.begin((tx) => sitting.sittingFor(tx, seeded.meetingId, seeded.decisionItemId));
		expect(sits.ok && sits.value.members.map((m) => m.id)).toEqual([seeded.membershipIds.chair]);
		for (const key of ['joiner', 'leaver']) {
			const userId = await userOf(key);
			expect((await meeting.listUpcomingFor(db.sql, userId)).map((m) => m.id), key).not.toContain(seeded.meetingId);
			expect((await live.personalState(db.sql, seeded.meetingId, userId)).membershipIds, key).toEqual([]);
		}
	});

	it('does not count their organisations among those that may appeal', async () => {
		const [made] = await decision.wholeRegister(db.sql, { meetingId: seeded.meetingId });
		expect((await decision.memberOrganisations(db.sql, made!.id)).map((o) => o.name)).toEqual([expect.stringMatching(/^england/)]);
	});
});
