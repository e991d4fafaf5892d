import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as governance from '../../src/lib/domain/governance';
import { londonTime } from '../../src/lib/domain/london-time';
import * as attendance from '../../src/lib/server/attendance';
import * as declaration from '../../src/lib/server/declaration';
import * as bodyRules from '../../src/lib/server/body-rules';
import * as demo from '../../src/lib/server/demo';
import * as live from '../../src/lib/server/live';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import * as motion from '../../src/lib/server/motion';
import * as publication from '../../src/lib/server/publication';
import { loadMotion } from '../../src/lib/server/sitting';
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

	/** A body of the demo, its next meeting, its members by name and the motion proposed on its agenda. */
	async function groupAndMotion(name: string) {
		const [group] = await db.sql<{ id: string }[]>`select id from bodies where name = ${name}`;
		const [next] = await meeting.listForBody(db.sql, group!.id);
		const members = await membership.listForBody(db.sql, group!.id);
		const [proposed] = await motion.listForMeeting(db.sql, next!.id);
		const byName = (person: string) => members.find((m) => m.personName === person)!;
		const secretariat = members.find((m) => m.role === 'secretariat')!.userId;
		return { groupId: group!.id, next: next!, members, byName, motion: proposed!, secretariat };
	}
	type Group = Awaited<ReturnType<typeof groupAndMotion>>;
	const attend = (g: Group, rows: [name: string, status: governance.AttendanceStatus, deputyFor?: string][]) =>
		db.sql.begin(async (tx) => {
			for (const [name, status, deputyFor] of rows) {
				const done = await attendance.record(tx, g.next.id, { membershipId: g.byName(name).id, status, deputyFor: deputyFor ? g.byName(deputyFor).id : null, departed: false }, g.secretariat);
				if (!done.ok) throw new Error(done.reason);
			}
		});
	/** The ballots of a worked example, by the demo members' names, as the live meeting stores them. */
	const ballotsOf = (g: Group, choices: [name: string, choice: governance.Choice][]): governance.Ballot[] =>
		choices.map(([name, choice]) => {
			const member = g.byName(name);
			return { voterId: member.id, organisationId: member.organisations[0]!.id, choice };
		});
	/** The engine run on the loaded data for the meeting, with the loader live meetings use. */
	const decideOnLoaded = (g: Group, ballots: governance.Ballot[]) =>
		db.sql.begin(async (tx) => {
			const found = (await meeting.get(tx, g.next.id))!;
			const loaded = await loadMotion(tx, found, g.motion.id);
			if (!loaded.ok) throw new Error(loaded.reason);
			return governance.decideVote(loaded.value.context, { ballots });
		});

	describe('the Northern Specialised Commissioning Group: worked example 1 on the demo data', () => {
		let g: Group;
		beforeAll(async () => {
			g = await groupAndMotion(demo.NORTHERN_SCG);
		});

		it('has five North East CCGs weighted 30, 25, 20, 15 and 10, its rules, its delegation and the motion on its next agenda', async () => {
			const weights = await db.sql<{ name: string; weight: string }[]>`
				select o.name, trim_scale(w.weight)::text as weight from organisation_weights w join organisations o on o.id = w.organisation_id
				where w.body_id = ${g.groupId} order by w.weight desc`;
			expect(weights).toEqual([
				{ name: 'NHS Northumberland CCG', weight: '30' },
				{ name: 'NHS Sunderland CCG', weight: '25' },
				{ name: 'NHS Gateshead CCG', weight: '20' },
				{ name: 'NHS North Tyneside CCG', weight: '15' },
				{ name: 'NHS South Tyneside CCG', weight: '10' }
			]);
			expect((await bodyRules.current(db.sql, g.groupId))?.rules).toMatchObject({ voting: { basis: 'weighted', thresholds: [{ of: 'eligible_votes', fraction: '0.75' }] } });
			expect(await bodyRules.listDelegations(db.sql, g.groupId)).toHaveLength(1);
			expect(g.next).toMatchObject({ status: 'scheduled', noticeIssuedAt: expect.any(Date) });
			expect(g.next.startsAt.getTime()).toBeGreaterThan(Date.now());
			expect(g.motion).toMatchObject({ text: demo.NORTHERN_SCG_MOTION, category: 'service_investment', state: 'proposed' });
			const record = (await publication.meetingRecord(db.sql, g.next.id))!;
			expect(record.items.find((item) => item.purpose === 'decision')?.title).toMatch(/paediatric neuro-rehabilitation/);
		});

		it('A, B and C for, D against, E absent: 75 of 100 eligible votes, carried and binding, through the live meeting’s own acts', async () => {
			await attend(g, [
				['Dr Alison Reed', 'present'],
				['Brian Hall', 'present'],
				['Dr Chitra Nair', 'present'],
				['David Lowe', 'remote'],
				['Eileen Scott', 'apologies'],
				['Fiona Grant', 'in_attendance']
			]);
			const chair = g.byName('Dr Alison Reed').userId;
			const outcome = await db.sql.begin(async (tx) => {
				const started = await meeting.setStatus(tx, g.next.id, 'in_progress', g.secretariat);
				if (!started.ok) throw new Error(started.reason);
				const opened = await motion.openVote(tx, g.motion.id, { indicative: false, countVisibility: 'open' }, chair);
				if (!opened.ok) throw new Error(opened.reason);
				for (const ballot of ballotsOf(g, [['Dr Alison Reed', 'for'], ['Brian Hall', 'for'], ['Dr Chitra Nair', 'for'], ['David Lowe', 'against']])) {
					const cast = await motion.castBallot(tx, g.motion.id, { voter: { membershipId: ballot.voterId }, organisationId: ballot.organisationId!, choice: ballot.choice }, chair);
					if (!cast.ok) throw new Error(cast.reason);
				}
				return motion.closeVote(tx, g.motion.id, { castingVote: null }, chair);
			});
			expect(outcome.ok).toBe(true);
			if (!outcome.ok) return;
			expect(outcome.value.state).toBe('carried_binding');
			expect(outcome.value.figures).toMatchObject({ inFavour: '75', against: '15', eligible: '100' });
			expect(outcome.value.figures.thresholds[0]).toMatchObject({ required: '3/4', actual: '3/4', actualPercent: '75.0%', met: true });
			expect(outcome.value.explanation).toContain('Rule: at least 75% of eligible votes — 75 of the 100 eligible votes in favour (75.0%): met.');
		});

		it('if C abstains instead: 55%, not carried', async () => {
			const outcome = await decideOnLoaded(g, ballotsOf(g, [['Dr Alison Reed', 'for'], ['Brian Hall', 'for'], ['Dr Chitra Nair', 'abstain'], ['David Lowe', 'against']]));
			expect(outcome).toMatchObject({ ok: true, state: 'not_carried' });
			expect(outcome.ok && outcome.figures.thresholds[0]).toMatchObject({ actualPercent: '55.0%', met: false });
		});

		it('if E is present but has declared a conflict: 75 of 90, 83.3%, carried', async () => {
			await attend(g, [['Eileen Scott', 'present']]);
			const declared = await db.sql.begin((tx) =>
				declaration.record(
					tx,
					g.motion.agendaItemId,
					{ membershipId: g.byName('Eileen Scott').id, interest: 'non-executive director of Northumbria Healthcare NHS Foundation Trust, the proposed provider', outcome: 'may_not_vote' },
					g.secretariat
				)
			);
			expect(declared.ok).toBe(true);
			const outcome = await decideOnLoaded(g, ballotsOf(g, [['Dr Alison Reed', 'for'], ['Brian Hall', 'for'], ['Dr Chitra Nair', 'for'], ['David Lowe', 'against']]));
			expect(outcome).toMatchObject({ ok: true, state: 'carried_binding' });
			expect(outcome.ok && outcome.figures.thresholds[0]).toMatchObject({ numerator: '75', denominator: '90', actualPercent: '83.3%', met: true });
		});
	});

	describe('the North West London Specialised Commissioning Group: worked example 2 on the demo data', () => {
		it('eight CCGs, one vote each, Harrow’s deputy voting in his place: 6 in favour, binding on the two that voted against', async () => {
			const g = await groupAndMotion(demo.NORTH_WEST_LONDON_SCG);
			expect(new Set(g.members.flatMap((m) => m.organisations.map((o) => o.id)))).toHaveProperty('size', 8);
			expect(g.motion).toMatchObject({ text: demo.NORTH_WEST_LONDON_SCG_MOTION, category: 'risk_sharing', state: 'proposed' });
			await attend(g, [
				['Anne Brooks', 'present'],
				['Ian Patel', 'present'],
				['Mary Okafor', 'present'],
				['Sue Khan', 'present'],
				['Paul Evans', 'present'],
				['Rachel Lee', 'present'],
				['Gordon Shaw', 'present'],
				['Tom Reilly', 'apologies'],
				['Neil Forbes', 'present', 'Tom Reilly']
			]);
			const outcome = await decideOnLoaded(
				g,
				ballotsOf(g, [
					['Anne Brooks', 'for'],
					['Ian Patel', 'against'],
					['Mary Okafor', 'for'],
					['Neil Forbes', 'for'],
					['Sue Khan', 'for'],
					['Paul Evans', 'against'],
					['Rachel Lee', 'for'],
					['Gordon Shaw', 'for']
				])
			);
			expect(outcome).toMatchObject({ ok: true, state: 'carried_binding' });
			if (!outcome.ok) return;
			expect(outcome.figures.organisationsInFavour).toBe(6);
			expect(outcome.explanation.join('\n')).toMatch(/binding on all members of North West London Specialised Commissioning Group, including NHS (Ealing|Hounslow) CCG and NHS (Ealing|Hounslow) CCG, which voted against/);
		});
	});
});
