import { isHttpError, isRedirect } from '@sveltejs/kit';
import { newServices } from '../helpers/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/lib/domain/governance';
import { londonDate, londonToInstant } from '../../src/lib/domain/london-time';
import { PART_B_WITHHELD } from '../../src/lib/domain/minutes';
import * as action from '../../src/lib/server/action';
import * as attendance from '../../src/lib/server/attendance';
import * as body from '../../src/lib/server/body';
import * as bodyRules from '../../src/lib/server/body-rules';
import type { MeetingBus } from '../../src/lib/server/bus';
import * as decision from '../../src/lib/server/decision';
import * as mail from '../../src/lib/server/mail';
import type { MailMessage, Mailer, OutboxMessage } from '../../src/lib/server/mail';
import * as mandate from '../../src/lib/server/mandate';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import * as minutes from '../../src/lib/server/minutes';
import * as motion from '../../src/lib/server/motion';
import * as organisation from '../../src/lib/server/organisation';
import type { Services } from '../../src/lib/server/services';
import * as user from '../../src/lib/server/user';
import * as rulesPage from '../../src/routes/bodies/[id]/rules/+page.server';
import * as bodyDecisionsPage from '../../src/routes/bodies/[id]/decisions/+page.server';
import * as newMeetingPage from '../../src/routes/bodies/[id]/meetings/new/+page.server';
import * as decisionsPage from '../../src/routes/decisions/+page.server';
import * as decisionPage from '../../src/routes/decisions/[id]/+page.server';
import * as meetingPage from '../../src/routes/meetings/[id]/+page.server';
import * as agendaPage from '../../src/routes/meetings/[id]/agenda/+page.server';
import * as minutesPage from '../../src/routes/meetings/[id]/minutes/+page.server';
import * as minutesComparePage from '../../src/routes/meetings/[id]/minutes/compare/+page.server';
import * as minutesWord from '../../src/routes/meetings/[id]/minutes/export.docx/+server';
import { strFromU8, unzipSync } from 'fflate';
import * as actionsPage from '../../src/routes/actions/+page.server';
import * as paperEndpoint from '../../src/routes/papers/[id]/+server';
import { newDatabase, type TestDatabase } from '../helpers/database';

/** Reads everything, Part B included, as an administrator may. */
const ADMINISTRATOR = { userId: 'administrator', isAdministrator: true, roles: [] };

function unwrap<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
	if (!result.ok) throw new Error(`Expected success, got: ${result.reason}`);
	return result.value;
}

const today = londonDate(new Date());
const at = (daysFromToday: number, time: string) => londonToInstant(addDays(today, daysFromToday), time);

const RULES = {
	schemaVersion: 1,
	quorum: { minimumCount: 2, requiredRoles: [{ anyOf: ['chair', 'vice_chair'] }], deputiesCount: true },
	voting: { basis: 'per_organisation', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }], mandatesRequired: true },
	notice: { papersDays: 7 },
	ratificationPeriodDays: 28,
	appealPeriodDays: 14,
	arbitrationAboveValuePence: 10_000_000
};

describe('meetings and their record: agenda, notice, rules, delegations, decisions, actions and minutes', () => {
	let db: TestDatabase;
	let adminId: string;
	const org: Record<'nhse' | 'a' | 'b' | 'c', organisation.Organisation> = {} as never;
	let region: body.Body;
	let group: body.Body;
	let subGroup: body.Body;
	const members: Record<'ann' | 'alice' | 'bob' | 'cara' | 'dev' | 'jo' | 'olly', membership.Membership> = {} as never;
	const people: Record<string, user.Person> = {};
	let first: meeting.Meeting;
	let next: meeting.Meeting;
	let later: meeting.Meeting;
	let decisionId: string;

	const sent: MailMessage[] = [];
	const changed: string[] = [];
	let services: Services;
	const locals = (who: user.Person): App.Locals => ({
		services,
		user: { id: who.id, email: who.email, name: who.name, isAdministrator: who.isAdministrator },
		sessionId: 'test'
	});

	/** Runs a load, action or endpoint as SvelteKit would, handing back what it returned or threw. */
	async function run(
		handler: (event: never) => unknown,
		who: user.Person,
		params: Record<string, string>,
		options: { form?: Record<string, string | string[] | File>; search?: string } = {}
	): Promise<{ status: number; location?: string; data?: Record<string, unknown>; message?: string; response?: Response }> {
		const url = new URL(`https://portal.example/page${options.search ?? ''}`);
		let request = new Request(url);
		if (options.form) {
			const form = new FormData();
			for (const [key, value] of Object.entries(options.form)) {
				if (value instanceof File) form.append(key, value);
				else for (const v of [value].flat()) form.append(key, v);
			}
			request = new Request(url, { method: 'POST', body: form });
		}
		try {
			const result = (await handler({ locals: locals(who), params, url, request } as never)) as unknown;
			if (result instanceof Response) return { status: result.status, response: result };
			if (result && typeof result === 'object' && 'status' in result && typeof result.status === 'number') {
				return { status: result.status, data: (result as unknown as { data: Record<string, unknown> }).data };
			}
			return { status: 200, data: result as Record<string, unknown> };
		} catch (thrown) {
			if (isRedirect(thrown)) return { status: thrown.status, location: thrown.location };
			if (isHttpError(thrown)) return { status: thrown.status, message: thrown.body.message };
			throw thrown;
		}
	}

	beforeAll(async () => {
		db = await newDatabase();
		const created = await user.createFirstAdministrator(db.sql, { email: 'admin@example.nhs.uk', name: 'Admin', password: 'correct horse battery staple' });
		if (!created.ok) throw new Error(created.reason);
		adminId = created.userId;
		const mailer: Mailer = {
			delivers: true,
			async send(message) {
				sent.push(message);
				return { ...message, id: String(sent.length), createdAt: new Date(), sentAt: new Date(), error: null } satisfies OutboxMessage;
			},
			deliverPending: async () => 0,
			close() {}
		};
		const bus: MeetingBus = { changed: (id) => void changed.push(id), onChanged: () => () => {} };
		services = newServices(db, { mailer, meetings: bus });

		const sql = db.sql;
		org.nhse = unwrap(await sql.begin((tx) => organisation.create(tx, { name: 'NHS England', kind: 'nhs_england', odsCode: null }, adminId)));
		org.a = unwrap(await sql.begin((tx) => organisation.create(tx, { name: 'NHS Bolton CCG', kind: 'ccg', odsCode: null }, adminId)));
		org.b = unwrap(await sql.begin((tx) => organisation.create(tx, { name: 'NHS Bury CCG', kind: 'ccg', odsCode: null }, adminId)));
		org.c = unwrap(await sql.begin((tx) => organisation.create(tx, { name: 'NHS Wigan CCG', kind: 'ccg', odsCode: null }, adminId)));
		region = unwrap(await sql.begin((tx) => body.create(tx, { name: 'NHS England North regional team', kind: 'regional_team', parentId: null }, adminId)));
		group = unwrap(await sql.begin((tx) => body.create(tx, { name: 'North West Oversight Group', kind: 'oversight_group', parentId: region.id }, adminId)));
		subGroup = unwrap(await sql.begin((tx) => body.create(tx, { name: 'Cardiac Sub-group', kind: 'delivery_sub_group', parentId: group.id }, adminId)));

		const join = async (key: keyof typeof members, name: string, role: membership.MembershipInput['role'], organisationIds: string[], deputyFor: string | null = null) => {
			const person = await sql.begin((tx) => user.ensurePerson(tx, { name, email: `${key}@example.nhs.uk` }, adminId));
			people[key] = person;
			members[key] = unwrap(
				await sql.begin((tx) => membership.create(tx, group.id, person.id, { role, deputyFor, organisationIds, startsOn: '2015-04-01', endsOn: null }, adminId))
			);
		};
		await join('ann', 'Ann Chair', 'chair', [org.nhse.id]);
		await join('alice', 'Alice Bolton', 'voting_member', [org.a.id]);
		await join('bob', 'Bob Bury', 'voting_member', [org.b.id]);
		await join('cara', 'Cara Wigan', 'voting_member', [org.c.id]);
		await join('dev', 'Dev Deputy', 'deputy', [org.a.id], members.alice.id);
		await join('jo', 'Jo Secretariat', 'secretariat', []);
		await join('olly', 'Olly Observer', 'observer', []);
		people.nora = await sql.begin((tx) => user.ensurePerson(tx, { name: 'Nora Outsider', email: 'nora@example.nhs.uk' }, adminId));
		// Bolton's and Bury's representatives may commit £250,000; Wigan's £5m.
		for (const [who, organisationId, limit] of [
			['alice', org.a.id, 25_000_000n],
			['bob', org.b.id, 25_000_000n],
			['cara', org.c.id, 500_000_000n]
		] as const) {
			unwrap(
				await sql.begin((tx) =>
					mandate.create(tx, members[who].id, { organisationId, categories: ['investment'], financialLimitPence: limit, expiresOn: '2099-03-31', evidence: 'Scheme of delegation' }, adminId)
				)
			);
		}
	});
	afterAll(async () => db?.close());

	it('schedules a meeting with the five standing items, and refuses one that ends before it starts', async () => {
		const refused = await db.sql.begin((tx) => meeting.schedule(tx, group.id, { title: 'Backwards', startsAt: at(1, '16:00'), endsAt: at(1, '14:00'), place: '', videoLink: '' }, adminId));
		expect(refused).toMatchObject({ ok: false, reason: 'The meeting must end after it starts' });

		first = unwrap(await db.sql.begin((tx) => meeting.schedule(tx, group.id, { title: 'June meeting', startsAt: at(0, '09:00'), endsAt: at(0, '11:00'), place: 'Room 1', videoLink: '' }, adminId)));
		const items = await meeting.wholeAgenda(db.sql, first.id);
		expect(items.map((i) => [i.number, i.standing])).toEqual([
			['1', 'apologies'],
			['2', 'declarations'],
			['3', 'previous_minutes'],
			['4', 'action_log'],
			['5', 'priorities_monitoring']
		]);

		// Through the page, in London time: 5 days ahead, so notice issued today is late against 7 days.
		const page = await run(newMeetingPage.actions.default as never, people.jo!, { id: group.id }, {
			form: { title: 'July meeting', date: addDays(today, 5), startTime: '14:00', endTime: '16:00', place: 'Room 2', videoLink: 'https://video.example/nw' }
		});
		expect(page.status).toBe(303);
		next = (await meeting.get(db.sql, page.location!.split('/')[2]!.split('?')[0]!))!;
		expect(next).toMatchObject({ title: 'July meeting', place: 'Room 2', startsAt: at(5, '14:00') });
		const bad = await run(newMeetingPage.actions.default as never, people.jo!, { id: group.id }, {
			form: { title: '', date: '2016-02-30', startTime: '25:00', endTime: '14:00', place: '', videoLink: 'javascript:alert(1)' }
		});
		expect(bad.status).toBe(400);
		expect(Object.keys(bad.data!.errors as object).sort()).toEqual(['date', 'startTime', 'title', 'videoLink']);
		expect(await run(newMeetingPage.actions.default as never, people.alice!, { id: group.id }, { form: {} })).toMatchObject({ status: 403 });

		later = unwrap(await db.sql.begin((tx) => meeting.schedule(tx, group.id, { title: 'September meeting', startsAt: at(10, '14:00'), endsAt: at(10, '16:00'), place: '', videoLink: '' }, adminId)));
	});

	it('adds, numbers, moves and removes agenda items, sub-items numbered 6.1', async () => {
		const add = (title: string, parentId: string | null = null, part: 'A' | 'B' = 'A') =>
			db.sql.begin((tx) => meeting.addItem(tx, next.id, { title, purpose: 'decision', presenter: 'Dr Patel', minutesAllotted: 20, part, parentId }, adminId));
		const cardiac = unwrap(await add('Cardiac surgery'));
		expect(cardiac.number).toBe('6');
		const sites = unwrap(await add('Centre sites', cardiac.id));
		const costs = unwrap(await add('Costs', cardiac.id));
		expect([sites.number, costs.number]).toEqual(['6.1', '6.2']);
		expect(await add('Too deep', sites.id)).toMatchObject({ ok: false, reason: /one level deep/ });

		unwrap(await db.sql.begin((tx) => meeting.moveItem(tx, costs.id, 'up', adminId)));
		let items = await meeting.wholeAgenda(db.sql, next.id);
		expect(items.filter((i) => i.parentId === cardiac.id).map((i) => `${i.number} ${i.title}`)).toEqual(['6.1 Costs', '6.2 Centre sites']);
		expect(await db.sql.begin((tx) => meeting.moveItem(tx, costs.id, 'up', adminId))).toMatchObject({ ok: false, reason: 'This item is already first' });

		// Through the page: move the main item up past the priorities item; a form naming another meeting's item changes nothing.
		expect(await run(agendaPage.actions.moveItem as never, people.jo!, { id: next.id }, { form: { itemId: cardiac.id, direction: 'up' } })).toMatchObject({
			status: 303,
			location: `/meetings/${next.id}/agenda?moved`
		});
		items = await meeting.wholeAgenda(db.sql, next.id);
		expect(items.map((i) => `${i.number} ${i.title}`).slice(4)).toEqual(['5 Cardiac surgery', '5.1 Costs', '5.2 Centre sites', '6 Priorities plan monitoring']);
		const firstItem = (await meeting.wholeAgenda(db.sql, first.id))[0]!;
		expect(await run(agendaPage.actions.removeItem as never, people.jo!, { id: next.id }, { form: { itemId: firstItem.id } })).toMatchObject({
			status: 400,
			data: { message: 'That item is not on this agenda' }
		});
		expect(await run(agendaPage.actions.removeItem as never, people.alice!, { id: next.id }, { form: { itemId: sites.id } })).toMatchObject({ status: 403 });

		expect(await run(agendaPage.actions.removeItem as never, people.jo!, { id: next.id }, { form: { itemId: sites.id } })).toMatchObject({ status: 303 });
		const added = await run(agendaPage.actions.addItem as never, people.jo!, { id: next.id }, {
			form: { itemTitle: 'Contract dispute', itemPurpose: 'decision', itemPresenter: '', itemMinutes: '15', itemPart: 'B', parentId: '' }
		});
		expect(added.status).toBe(303);
		const refused = await run(agendaPage.actions.addItem as never, people.jo!, { id: next.id }, {
			form: { itemTitle: '', itemPurpose: 'gossip', itemPresenter: '', itemMinutes: 'ten', itemPart: 'C', parentId: 'nope' }
		});
		expect(Object.keys(refused.data!.errors as object).sort()).toEqual(['itemMinutes', 'itemPart', 'itemPurpose', 'itemTitle', 'parentId']);
		items = await meeting.wholeAgenda(db.sql, next.id);
		expect(items.map((i) => `${i.number} ${i.title}`).slice(4)).toEqual(['5 Cardiac surgery', '5.1 Costs', '6 Priorities plan monitoring', '7 Contract dispute']);
		expect(changed).toContain(next.id);
	});

	it('uploads papers, serves them to members as attachments, and keeps Part B papers from others', async () => {
		const items = await meeting.wholeAgenda(db.sql, next.id);
		const cardiac = items.find((i) => i.title === 'Cardiac surgery')!;
		const dispute = items.find((i) => i.title === 'Contract dispute')!;
		const upload = (itemId: string, file: File) => run(agendaPage.actions.uploadPaper as never, people.jo!, { id: next.id }, { form: { paperItemId: itemId, paper: file } });
		expect(await upload(cardiac.id, new File(['%PDF-1.4 options appraisal'], 'Options appraisal – £2m.pdf', { type: 'application/pdf' }))).toMatchObject({ status: 303 });
		expect(await upload(dispute.id, new File(['confidential'], 'legal advice.txt', { type: 'text/plain' }))).toMatchObject({ status: 303 });
		expect(await upload(cardiac.id, new File([], 'empty.pdf'))).toMatchObject({ status: 400, data: { errors: { paper: 'File: choose a file to upload' } } });
		const tooBig = await upload(cardiac.id, new File([new Uint8Array(meeting.MAX_PAPER_BYTES + 1)], 'huge.pdf'));
		expect(tooBig).toMatchObject({ status: 400, data: { errors: { paper: /smaller than 20 MB/ } } });

		const papers = (await meeting.wholeAgenda(db.sql, next.id)).flatMap((i) => i.papers);
		expect(papers.map((p) => p.filename)).toEqual(['Options appraisal – £2m.pdf', 'legal advice.txt']);
		const download = await run(paperEndpoint.GET as never, people.olly!, { id: papers[0]!.id });
		expect(download.status).toBe(200);
		expect(download.response!.headers.get('content-type')).toBe('application/pdf');
		expect(download.response!.headers.get('content-disposition')).toBe(
			`attachment; filename="Options appraisal _ _2m.pdf"; filename*=UTF-8''${encodeURIComponent('Options appraisal – £2m.pdf')}`
		);
		expect(await download.response!.text()).toBe('%PDF-1.4 options appraisal');
		expect(await run(paperEndpoint.GET as never, people.nora!, { id: papers[1]!.id })).toMatchObject({ status: 403 });
		expect(await run(paperEndpoint.GET as never, people.nora!, { id: 'not-a-paper' })).toMatchObject({ status: 404 });
		expect(await run(paperEndpoint.GET as never, people.alice!, { id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ status: 404 });

		// The meeting page shows papers to members with their download links.
		const page = await run(meetingPage.load as never, people.alice!, { id: next.id });
		const agenda = page.data!.agenda as { title: string; part: string; papers: { id: string }[] }[];
		expect(agenda.find((i) => i.title === 'Cardiac surgery')!.papers).toHaveLength(1);
		expect(agenda.some((i) => i.part === 'B')).toBe(true);
		expect(await run(meetingPage.load as never, people.nora!, { id: next.id })).toMatchObject({ status: 403 });
		expect(await run(meetingPage.load as never, people.alice!, { id: "1' or 1=1" })).toMatchObject({ status: 404 });
	});

	it('records rules, refusing a bad document with every problem listed', async () => {
		const bad = await db.sql.begin((tx) =>
			bodyRules.record(
				tx,
				group.id,
				{ schemaVersion: 1, quorum: { minimumFraction: { fraction: '3/2' } }, voting: { basis: 'per_person', thresholds: [] }, notice: { papersDays: -1 } },
				{ source: 'entered', note: '' },
				adminId
			)
		);
		expect(bad.ok).toBe(false);
		const problems = bad.ok ? [] : bad.problems;
		expect(problems).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^quorum\.minimumFraction\.fraction: A fraction must be between 0 and 1/),
				expect.stringMatching(/^quorum\.deputiesCount:/),
				expect.stringMatching(/^voting\.basis:/),
				expect.stringMatching(/^voting\.thresholds: Give at least one threshold/),
				expect.stringMatching(/^notice\.papersDays:/)
			])
		);
		expect(await bodyRules.current(db.sql, group.id)).toBeNull();

		// Through the page's form: each problem on its field, nothing recorded.
		const form = await run(rulesPage.actions.record as never, people.jo!, { id: group.id }, {
			form: { quorumMinimumCount: 'two', votingBasis: 'per_member', 'thresholds[0].of': 'votes_cast', 'thresholds[0].comparison': 'more_than', 'thresholds[0].fraction': '1/2', 'thresholds[0].minimum': '', castingVote: 'none', note: '' }
		});
		expect(form).toMatchObject({ status: 400, data: { errors: { quorumMinimumCount: 'Quorum, minimum number of voting members present: enter a whole number, like 4' } } });
		expect(await bodyRules.current(db.sql, group.id)).toBeNull();

		// Through the page's advanced view, as JSON: the same problems as the schema's; JSON that does not parse says so.
		const page = await run(rulesPage.actions.recordJson as never, people.jo!, { id: group.id }, { form: { rules: JSON.stringify({ schemaVersion: 2 }), jsonNote: '' } });
		expect(page.status).toBe(400);
		expect((page.data!.problems as string[]).length).toBeGreaterThanOrEqual(3);
		expect(await run(rulesPage.actions.recordJson as never, people.jo!, { id: group.id }, { form: { rules: '{ quorum: ', jsonNote: '' } })).toMatchObject({
			status: 400,
			data: { problems: [expect.stringMatching(/^The rules are not valid JSON/)] }
		});
		expect(await run(rulesPage.actions.recordJson as never, people.alice!, { id: group.id }, { form: { rules: '{}', jsonNote: '' } })).toMatchObject({ status: 403 });

		expect(await run(rulesPage.actions.recordJson as never, people.jo!, { id: group.id }, { form: { rules: JSON.stringify(RULES), jsonNote: 'ToR section 5' } })).toMatchObject({
			status: 303,
			location: `/bodies/${group.id}/rules?recorded`
		});
		const view = await run(rulesPage.load as never, people.olly!, { id: group.id });
		const summary = (view.data!.rules as { summary: { topic: string; text: string }[] }).summary;
		expect(summary.find((l) => l.topic === 'Quorum')!.text).toBe('at least 2 voting members, including the chair or vice-chair; deputies count');
		expect(summary.find((l) => l.topic === 'Voting')!.text).toBe('one vote per organisation; carried when more than half of votes cast are in favour');
		expect(view.data!.canChange).toBe(false);
		expect(await run(rulesPage.load as never, people.nora!, { id: group.id })).toMatchObject({ status: 403 });
	});

	it('refuses a delegation to a sub-group beyond what its parent holds (worked example 8)', async () => {
		for (const [categories, pence] of [
			[['service_review'], 50_000_000n],
			[['investment'], 200_000_000n]
		] as const) {
			unwrap(await db.sql.begin((tx) => bodyRules.addDelegation(tx, group.id, { categories: [...categories], financialLimitPence: pence, validFrom: '2015-04-01', validTo: null, note: '' }, adminId)));
		}
		const refused = await db.sql.begin((tx) =>
			bodyRules.addDelegation(tx, subGroup.id, { categories: ['service_review'], financialLimitPence: 100_000_000n, validFrom: '2016-04-01', validTo: null, note: '' }, adminId)
		);
		expect(refused).toMatchObject({
			ok: false,
			reason: 'Sub-delegation to Cardiac Sub-group refused: North West Oversight Group holds £500,000 per decision for service review and cannot delegate more than it holds (proposed: £1,000,000)'
		});
		expect(await bodyRules.listDelegations(db.sql, subGroup.id)).toEqual([]);

		// The page shows the same refusal; a fitting delegation is recorded.
		const page = await run(rulesPage.actions.addDelegation as never, people.jo!, { id: group.id }, { form: {} });
		expect(page.status).toBe(400);
		const asAdmin = { ...people.jo!, id: adminId, isAdministrator: true };
		const refusedPage = await run(rulesPage.actions.addDelegation as never, asAdmin, { id: subGroup.id }, {
			form: { categories: ['service_review'], otherCategories: '', limit: '1,000,000', validFrom: '2016-04-01', validTo: '', delegationNote: '' }
		});
		expect(refusedPage).toMatchObject({ status: 409, data: { message: /cannot delegate more than it holds/ } });
		expect(
			await run(rulesPage.actions.addDelegation as never, asAdmin, { id: subGroup.id }, {
				form: { categories: ['service_review'], otherCategories: '', limit: '400,000', validFrom: '2016-04-01', validTo: '2017-03-31', delegationNote: '' }
			})
		).toMatchObject({ status: 303 });
		expect(await bodyRules.listDelegations(db.sql, subGroup.id)).toMatchObject([{ financialLimitPence: '40000000', validTo: '2017-03-31' }]);
	});

	it('counts notice of a meeting as the rules count notice: clear days, weekends and bank holidays left out', () => {
		const working = { counting: 'clear', excludeWeekends: true, excludeBankHolidays: true } as const;
		// Thursday 7 January 2016; 1 January was a bank holiday: 30 and 31 December, 4, 5 and 6 January are clear working days.
		const startsAt = new Date('2016-01-07T14:00:00Z');
		expect(meeting.noticeStatus({ startsAt, noticeIssuedAt: new Date('2015-12-29T10:00:00Z') }, 5, working)).toMatchObject({
			late: false,
			daysBefore: 5,
			dueBy: '2015-12-29',
			text: 'Notice issued 5 clear days before the meeting, not counting weekends or bank holidays; the rules require 5 clear days: on time'
		});
		expect(meeting.noticeStatus({ startsAt, noticeIssuedAt: new Date('2015-12-30T10:00:00Z') }, 5, working)).toMatchObject({ late: true, daysBefore: 4 });
		expect(meeting.noticeStatus({ startsAt, noticeIssuedAt: null }, 5, working).text).toBe(
			'Notice and papers not issued yet; the rules require 5 clear days, not counting weekends or bank holidays: issue them by Tuesday 29 December 2015'
		);
		expect(meeting.noticeStatus({ startsAt: new Date('2031-03-04T14:00:00Z'), noticeIssuedAt: new Date('2031-02-20T10:00:00Z') }, 5, working)).toMatchObject({
			late: false,
			daysBefore: null,
			text: 'Notice issued on Thursday 20 February 2031; notice cannot be counted without bank holidays: the bank holidays of England and Wales are known here for 2014 to 2030, and 4 March 2031 falls outside them'
		});
	});

	it('says whether notice was late against the rules, and emails every member the numbered agenda', async () => {
		expect(meeting.noticeStatus({ startsAt: new Date('2015-06-09T13:00:00Z'), noticeIssuedAt: new Date('2015-06-04T09:00:00Z') }, 7).text).toBe(
			'Notice issued 5 days before the meeting; the rules require 7: late'
		);
		expect(meeting.noticeStatus({ startsAt: new Date('2015-06-09T13:00:00Z'), noticeIssuedAt: new Date('2015-06-02T09:00:00Z') }, 7)).toMatchObject({ late: false, daysBefore: 7 });
		// 23:30 on 1 June in London is already 2 June there (BST): the London date counts.
		expect(meeting.noticeStatus({ startsAt: new Date('2015-06-09T13:00:00Z'), noticeIssuedAt: new Date('2015-06-01T23:30:00Z') }, 7)).toMatchObject({ late: false, daysBefore: 7 });
		expect(meeting.noticeStatus({ startsAt: new Date('2015-06-09T13:00:00Z'), noticeIssuedAt: null }, 7).text).toBe(
			'Notice and papers not issued yet; the rules require 7 days: issue them by 2 June 2015'
		);
		expect(meeting.noticeStatus({ startsAt: new Date('2015-06-09T13:00:00Z'), noticeIssuedAt: new Date('2015-06-04T09:00:00Z') }, undefined).late).toBe(false);

		expect(await run(meetingPage.actions.issueNotice as never, people.alice!, { id: next.id }, { form: {} })).toMatchObject({ status: 403 });
		const issued = await run(meetingPage.actions.issueNotice as never, people.jo!, { id: next.id }, { form: {} });
		expect(issued).toMatchObject({ status: 303, location: `/meetings/${next.id}?issued=7` });
		// The notices are written into the outbox in the act's transaction, then sent.
		const notices = (await mail.listOutbox(db.sql)).filter((m) => m.subject.startsWith('Notice of meeting') && m.text.includes(`/meetings/${next.id}`));
		expect(notices.map((m) => m.to).sort()).toEqual(['alice', 'ann', 'bob', 'cara', 'dev', 'jo', 'olly'].map((k) => `${k}@example.nhs.uk`));
		const toAlice = notices.find((m) => m.to === 'alice@example.nhs.uk')!;
		expect(toAlice.subject).toMatch(/^Notice of meeting: North West Oversight Group, /);
		expect(toAlice.text).toContain('Dear Alice Bolton,');
		expect(toAlice.text).toContain('Where: Room 2');
		expect(toAlice.text).toContain('Join online: https://video.example/nw');
		expect(toAlice.text).toMatch(/^5\. Cardiac surgery \(For decision; presented by Dr Patel; 20 minutes\)\. Papers: Options appraisal – £2m\.pdf\.$/m);
		expect(toAlice.text).toMatch(/^ {2}5\.1\. Costs/m);
		expect(toAlice.text).toMatch(/^7\. Contract dispute \(.*Part B: confidential\)/m);
		expect(toAlice.text).toContain(`https://portal.example/meetings/${next.id}`);
		expect(toAlice.text).toContain('Notice issued 5 days before the meeting; the rules require 7: late.');

		const page = await run(meetingPage.load as never, people.alice!, { id: next.id }, { search: '?issued=7' });
		expect(page.data).toMatchObject({ issued: { count: 7, delivers: true }, notice: { late: true, daysBefore: 5, requiredDays: 7 } });

		unwrap(await db.sql.begin((tx) => meeting.recordNoticeIssued(tx, later.id, adminId)));
		expect(meeting.noticeStatus((await meeting.get(db.sql, later.id))!, 7)).toMatchObject({ late: false, daysBefore: 10, text: 'Notice issued 10 days before the meeting; the rules require 7: on time' });
	});

	it('lets the secretariat cancel a meeting that was given notice, telling every member; others cannot', async () => {
		const extra = unwrap(await db.sql.begin((tx) => meeting.schedule(tx, group.id, { title: 'Extraordinary meeting', startsAt: new Date('2031-01-15T10:00:00Z'), endsAt: new Date('2031-01-15T11:00:00Z'), place: '', videoLink: '' }, adminId)));
		unwrap(await db.sql.begin((tx) => meeting.recordNoticeIssued(tx, extra.id, adminId)));
		expect(await run(meetingPage.actions.cancel as never, people.alice!, { id: extra.id }, { form: {} })).toMatchObject({ status: 403 });
		sent.length = 0;
		expect(await run(meetingPage.actions.cancel as never, people.jo!, { id: extra.id }, { form: {} })).toMatchObject({ status: 303, location: `/meetings/${extra.id}?cancelled` });
		expect((await meeting.get(db.sql, extra.id))!.status).toBe('cancelled');
		expect(sent).toHaveLength(7);
		expect(sent[0]!.subject).toMatch(/^Meeting cancelled: North West Oversight Group, /);
		expect(await run(meetingPage.actions.cancel as never, people.jo!, { id: extra.id }, { form: {} })).toMatchObject({ status: 409 });
	});

	it('lets a member send apologies and name a deputy, who is then expected in their place', async () => {
		const refused = await run(meetingPage.actions.apologies as never, people.alice!, { id: next.id }, { form: { membershipId: members.alice.id, deputyId: members.bob.id } });
		expect(refused).toMatchObject({ status: 400, data: { errors: { deputyId: /Choose a deputy/ } } });
		expect(await run(meetingPage.actions.apologies as never, people.alice!, { id: next.id }, { form: { membershipId: members.bob.id, deputyId: '' } })).toMatchObject({ status: 400 });
		expect(await run(meetingPage.actions.apologies as never, people.olly!, { id: next.id }, { form: { membershipId: members.olly.id, deputyId: '' } })).toMatchObject({ status: 403 });

		expect(await run(meetingPage.actions.apologies as never, people.alice!, { id: next.id }, { form: { membershipId: members.alice.id, deputyId: members.dev.id } })).toMatchObject({
			status: 303,
			location: `/meetings/${next.id}?apologies`
		});
		const register = await attendance.register(db.sql, next.id);
		expect(register.find((r) => r.membershipId === members.alice.id)).toMatchObject({ status: 'apologies', deputyFor: null });
		expect(register.find((r) => r.membershipId === members.dev.id)).toMatchObject({ status: 'present', deputyFor: members.alice.id });
		const page = await run(meetingPage.load as never, people.alice!, { id: next.id });
		expect((page.data!.apologies as { mine: unknown[] }).mine).toEqual([
			{ membershipId: members.alice.id, role: 'voting_member', status: 'apologies', deputyId: members.dev.id, deputyName: 'Dev Deputy' }
		]);

		// Changing her mind about the deputy takes the deputy off the register again.
		unwrap(await db.sql.begin((tx) => attendance.sendApologies(tx, next.id, { membershipId: members.alice.id, deputyMembershipId: null }, people.alice!.id)));
		expect((await attendance.register(db.sql, next.id)).find((r) => r.membershipId === members.dev.id)?.status).toBeNull();
	});

	it('moves a decision carried subject to ratification to ratified as each named organisation ratifies, and then under appeal', async () => {
		const sql = db.sql;
		unwrap(await sql.begin((tx) => meeting.setStatus(tx, first.id, 'in_progress', adminId)));
		for (const who of ['ann', 'alice', 'bob', 'cara'] as const) {
			unwrap(await sql.begin((tx) => attendance.record(tx, first.id, { membershipId: members[who].id, status: 'present', deputyFor: null, departed: false }, adminId)));
		}
		const item = unwrap(await sql.begin((tx) => meeting.addItem(tx, first.id, { title: 'Cardiac investment', purpose: 'decision', presenter: '', minutesAllotted: 20, part: 'A', parentId: null }, adminId)));
		const proposed = unwrap(
			await sql.begin((tx) =>
				motion.propose(
					tx,
					item.id,
					{ text: 'To invest £1m in cardiac surgery capacity.', category: 'investment', valuePence: 100_000_000n, procedural: false, proposer: members.alice.id, seconder: members.bob.id, noticeGivenOn: null },
					adminId
				)
			)
		);
		unwrap(await sql.begin((tx) => motion.openVote(tx, proposed.id, { indicative: false, countVisibility: 'open' }, adminId)));
		for (const [who, organisationId, choice] of [
			['alice', org.a.id, 'for'],
			['bob', org.b.id, 'for'],
			['cara', org.c.id, 'against']
		] as const) {
			unwrap(await sql.begin((tx) => motion.castBallot(tx, proposed.id, { voter: { membershipId: members[who].id }, organisationId, choice }, adminId)));
		}
		const outcome = unwrap(await sql.begin((tx) => motion.closeVote(tx, proposed.id, { castingVote: null }, adminId)));
		expect(outcome.state).toBe('carried_subject_to_ratification');

		const [found] = await decision.wholeRegister(sql, { meetingId: first.id });
		decisionId = found!.id;
		expect(found!.ratifyingOrganisations.map((o) => o.name)).toEqual(['NHS Bolton CCG', 'NHS Bury CCG']);
		expect(found!.ratifyBy).toBe(addDays(today, 28));
		expect(found!.appealBy).toBe(addDays(today, 14));
		const record = (kind: decision.EventKind, organisationId: string | null, on: string) =>
			sql.begin((tx) => decision.recordEvent(tx, decisionId, { kind, organisationId, note: '', on }, adminId));

		expect(await record('ratified', org.c.id, today)).toMatchObject({ ok: false, reason: 'Only an organisation named in the decision ratifies it' });
		expect(await record('ratified', org.a.id, addDays(today, 3))).toMatchObject({ ok: true, value: { state: 'carried_subject_to_ratification' } });
		expect(await record('ratified', org.a.id, addDays(today, 4))).toMatchObject({ ok: false, reason: 'NHS Bolton CCG has already ratified this decision' });
		expect(await record('ratified', org.b.id, addDays(today, 29))).toMatchObject({ ok: false, reason: `The period to ratify ended on ${addDays(today, 28)}: record that the decision lapsed` });
		expect(await record('lapsed', null, addDays(today, 10))).toMatchObject({ ok: false, reason: /cannot lapse before then/ });
		expect(await record('appealed', org.c.id, addDays(today, 5))).toMatchObject({ ok: false, reason: /cannot be appealed/ });

		// Through the page: a bad date changes nothing; the last ratification makes it binding.
		const page = (form: Record<string, string>, who = people.jo!) => run(decisionPage.actions.record as never, who, { id: decisionId }, { form });
		expect(await page({ form: 'ratify', ratifyOrganisation: org.b.id, ratifyOn: '2016-02-30', ratifyNote: '' })).toMatchObject({
			status: 400,
			data: { errors: { ratifyOn: /real date/ } }
		});
		expect(await page({ form: 'ratify', ratifyOrganisation: org.b.id, ratifyOn: addDays(today, 5), ratifyNote: '' }, people.alice!)).toMatchObject({ status: 403 });
		expect(await page({ form: 'ratify', ratifyOrganisation: org.b.id, ratifyOn: addDays(today, 5), ratifyNote: 'Governing body, 20 June' })).toMatchObject({
			status: 303,
			location: `/decisions/${decisionId}?recorded`
		});
		expect(((await decision.get(sql, decisionId, ADMINISTRATOR)) as { decision: decision.Decision }).decision.state).toBe('ratified');

		expect(await page({ form: 'appeal', appealOrganisation: org.c.id, appealOn: addDays(today, 15), appealNote: '' })).toMatchObject({
			status: 409,
			data: { message: `The period to appeal ended on ${addDays(today, 14)}` }
		});
		expect(await page({ form: 'appeal', appealOrganisation: org.c.id, appealOn: addDays(today, 14), appealNote: '' })).toMatchObject({ status: 303 });
		const appealed = ((await decision.get(sql, decisionId, ADMINISTRATOR)) as { decision: decision.Decision }).decision;
		expect(appealed.state).toBe('under_appeal');
		expect(appealed.events.map((e) => [e.kind, e.organisationName])).toEqual([
			['ratified', 'NHS Bolton CCG'],
			['ratified', 'NHS Bury CCG'],
			['appealed', 'NHS Wigan CCG']
		]);

		const view = await run(decisionPage.load as never, people.nora!, { id: decisionId });
		expect(view.data).toMatchObject({
			forms: [],
			decision: {
				state: 'under_appeal',
				stateLabel: 'Under appeal',
				value: '£1,000,000',
				votes: { inFavour: '2', against: '1', abstain: '0' },
				thresholds: [{ description: 'more than half of votes cast', required: 'more than 50.0%', actual: '66.7% (2 of 3)', met: true }]
			}
		});
		expect((await run(decisionPage.load as never, people.jo!, { id: decisionId })).data!.forms).toEqual(['result']);
	});

	it('keeps Part B decisions to those who may read them in the register', async () => {
		const sql = db.sql;
		const item = unwrap(await sql.begin((tx) => meeting.addItem(tx, first.id, { title: 'Provider dispute', purpose: 'decision', presenter: '', minutesAllotted: 10, part: 'B', parentId: null }, adminId)));
		const proposed = unwrap(
			await sql.begin((tx) =>
				motion.propose(tx, item.id, { text: 'To settle the dispute.', category: 'procedural', valuePence: 0n, procedural: true, proposer: null, seconder: null, noticeGivenOn: null }, adminId)
			)
		);
		unwrap(await sql.begin((tx) => motion.callConsensus(tx, proposed.id, { indicative: false }, adminId)));
		unwrap(await sql.begin((tx) => motion.recordConsensus(tx, proposed.id, adminId)));
		const texts = async (who: user.Person) => ((await run(decisionsPage.load as never, who, {})).data!.decisions as { motionText: string }[]).map((d) => d.motionText);
		expect(await texts(people.olly!)).toEqual(['To settle the dispute.', 'To invest £1m in cardiac surgery capacity.']);
		expect(await texts(people.nora!)).toEqual(['To invest £1m in cardiac surgery capacity.']);
		expect((await run(bodyDecisionsPage.load as never, people.nora!, { id: group.id })).data).toMatchObject({ withheld: 1, matters: [] });
		const [partB] = await decision.wholeRegister(sql, { meetingId: first.id });
		expect(await run(decisionPage.load as never, people.nora!, { id: partB!.id })).toMatchObject({ status: 403 });
	});

	it('flags open actions past their due date as overdue, and lets the secretariat mark them done', async () => {
		const sql = db.sql;
		const create = (description: string, dueOn: string | null) =>
			sql.begin((tx) => action.create(tx, first.id, { agendaItemId: null, description, ownerMembershipId: members.bob.id, dueOn }, adminId));
		const late = unwrap(await create('Write to the regional team', addDays(today, -2)));
		const due = unwrap(await create('Book the room', today));
		const undated = unwrap(await create('Circulate the slides', null));
		expect([late.overdue, due.overdue, undated.overdue]).toEqual([true, false, false]);

		expect(await run(actionsPage.actions.setStatus as never, people.alice!, {}, { form: { actionId: late.id, status: 'done' } })).toMatchObject({ status: 403 });
		expect(await run(actionsPage.actions.setStatus as never, people.jo!, {}, { form: { actionId: late.id, status: 'finished' } })).toMatchObject({ status: 400 });
		expect(await run(actionsPage.actions.setStatus as never, people.jo!, {}, { form: { actionId: late.id, status: 'done' } })).toMatchObject({ status: 303 });
		expect(await action.get(sql, late.id)).toMatchObject({ status: 'done', overdue: false });

		const log = await run(actionsPage.load as never, people.alice!, {});
		expect((log.data!.actions as { description: string; ownerName: string; canChange: boolean }[]).map((a) => [a.description, a.ownerName, a.canChange])).toEqual([
			['Book the room', 'Bob Bury', false],
			['Circulate the slides', 'Bob Bury', false],
			['Write to the regional team', 'Bob Bury', false]
		]);
		expect((await run(actionsPage.load as never, people.nora!, {})).data!.actions).toEqual([]);
	});

	it('writes the minutes from the record once, however many open them at once, and they read like minutes', async () => {
		const sql = db.sql;
		expect(await sql.begin((tx) => minutes.approve(tx, first.id, later.id, adminId))).toMatchObject({ ok: false, reason: /held and closed/ });
		unwrap(await sql.begin((tx) => meeting.setStatus(tx, first.id, 'closed', adminId)));
		const docName = `minutes:${first.id}`;

		// Everyone who may read them opens the draft at the same moment: it is written from the record exactly once.
		const opened = await Promise.all([people.jo!, people.ann!, people.olly!, people.jo!, people.alice!].map((who) => run(minutesPage.load as never, who, { id: first.id })));
		expect(opened.map((page) => page.data?.docName)).toEqual(Array(5).fill(docName));
		const [stored] = await sql<{ count: number }[]>`select count(*)::int as count from document_updates where doc_name = ${docName}`;
		expect(stored!.count).toBe(1);
		expect(opened[0]!.data).toMatchObject({ approved: null, canEdit: true, permission: 'edit' });
		expect(opened[4]!.data).toMatchObject({ canEdit: false, permission: 'view' });

		const text = await minutes.current(sql, first.id, ADMINISTRATOR);
		const partA = text.partA.map((b) => b.text);
		expect(partA[0]).toBe('North West Oversight Group: minutes of June meeting');
		expect(partA.slice(partA.indexOf('Present') + 1, partA.indexOf('Present') + 5)).toEqual([
			'Alice Bolton, Voting member',
			'Ann Chair, Chair',
			'Bob Bury, Voting member',
			'Cara Wigan, Voting member'
		]);
		// The decision as the meeting took it (it was appealed later), in one line; the engine's reasoning in the annex.
		expect(partA).toContain('RESOLVED, subject to ratification: to invest £1m in cardiac surgery capacity; carried 2–1.');
		// Everyone was there; the deputy came to no one's place, so is not absent.
		expect(partA).not.toContain('Absent');
		expect(partA.indexOf('Annex: how each decision was reached')).toBeGreaterThan(partA.findIndex((line) => line.startsWith('RESOLVED')));
		expect(partA.join('\n')).not.toContain('Provider dispute');
		expect(text.partB.map((b) => b.text).join('\n')).toContain('Provider dispute');
		expect((opened[0]!.data!.approvalOptions as { value: string }[]).map((o) => o.value)).toEqual([next.id, later.id]);

		// Drafts are for members.
		expect(await run(minutesPage.load as never, people.nora!, { id: first.id })).toMatchObject({ status: 403 });
	});

	it('keeps versions, regenerates for the editors only, and freezes the approved version as the published minutes', async () => {
		const sql = db.sql;
		const docName = `minutes:${first.id}`;
		// Someone types a line into the minutes (as the collaboration server stores an editor's update).
		const edited = (await import('../../src/lib/server/document-storage')).loadDocument;
		const doc = (await edited(sql, docName))!;
		const { writeMinutes, readMinutes } = await import('../../src/lib/documents/minutes-doc');
		const Y = await import('yjs');
		const before = Y.encodeStateVector(doc);
		const typed = readMinutes(doc);
		writeMinutes(doc, { ...typed, partA: [...typed.partA, { type: 'paragraph', text: 'Agreed as a fair record.' }] });
		unwrap({ ok: true, value: await (await import('../../src/lib/server/document-storage')).appendUpdate(sql, docName, Y.encodeStateAsUpdate(doc, before)) });

		expect(await run(minutesPage.actions.saveVersion as never, people.alice!, { id: first.id }, { form: { versionName: 'x' } })).toMatchObject({ status: 403 });
		expect(await run(minutesPage.actions.saveVersion as never, people.jo!, { id: first.id }, { form: { versionName: '  ' } })).toMatchObject({ status: 400 });
		expect(await run(minutesPage.actions.saveVersion as never, people.jo!, { id: first.id }, { form: { versionName: "Chair's corrections" } })).toMatchObject({ status: 303 });
		const [saved] = await minutes.versions(sql, first.id);
		expect(saved).toMatchObject({ name: "Chair's corrections", authorName: 'Jo Secretariat' });
		expect((await minutes.versionText(sql, first.id, saved!.id, ADMINISTRATOR))!.partA.at(-1)!.text).toBe('Agreed as a fair record.');

		expect(await run(minutesPage.actions.regenerate as never, people.alice!, { id: first.id })).toMatchObject({ status: 403 });
		const changed: string[] = [];
		services.documents.onChanged((name) => changed.push(name));
		expect(await run(minutesPage.actions.regenerate as never, people.jo!, { id: first.id })).toMatchObject({ status: 303 });
		expect(changed).toEqual([docName]);
		expect((await minutes.current(sql, first.id, ADMINISTRATOR)).partA.map((b) => b.text)).not.toContain('Agreed as a fair record.');

		// The version against the text now, as a redline: the line typed and then regenerated away is deleted.
		const compared = await run(minutesComparePage.load as never, people.olly!, { id: first.id }, { search: `?from=${saved!.id}&to=current` });
		const redline = compared.data!.redline as { summary: { wordsDeleted: number; wordsInserted: number }; sections: { key: string; blocks: { status: string; segments: { kind: string; text: string }[] }[] }[] };
		expect(redline.summary).toMatchObject({ wordsDeleted: 5, wordsInserted: 0 });
		expect(redline.sections[0]!.blocks.filter((b) => b.status === 'deleted').map((b) => b.segments.map((x) => x.text).join(''))).toEqual(['Agreed as a fair record.']);
		expect(await run(minutesComparePage.load as never, people.olly!, { id: first.id }, { search: `?from=nonsense&to=current` })).toMatchObject({ status: 400, message: /^from:/ });
		expect(await run(minutesComparePage.load as never, people.olly!, { id: first.id }, { search: `?from=${saved!.id}&to=${adminId}` })).toMatchObject({ status: 404, message: /^to:/ });
		expect(await run(minutesComparePage.load as never, people.nora!, { id: first.id }, { search: `?from=${saved!.id}&to=current` })).toMatchObject({ status: 403 });
		// Drafts are not published, in any format.
		expect(await run(minutesWord.GET as never, people.nora!, { id: first.id })).toMatchObject({ status: 403 });

		const other = unwrap(await sql.begin((tx) => meeting.schedule(tx, subGroup.id, { title: 'Sub-group', startsAt: at(20, '10:00'), endsAt: at(20, '11:00'), place: '', videoLink: '' }, adminId)));
		expect(await sql.begin((tx) => minutes.approve(tx, first.id, other.id, adminId))).toMatchObject({ ok: false, reason: 'Choose a meeting of North West Oversight Group' });
		const earlier = unwrap(await sql.begin((tx) => meeting.schedule(tx, group.id, { title: 'May meeting', startsAt: at(-30, '10:00'), endsAt: at(-30, '11:00'), place: '', videoLink: '' }, adminId)));
		expect(await sql.begin((tx) => minutes.approve(tx, first.id, earlier.id, adminId))).toMatchObject({ ok: false, reason: /later meeting/ });
		expect(await run(minutesPage.actions.approve as never, people.jo!, { id: first.id }, { form: { atMeetingId: earlier.id } })).toMatchObject({ status: 400 });

		const accessChanged: string[] = [];
		services.access.onChanged((userId) => accessChanged.push(userId));
		expect(await run(minutesPage.actions.approve as never, people.jo!, { id: first.id }, { form: { atMeetingId: later.id } })).toMatchObject({
			status: 303,
			location: `/meetings/${first.id}/minutes?approved`
		});
		// Open editors are told to check their access again: the minutes are now read-only for everyone.
		expect(accessChanged).toContain(people.jo!.id);
		const approved = (await minutes.get(sql, first.id))!;
		expect(approved).toMatchObject({ approvedAtMeetingId: later.id, approvedAtMeetingStartsAt: later.startsAt });
		expect((await minutes.versions(sql, first.id)).map((v) => v.id)).toContain(approved.approvedVersionId);
		expect(await sql.begin((tx) => minutes.regenerate(tx, first.id, adminId))).toMatchObject({ ok: false, reason: /approved as accurate/ });
		expect(await sql.begin((tx) => minutes.approve(tx, first.id, later.id, adminId))).toMatchObject({ ok: false, reason: 'These minutes have already been approved' });
		await expect(sql`update document_versions set state = ${Buffer.from([0])} where id = ${approved.approvedVersionId}`).rejects.toThrow(/frozen/);

		// A stray change to the document after approval does not change what was approved.
		const late = (await edited(sql, docName))!;
		const lateBefore = Y.encodeStateVector(late);
		writeMinutes(late, { partA: [{ type: 'paragraph', text: 'Rewritten afterwards.' }], partB: [] });
		await (await import('../../src/lib/server/document-storage')).appendUpdate(sql, docName, Y.encodeStateAsUpdate(late, lateBefore));

		const published = await run(minutesPage.load as never, people.nora!, { id: first.id });
		expect(published.data).toMatchObject({ canEdit: false, docName: null, approved: { meetingId: later.id, partB: [], withheld: PART_B_WITHHELD } });
		const publishedText = (published.data!.approved as { partA: { text: string }[] }).partA.map((b) => b.text).join('\n');
		expect(publishedText).toContain('Cardiac investment');
		expect(publishedText).not.toMatch(/Provider dispute|Rewritten afterwards/);
		// The published minutes as a Word file: Part A of the approved version, never Part B.
		const wordText = async (who: user.Person) => {
			const download = await run(minutesWord.GET as never, who, { id: first.id });
			expect(download.response!.headers.get('content-disposition')).toMatch(/^attachment; filename=".*minutes.*\.docx"$/);
			return strFromU8(unzipSync(new Uint8Array(await download.response!.arrayBuffer()))['word/document.xml']!).replace(/<[^>]+>/g, '');
		};
		const publicWord = await wordText(people.nora!);
		expect(publicWord).toContain('Cardiac investment');
		expect(publicWord).not.toMatch(/Provider dispute|Rewritten afterwards/);
		expect(await wordText(people.olly!)).toContain('Provider dispute');
		const member = await run(minutesPage.load as never, people.olly!, { id: first.id });
		expect((member.data!.approved as { partB: { text: string }[] }).partB.map((b) => b.text).join('\n')).toContain('Provider dispute');
	});
});
