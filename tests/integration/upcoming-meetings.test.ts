import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import { newDatabase, type TestDatabase } from '../helpers/database';
import { seedMeeting, type SeededMeeting } from '../helpers/meeting-fixture';

const HOUR = 3_600_000;

/**
 * A person's upcoming meetings are those still to be held: one under way, or one scheduled whose end has not
 * passed. A meeting scheduled for a time gone by, never started, is not upcoming (issue 11, "past meetings never
 * show as upcoming"); nor is a closed or cancelled one.
 */
describe('upcoming meetings', () => {
	let db: TestDatabase;
	let seeded: SeededMeeting;
	let userId: string;
	const ids: Record<string, string> = {};

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedMeeting(db.sql, { name: 'Upcoming', rules: { schemaVersion: 1, quorum: { minimumCount: 1, deputiesCount: true }, voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] } }, members: [{ key: 'chair', role: 'chair' }] });
		userId = (await membership.get(db.sql, seeded.membershipIds.chair!))!.userId;
		ids.underWay = seeded.meetingId;
		const now = Date.now();
		await db.sql.begin(async (tx) => {
			for (const [key, startsAt] of [
				['tomorrow', now + 24 * HOUR],
				['lastWeek', now - 7 * 24 * HOUR],
				['endingSoon', now - HOUR]
			] as const) {
				const made = await meeting.schedule(tx, seeded.bodyId, { title: key, startsAt: new Date(startsAt), endsAt: new Date(startsAt + 2 * HOUR), place: '', videoLink: '' }, userId);
				if (!made.ok) throw new Error(made.reason);
				ids[key] = made.value.id;
			}
		});
	}, 60_000);
	afterAll(async () => db?.close());

	it('lists the meeting under way and those still to come, soonest first, and not one whose time has passed', async () => {
		const upcoming = (await meeting.listUpcomingFor(db.sql, userId)).map((m) => m.id);
		expect(upcoming).toEqual([ids.endingSoon, ids.underWay, ids.tomorrow]);
		expect(upcoming).not.toContain(ids.lastWeek);
	});
});
