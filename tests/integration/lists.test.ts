import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUpcoming } from '../../src/lib/domain/meeting-dates';
import * as body from '../../src/lib/server/body';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import * as organisation from '../../src/lib/server/organisation';
import * as peopleList from '../../src/lib/server/people-list';
import * as user from '../../src/lib/server/user';
import * as invitePage from '../../src/routes/bodies/[id]/invite/+page.server';
import * as meetingsPage from '../../src/routes/bodies/[id]/meetings/+page.server';
import * as newMeetingPage from '../../src/routes/bodies/[id]/meetings/new/+page.server';
import * as membershipPage from '../../src/routes/bodies/[id]/members/[membershipId]/+page.server';
import * as newMemberPage from '../../src/routes/bodies/[id]/members/new/+page.server';
import * as weightsPage from '../../src/routes/bodies/[id]/weights/+page.server';
import * as agendaPage from '../../src/routes/meetings/[id]/agenda/+page.server';
import * as organisationsPage from '../../src/routes/organisations/+page.server';
import * as newOrganisationPage from '../../src/routes/organisations/new/+page.server';
import * as peoplePage from '../../src/routes/people/+page.server';
import { newDatabase, type TestDatabase } from '../helpers/database';
import { newServices } from '../helpers/services';

const DAY = 24 * 3_600_000;

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
		const form = new FormData();
		for (const [key, value] of Object.entries(options.form)) for (const v of [value].flat()) form.append(key, v);
		request = new Request(url, { method: 'POST', body: form });
	}
	try {
		const result = (await handler({ locals, params, url, request } as never)) as { status?: number; data?: Record<string, unknown> } | Record<string, unknown>;
		if (result && typeof result === 'object' && 'status' in result && typeof result.status === 'number') return { status: result.status, data: result.data as Record<string, unknown> };
		return { status: 200, data: result as Record<string, unknown> };
	} catch (thrown) {
		if (isRedirect(thrown)) return { status: thrown.status, location: thrown.location };
		if (isHttpError(thrown)) return { status: thrown.status, message: thrown.body.message };
		throw thrown;
	}
}

/** Two London wall-clock fields for a day `days` from now (negative: gone by). */
const dayFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

describe('forms that scale (issue 11)', () => {
	let db: TestDatabase;
	let admin: App.Locals;
	let adminId: string;
	let bodyId: string;

	beforeAll(async () => {
		db = await newDatabase();
		const created = await user.createFirstAdministrator(db.sql, { email: 'admin@example.nhs.uk', name: 'Admin', password: 'correct horse battery staple' });
		if (!created.ok) throw new Error(created.reason);
		adminId = created.userId;
		const me = (await user.get(db.sql, adminId))!;
		admin = { services: newServices(db), user: { id: me.id, email: me.email, name: me.name, isAdministrator: true }, sessionId: 'test' };
		// 215 CCGs, as in the 2015 guidance, and a few others; names zero-padded so every collation sorts them alike.
		await db.sql`
			insert into organisations (name, kind, ods_code)
			select 'NHS Test ' || lpad(n::text, 3, '0') || ' CCG', 'ccg', 'T' || lpad(n::text, 3, '0') from generate_series(1, 215) n`;
		await db.sql`insert into organisations (name, kind, ods_code) values ('NHS England', 'nhs_england', 'X24'), ('Salford 100% Care', 'provider', null)`;
		await db.sql`
			insert into users (email, name)
			select 'person' || lpad(n::text, 3, '0') || '@' || (case when n % 2 = 0 then 'salford' else 'trafford' end) || '.nhs.uk', 'Person ' || lpad(n::text, 3, '0')
			from generate_series(1, 120) n`;
		const made = await db.sql.begin((tx) => body.create(tx, { name: 'North West Oversight Group', kind: 'oversight_group', parentId: null }, adminId));
		if (!made.ok) throw new Error(made.reason);
		bodyId = made.value.id;
	}, 90_000);
	afterAll(async () => db?.close());

	describe('the organisations list searches and pages in SQL', () => {
		it('shows 50 a page, with where the page sits, and the last page when asked for one past it', async () => {
			const first = await organisation.searchPage(db.sql, { q: null, kind: null }, 1);
			expect(first.window).toMatchObject({ page: 1, pages: 5, total: 217, from: 1, to: 50 });
			expect(first.organisations).toHaveLength(50);
			const second = await run(organisationsPage.load as never, admin, {}, { search: '?page=2' });
			expect(second.data!.window).toMatchObject({ page: 2, from: 51, to: 100, total: 217 });
			const names = (second.data!.organisations as organisation.Organisation[]).map((o) => o.name);
			expect(names).toHaveLength(50);
			expect(names.filter((n) => first.organisations.some((o) => o.name === n))).toEqual([]);
			const past = await run(organisationsPage.load as never, admin, {}, { search: '?page=99' });
			expect(past.data!.window).toMatchObject({ page: 5, from: 201, to: 217 });
			expect(past.data!.organisations).toHaveLength(17);
		});

		it('finds by part of the name or ODS code, in any case, and with the kind', async () => {
			const byName = await organisation.searchPage(db.sql, { q: 'test 01', kind: null }, 1);
			expect(byName.window.total).toBe(10);
			expect(byName.organisations[0]!.name).toBe('NHS Test 010 CCG');
			const byCode = await run(organisationsPage.load as never, admin, {}, { search: '?q=t215' });
			expect((byCode.data!.organisations as organisation.Organisation[]).map((o) => o.odsCode)).toEqual(['T215']);
			const kind = await organisation.searchPage(db.sql, { q: 'nhs', kind: 'nhs_england' }, 1);
			expect(kind.organisations.map((o) => o.name)).toEqual(['NHS England']);
			// What is typed is matched as it is: % and _ are not wildcards.
			expect((await organisation.searchPage(db.sql, { q: '100%', kind: null }, 1)).organisations.map((o) => o.name)).toEqual(['Salford 100% Care']);
			expect((await organisation.searchPage(db.sql, { q: '_', kind: null }, 1)).window.total).toBe(0);
			const none = await run(organisationsPage.load as never, admin, {}, { search: '?q=nowhere&page=3' });
			expect(none.data!.window).toMatchObject({ page: 1, total: 0, from: 0 });
		});
	});

	describe('the people list searches and pages in SQL', () => {
		it('pages everyone by name and finds by part of the name or email address', async () => {
			const page = await run(peoplePage.load as never, admin, {}, { search: '?page=3' });
			expect(page.data!.window).toMatchObject({ page: 3, pages: 3, total: 121, from: 101, to: 121 });
			const salford = await peopleList.searchPage(db.sql, '@SALFORD', 1);
			expect(salford.window.total).toBe(60);
			const one = await run(peoplePage.load as never, admin, {}, { search: '?q=person%20007' });
			expect((one.data!.people as user.Person[]).map((p) => p.email)).toEqual(['person007@trafford.nhs.uk']);
		});

		it('says who is deactivated', async () => {
			await db.sql`update users set deactivated_at = now() where email = 'person007@trafford.nhs.uk'`;
			const found = await peopleList.searchPage(db.sql, 'person00', 1);
			expect(found.people.filter((p) => p.deactivatedAt !== null).map((p) => p.email)).toEqual(['person007@trafford.nhs.uk']);
		});
	});

	describe('a meeting in the past', () => {
		const form = (date: string) => ({ title: 'March meeting', date, startTime: '14:00', endTime: '16:00', place: '', videoLink: '' });

		it('asks for confirmation first, then files it as held and never as upcoming', async () => {
			const asked = await run(newMeetingPage.actions.default as never, admin, { id: bodyId }, { form: form(dayFromNow(-10)) });
			expect(asked).toMatchObject({ status: 400, data: { askHeld: true, errors: { held: /^Meeting already held: this meeting is in the past/ }, values: { title: 'March meeting' } } });
			expect(await meeting.listForBody(db.sql, bodyId)).toEqual([]);

			const recorded = await run(newMeetingPage.actions.default as never, admin, { id: bodyId }, { form: { ...form(dayFromNow(-10)), held: 'yes' } });
			expect(recorded).toMatchObject({ status: 303, location: `/bodies/${bodyId}/meetings?held` });
			const [held] = await meeting.listForBody(db.sql, bodyId);
			expect(held).toMatchObject({ title: 'March meeting', status: 'closed' });
			expect(isUpcoming(held!, new Date())).toBe(false);

			const chair = await db.sql.begin((tx) => user.ensurePerson(tx, { name: 'Chris Chair', email: 'chris@example.nhs.uk' }, adminId));
			await db.sql.begin((tx) => membership.create(tx, bodyId, chair.id, { role: 'chair', deputyFor: null, organisationIds: [], startsOn: '2015-04-01', endsOn: null }, adminId));
			expect((await meeting.listUpcomingFor(db.sql, chair.id)).map((m) => m.id)).not.toContain(held!.id);
			const listed = await run(meetingsPage.load as never, admin, { id: bodyId }, { search: '?held' });
			expect(listed.data).toMatchObject({ notice: /recorded as held/, meetings: [{ id: held!.id, status: 'closed' }] });
		});

		it('schedules a meeting still to come as before, and will not record one as held', async () => {
			const scheduled = await run(newMeetingPage.actions.default as never, admin, { id: bodyId }, { form: { ...form(dayFromNow(10)), held: 'yes' } });
			expect(scheduled).toMatchObject({ status: 303, location: expect.stringMatching(/^\/meetings\/.+\?scheduled$/) });
			const future = (await meeting.listForBody(db.sql, bodyId)).find((m) => m.status === 'scheduled')!;
			expect(isUpcoming(future, new Date())).toBe(true);
			const input = { title: 'x', startsAt: new Date(Date.now() + DAY), endsAt: new Date(Date.now() + DAY + 3_600_000), place: '', videoLink: '' };
			expect(await db.sql.begin((tx) => meeting.schedule(tx, bodyId, input, adminId, { held: true }))).toMatchObject({ ok: false, reason: /whose time has passed/ });
		});
	});

	describe('every error names its field', () => {
		const startsWithLabel = (errors: unknown, labels: Record<string, string>) => {
			for (const [field, label] of Object.entries(labels)) expect((errors as Record<string, string>)[field], field).toMatch(new RegExp(`^${label}: [a-z]`));
		};

		it('on the meeting, organisation and membership forms', async () => {
			const meetingErrors = await run(newMeetingPage.actions.default as never, admin, { id: bodyId }, { form: { title: '', date: '2016-02-30', startTime: '9', endTime: '', videoLink: 'http://x' } });
			startsWithLabel(meetingErrors.data!.errors, { title: 'Meeting title', date: 'Date', startTime: 'Start time', endTime: 'End time', videoLink: 'Video link' });

			const orgErrors = await run(newOrganisationPage.actions.default as never, admin, {}, { form: { name: '', kind: 'spaceship', odsCode: '!!' } });
			startsWithLabel(orgErrors.data!.errors, { name: 'Name', kind: 'Kind', odsCode: 'ODS code' });
			const taken = await run(newOrganisationPage.actions.default as never, admin, {}, { form: { name: 'NHS England', kind: 'nhs_england', odsCode: '' } });
			expect((taken.data!.errors as Record<string, string>).name).toBe('Name: an organisation with that name or ODS code already exists');

			const inviteErrors = await run(invitePage.actions.default as never, admin, { id: bodyId }, { form: { name: '', email: 'nope', role: '', deputyFor: '', organisationIds: ['not-one'] } });
			startsWithLabel(inviteErrors.data!.errors, { name: 'Full name', email: 'Email address', role: 'Role' });
			const badChoice = await run(invitePage.actions.default as never, admin, { id: bodyId }, { form: { name: 'Dana', email: 'dana@example.nhs.uk', role: 'observer', deputyFor: '', organisationIds: ['not-one'] } });
			expect((badChoice.data!.errors as Record<string, string>).organisationIds).toBe('Organisations represented: choose organisations from the list');

			const badDate = await run(newMemberPage.actions.default as never, admin, { id: bodyId }, { form: { userId: '', name: '', email: '', role: '', deputyFor: '', startsOn: 'soon', endsOn: '' } });
			startsWithLabel(badDate.data!.errors, { role: 'Role', startsOn: 'Start date' });
			const memberErrors = await run(newMemberPage.actions.default as never, admin, { id: bodyId }, { form: { userId: '', name: '', email: '', role: 'deputy', deputyFor: '', startsOn: '2016-04-01', endsOn: '' } });
			startsWithLabel(memberErrors.data!.errors, { name: 'Full name', email: 'Email address', deputyFor: 'Deputy for' });

			const [m] = await membership.listForBody(db.sql, bodyId);
			const updateErrors = await run(membershipPage.actions.update as never, admin, { id: bodyId, membershipId: m!.id }, { form: { role: 'chair', deputyFor: '', startsOn: '2016-04-01', endsOn: '2016-03-01' } });
			startsWithLabel(updateErrors.data!.errors, { endsOn: 'End date' });
			const endErrors = await run(membershipPage.actions.end as never, admin, { id: bodyId, membershipId: m!.id }, { form: { endOn: 'never' } });
			startsWithLabel(endErrors.data!.errors, { endOn: 'Last day of the membership' });

			const weightErrors = await run(weightsPage.actions.default as never, admin, { id: bodyId }, { form: { basis: 'x'.repeat(201) } });
			startsWithLabel(weightErrors.data!.errors, { basis: 'Basis of the weights' });
		});

		it('on the agenda page', async () => {
			const future = (await meeting.listForBody(db.sql, bodyId)).find((m) => m.status === 'scheduled')!;
			const item = await run(agendaPage.actions.addItem as never, admin, { id: future.id }, { form: { itemTitle: 'x'.repeat(301), itemPurpose: 'gossip', itemPresenter: '', itemMinutes: 'ten', itemPart: 'C', parentId: 'nope' } });
			expect((item.data!.errors as Record<string, string>).itemTitle).toBe('Agenda item title: enter at most 300 characters');
			startsWithLabel(item.data!.errors, { itemPurpose: 'Purpose', itemMinutes: 'Minutes allotted', itemPart: 'Part', parentId: 'Sub-item of' });
			const details = await run(agendaPage.actions.details as never, admin, { id: future.id }, { form: { title: '', date: '', startTime: '', endTime: '', place: '', videoLink: '' } });
			startsWithLabel(details.data!.errors, { title: 'Meeting title', date: 'Date' });
			const paper = await run(agendaPage.actions.uploadPaper as never, admin, { id: future.id }, { form: { paperItemId: '' } });
			startsWithLabel(paper.data!.errors, { paperItemId: 'Agenda item', paper: 'File' });
		});
	});
});
