import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newScenario, everyoneVotes, simulate, type SimulatorBody } from '../../src/lib/domain/rules-simulator';
import * as bodyRules from '../../src/lib/server/body-rules';
import { simulatorBody } from '../../src/lib/server/rules-simulator';
import * as user from '../../src/lib/server/user';
import * as simulatorPage from '../../src/routes/bodies/[id]/rules/simulator/+page.server';
import { newDatabase, type TestDatabase } from '../helpers/database';
import { newServices } from '../helpers/services';
import { seedMeeting, today, type SeededMeeting } from '../helpers/meeting-fixture';

const WEIGHTED = {
	schemaVersion: 1,
	quorum: { minimumFraction: { fraction: '1/2', comparison: 'at_least' }, requiredClinicians: 1, deputiesCount: true },
	voting: { basis: 'weighted', thresholds: [{ of: 'eligible_votes', comparison: 'at_least', fraction: '75%' }], mandatesRequired: true }
} as never;

/** The simulator reads a body's real members on a day, with what the engine needs of each, from the database. */
describe('simulatorBody', () => {
	let db: TestDatabase;
	let seeded: SeededMeeting;
	let read: SimulatorBody;
	const id = (key: string) => seeded.membershipIds[key]!;
	const org = (key: string) => seeded.organisationIds[key]!;

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedMeeting(db.sql, {
			name: 'Simulated group',
			rules: WEIGHTED,
			organisations: [
				{ key: 'england', kind: 'nhs_england', weight: '40' },
				{ key: 'salford', kind: 'ccg', weight: '35.5' },
				{ key: 'trafford', kind: 'ccg', weight: '24.5' },
				{ key: 'elsewhere', kind: 'ccg' }
			],
			members: [
				{ key: 'chair', role: 'chair', represents: ['england'] },
				{ key: 'rep', role: 'voting_member', represents: ['salford', 'trafford'] },
				{ key: 'deputy', role: 'deputy', represents: ['salford', 'trafford'], deputyFor: 'rep' },
				{ key: 'secretary', role: 'secretariat' },
				{ key: 'leaver', role: 'voting_member', represents: ['elsewhere'] },
				{ key: 'joiner', role: 'voting_member', represents: ['elsewhere'] }
			],
			delegations: [{ categories: ['service_review', 'investment'], financialLimitPence: 50_000_000n }],
			mandates: [
				{ member: 'chair', organisation: 'england', categories: ['investment'], financialLimitPence: 100_000_000n },
				{ member: 'rep', organisation: 'salford', categories: ['investment'], financialLimitPence: 25_000_000n },
				{ member: 'rep', organisation: 'trafford', categories: ['investment'], financialLimitPence: 10_000_000n }
			]
		});
		const londonToday = db.sql`(now() at time zone 'Europe/London')::date`;
		await db.sql`update memberships set ends_on = ${londonToday} - 1 where id = ${id('leaver')}`;
		await db.sql`update memberships set starts_on = ${londonToday} + 1 where id = ${id('joiner')}`;
		await db.sql`update memberships set clinician = true where id = ${id('chair')}`;
		// An ended mandate no longer commits anyone.
		await db.sql`update mandates set ended_on = ${londonToday} where membership_id = ${id('rep')} and organisation_id = ${org('trafford')}`;
		read = (await simulatorBody(db.sql, seeded.bodyId, today()))!;
	});
	afterAll(async () => db?.close());

	it('names the body and the parent its recommendations go to, on the day asked', () => {
		expect(read).toMatchObject({ id: seeded.bodyId, name: expect.stringContaining('Simulated group'), parentBodyName: expect.stringContaining('Parent of'), onDate: today() });
	});

	it('has the members who hold a membership that day, with roles, deputies, organisations and clinicians', () => {
		const members = new Map(read.members.map((m) => [m.id, m]));
		// In the order of the roles, chair first.
		expect([...members.keys()]).toEqual([id('chair'), id('rep'), id('deputy'), id('secretary')]);
		expect(members.get(id('chair'))).toEqual({ id: id('chair'), name: 'chair', role: 'chair', represents: [org('england')], clinician: true });
		expect(members.get(id('deputy'))).toMatchObject({ role: 'deputy', deputyFor: id('rep') });
		expect(members.get(id('rep'))!.represents.sort()).toEqual([org('salford'), org('trafford')].sort());
		expect(members.get(id('rep'))!.clinician).toBeUndefined();
	});

	it('has the organisations represented, with the body’s weights exactly, and no one else’s', () => {
		const weights = Object.fromEntries(read.organisations.map((o) => [o.id, Number(o.weight)]));
		expect(weights).toEqual({ [org('england')]: 40, [org('salford')]: 35.5, [org('trafford')]: 24.5 });
		expect(read.organisations.find((o) => o.id === org('england'))!.kind).toBe('nhs_england');
	});

	it('has the delegations in force and the mandates not ended', () => {
		expect(read.delegations).toEqual([
			{ categories: ['service_review', 'investment'], financialLimitPence: 50_000_000, validFrom: '2015-04-01', from: read.parentBodyName }
		]);
		expect(read.mandates).toEqual([
			{ memberId: id('chair'), organisationId: org('england'), categories: ['investment'], financialLimitPence: 100_000_000, expiresOn: '2099-03-31' },
			{ memberId: id('rep'), organisationId: org('salford'), categories: ['investment'], financialLimitPence: 25_000_000, expiresOn: '2099-03-31' }
		]);
	});

	it('is what the simulator runs the body’s rules on: the rep’s unmandated Trafford vote needs ratification', async () => {
		const rules = (await bodyRules.current(db.sql, seeded.bodyId))!.rules;
		const scenario = everyoneVotes(rules, read, newScenario(read), 'for');
		const result = simulate(rules, read, { ...scenario, motion: { text: 'To invest in the service', category: 'investment', value: '200,000' } });
		if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
		expect(result.evaluation.quorum.quorate).toBe(true);
		expect(result.evaluation.outcome).toMatchObject({ ok: true, state: 'carried_binding' });
		const withoutMandate = simulate(rules, read, { ...scenario, motion: { text: 'To invest in the service', category: 'investment', value: '300,000' } });
		expect(withoutMandate.ok && withoutMandate.evaluation.outcome).toMatchObject({ ok: true, state: 'carried_subject_to_ratification' });
	});

	it('is null for a body that does not exist', async () => {
		expect(await simulatorBody(db.sql, '00000000-0000-0000-0000-000000000000', today())).toBeNull();
	});
});

/** The page hands the browser what the simulator needs, to those who may follow the body's meetings. */
describe('the "Try these rules" page', () => {
	let db: TestDatabase;
	let seeded: SeededMeeting;

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedMeeting(db.sql, {
			name: 'Page group',
			rules: WEIGHTED,
			organisations: [{ key: 'england', kind: 'nhs_england', weight: '1' }],
			members: [{ key: 'chair', role: 'chair', represents: ['england'] }],
			delegations: [{ categories: ['estates_review'], financialLimitPence: 1n }]
		});
	});
	afterAll(async () => db?.close());

	async function loadAs(userId: string) {
		const u = (await user.get(db.sql, userId))!;
		const locals = { services: newServices(db), user: { id: u.id, email: u.email, name: u.name, isAdministrator: u.isAdministrator }, sessionId: 'test' };
		try {
			return { data: (await simulatorPage.load({ locals, params: { id: seeded.bodyId } } as never)) as Record<string, unknown> };
		} catch (thrown) {
			if (isHttpError(thrown)) return { status: thrown.status };
			throw thrown;
		}
	}

	it('gives a member the rules in force, the body today and the categories, delegated ones first', async () => {
		const [chair] = await db.sql<{ userId: string }[]>`select user_id from memberships where id = ${seeded.membershipIds.chair!}`;
		const { data } = await loadAs(chair!.userId);
		expect(data).toMatchObject({ rules: { voting: { basis: 'weighted' } }, simulatorBody: { id: seeded.bodyId, members: [{ id: seeded.membershipIds.chair }] } });
		expect((data!.categories as { value: string }[])[0]).toEqual({ value: 'estates_review', label: 'Estates review' });
	});

	it('refuses someone who does not sit on the body', async () => {
		const stranger = await db.sql.begin((tx) => user.ensurePerson(tx, { name: 'Stranger', email: 'stranger@example.nhs.uk' }, null));
		expect(await loadAs(stranger.id)).toEqual({ status: 403 });
	});
});
