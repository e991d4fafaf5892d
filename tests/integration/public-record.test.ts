import { chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { minutesUpdate } from '../../src/lib/documents/minutes-doc';
import { minutesDocumentName } from '../../src/lib/domain/documents/document-name';
import { agendaPublished, type PublishedMeetingFacts } from '../../src/lib/domain/publication';
import * as adoption from '../../src/lib/server/adoption';
import * as commentThread from '../../src/lib/server/comment-thread';
import { appendUpdate } from '../../src/lib/server/document-storage';
import * as documentVersion from '../../src/lib/server/document-version';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import * as minutes from '../../src/lib/server/minutes';
import * as motion from '../../src/lib/server/motion';
import { agendaPublishedSql } from '../../src/lib/server/publication';
import { markPresent, seedMeeting, type SeededMeeting } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';
import { PROCESS_TEST_MS } from '../helpers/time';
import { axeViolations, CHROMIUM_LAUNCH } from '../helpers/browser';
import { pdfWith } from '../helpers/papers';

/**
 * Nothing confidential leaves through the public record. A body's business is seeded with a marker word in every
 * place the public must never see: Part B items, Part B papers (their name and the text inside the PDF), a Part B
 * decision, notes taken during a Part A item, draft minutes, approved minutes' Part B, the co-edited terms of
 * reference as they stand and an unadopted version of them, a comment, a draft agenda (notice not yet issued), the
 * video link and the members' email addresses. Then every public page reachable from /public is visited, with every
 * feed, export and search it links to, and none of them holds any of it. Markers of what is published are found,
 * so the walk reaches what it should.
 */

/** One word, so the search's English stemming leaves it whole. */
const SECRET = 'quixoticconfidential';
const PUBLISHED = { paper: 'zephyrpublicpaper', decision: 'zephyrpublicdecision', purpose: 'zephyrpublicpurpose', item: 'zephyrpublicitem' };
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;

function unwrap<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
	if (!result.ok) throw new Error(`Expected success, got: ${result.reason}`);
	return result.value;
}

function paragraph(text: string): Y.XmlElement {
	const p = new Y.XmlElement('paragraph');
	const t = new Y.XmlText();
	t.insert(0, text);
	p.insert(0, [t]);
	return p;
}

/** The update that makes a terms-of-reference document's purpose read `text`, on top of `doc`. */
function purposeUpdate(doc: Y.Doc, text: string): Uint8Array {
	const before = Y.encodeStateVector(doc);
	const fragment = doc.getXmlFragment('section:purpose');
	doc.transact(() => {
		fragment.delete(0, fragment.length);
		fragment.insert(0, [paragraph(text)]);
	});
	return Y.encodeStateAsUpdate(doc, before);
}

describe('the public record', () => {
	let portal: TestPortal;
	let seeded: SeededMeeting;
	let chairId: string;
	let partBPaperId: string;
	let partBDecisionId: string;
	let publishedDecisionId: string;
	let laterMeetingId: string;
	let draftMeetingId: string;

	async function upload(meetingId: string, itemId: string, filename: string, content: Buffer) {
		const form = new FormData();
		form.set('paperItemId', itemId);
		form.set('paper', new File([new Uint8Array(content)], filename, { type: 'application/pdf' }));
		const response = await fetch(`${portal.url}/meetings/${meetingId}/agenda?/uploadPaper`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: portal.url, accept: 'text/html', cookie: seeded.cookies.chair! },
			body: form
		});
		expect(response.status, `upload of ${filename}`).toBeLessThan(400);
		const [row] = await portal.services.sql<{ id: string }[]>`select id from papers where filename = ${filename}`;
		return row!.id;
	}

	beforeAll(async () => {
		portal = await newPortal();
		const { sql } = portal.services;
		seeded = await seedMeeting(sql, {
			name: 'Public record',
			rules: { schemaVersion: 1, quorum: { minimumCount: 1, deputiesCount: true }, voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] } },
			members: [
				{ key: 'chair', role: 'chair' },
				{ key: 'member', role: 'voting_member' }
			]
		});
		chairId = (await membership.get(sql, seeded.membershipIds.chair!))!.userId;
		await markPresent(sql, seeded, ['chair', 'member']);
		const termsName = `terms-of-reference:${seeded.bodyId}`;
		const terms = new Y.Doc();

		const partBItemId = await sql.begin(async (tx) => {
			const found = (await meeting.get(tx, seeded.meetingId))!;
			unwrap(await meeting.update(tx, seeded.meetingId, { title: found.title, startsAt: found.startsAt, endsAt: found.endsAt, place: found.place, videoLink: `https://video.example/${SECRET}` }, chairId));
			unwrap(await meeting.updateItem(tx, seeded.decisionItemId, { title: `Item ${PUBLISHED.item}`, purpose: 'decision', presenter: '', minutesAllotted: 10, part: 'A' }, chairId));
			return unwrap(await meeting.addItem(tx, seeded.meetingId, { title: `${SECRET} contract`, purpose: 'decision', presenter: '', minutesAllotted: 10, part: 'B', parentId: null }, chairId)).id;
		});
		await upload(seeded.meetingId, seeded.decisionItemId, `${PUBLISHED.paper}.pdf`, await pdfWith(`The board paper says ${PUBLISHED.paper}.`));
		partBPaperId = await upload(seeded.meetingId, partBItemId, 'contract.pdf', await pdfWith(`The negotiating position is ${SECRET}.`));

		await sql.begin(async (tx) => {
			// The terms of reference adopted at this meeting, and then edited again and saved, but not adopted.
			await appendUpdate(tx, termsName, purposeUpdate(terms, `To oversee ${PUBLISHED.purpose} commissioning.`));
			const adopted = unwrap(await documentVersion.create(tx, termsName, 'As adopted', chairId));
			const proposal = unwrap(await adoption.propose(tx, adopted.id, seeded.meetingId, chairId));
			await appendUpdate(tx, termsName, purposeUpdate(terms, `To oversee ${SECRET} commissioning.`));
			unwrap(await documentVersion.create(tx, termsName, 'Proposed change', chairId));
			unwrap(await commentThread.startThread(tx, await membership.actorFor(tx, { id: chairId, isAdministrator: false }), { anchor: { kind: 'document', docName: termsName, label: 'purpose' }, text: `Comment ${SECRET}` }));

			for (const [itemId, text] of [
				[seeded.decisionItemId, `That the ${PUBLISHED.decision} be agreed.`],
				[partBItemId, `That the ${SECRET} be agreed.`]
			] as const) {
				const proposed = unwrap(await motion.propose(tx, itemId, { text, category: 'procedural', valuePence: 0n, procedural: true, proposer: null, seconder: null, noticeGivenOn: null }, chairId));
				unwrap(await motion.callConsensus(tx, proposed.id, { indicative: false }, chairId));
				unwrap(await motion.recordConsensus(tx, proposed.id, chairId));
			}
			unwrap(await motion.callConsensus(tx, proposal.motionId, { indicative: false }, chairId));
			unwrap(await motion.recordConsensus(tx, proposal.motionId, chairId));
		});
		const [partB] = await sql<{ id: string }[]>`select id from decisions where agenda_item_id = ${partBItemId}`;
		partBDecisionId = partB!.id;
		// A thread on the published decision: its page on the record shows the decision, never the comments.
		const [published] = await sql<{ id: string }[]>`select id from decisions where agenda_item_id = ${seeded.decisionItemId}`;
		publishedDecisionId = published!.id;
		await sql.begin(async (tx) =>
			unwrap(await commentThread.startThread(tx, await membership.actorFor(tx, { id: chairId, isAdministrator: false }), { anchor: { kind: 'decision', decisionId: published!.id }, text: `Decision comment ${SECRET}` }))
		);

		await sql.begin(async (tx) => {
			unwrap(await meeting.setStatus(tx, seeded.meetingId, 'closed', chairId));
			const day = 86_400_000;
			const later = unwrap(await meeting.schedule(tx, seeded.bodyId, { title: 'The next meeting', startsAt: new Date(Date.now() + 7 * day), endsAt: new Date(Date.now() + 7 * day + 7_200_000), place: 'Room 2', videoLink: '' }, chairId));
			laterMeetingId = later.id;
			unwrap(await meeting.recordNoticeIssued(tx, later.id, chairId));
			unwrap(await minutes.approve(tx, seeded.meetingId, later.id, chairId));
			// The next meeting is under way: the notes taken during an item are not published until minuted and approved.
			const next = unwrap(await meeting.addItem(tx, later.id, { title: 'Next steps', purpose: 'discussion', presenter: '', minutesAllotted: 10, part: 'A', parentId: null }, chairId));
			unwrap(await meeting.setStatus(tx, later.id, 'in_progress', chairId));
			unwrap(await meeting.recordDiscussion(tx, next.id, `Notes ${SECRET} taken during the item`, chairId));
			// Draft minutes of the next meeting, already begun.
			await appendUpdate(tx, minutesDocumentName(later.id), minutesUpdate(new Y.Doc(), { partA: [{ type: 'paragraph', text: `Draft ${SECRET} minutes` }], partB: [] }));
			// A meeting whose agenda is still being put together: no notice yet.
			const draft = unwrap(await meeting.schedule(tx, seeded.bodyId, { title: 'A meeting being planned', startsAt: new Date(Date.now() + 30 * day), endsAt: new Date(Date.now() + 30 * day + 7_200_000), place: '', videoLink: '' }, chairId));
			draftMeetingId = draft.id;
			unwrap(await meeting.addItem(tx, draft.id, { title: `Draft ${SECRET} item`, purpose: 'discussion', presenter: '', minutesAllotted: 10, part: 'A', parentId: null }, chairId));
		});
	}, PROCESS_TEST_MS);
	afterAll(async () => portal?.close());

	/** Every public page reachable by links from `start`, with the feeds, exports and downloads they link to: path → body. */
	async function walk(starts: string[]): Promise<Map<string, string>> {
		const seen = new Map<string, string>();
		const queue = [...starts];
		while (queue.length > 0 && seen.size < 200) {
			const path = queue.shift()!;
			if (seen.has(path)) continue;
			const response = await fetch(portal.url + path, { redirect: 'manual' });
			const body = Buffer.from(await response.arrayBuffer()).toString('utf8');
			expect(response.status, `${path} (${body.slice(0, 200)})`).toBe(200);
			seen.set(path, body);
			if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) continue;
			for (const [, href] of body.matchAll(/href="([^"#]+)"/g)) {
				const target = new URL(href!.replaceAll('&amp;', '&'), portal.url + path);
				if (target.origin === portal.url && target.pathname.startsWith('/public') && !seen.has(target.pathname + target.search)) queue.push(target.pathname + target.search);
			}
		}
		return seen;
	}

	/** Every public page, feed, export and search the walk reaches from /public and the pages not linked from it: walked once. */
	let walked: Promise<Map<string, string>> | null = null;
	const publicPages = () =>
		(walked ??= walk([
			'/public',
			`/public/meetings/${draftMeetingId}`,
			`/public/meetings/${laterMeetingId}`,
			`/public/bodies/${seeded.bodyId}/meetings.ics`,
			`/public/meetings/${seeded.meetingId}/meeting.ics`,
			`/public/bodies/${seeded.bodyId}/feed.atom`,
			'/public/decisions/export.csv',
			'/public/decisions/export.json',
			`/public/decisions/export.csv?body=${seeded.bodyId}`,
			// Searched for in capitals: the page repeats the query, and the search ignores case, so what a page holds of
			// the marker in its own (lower) case came from the record.
			...[SECRET, ...Object.values(PUBLISHED), 'contract', 'commissioning'].map((q) => `/public/search?q=${encodeURIComponent(q.toUpperCase())}`)
		]));

	it('holds nothing confidential on any public page, feed, export or search', async () => {
		const pages = await publicPages();
		for (const [path, body] of pages) {
			expect(body, path).not.toContain(SECRET);
			expect(body, path).not.toMatch(EMAIL);
			expect(body, path).not.toContain('video.example');
		}
		// The walk reached the body, the meeting, its paper, the register and the terms in force.
		const everything = [...pages.values()].join('\n');
		for (const marker of Object.values(PUBLISHED)) expect(everything, marker).toContain(marker);
		expect([...pages.keys()]).toEqual(expect.arrayContaining([`/public/bodies/${seeded.bodyId}`, `/public/meetings/${seeded.meetingId}`, `/public/bodies/${seeded.bodyId}/terms-of-reference`]));
		expect([...pages.keys()].some((path) => path.startsWith('/public/papers/'))).toBe(true);
		expect([...pages.keys()]).toContain(`/public/decisions/${publishedDecisionId}`);
		// Public search finds the paper by the words inside it.
		expect(pages.get(`/public/search?q=${PUBLISHED.paper.toUpperCase()}`)).toContain(`/public/papers/`);
	});

	it('passes axe (WCAG 2.2 AA) on every public page, read by an anonymous visitor in Chromium', async () => {
		const html = [...(await publicPages()).entries()].filter(([, body]) => body.trimStart().startsWith('<!doctype html')).map(([path]) => path);
		expect(html.length).toBeGreaterThan(8);
		const browser = await chromium.launch(CHROMIUM_LAUNCH);
		try {
			const page = await (await browser.newContext()).newPage();
			const found: Record<string, string[]> = {};
			for (const path of html) {
				await page.goto(portal.url + path);
				const violations = await axeViolations(page);
				if (violations.length > 0) found[path] = violations;
			}
			expect(found).toEqual({});
		} finally {
			await browser.close();
		}
	}, PROCESS_TEST_MS);

	it('would have found the marker: a member reads and finds the confidential business', async () => {
		const cookie = seeded.cookies.member!;
		const found = await fetch(`${portal.url}/search?q=${SECRET.toUpperCase()}`, { headers: { cookie } });
		expect(await found.text()).toContain(SECRET);
		const paper = await fetch(`${portal.url}/papers/${partBPaperId}`, { headers: { cookie } });
		expect(paper.status).toBe(200);
	});

	it('is a missing page for a Part B paper or decision, and for a draft agenda', async () => {
		for (const path of [`/public/papers/${partBPaperId}`, `/public/decisions/${partBDecisionId}`]) {
			expect((await fetch(portal.url + path, { redirect: 'manual' })).status, path).toBe(404);
		}
		const planned = await (await fetch(`${portal.url}/public/meetings/${draftMeetingId}`)).text();
		expect(planned).toContain('published when notice of the meeting is issued');
	});

	it('may be cached by shared caches when signed out, never when signed in', async () => {
		const path = `/public/bodies/${seeded.bodyId}`;
		expect((await fetch(portal.url + path)).headers.get('cache-control')).toBe('public, max-age=300');
		const signedIn = await fetch(portal.url + path, { headers: { cookie: seeded.cookies.member! } });
		expect(signedIn.headers.get('cache-control')).toBe('private, no-cache');
		expect(signedIn.headers.get('vary')).toContain('Cookie');
	});

	it('selects published meetings in SQL exactly as the rule does', async () => {
		const { sql } = portal.services;
		const cases: PublishedMeetingFacts[] = [];
		for (const status of ['scheduled', 'in_progress', 'closed', 'cancelled'] as const) {
			for (const noticeIssuedAt of [null, new Date()]) for (const startedAt of [null, new Date()]) cases.push({ status, noticeIssuedAt, startedAt });
		}
		const rows = await sql<{ published: boolean }[]>`
			select ${agendaPublishedSql(sql, 'm')} as published
			from rows from (jsonb_to_recordset(${sql.json(cases.map((c) => ({ status: c.status, notice_issued_at: c.noticeIssuedAt?.toISOString() ?? null, started_at: c.startedAt?.toISOString() ?? null })))})
				as (status text, notice_issued_at timestamptz, started_at timestamptz)) with ordinality as m(status, notice_issued_at, started_at, n)
			order by m.n`;
		expect(rows.map((r) => r.published)).toEqual(cases.map(agendaPublished));
	});
});
