import { isHttpError, isRedirect } from '@sveltejs/kit';
import { newServices } from '../helpers/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as audit from '../../src/lib/server/audit';
import * as body from '../../src/lib/server/body';
import type { MailMessage, Mailer, OutboxMessage } from '../../src/lib/server/mail';
import * as mandate from '../../src/lib/server/mandate';
import * as membership from '../../src/lib/server/membership';
import * as organisation from '../../src/lib/server/organisation';
import { uuidParam } from '../../src/lib/server/params';
import * as user from '../../src/lib/server/user';
import * as weight from '../../src/lib/server/weight';
import * as bodyPage from '../../src/routes/bodies/[id]/+page.server';
import * as invitePage from '../../src/routes/bodies/[id]/invite/+page.server';
import * as membershipPage from '../../src/routes/bodies/[id]/members/[membershipId]/+page.server';
import * as newMemberPage from '../../src/routes/bodies/[id]/members/new/+page.server';
import * as weightsPage from '../../src/routes/bodies/[id]/weights/+page.server';
import * as organisationsPage from '../../src/routes/organisations/+page.server';
import * as organisationPage from '../../src/routes/organisations/[id]/+page.server';
import * as personPage from '../../src/routes/people/[id]/+page.server';
import { newDatabase, type TestDatabase } from '../helpers/database';

const PASSWORD = 'correct horse battery staple';

/** The audit rows for one entity, oldest first, as action names. */
async function auditTrail(db: TestDatabase, entityId: string): Promise<string[]> {
	const rows = await db.sql<{ action: string }[]>`select action from audit_log where entity_id = ${entityId} order by id`;
	return rows.map((r) => r.action);
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
	if (!result.ok) throw new Error(`Expected success, got: ${result.reason}`);
	return result.value;
}

describe('organisations, bodies, memberships, weights and mandates', () => {
	let db: TestDatabase;
	let adminId: string;
	let ccgA: organisation.Organisation;
	let ccgB: organisation.Organisation;
	let nhse: organisation.Organisation;
	let region: body.Body;
	let group: body.Body;
	let subGroup: body.Body;

	let voter: membership.Membership;

	beforeAll(async () => {
		db = await newDatabase();
		const created = await user.createFirstAdministrator(db.sql, { email: 'admin@example.nhs.uk', name: 'Admin', password: PASSWORD });
		if (!created.ok) throw new Error(created.reason);
		adminId = created.userId;
	});
	afterAll(async () => db?.close());

	const person = (name: string) =>
		db.sql.begin((tx) => user.ensurePerson(tx, { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.nhs.uk` }, adminId));

	it('creates, refuses a duplicate name or ODS code, updates and ends an organisation, auditing each change', async () => {
		ccgA = unwrap(await db.sql.begin((tx) => organisation.create(tx, { name: 'NHS Salford CCG', kind: 'ccg', odsCode: '01G' }, adminId)));
		ccgB = unwrap(await db.sql.begin((tx) => organisation.create(tx, { name: 'NHS Trafford CCG', kind: 'ccg', odsCode: '02A' }, adminId)));
		nhse = unwrap(await db.sql.begin((tx) => organisation.create(tx, { name: 'NHS England', kind: 'nhs_england', odsCode: 'X24' }, adminId)));

		const sameName = await db.sql.begin((tx) => organisation.create(tx, { name: 'nhs salford ccg', kind: 'ccg', odsCode: null }, adminId));
		expect(sameName).toMatchObject({ ok: false, reason: /already exists/ });
		const sameCode = await db.sql.begin((tx) => organisation.create(tx, { name: 'Another CCG', kind: 'ccg', odsCode: '01g' }, adminId));
		expect(sameCode).toMatchObject({ ok: false, reason: /already exists/ });
		expect(await organisation.list(db.sql)).toHaveLength(3);

		const renamed = await db.sql.begin((tx) => organisation.update(tx, ccgA.id, { name: 'NHS Salford CCG (merged)', kind: 'ccg', odsCode: '01G' }, adminId));
		expect(renamed).toMatchObject({ ok: true, value: { name: 'NHS Salford CCG (merged)' } });
		const clash = await db.sql.begin((tx) => organisation.update(tx, ccgA.id, { name: 'NHS Trafford CCG', kind: 'ccg', odsCode: '01G' }, adminId));
		expect(clash).toMatchObject({ ok: false, reason: /already exists/ });
		ccgA = unwrap(await db.sql.begin((tx) => organisation.update(tx, ccgA.id, { name: 'NHS Salford CCG', kind: 'ccg', odsCode: '01G' }, adminId)));

		const extra = unwrap(await db.sql.begin((tx) => organisation.create(tx, { name: 'NHS Abolished CCG', kind: 'ccg', odsCode: null }, adminId)));
		expect(await db.sql.begin((tx) => organisation.end(tx, extra.id, '2016-03-31', adminId))).toMatchObject({ ok: true, value: { endedOn: '2016-03-31' } });
		expect(await db.sql.begin((tx) => organisation.end(tx, extra.id, '2016-04-30', adminId))).toMatchObject({ ok: false, reason: /already ended/ });
		expect((await organisation.list(db.sql)).map((o) => o.name)).not.toContain('NHS Abolished CCG');
		expect((await organisation.list(db.sql, { includeEnded: true })).map((o) => o.name)).toContain('NHS Abolished CCG');

		expect(await auditTrail(db, ccgA.id)).toEqual(['organisation.create', 'organisation.update', 'organisation.update']);
		expect(await auditTrail(db, extra.id)).toEqual(['organisation.create', 'organisation.end']);
	});

	it('builds a tree of bodies and refuses to put a body under itself or its own sub-group', async () => {
		region = unwrap(await db.sql.begin((tx) => body.create(tx, { name: 'NHS England North regional team', kind: 'regional_team', parentId: null }, adminId)));
		group = unwrap(await db.sql.begin((tx) => body.create(tx, { name: 'North West Oversight Group', kind: 'oversight_group', parentId: region.id }, adminId)));
		subGroup = unwrap(await db.sql.begin((tx) => body.create(tx, { name: 'North West Cardiac Sub-group', kind: 'delivery_sub_group', parentId: group.id }, adminId)));

		expect((await body.children(db.sql, region.id)).map((b) => b.name)).toEqual(['North West Oversight Group']);
		expect((await body.children(db.sql, group.id)).map((b) => b.name)).toEqual(['North West Cardiac Sub-group']);
		expect(await body.get(db.sql, subGroup.id)).toMatchObject({ parentId: group.id, parentName: 'North West Oversight Group' });

		const loop = await db.sql.begin((tx) => body.update(tx, region.id, { name: region.name, kind: region.kind, parentId: subGroup.id }, adminId));
		expect(loop).toMatchObject({ ok: false, reason: /cannot sit under itself or one of its own sub-groups/ });
		const self = await db.sql.begin((tx) => body.update(tx, group.id, { name: group.name, kind: group.kind, parentId: group.id }, adminId));
		expect(self.ok).toBe(false);
		expect((await body.get(db.sql, region.id))?.parentId).toBeNull();

		const duplicate = await db.sql.begin((tx) => body.create(tx, { name: 'north west oversight group', kind: 'other', parentId: null }, adminId));
		expect(duplicate).toMatchObject({ ok: false, reason: /already exists/ });

		const spare = unwrap(await db.sql.begin((tx) => body.create(tx, { name: 'Short-lived Group', kind: 'other', parentId: region.id }, adminId)));
		expect(await db.sql.begin((tx) => body.end(tx, spare.id, '2016-03-31', adminId))).toMatchObject({ ok: true, value: { endedOn: '2016-03-31' } });
		expect(await auditTrail(db, region.id)).toEqual(['body.create']);
		expect(await auditTrail(db, spare.id)).toEqual(['body.create', 'body.end']);
	});

	it('enforces the deputy rules, lets a member represent two organisations, and refuses an end before the start', async () => {
		const ann = await person('Ann Chair');
		const carol = await person('Carol Member');
		const olly = await person('Olly Observer');
		const farid = await person('Farid Deputy');
		const base = { deputyFor: null, organisationIds: [], startsOn: '2015-04-01', endsOn: null };

		unwrap(await db.sql.begin((tx) => membership.create(tx, group.id, ann.id, { ...base, role: 'chair', organisationIds: [nhse.id] }, adminId)));
		voter = unwrap(
			await db.sql.begin((tx) => membership.create(tx, group.id, carol.id, { ...base, role: 'voting_member', organisationIds: [ccgA.id, ccgB.id] }, adminId))
		);
		expect(voter.organisations.map((o) => o.name)).toEqual(['NHS Salford CCG', 'NHS Trafford CCG']);
		const observer = unwrap(await db.sql.begin((tx) => membership.create(tx, group.id, olly.id, { ...base, role: 'observer' }, adminId)));
		const elsewhere = unwrap(await db.sql.begin((tx) => membership.create(tx, subGroup.id, carol.id, { ...base, role: 'voting_member' }, adminId)));

		const refusals: [membership.MembershipInput, RegExp][] = [
			[{ ...base, role: 'deputy' }, /Choose the member this person is deputy for/],
			[{ ...base, role: 'deputy', deputyFor: observer.id }, /stands in for a voting member; Olly Observer is not one/],
			[{ ...base, role: 'deputy', deputyFor: elsewhere.id }, /same body/],
			[{ ...base, role: 'voting_member', deputyFor: voter.id }, /Only a deputy/],
			[{ ...base, role: 'voting_member', startsOn: '2016-04-01', endsOn: '2016-03-31' }, /end date must be on or after the start date/]
		];
		for (const [input, reason] of refusals) {
			expect(await membership.validate(db.sql, group.id, input)).toMatch(reason);
			expect(await db.sql.begin((tx) => membership.create(tx, group.id, farid.id, input, adminId))).toMatchObject({ ok: false, reason });
		}
		expect(await membership.listForPerson(db.sql, farid.id)).toEqual([]);

		const deputy = unwrap(
			await db.sql.begin((tx) => membership.create(tx, group.id, farid.id, { ...base, role: 'deputy', deputyFor: voter.id, organisationIds: [ccgA.id] }, adminId))
		);
		expect(deputy).toMatchObject({ role: 'deputy', deputyForName: 'Carol Member', current: true });

		// A past membership stays on the person's page, marked as no longer current.
		const past = unwrap(await db.sql.begin((tx) => membership.create(tx, region.id, farid.id, { ...base, role: 'adviser', endsOn: '2016-03-31' }, adminId)));
		expect(past.current).toBe(false);
		expect((await membership.listForPerson(db.sql, farid.id)).map((m) => [m.bodyName, m.current])).toEqual([
			['North West Oversight Group', true],
			['NHS England North regional team', false]
		]);
		expect((await membership.currentBodyIds(db.sql, [farid.id, carol.id])).get(farid.id)).toEqual([group.id]);
		expect((await membership.currentBodyIds(db.sql, [carol.id])).get(carol.id)?.sort()).toEqual([group.id, subGroup.id].sort());

		expect(await db.sql.begin((tx) => membership.end(tx, observer.id, '2015-03-01', adminId))).toMatchObject({ ok: false, reason: /on or after the start date/ });
		expect(await db.sql.begin((tx) => membership.end(tx, observer.id, '2016-03-31', adminId))).toMatchObject({ ok: true, value: { endsOn: '2016-03-31', current: false } });
		expect(await auditTrail(db, observer.id)).toEqual(['membership.create', 'membership.end']);
	});

	it('stores weights exactly, and saves none of a batch when one value is bad', async () => {
		const saved = await db.sql.begin((tx) =>
			weight.setMany(
				tx,
				group.id,
				[
					{ organisationId: ccgA.id, weight: '33.333333', basis: 'weighted capitation share 2015/16' },
					{ organisationId: ccgB.id, weight: '66.666667', basis: 'weighted capitation share 2015/16' }
				],
				adminId
			)
		);
		expect(saved).toEqual({ ok: true, value: { changed: 2 } });
		expect((await weight.listForBody(db.sql, group.id)).map((w) => [w.organisationName, w.weight])).toEqual([
			['NHS Salford CCG', '33.333333'],
			['NHS Trafford CCG', '66.666667']
		]);

		const auditRows = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from audit_log`)[0]!.n;
		const before = await auditRows();
		for (const bad of ['12.5.3', '1e3', '-4', '0.1234567', 'thirty']) {
			const refused = await db.sql.begin((tx) =>
				weight.setMany(
					tx,
					group.id,
					[
						{ organisationId: ccgA.id, weight: '50', basis: 'changed' },
						{ organisationId: ccgB.id, weight: bad, basis: 'changed' }
					],
					adminId
				)
			);
			expect(refused).toMatchObject({ ok: false, invalid: [ccgB.id] });
		}
		expect((await weight.listForBody(db.sql, group.id)).map((w) => w.weight)).toEqual(['33.333333', '66.666667']);
		expect(await auditRows()).toBe(before);

		// Saving the same values again changes nothing and records nothing; a blank removes.
		const same = await db.sql.begin((tx) =>
			weight.setMany(tx, group.id, [{ organisationId: ccgA.id, weight: '33.333333', basis: 'weighted capitation share 2015/16' }], adminId)
		);
		expect(same).toEqual({ ok: true, value: { changed: 0 } });
		expect(await weight.set(db.sql, group.id, { organisationId: ccgA.id, weight: 'x', basis: '' }, adminId)).toMatchObject({ ok: false });
		await db.sql.begin((tx) => weight.setMany(tx, group.id, [{ organisationId: ccgB.id, weight: null, basis: '' }], adminId));
		expect((await weight.listForBody(db.sql, group.id)).map((w) => w.organisationName)).toEqual(['NHS Salford CCG']);
		expect(await auditTrail(db, `${group.id}/${ccgB.id}`)).toEqual(['weight.set', 'weight.remove']);
	});

	it('records a mandate only for an organisation the member represents', async () => {
		const input = { categories: ['service_review'], financialLimitPence: 25_000_000n, expiresOn: '2027-03-31', evidence: 'Scheme of delegation 4.2' };
		const refused = await db.sql.begin((tx) => mandate.create(tx, voter.id, { ...input, organisationId: nhse.id }, adminId));
		expect(refused).toMatchObject({ ok: false, reason: /organisation the member represents/ });
		const noCategory = await db.sql.begin((tx) => mandate.create(tx, voter.id, { ...input, categories: [], organisationId: ccgA.id }, adminId));
		expect(noCategory).toMatchObject({ ok: false, reason: /at least one decision category/ });
		const made = unwrap(await db.sql.begin((tx) => mandate.create(tx, voter.id, { ...input, organisationId: ccgB.id }, adminId)));
		expect(made).toMatchObject({ organisationName: 'NHS Trafford CCG', financialLimitPence: '25000000', categories: ['service_review'] });
		expect(await db.sql.begin((tx) => mandate.end(tx, made.id, '2016-03-31', adminId))).toMatchObject({ ok: true, value: { endedOn: '2016-03-31' } });
		expect(await db.sql.begin((tx) => mandate.end(tx, made.id, '2016-04-01', adminId))).toMatchObject({ ok: false, reason: /already ended/ });
		expect(await auditTrail(db, made.id)).toEqual(['mandate.create', 'mandate.end']);
		expect(await mandate.listForMembership(db.sql, voter.id)).toHaveLength(1);
	});

	it('keeps the audit chain intact through all of it', async () => {
		const result = await audit.verify(db.sql);
		expect(result).toMatchObject({ intact: true });
		expect(result.rows).toBeGreaterThan(25);
	});

	describe('through the pages', () => {
		const sent: MailMessage[] = [];
		const mailer: Mailer = {
			delivers: false,
			async send(message) {
				sent.push(message);
				return { ...message, id: String(sent.length), createdAt: new Date(), sentAt: null, error: null } satisfies OutboxMessage;
			},
			deliverPending: async () => 0,
			close() {}
		};
		let adminLocals: App.Locals;
		let secretariatLocals: App.Locals;
		let memberLocals: App.Locals;

		beforeAll(async () => {
			const services = newServices(db, { mailer });
			const signedIn = (u: user.Person): App.Locals => ({
				services,
				user: { id: u.id, email: u.email, name: u.name, isAdministrator: u.isAdministrator },
				sessionId: 'test'
			});
			adminLocals = signedIn((await user.get(db.sql, adminId))!);
			const jo = await person('Jo Secretariat');
			await db.sql.begin((tx) => membership.create(tx, group.id, jo.id, { role: 'secretariat', deputyFor: null, organisationIds: [], startsOn: '2015-04-01', endsOn: null }, adminId));
			secretariatLocals = signedIn(jo);
			memberLocals = signedIn((await user.findByEmail(db.sql, 'olly.observer@example.nhs.uk'))!);
		});

		/** Runs a load or action as SvelteKit would, handing back what it returned or threw. */
		async function run(
			handler: (event: never) => unknown,
			locals: App.Locals,
			params: Record<string, string>,
			options: { form?: Record<string, string | string[]>; search?: string } = {}
		): Promise<{ status: number; location?: string; data?: Record<string, unknown>; message?: string }> {
			const url = new URL(`https://portal.example/page${options.search ?? ''}`);
			let request = new Request(url);
			if (options.form) {
				const body = new FormData();
				for (const [key, value] of Object.entries(options.form)) for (const v of [value].flat()) body.append(key, v);
				request = new Request(url, { method: 'POST', body });
			}
			try {
				const result = (await handler({ locals, params, url, request } as never)) as { status?: number; data?: Record<string, unknown> } | Record<string, unknown>;
				if (result && typeof result === 'object' && 'status' in result && typeof result.status === 'number') {
					return { status: result.status, data: result.data as Record<string, unknown> };
				}
				return { status: 200, data: result as Record<string, unknown> };
			} catch (thrown) {
				if (isRedirect(thrown)) return { status: thrown.status, location: thrown.location };
				if (isHttpError(thrown)) return { status: thrown.status, message: thrown.body.message };
				throw thrown;
			}
		}

		it('answers an id that is not a UUID with 404, not a database error', async () => {
			expect(() => uuidParam('not-a-uuid')).toThrow();
			expect(uuidParam('0B0E8C5A-6B0A-4C8F-9D1E-2A3B4C5D6E7F')).toBe('0b0e8c5a-6b0a-4c8f-9d1e-2a3b4c5d6e7f');
			for (const [handler, params] of [
				[bodyPage.load, { id: "1' or 1=1" }],
				[organisationPage.load, { id: '42' }],
				[personPage.load, { id: 'x' }],
				[membershipPage.load, { id: group.id, membershipId: 'nope' }],
				[membershipPage.load, { id: region.id, membershipId: voter.id }],
				[bodyPage.load, { id: '00000000-0000-4000-8000-000000000000' }]
			] as const) {
				expect(await run(handler as never, adminLocals, params)).toMatchObject({ status: 404, message: 'Page not found' });
			}
		});

		it('explains an unknown kind of organisation instead of failing', async () => {
			const unknown = await run(organisationsPage.load as never, memberLocals, {}, { search: '?kind=spaceship' });
			expect(unknown.data).toMatchObject({ kind: null, kindProblem: /no such kind/, canCreate: false });
			expect((unknown.data!.organisations as unknown[]).length).toBeGreaterThan(3);
			const ccgs = await run(organisationsPage.load as never, memberLocals, {}, { search: '?kind=ccg' });
			expect((ccgs.data!.organisations as { kind: string }[]).every((o) => o.kind === 'ccg')).toBe(true);
			expect(await run(organisationPage.actions.end as never, memberLocals, { id: ccgA.id }, { form: { endedOn: '2016-03-31' } })).toMatchObject({ status: 403 });
			const badDate = await run(organisationPage.actions.end as never, adminLocals, { id: ccgA.id }, { form: { endedOn: '2016-02-30' } });
			expect(badDate).toMatchObject({ status: 400, data: { errors: { endedOn: /real date/ } } });
			expect((await organisation.get(db.sql, ccgA.id))?.endedOn).toBeNull();
		});

		it('sends an invitation by email with a one-off link, and says where it went', async () => {
			expect(await run(invitePage.load as never, memberLocals, { id: group.id })).toMatchObject({ status: 403 });
			const refused = await run(invitePage.actions.default as never, secretariatLocals, { id: group.id }, {
				form: { name: '', email: 'not an email', role: 'deputy', deputyFor: '', organisationIds: ['not-an-id'] }
			});
			expect(refused).toMatchObject({ status: 400 });
			expect(Object.keys(refused.data!.errors as object).sort()).toEqual(['deputyFor', 'email', 'name', 'organisationIds']);
			expect(sent).toHaveLength(0);

			const done = await run(invitePage.actions.default as never, secretariatLocals, { id: group.id }, {
				form: { name: 'Dana Deputy', email: 'Dana.Deputy@example.nhs.uk', role: 'deputy', deputyFor: voter.id, organisationIds: [ccgB.id] }
			});
			expect(done).toMatchObject({ status: 303, location: `/bodies/${group.id}?invited=dana.deputy%40example.nhs.uk` });
			expect(sent).toHaveLength(1);
			expect(sent[0]).toMatchObject({ to: 'dana.deputy@example.nhs.uk', subject: 'You are invited to join North West Oversight Group' });
			expect(sent[0]!.text).toMatch(/Dear Dana Deputy/);
			expect(sent[0]!.text).toMatch(/in the role of Deputy, as deputy for Carol Member/);
			expect(sent[0]!.text).toMatch(/https:\/\/portal\.example\/invitations\/\S{20,}/);
			expect(sent[0]!.text).toMatch(/works once and expires in 7 days/);

			const page = await run(bodyPage.load as never, secretariatLocals, { id: group.id }, { search: '?invited=dana.deputy%40example.nhs.uk' });
			expect(page.data).toMatchObject({ invited: 'dana.deputy@example.nhs.uk', delivers: false, can: { invite: true, edit: true, manageWeights: true } });
			expect(page.data!.pending).toEqual([expect.objectContaining({ name: 'Dana Deputy', role: 'deputy' })]);
			const asMember = await run(bodyPage.load as never, memberLocals, { id: group.id });
			expect(asMember.data).toMatchObject({ pending: [], can: { invite: false, edit: false, manageMembers: false } });
		});

		it('adds a new person as a member, and refuses an end date before the start without adding anyone', async () => {
			const form = { userId: '', name: 'Eve New', email: 'eve.new@example.nhs.uk', role: 'voting_member', deputyFor: '', organisationIds: [ccgA.id], startsOn: '2016-04-01' };
			const refused = await run(newMemberPage.actions.default as never, secretariatLocals, { id: group.id }, { form: { ...form, endsOn: '2016-03-01' } });
			expect(refused).toMatchObject({ status: 400, data: { errors: { endsOn: /on or after the start date/ } } });
			expect(await user.findByEmail(db.sql, 'eve.new@example.nhs.uk')).toBeNull();
			const added = await run(newMemberPage.actions.default as never, secretariatLocals, { id: group.id }, { form: { ...form, endsOn: '' } });
			expect(added).toMatchObject({ status: 303, location: `/bodies/${group.id}?added` });
			const eve = await user.findByEmail(db.sql, 'eve.new@example.nhs.uk');
			expect((await membership.listForPerson(db.sql, eve!.id)).map((m) => [m.role, m.organisations.map((o) => o.name)])).toEqual([['voting_member', ['NHS Salford CCG']]]);
		});

		it('saves all the weights or none, flagging every bad one', async () => {
			const key = (id: string) => `weight-${id}`;
			const bad = await run(weightsPage.actions.default as never, secretariatLocals, { id: group.id }, {
				form: { [key(ccgA.id)]: '30,5', [key(ccgB.id)]: 'abc', [key(nhse.id)]: '10', basis: 'weighted capitation share 2015/16' }
			});
			expect(bad).toMatchObject({ status: 400 });
			expect(Object.keys(bad.data!.errors as object).sort()).toEqual([key(ccgA.id), key(ccgB.id)].sort());
			expect((await weight.listForBody(db.sql, group.id)).map((w) => w.weight)).toEqual(['33.333333']);

			const good = await run(weightsPage.actions.default as never, secretariatLocals, { id: group.id }, {
				form: { [key(ccgA.id)]: '30', [key(ccgB.id)]: '12.5', [key(nhse.id)]: '', basis: 'weighted capitation share 2015/16' }
			});
			expect(good).toMatchObject({ status: 303 });
			expect((await weight.listForBody(db.sql, group.id)).map((w) => [w.organisationName, w.weight])).toEqual([
				['NHS Salford CCG', '30.000000'],
				['NHS Trafford CCG', '12.500000']
			]);
		});

		it('adds a mandate in pounds for a represented organisation only', async () => {
			const params = { id: group.id, membershipId: voter.id };
			const other = await run(membershipPage.actions.addMandate as never, secretariatLocals, params, {
				form: { organisationId: nhse.id, categories: ['investment'], otherCategories: '', limit: '250,000', expiresOn: '2027-03-31', evidence: 'Scheme' }
			});
			expect(other).toMatchObject({ status: 400, data: { errors: { organisationId: /represents/ } } });
			const made = await run(membershipPage.actions.addMandate as never, secretariatLocals, params, {
				form: { organisationId: ccgA.id, categories: ['investment'], otherCategories: 'Estates review', limit: '£1,250,000.50', expiresOn: '2027-03-31', evidence: 'Scheme 4.2' }
			});
			expect(made).toMatchObject({ status: 303 });
			const page = await run(membershipPage.load as never, secretariatLocals, params);
			expect(page.data!.mandates).toContainEqual(
				expect.objectContaining({ organisationName: 'NHS Salford CCG', categories: ['investment', 'estates_review'], financialLimitPence: '125000050', limit: '£1,250,000.50' })
			);
		});

		it("shows a person's bodies to them and their secretariat, and not to others", async () => {
			const carol = (await user.findByEmail(db.sql, 'carol.member@example.nhs.uk'))!;
			const mine = await run(personPage.load as never, secretariatLocals, { id: carol.id });
			expect((mine.data!.memberships as membership.Membership[]).map((m) => m.bodyName).sort()).toEqual(['North West Cardiac Sub-group', 'North West Oversight Group']);
			expect(await run(personPage.load as never, memberLocals, { id: carol.id })).toMatchObject({ status: 403 });
			expect(await audit.verify(db.sql)).toMatchObject({ intact: true });
		});
	});
});
