import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MINUTES_PART_A, MINUTES_PART_B, sectionFragment } from '../../src/lib/domain/documents/layout';
import { minutesDocumentName } from '../../src/lib/domain/documents/document-name';
import type { Actor, Reader } from '../../src/lib/domain/policy';
import { MAX_QUERY_LENGTH, type SearchResult } from '../../src/lib/domain/search';
import * as adoption from '../../src/lib/server/adoption';
import type { Sql } from '../../src/lib/server/db';
import * as commentThread from '../../src/lib/server/comment-thread';
import { appendUpdate, loadDocument } from '../../src/lib/server/document-storage';
import * as documentVersion from '../../src/lib/server/document-version';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import * as minutes from '../../src/lib/server/minutes';
import * as motion from '../../src/lib/server/motion';
import * as search from '../../src/lib/server/search';
import { markPresent, seedMeeting, type BodySpec, type SeededMeeting } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';
import { pdfWith } from '../helpers/papers';

function unwrap<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
	if (!result.ok) throw new Error(`Expected success, got: ${result.reason}`);
	return result.value;
}

/**
 * Each piece of business carries its own made-up word, so a search for it shows whether that piece can be found.
 * Part A is public once published; everything else must stay with the body's members.
 */
const WORDS = {
	/** In the text of a Part A PDF paper, written "commissioned" (found by "commissioning"). */
	pdfPartA: 'marmalade',
	/** In a Part B PDF paper. */
	pdfPartB: 'walrus',
	/** In a Part A Word paper. */
	docxPartA: 'kestrel',
	/** In the notes taken during a Part A item. */
	discussion: 'narwhal',
	/** In a Part A item's title, with markup beside it. */
	itemTitle: 'quetzal',
	/** A Part A decision, and a Part B one. */
	decisionA: 'heron',
	decisionB: 'bison',
	/** The approved minutes: Part A, Part B. */
	approvedA: 'axolotl',
	approvedB: 'capybara',
	/** Draft minutes: Part A, Part B. */
	draftA: 'ocelot',
	draftB: 'ibex',
	/** The terms of reference adopted (in force), and a later edit not adopted. */
	termsAdopted: 'gazelle',
	termsDraft: 'wombat',
	termsLater: 'platypus',
	/** A comment on the terms of reference. */
	comment: 'pangolin'
} as const;

const MARKUP = '<img src=x onerror=alert(1)>';

async function docxWith(text: string): Promise<Buffer> {
	return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph(text)] }] }));
}

/** Appends a paragraph to one of a co-edited document's fragments, as an edit in the browser would be stored. */
async function writeParagraph(sql: Sql, docName: string, fragmentName: string, text: string) {
	const doc = (await loadDocument(sql, docName)) ?? new Y.Doc();
	try {
		const before = Y.encodeStateVector(doc);
		const fragment = doc.getXmlFragment(fragmentName);
		const paragraph = new Y.XmlElement('paragraph');
		const words = new Y.XmlText();
		words.insert(0, text);
		paragraph.insert(0, [words]);
		fragment.insert(fragment.length, [paragraph]);
		await appendUpdate(sql, docName, Y.encodeStateAsUpdate(doc, before));
	} finally {
		doc.destroy();
	}
}

describe('search', () => {
	let portal: TestPortal;
	let sql: Sql;
	let seeded: SeededMeeting;
	let elsewhere: SeededMeeting;
	let member: Actor;
	let outsider: Actor;
	let secretariatCookie: string;
	let chairId: string;
	/** A meeting scheduled after the seeded one (in progress), whose papers are uploaded over HTTP. */
	let nextMeetingId: string;
	const papers: Record<'pdfA' | 'pdfB' | 'docxA', string> = { pdfA: '', pdfB: '', docxA: '' };

	const found = async (reader: Reader, q: string): Promise<SearchResult[]> => (await search.search(sql, reader, q)).results;
	const texts = (results: SearchResult[]) => JSON.stringify(results);

	async function upload(itemId: string, file: File) {
		const form = new FormData();
		form.set('paperItemId', itemId);
		form.set('paper', file);
		const response = await fetch(`${portal.url}/meetings/${nextMeetingId}/agenda?/uploadPaper`, {
			method: 'POST',
			body: form,
			redirect: 'manual',
			headers: { origin: portal.url, accept: 'text/html', cookie: secretariatCookie }
		});
		expect(response.status, await response.clone().text()).toBe(303);
		expect(response.headers.get('location')).toMatch(/\?uploaded$/);
		const [row] = await sql<{ id: string }[]>`select id from papers where agenda_item_id = ${itemId} and filename = ${file.name}`;
		return row!.id;
	}

	beforeAll(async () => {
		portal = await newPortal();
		sql = portal.services.sql;
		const rules = { schemaVersion: 1, quorum: { minimumCount: 1, deputiesCount: true }, voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] } } satisfies BodySpec['rules'];
		seeded = await seedMeeting(sql, {
			name: 'Search',
			rules,
			members: [
				{ key: 'chair', role: 'chair' },
				{ key: 'secretariat', role: 'secretariat' },
				{ key: 'member', role: 'voting_member' }
			]
		});
		elsewhere = await seedMeeting(sql, { name: 'Search elsewhere', rules, members: [{ key: 'other', role: 'chair' }] });
		const userOf = async (s: SeededMeeting, key: string) => (await membership.get(sql, s.membershipIds[key]!))!.userId;
		chairId = await userOf(seeded, 'chair');
		member = await membership.actorFor(sql, { id: await userOf(seeded, 'member'), isAdministrator: false });
		outsider = await membership.actorFor(sql, { id: await userOf(elsewhere, 'other'), isAdministrator: false });
		secretariatCookie = seeded.cookies.secretariat!;
		await markPresent(sql, seeded, ['chair', 'member']);

		// The meeting in progress: a Part A and a Part B decision, and terms of reference adopted.
		const termsName = `terms-of-reference:${seeded.bodyId}`;
		await writeParagraph(sql, termsName, sectionFragment('purpose'), `To oversee the ${WORDS.termsAdopted} programme.`);
		const version = unwrap(await sql.begin((tx) => documentVersion.create(tx, termsName, 'For adoption', chairId)));
		await sql.begin(async (tx) => {
			const partB = unwrap(await meeting.addItem(tx, seeded.meetingId, { title: 'A confidential contract', purpose: 'decision', presenter: '', minutesAllotted: 10, part: 'B', parentId: null }, chairId));
			const proposedTerms = unwrap(await adoption.propose(tx, version.id, seeded.meetingId, chairId));
			const decide = async (itemId: string, text: string) => {
				unwrap(await meeting.setCurrentItem(tx, seeded.meetingId, itemId, chairId));
				const proposed = unwrap(
					await motion.propose(tx, itemId, { text, category: 'procedural', valuePence: 0n, procedural: true, proposer: null, seconder: null, noticeGivenOn: null }, chairId)
				);
				unwrap(await motion.callConsensus(tx, proposed.id, { indicative: false }, chairId));
				unwrap(await motion.recordConsensus(tx, proposed.id, chairId));
			};
			await decide(seeded.decisionItemId, `That the ${WORDS.decisionA} strategy is approved`);
			await decide(partB.id, `That the ${WORDS.decisionB} contract is let`);
			unwrap(await meeting.setCurrentItem(tx, seeded.meetingId, proposedTerms.itemId, chairId));
			unwrap(await motion.callConsensus(tx, proposedTerms.motionId, { indicative: false }, chairId));
			unwrap(await motion.recordConsensus(tx, proposedTerms.motionId, chairId));
		});
		expect((await documentVersion.get(sql, version.id))!.inForce).toBe(true);
		// Edited after adoption: what the terms say now is not what is in force.
		await writeParagraph(sql, termsName, sectionFragment('purpose'), `And the ${WORDS.termsDraft} review.`);
		unwrap(await sql.begin((tx) => commentThread.startThread(tx, member, { anchor: { kind: 'document', docName: termsName, label: 'Purpose' }, text: `What about the ${WORDS.comment} budget?` })));

		// The next meeting, scheduled: its agenda and papers are not published until notice is issued.
		const next = unwrap(
			await sql.begin((tx) =>
				meeting.schedule(tx, seeded.bodyId, { title: 'The next meeting', startsAt: new Date(Date.now() + 7 * 86_400_000), endsAt: new Date(Date.now() + 7 * 86_400_000 + 7_200_000), place: '', videoLink: '' }, chairId)
			)
		);
		nextMeetingId = next.id;
		const { itemA, itemB } = await sql.begin(async (tx) => {
			const itemA = unwrap(await meeting.addItem(tx, next.id, { title: `Finance report ${WORDS.itemTitle} ${MARKUP}`, purpose: 'discussion', presenter: 'Finance lead', minutesAllotted: 10, part: 'A', parentId: null }, chairId));
			const itemB = unwrap(await meeting.addItem(tx, next.id, { title: 'Settlement', purpose: 'decision', presenter: '', minutesAllotted: 10, part: 'B', parentId: null }, chairId));
			unwrap(await meeting.recordDiscussion(tx, itemA.id, `Members raised the ${WORDS.discussion} question.`, chairId));
			return { itemA, itemB };
		});
		papers.pdfA = await upload(
			itemA.id,
			new File([new Uint8Array(await pdfWith(`The oversight group commissioned a ${WORDS.pdfPartA} telemetry pilot across three sites.`))], 'telemetry.pdf', { type: 'application/pdf' })
		);
		papers.pdfB = await upload(itemB.id, new File([new Uint8Array(await pdfWith(`Confidential: the ${WORDS.pdfPartB} settlement figure.`))], 'settlement.pdf', { type: 'application/pdf' }));
		papers.docxA = await upload(
			itemA.id,
			// Browsers often send a Word file with no type: it is recognised by its name and contents.
			new File([new Uint8Array(await docxWith(`The ${WORDS.docxPartA} pathway is on track.`))], 'pathway.docx', { type: '' })
		);

		// The meeting in progress closes, with its minutes written, and they are approved at the next.
		await sql.begin(async (tx) => unwrap(await minutes.openDraft(tx, seeded.meetingId)));
		await writeParagraph(sql, minutesDocumentName(seeded.meetingId), MINUTES_PART_A, `The ${WORDS.approvedA} report was noted.`);
		await writeParagraph(sql, minutesDocumentName(seeded.meetingId), MINUTES_PART_B, `The ${WORDS.approvedB} negotiation was discussed.`);
		await sql.begin(async (tx) => {
			unwrap(await meeting.setStatus(tx, seeded.meetingId, 'closed', chairId));
			unwrap(await minutes.approve(tx, seeded.meetingId, next.id, chairId));
		});
		// The next meeting's minutes are a draft from the start.
		await sql.begin(async (tx) => unwrap(await minutes.openDraft(tx, next.id)));
		await writeParagraph(sql, minutesDocumentName(next.id), MINUTES_PART_A, `The ${WORDS.draftA} item was deferred.`);
		await writeParagraph(sql, minutesDocumentName(next.id), MINUTES_PART_B, `The ${WORDS.draftB} figure was agreed.`);
	}, 180_000);
	afterAll(async () => portal?.close());

	it('reads the words of uploaded PDF and Word papers, and finds them for a member in any form of the word', async () => {
		const [stored] = await sql<{ textContent: string }[]>`select text_content from papers where id = ${papers.pdfA}`;
		expect(stored!.textContent).toContain(WORDS.pdfPartA);
		const results = await found(member, `commissioning ${WORDS.pdfPartA}`);
		const paper = results.find((r) => r.kind === 'paper');
		expect(paper).toMatchObject({ title: 'telemetry.pdf', url: `/papers/${papers.pdfA}`, confidential: false, bodyName: expect.stringContaining('Search') });
		expect(paper!.snippet.filter((part) => part.match).map((part) => part.text)).toEqual(expect.arrayContaining(['commissioned', WORDS.pdfPartA]));
		expect(await found(member, WORDS.docxPartA)).toEqual([expect.objectContaining({ kind: 'paper', title: 'pathway.docx', url: `/papers/${papers.docxA}` })]);
	});

	it('gives a member every kind of their body’s business, Part B too, each linked to where they read it', async () => {
		const has = async (q: string, expected: Partial<SearchResult> & Record<string, unknown>) => expect(await found(member, q), q).toContainEqual(expect.objectContaining(expected));
		await has(WORDS.pdfPartB, { kind: 'paper', url: `/papers/${papers.pdfB}`, confidential: true });
		await has(WORDS.discussion, { kind: 'agenda_item', url: `/meetings/${nextMeetingId}`, confidential: false });
		await has(WORDS.decisionB, { kind: 'decision', url: expect.stringMatching(/^\/decisions\//), confidential: true });
		await has(WORDS.approvedB, { kind: 'minutes', url: `/meetings/${seeded.meetingId}/minutes`, confidential: true });
		await has(WORDS.draftA, { kind: 'minutes', url: `/meetings/${nextMeetingId}/minutes`, confidential: false });
		await has(WORDS.draftB, { kind: 'minutes', url: `/meetings/${nextMeetingId}/minutes`, confidential: true });
		await has(WORDS.termsDraft, { kind: 'document', title: 'Terms of reference', url: `/bodies/${seeded.bodyId}/documents/terms-of-reference` });
		await has(WORDS.comment, { kind: 'comment', title: 'Comment on the terms of reference', url: `/bodies/${seeded.bodyId}/documents/terms-of-reference` });
	});

	it('finds what was written a moment ago in a co-edited document: the search reads it again when it has changed', async () => {
		expect(await found(member, WORDS.termsLater)).toEqual([]);
		await writeParagraph(sql, `terms-of-reference:${seeded.bodyId}`, sectionFragment('quorum'), `Two members and the ${WORDS.termsLater} lead.`);
		expect(await found(member, WORDS.termsLater)).toEqual([expect.objectContaining({ kind: 'document', snippet: expect.arrayContaining([{ text: WORDS.termsLater, match: true }]) })]);
	});

	it('finds a Part A paper for the public only once notice is issued, then links it to the public record', async () => {
		expect(await found(null, WORDS.pdfPartA)).toEqual([]);
		expect(await found(null, WORDS.itemTitle)).toEqual([]);
		unwrap(await sql.begin((tx) => meeting.recordNoticeIssued(tx, nextMeetingId, chairId)));
		expect(await found(null, `commissioning ${WORDS.pdfPartA}`)).toEqual([expect.objectContaining({ kind: 'paper', url: `/public/papers/${papers.pdfA}` })]);
		expect(await found(null, WORDS.docxPartA)).toEqual([expect.objectContaining({ kind: 'paper', url: `/public/papers/${papers.docxA}` })]);
		expect(await found(null, WORDS.itemTitle)).toEqual([expect.objectContaining({ kind: 'agenda_item', url: `/public/meetings/${nextMeetingId}` })]);
		expect(await found(null, WORDS.decisionA)).toContainEqual(expect.objectContaining({ kind: 'decision', url: expect.stringMatching(/^\/public\/decisions\//) }));
		expect(await found(null, WORDS.approvedA)).toEqual([expect.objectContaining({ kind: 'minutes', url: `/public/meetings/${seeded.meetingId}`, confidential: false })]);
		expect(await found(null, WORDS.termsAdopted)).toEqual([expect.objectContaining({ kind: 'document', url: `/public/bodies/${seeded.bodyId}/terms-of-reference` })]);
	});

	for (const [who, reader] of [
		['the public', () => null],
		['someone signed in who sits on another body', () => outsider]
	] as const) {
		it(`finds nothing confidential for ${who}: no Part B, notes, drafts, unadopted text or comments`, async () => {
			unwrap(await sql.begin((tx) => meeting.recordNoticeIssued(tx, nextMeetingId, chairId)));
			for (const word of [WORDS.pdfPartB, WORDS.decisionB, WORDS.approvedB, WORDS.discussion, WORDS.draftA, WORDS.draftB, WORDS.termsDraft, WORDS.termsLater, WORDS.comment]) {
				expect(await found(reader(), word), word).toEqual([]);
			}
			// Nor in the snippets of what it does find.
			const everything = await Promise.all([WORDS.pdfPartA, WORDS.itemTitle, WORDS.decisionA, WORDS.approvedA, WORDS.termsAdopted, 'finance', 'minutes', 'report'].map((q) => found(reader(), q)));
			const shown = texts(everything.flat());
			for (const word of [WORDS.pdfPartB, WORDS.decisionB, WORDS.approvedB, WORDS.discussion, WORDS.draftB, WORDS.termsDraft, WORDS.comment, '@example']) expect(shown).not.toContain(word);
			expect(everything.flat().length).toBeGreaterThan(0);
		});
	}

	it('finds no other body’s confidential business for a member, but their public record, linked to the public pages', async () => {
		expect(await found(outsider, WORDS.pdfPartA)).toEqual([expect.objectContaining({ kind: 'paper', url: `/public/papers/${papers.pdfA}` })]);
		expect(await found(outsider, WORDS.decisionA)).toContainEqual(expect.objectContaining({ kind: 'decision', url: expect.stringMatching(/^\/decisions\//) }));
	});

	it('says why a search of nothing or of common words only finds nothing, and cuts a long search', async () => {
		expect(await search.search(sql, member, '   ')).toMatchObject({ results: [], total: 0, message: 'Enter the words to search for.' });
		expect(await search.search(sql, null, 'the and of')).toMatchObject({ results: [], message: expect.stringMatching(/only common words/) });
		const long = await search.search(sql, member, `${WORDS.pdfPartA} ${'x'.repeat(400)}`);
		expect(long).toMatchObject({ shortened: true, message: null });
		expect(long.query).toHaveLength(MAX_QUERY_LENGTH);
		// A query is only ever words to find: operators and quotes that do not pair up are no error.
		expect((await search.search(sql, member, `"${WORDS.pdfPartA} & | ! (( :* '`)).message).toBeNull();
		expect(await search.search(sql, member, `${WORDS.pdfPartA} -telemetry`)).toMatchObject({ results: [], message: null });
	});

	it('shows the search over HTTP: the member’s page marks the match, the public page shows markup in the text as text', async () => {
		const memberPage = await fetch(`${portal.url}/search?q=${encodeURIComponent(`commissioning ${WORDS.pdfPartA}`)}`, { headers: { cookie: seeded.cookies.member! } });
		expect(memberPage.status).toBe(200);
		const memberHtml = await memberPage.text();
		expect(memberHtml).toContain('<h1>Search</h1>');
		expect(memberHtml).toContain(`<mark>${WORDS.pdfPartA}</mark>`);
		expect(memberHtml).toContain(`href="/papers/${papers.pdfA}"`);

		const signedOut = await fetch(`${portal.url}/search?q=x`, { redirect: 'manual' });
		expect(signedOut.status).toBe(303);

		const publicPage = await fetch(`${portal.url}/public/search?q=${WORDS.itemTitle}`);
		expect(publicPage.status).toBe(200);
		const publicHtml = await publicPage.text();
		expect(publicHtml).toContain('Search the public record');
		expect(publicHtml).toContain(`<mark>${WORDS.itemTitle}</mark>`);
		expect(publicHtml).not.toContain('<img src=x');
		expect(publicHtml).toContain('&lt;img src=x onerror=alert(1)>');

		const none = await (await fetch(`${portal.url}/public/search?q=${WORDS.pdfPartB}`)).text();
		expect(none).toContain(`No results for “${WORDS.pdfPartB}”`);
		expect(none).not.toContain('settlement.pdf');
	});

	it('keeps markup in a snippet as plain text parts', async () => {
		const [item] = await found(member, WORDS.itemTitle);
		expect(item!.snippet).toContainEqual({ text: WORDS.itemTitle, match: true });
		expect(item!.snippet.map((part) => part.text).join('')).toContain(MARKUP);
	});
});
