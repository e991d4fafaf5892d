import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceRulesInput } from '../../src/lib/domain/governance';
import { londonDate } from '../../src/lib/domain/london-time';
import * as action from '../../src/lib/server/action';
import type { Tx } from '../../src/lib/server/db';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import * as motion from '../../src/lib/server/motion';
import * as user from '../../src/lib/server/user';
import { markPresent, seedMeeting, type SeededMeeting } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';
import { PROCESS_TEST_MS } from '../helpers/time';

/**
 * The open data: the decision register and the action log as CSV and JSON, filtered as on their pages. A body's
 * meeting is seeded with decisions and actions on either side of each filter (a body, a London date range, a state
 * or status), Part B ones marked with a word the public and other bodies must never read; then the exports are
 * asked with the page's query and give exactly the rows the page lists.
 */

function unwrap<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
	if (!result.ok) throw new Error(`Expected success, got: ${result.reason}`);
	return result.value;
}

const SECRET = 'quixoticopendatasecret';
const PUBLISHED = 'zephyropendatapublic';
const NAME = 'Zoë Łukasiewicz-Brontë';
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;
const RULES: GovernanceRulesInput = { schemaVersion: 1, quorum: { minimumCount: 1, deputiesCount: true }, voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] } };

const idsIn = (html: string, pattern: RegExp) => [...new Set([...html.matchAll(pattern)].map((m) => m[1]!))];
const decisionIdsOnPage = (html: string, base: string) => idsIn(html, new RegExp(`href="${base}/([0-9a-f-]{36})"`, 'g'));
const actionIdsOnPage = (html: string) => idsIn(html, /<tr id="action-([0-9a-f-]{36})"/g);

describe('open data: the register and the action log as CSV and JSON', () => {
	let portal: TestPortal;
	let seeded: SeededMeeting;
	let elsewhere: SeededMeeting;
	const decisions: Record<string, string> = {};
	const actions: Record<string, string> = {};

	/** A decision by consensus on a new item, decided at `at` (the register's date is the London day of that instant). */
	async function decide(tx: Tx, key: string, options: { text: string; part: 'A' | 'B'; at: string; indicative?: boolean; valuePence?: bigint; meetingId?: string; actorId: string }) {
		const meetingId = options.meetingId ?? seeded.meetingId;
		const item = unwrap(await meeting.addItem(tx, meetingId, { title: `Item ${key}`, purpose: 'decision', presenter: '', minutesAllotted: 5, part: options.part, parentId: null }, options.actorId));
		const proposed = unwrap(
			await motion.propose(tx, item.id, { text: options.text, category: 'procedural', valuePence: options.valuePence ?? 0n, procedural: true, proposer: null, seconder: null, noticeGivenOn: null }, options.actorId)
		);
		unwrap(await motion.callConsensus(tx, proposed.id, { indicative: options.indicative ?? false }, options.actorId));
		unwrap(await motion.recordConsensus(tx, proposed.id, options.actorId));
		const [made] = await tx<{ id: string }[]>`select id from decisions where motion_id = ${proposed.id}`;
		// The register dates a decision by when it was taken; the seed backdates it to put it either side of a range.
		await tx`update decisions set decided_at = ${options.at} where id = ${made!.id}`;
		decisions[key] = made!.id;
		return item.id;
	}

	beforeAll(async () => {
		portal = await newPortal();
		const { sql } = portal.services;
		seeded = await seedMeeting(sql, { name: 'Open data', rules: RULES, members: [{ key: 'chair', role: 'chair' }, { key: 'member', role: 'voting_member' }] });
		elsewhere = await seedMeeting(sql, { name: 'Elsewhere', rules: RULES, members: [{ key: 'chair', role: 'chair' }, { key: 'member', role: 'voting_member' }] });
		const chair = (await membership.get(sql, seeded.membershipIds.chair!))!;
		const otherChair = (await membership.get(sql, elsewhere.membershipIds.chair!))!;
		await user.rename(sql, (await membership.get(sql, seeded.membershipIds.member!))!.userId, NAME, chair.userId);
		await markPresent(sql, seeded, ['chair', 'member']);
		await markPresent(sql, elsewhere, ['chair', 'member']);
		await sql.begin(async (tx) => {
			const actorId = chair.userId;
			// March 2026: London is on GMT until the 29th, then BST.
			await decide(tx, 'inRange', { text: `That ${NAME}'s plan of £1,250 be agreed (${PUBLISHED})`, part: 'A', at: '2026-03-01T00:30:00Z', valuePence: 125_000n, actorId });
			const partBItemId = await decide(tx, 'confidential', { text: `That the ${SECRET} contract be let`, part: 'B', at: '2026-03-11T12:00:00Z', actorId });
			await decide(tx, 'indicative', { text: 'That the group is minded to merge', part: 'A', at: '2026-03-12T12:00:00Z', indicative: true, actorId });
			await decide(tx, 'lateInMarchByUtc', { text: 'Decided at half past midnight on 1 April in London', part: 'A', at: '2026-03-31T23:30:00Z', actorId });
			await decide(tx, 'beforeRange', { text: 'Decided in February', part: 'A', at: '2026-02-28T23:59:00Z', actorId });
			await decide(tx, 'elsewhere', { text: 'Another body decides in March', part: 'A', at: '2026-03-10T12:00:00Z', meetingId: elsewhere.meetingId, actorId: otherChair.userId });

			const add = async (key: string, input: { description: string; dueOn: string | null; agendaItemId?: string | null; owner?: string | null }) => {
				const made = unwrap(
					await action.create(tx, seeded.meetingId, { agendaItemId: input.agendaItemId ?? seeded.decisionItemId, description: input.description, ownerMembershipId: input.owner ?? null, dueOn: input.dueOn }, actorId)
				);
				actions[key] = made.id;
			};
			await add('inRange', { description: `Write to the trust (${PUBLISHED})`, dueOn: '2026-03-15', owner: seeded.membershipIds.member! });
			await add('done', { description: 'Circulate the papers', dueOn: '2026-03-16' });
			await add('later', { description: 'Report back in April', dueOn: '2026-04-15' });
			await add('confidential', { description: `Negotiate the ${SECRET} price`, dueOn: '2026-03-20', agendaItemId: partBItemId });
			await add('undated', { description: 'Keep under review', dueOn: null });
			await add('formula', { description: '=HYPERLINK("http://evil.example","Click me")', dueOn: '2026-03-31' });
			unwrap(await action.setStatus(tx, actions.done!, 'done', actorId));
		});
	}, PROCESS_TEST_MS);
	afterAll(async () => portal?.close());

	const get = (path: string, cookie?: string) => fetch(portal.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
	const text = async (path: string, cookie?: string) => {
		const response = await get(path, cookie);
		expect(response.status, path).toBe(200);
		return Buffer.from(await response.arrayBuffer()).toString('utf8');
	};
	const csvRows = (body: string) => parse(body, { bom: true, columns: true }) as Record<string, string>[];

	it('gives in CSV and JSON exactly the decisions the register page lists for a body, dates and a state', async () => {
		const query = `body=${seeded.bodyId}&from=2026-03-01&to=2026-03-31&state=binding`;
		const member = seeded.cookies.member!;
		const page = await text(`/decisions?${query}`, member);
		const listed = decisionIdsOnPage(page, '/decisions');
		// The Part B decision is the member's to read; the indicative one, another body's, and those outside the London dates are not asked for.
		expect(listed).toEqual([decisions.confidential, decisions.inRange]);
		expect(page).toContain(`href="/decisions/export.csv?${query.replaceAll('&', '&amp;')}"`);

		const json = await get(`/decisions/export.json?${query}`, member);
		expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(json.headers.get('content-disposition')).toMatch(/^attachment; filename="decision-register-\d{4}-\d{2}-\d{2}\.json"$/);
		const register = await json.json();
		expect(register.decisions.map((d: { id: string }) => d.id)).toEqual(listed);
		expect(register.filter).toEqual({ body: seeded.bodyId, from: '2026-03-01', to: '2026-03-31', state: 'binding' });
		expect(new Date(register.generated).getTime()).toBeGreaterThan(Date.now() - 60_000);
		expect(register.decisions[1]).toMatchObject({
			id: decisions.inRange,
			body: { id: seeded.bodyId },
			meeting: { id: seeded.meetingId, date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
			part: 'A',
			valuePounds: '1250.00',
			method: 'consensus',
			state: 'carried_binding',
			stateLabel: 'Carried: binding',
			decidedAt: '2026-03-01T00:30:00.000Z',
			decidedOn: '2026-03-01',
			figures: null,
			link: `${portal.services.origin}/decisions/${decisions.inRange}`
		});
		expect(register.decisions[1].explanation.length).toBeGreaterThan(0);

		const csv = await get(`/decisions/export.csv?${query}`, member);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="decision-register-\d{4}-\d{2}-\d{2}\.csv"$/);
		const rows = csvRows(await csv.text());
		expect(rows.map((r) => r.ID)).toEqual(listed);
		expect(rows[0]).toMatchObject({ Part: 'B (confidential)', State: 'Carried: binding' });
	});

	it('lists the same for the body on its own page, whose download links carry the body', async () => {
		const page = await text(`/bodies/${seeded.bodyId}/decisions?from=2026-03-01&to=2026-03-31&state=binding`, seeded.cookies.member!);
		const register = page.slice(page.indexOf('Decision register'));
		expect(decisionIdsOnPage(register, '/decisions')).toEqual([decisions.confidential, decisions.inRange]);
		expect(register).toContain(`href="/decisions/export.json?body=${seeded.bodyId}&amp;from=2026-03-01&amp;to=2026-03-31&amp;state=binding"`);
	});

	it("gives a member of another body none of this body's Part B business", async () => {
		const outsider = elsewhere.cookies.member!;
		const query = `body=${seeded.bodyId}&from=2026-03-01&to=2026-03-31&state=binding`;
		expect(decisionIdsOnPage(await text(`/decisions?${query}`, outsider), '/decisions')).toEqual([decisions.inRange]);
		for (const format of ['csv', 'json']) {
			const body = await text(`/decisions/export.${format}?${query}`, outsider);
			expect(body).toContain(decisions.inRange);
			expect(body).not.toContain(SECRET);
			expect(body).not.toContain(decisions.confidential);
			// Nor in the whole register or the action log, unfiltered.
			for (const path of [`/decisions/export.${format}`, `/actions/export.${format}`]) expect(await text(path, outsider), path).not.toContain(SECRET);
		}
		// This body's log is not the outsider's to follow, so they cannot ask for it.
		expect((await get(`/actions/export.csv?body=${seeded.bodyId}`, outsider)).status).toBe(400);
	});

	it('gives in CSV and JSON exactly the actions the action log lists for a body, due dates and a status', async () => {
		const query = `body=${seeded.bodyId}&from=2026-03-01&to=2026-03-31&status=open`;
		const member = seeded.cookies.member!;
		const listed = actionIdsOnPage(await text(`/actions?${query}`, member));
		expect([...listed].sort()).toEqual([actions.inRange, actions.confidential, actions.formula].sort());

		const json = await get(`/actions/export.json?${query}`, member);
		expect(json.headers.get('content-disposition')).toMatch(/^attachment; filename="action-log-\d{4}-\d{2}-\d{2}\.json"$/);
		const log = await json.json();
		expect(log.actions.map((a: { id: string }) => a.id)).toEqual(listed);
		expect(log.filter).toEqual({ body: seeded.bodyId, from: '2026-03-01', to: '2026-03-31', status: 'open' });
		expect(log.actions.find((a: { id: string }) => a.id === actions.inRange)).toEqual({
			id: actions.inRange,
			body: { id: seeded.bodyId, name: expect.any(String) },
			meeting: { id: seeded.meetingId, title: expect.any(String) },
			item: 'Decision item',
			part: 'A',
			description: `Write to the trust (${PUBLISHED})`,
			owner: NAME,
			dueOn: '2026-03-15',
			status: 'open',
			overdue: londonDate(new Date()) > '2026-03-15',
			link: `${portal.services.origin}/meetings/${seeded.meetingId}`
		});

		const csv = await get(`/actions/export.csv?${query}`, member);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const rows = csvRows(await csv.text());
		expect(rows.map((r) => r.ID)).toEqual(listed);
		// A description that a spreadsheet would run as a formula is kept as text.
		expect(rows.find((r) => r.ID === actions.formula)!.Action).toBe(`'=HYPERLINK("http://evil.example","Click me")`);

		const bodyPage = await text(`/bodies/${seeded.bodyId}/actions?from=2026-03-01&to=2026-03-31&status=open`, member);
		expect(actionIdsOnPage(bodyPage)).toEqual(listed);
		expect(bodyPage).toContain(`href="/actions/export.csv?${query.replaceAll('&', '&amp;')}"`);
	});

	it('writes CSV that reads back with names and pounds intact: UTF-8 with a byte-order mark, CRLF, a header row', async () => {
		const response = await get(`/actions/export.csv?body=${seeded.bodyId}`, seeded.cookies.member!);
		const bytes = Buffer.from(await response.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const body = bytes.toString('utf8');
		expect(body.split('\r\n')[0]).toBe('\uFEFF"ID","Body","Meeting","Item","Part","Action","Owner","Due","Status","Overdue","Link"');
		expect(csvRows(body).find((r) => r.ID === actions.inRange)!.Owner).toBe(NAME);

		const register = csvRows(await text(`/public/decisions/export.csv?body=${seeded.bodyId}`));
		const row = register.find((r) => r.ID === decisions.inRange)!;
		expect(row.Motion).toBe(`That ${NAME}'s plan of £1,250 be agreed (${PUBLISHED})`);
		expect(row['Value (£)']).toBe('1250.00');
		expect(row['Decided on (London)']).toBe('2026-03-01');
	});

	it('publishes the Part A register as CSV and JSON, filtered as its page, with nothing confidential and no email address', async () => {
		const query = `body=${seeded.bodyId}&from=2026-03-01&to=2026-03-31`;
		const page = await text(`/public/decisions?${query}`);
		const listed = decisionIdsOnPage(page, '/public/decisions');
		expect(listed).toEqual([decisions.indicative, decisions.inRange]);
		const json = await get(`/public/decisions/export.json?${query}`);
		expect(json.headers.get('content-disposition')).toMatch(/^attachment; filename="public-decision-register-\d{4}-\d{2}-\d{2}\.json"$/);
		const register = await json.json();
		expect(register.decisions.map((d: { id: string }) => d.id)).toEqual(listed);
		expect(register.decisions[1].link).toBe(`${portal.services.origin}/public/decisions/${decisions.inRange}`);
		expect(csvRows(await text(`/public/decisions/export.csv?${query}`)).map((r) => r.ID)).toEqual(listed);

		for (const path of ['/public/decisions', '/public/decisions/export.csv', '/public/decisions/export.json', `/public/decisions/export.csv?${query}&state=binding`, `/public/decisions/${decisions.inRange}`]) {
			// A member's visit reads as the public too.
			for (const cookie of [undefined, seeded.cookies.member!]) {
				const body = await text(path, cookie);
				expect(body, path).not.toContain(SECRET);
				expect(body, path).not.toContain(decisions.confidential);
				// Signed in, the page carries the visitor's own account (the layout's), so only the anonymous page is searched.
				if (!cookie) expect(body, path).not.toMatch(EMAIL);
			}
		}
		expect(await text('/public/decisions/export.csv')).toContain(PUBLISHED);
		expect((await get(`/public/decisions/${decisions.confidential}`)).status).toBe(404);
	});

	it('shows a decision of the public record with its links kept within the public record', async () => {
		const page = await text(`/public/decisions/${decisions.inRange}`);
		expect(page).toContain(PUBLISHED);
		expect(page).toContain('Explanation');
		expect(page).toContain(`href="/public/meetings/${seeded.meetingId}"`);
		expect(page).toContain(`href="/public/bodies/${seeded.bodyId}"`);
		expect(page).not.toMatch(/href="\/(meetings|bodies|decisions)\//);
	});

	it('refuses a bad date with 400 naming the field and no file; the page shows the error and filters nothing', async () => {
		for (const path of ['/decisions/export.csv?from=2026-02-30', '/public/decisions/export.json?from=2026-02-30', '/actions/export.csv?from=2026-02-30']) {
			const response = await get(path, path.startsWith('/public') ? undefined : seeded.cookies.member!);
			expect(response.status, path).toBe(400);
			expect(response.headers.get('content-disposition'), path).toBeNull();
			const { message } = await response.json();
			expect(message, path).toBe('The filter was refused: From date must be a real date, like 2026-04-01 (the "from" parameter).');
		}
		const backwards = await get('/public/decisions/export.csv?from=2026-03-02&to=2026-03-01');
		expect(backwards.status).toBe(400);
		expect((await backwards.json()).message).toContain('To date must be the same as or after the from date (the "to" parameter)');

		const page = await text('/public/decisions?from=2026-02-30&state=binding');
		expect(page).toContain('There is a problem');
		expect(page).toContain('<a href="#from">From date must be a real date, like 2026-04-01</a>');
		expect(page).toMatch(/<title>Error: /);
		// Nothing filtered: the register as it stands, and downloads of all of it.
		expect(decisionIdsOnPage(page, '/public/decisions')).toEqual(expect.arrayContaining([decisions.indicative, decisions.beforeRange, decisions.elsewhere]));
		expect(page).toContain('href="/public/decisions/export.csv"');
	});

	it('asks a signed-out visitor to sign in for the members’ exports', async () => {
		for (const path of ['/decisions/export.csv', '/actions/export.json']) {
			const response = await get(path);
			expect(response.status, path).toBe(303);
			expect(response.headers.get('location'), path).toMatch(/^\/sign-in/);
		}
	});
});
