import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { PER_PAGE, type PageWindow } from '../../src/lib/components/pagination';
import type { Actor } from '../../src/lib/domain/policy';
import * as decision from '../../src/lib/server/decision';
import * as membership from '../../src/lib/server/membership';
import type { Services } from '../../src/lib/server/services';
import * as decisionsPage from '../../src/routes/decisions/+page.server';
import { readRegister } from '../../src/routes/decisions/register.server';
import type { DecisionView } from '../../src/routes/decisions/view';
import { newDatabase, type TestDatabase } from '../helpers/database';
import { seedMeeting, SIMPLE_MAJORITY, type SeededMeeting } from '../helpers/meeting-fixture';
import { newServices } from '../helpers/services';

// The members' decision register lists a page of decisions at a time (issue 13: the register of 5,000 decisions
// was one page of them all). The pages together are the register as the reader may read it, newest first, and
// the downloads still hold every decision the filter asks for.
describe('the decision register in pages', () => {
	let db: TestDatabase;
	let services: Services;
	let mine: SeededMeeting;
	let other: SeededMeeting;
	let reader: { id: string; name: string; email: string };

	/** `count` decisions on a new item of the meeting, in the part given, a minute apart from `start`. */
	async function decide(seeded: SeededMeeting, part: 'A' | 'B', count: number, start: number, state = 'carried_binding') {
		const itemId = randomUUID();
		await db.sql`insert into agenda_items (id, meeting_id, position, title, purpose, part) values (${itemId}, ${seeded.meetingId}, 100, ${`Part ${part} business`}, 'decision', ${part})`;
		for (let i = 0; i < count; i++) {
			const [motion] = await db.sql<{ id: string }[]>`
				insert into motions (agenda_item_id, text, category, state) values (${itemId}, ${`Motion ${part} ${start + i}`}, 'service_change', 'decided') returning id`;
			await db.sql`
				insert into decisions (motion_id, body_id, meeting_id, agenda_item_id, method, state, figures, explanation, decided_at)
				values (${motion!.id}, ${seeded.bodyId}, ${seeded.meetingId}, ${itemId}, 'consensus', ${state}, '{}'::jsonb, ${['Agreed by consensus.']},
					${new Date(Date.UTC(2026, 0, 1) + (start + i) * 60_000)})`;
		}
	}

	beforeAll(async () => {
		db = await newDatabase();
		services = newServices(db);
		mine = await seedMeeting(db.sql, { name: 'Register pages', rules: SIMPLE_MAJORITY, members: [{ key: 'member', role: 'voting_member' }] });
		other = await seedMeeting(db.sql, { name: 'Elsewhere', rules: SIMPLE_MAJORITY, members: [{ key: 'member', role: 'voting_member' }] });
		// 80 of the member's body in public, 30 in confidence; of another body, 15 in public and 7 in confidence.
		await decide(mine, 'A', 80, 0);
		await decide(mine, 'B', 30, 1000);
		await decide(other, 'A', 15, 2000, 'not_carried');
		await decide(other, 'B', 7, 3000);
		const [row] = await db.sql<{ id: string; name: string; email: string }[]>`
			select u.id, u.name, u.email from users u join memberships m on m.user_id = u.id where m.id = ${mine.membershipIds.member!}`;
		reader = row!;
	});
	afterAll(async () => db?.close());

	const locals = (): App.Locals => ({ services, user: { ...reader, isAdministrator: false }, sessionId: 'test' });
	const load = async (search: string) => {
		const url = new URL(`https://portal.example/decisions${search}`);
		return (await decisionsPage.load({ locals: locals(), url, params: {} } as never)) as { decisions: DecisionView[]; withheld: number; window: PageWindow };
	};
	const actor = (): Promise<Actor> => membership.actorFor(db.sql, { id: reader.id, isAdministrator: false });

	it('lists one page at a time, newest first; together the pages are the whole register as the reader may read it', async () => {
		const whole = await decision.register(db.sql, await actor());
		expect(whole.decisions).toHaveLength(80 + 30 + 15);
		expect(whole.withheld).toBe(7);
		const first = await load('');
		expect(first.decisions).toHaveLength(PER_PAGE);
		expect(first.window).toMatchObject({ page: 1, pages: 3, total: 125, from: 1, to: PER_PAGE });
		expect(first.withheld).toBe(7);
		const listed: string[] = [];
		for (let page = 1; page <= 3; page++) listed.push(...(await load(page === 1 ? '' : `?page=${page}`)).decisions.map((d) => d.id));
		expect(listed).toEqual(whole.decisions.map((d) => d.id));
		// A page past the last shows the last.
		expect((await load('?page=9')).decisions.map((d) => d.id)).toEqual(listed.slice(2 * PER_PAGE));
	});

	it('counts what the filter matches across the pages, and its downloads hold every one of them', async () => {
		const filtered = await load(`?body=${other.bodyId}&page=1`);
		expect(filtered.window).toMatchObject({ page: 1, pages: 1, total: 15 });
		expect(filtered.decisions.every((d) => d.bodyId === other.bodyId && d.part === 'A')).toBe(true);
		expect(filtered.withheld).toBe(7);
		const mineOnly = await load(`?body=${mine.bodyId}&page=2`);
		expect(mineOnly.window).toMatchObject({ page: 2, pages: 3, total: 110, from: 51, to: 100 });
		const exported = await readRegister(locals(), await actor(), new URLSearchParams(`body=${mine.bodyId}&page=2`));
		expect(exported.decisions).toHaveLength(110);
	});
});
