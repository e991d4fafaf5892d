import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonTime } from '../../src/lib/domain/london-time';
import * as attendance from '../../src/lib/server/attendance';
import * as bodyRules from '../../src/lib/server/body-rules';
import * as demo from '../../src/lib/server/demo';
import * as live from '../../src/lib/server/live';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import * as publication from '../../src/lib/server/publication';
import { newDatabase, type TestDatabase } from '../helpers/database';

/**
 * The demo runs out of the box: every oversight group has its rules of procedure, so a live meeting checks quorum
 * from the start, and the North West group has its next meeting on the public record with an agenda.
 */
describe('the demo data', () => {
	let db: TestDatabase;
	let northWestId: string;

	beforeAll(async () => {
		db = await newDatabase();
		const loaded = await demo.load(db.sql, null);
		if (!loaded.ok) throw new Error(loaded.reason);
		const [row] = await db.sql<{ id: string }[]>`select id from bodies where name = ${demo.NORTH_WEST_GROUP}`;
		northWestId = row!.id;
	}, 120_000);
	afterAll(async () => db?.close());

	it('gives every oversight group the 2015/16 rules of procedure', async () => {
		const groups = await db.sql<{ id: string; name: string }[]>`select id, name from bodies where kind = 'oversight_group'`;
		expect(groups).toHaveLength(10);
		for (const group of groups) {
			const rules = await bodyRules.current(db.sql, group.id);
			expect(rules?.rules, group.name).toMatchObject({ quorum: { requiredOrganisationKinds: [{ kind: 'nhs_england', minimum: 1 }] }, voting: { basis: 'per_member' } });
		}
	});

	it('schedules the North West group a meeting a fortnight ahead, with its agenda published and a Part B item kept back', async () => {
		const meetings = await meeting.listForBody(db.sql, northWestId);
		expect(meetings).toHaveLength(1);
		const next = meetings[0]!;
		expect(next).toMatchObject({ status: 'scheduled', place: 'Room 3, Piccadilly Place, Manchester' });
		expect(next.noticeIssuedAt).toBeInstanceOf(Date);
		expect(londonTime(next.startsAt)).toBe('14:00');
		const days = (next.startsAt.getTime() - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(13);
		expect(days).toBeLessThan(15);

		const record = (await publication.meetingRecord(db.sql, next.id))!;
		expect(record.items.map((item) => item.title)).toContain('Cardiac surgery: consolidation into three centres');
		expect(record.items.map((item) => item.title)).not.toContain('Provider contract negotiation');
		expect(record.withheld).toBe(1);
	});

	it('checks quorum by its rules: met with half the voting members, the chair and NHS England; not without NHS England', async () => {
		const [next] = await meeting.listForBody(db.sql, northWestId);
		const members = await membership.listForBody(db.sql, northWestId);
		const byName = (name: string) => members.find((m) => m.personName === name)!;
		const secretariat = byName('Jo Secretariat').userId;
		const mark = (names: string[], status: 'present' | 'absent') =>
			db.sql.begin(async (tx) => {
				for (const name of names) {
					const done = await attendance.record(tx, next!.id, { membershipId: byName(name).id, status, deputyFor: null, departed: false }, secretariat);
					if (!done.ok) throw new Error(done.reason);
				}
			});
		await mark(['Dr Ann Chair', 'Carol Member', 'Eve Member'], 'present');
		const quorate = (await live.wholeState(db.sql, next!.id))!.quorum;
		expect(quorate).toMatchObject({ quorate: true });

		// Dr Ann Chair is the group's NHS England member: without her the vice-chair keeps the chair, not the quorum.
		await mark(['Ben Vice'], 'present');
		await mark(['Dr Ann Chair'], 'absent');
		const inquorate = (await live.wholeState(db.sql, next!.id))!.quorum;
		expect(inquorate).toMatchObject({ quorate: false });
		expect('failures' in inquorate && inquorate.failures.join(' ')).toMatch(/NHS England/);
	});
});
