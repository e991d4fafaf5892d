import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Actor } from '../../src/lib/domain/policy';
import { mentionToken } from '../../src/lib/domain/mention';
import * as commentThread from '../../src/lib/server/comment-thread';
import * as consultation from '../../src/lib/server/consultation';
import type { Tx } from '../../src/lib/server/db';
import { createPostgresStorage } from '../../src/lib/server/document-storage';
import * as documentVersion from '../../src/lib/server/document-version';
import { renderDocx } from '../../src/lib/server/export/docx';
import { renderPdf } from '../../src/lib/server/export/pdf';
import * as jobs from '../../src/lib/server/jobs';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import * as notification from '../../src/lib/server/notification';
import { consultationHandlers } from '../../src/lib/server/scheduled-work';
import { seedBody, type Seat, type SeededBody } from '../helpers/collab';
import { newDatabase, quietLog, type TestDatabase } from '../helpers/database';

function unwrap<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
	if (!result.ok) throw new Error(`Expected success, got: ${result.reason}`);
	return result.value;
}

const HOUR = 3_600_000;

describe('consultation windows', () => {
	let db: TestDatabase;
	let seeded: SeededBody;
	const actors = {} as Record<Seat, Actor>;
	let termsName: string;
	let prioritiesName: string;
	let meetingId: string;
	let itemId: string;
	let paperId: string;
	const begin = <T>(work: (tx: Tx) => Promise<T>) => db.sql.begin(work) as Promise<T>;
	const inbox = (seat: Seat) => notification.list(db.sql, seeded.userIds[seat]);
	/** The closing time comes: the window's close is moved to this moment, as the clock would bring it. */
	const closeNow = (id: string) => db.sql`update consultations set closes_at = now() where id = ${id}`;

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedBody(db.sql, ['administrator', 'chair', 'secretariat', 'voting_member', 'ppv_representative', 'observer', 'outsider']);
		for (const seat of Object.keys(seeded.userIds) as Seat[]) {
			actors[seat] = await membership.actorFor(db.sql, { id: seeded.userIds[seat], isAdministrator: seat === 'administrator' });
		}
		termsName = `terms-of-reference:${seeded.bodyId}`;
		prioritiesName = `priorities:${seeded.bodyId}:2026-27`;
		const chairId = seeded.userIds.chair;
		meetingId = unwrap(
			await begin((tx) => meeting.schedule(tx, seeded.bodyId, { title: 'June meeting', startsAt: new Date(Date.now() + 10 * 86_400_000), endsAt: new Date(Date.now() + 10 * 86_400_000 + 2 * HOUR), place: '', videoLink: '' }, chairId))
		).id;
		itemId = unwrap(await begin((tx) => meeting.addItem(tx, meetingId, { title: 'Cardiac surgery', purpose: 'decision', presenter: '', minutesAllotted: 10, part: 'A', parentId: null }, chairId))).id;
		paperId = unwrap(await begin((tx) => meeting.addPaper(tx, itemId, { filename: 'cardiac.pdf', contentType: 'application/pdf', content: new Uint8Array([37, 80, 68, 70]), text: '' }, chairId))).id;
	});
	afterAll(async () => db?.close());

	it('takes comments while open, refuses them after the closing time naming it, and packs them with roles and responses', async () => {
		// The terms of reference have a section to consult on.
		const doc = new Y.Doc();
		const paragraph = new Y.XmlElement('paragraph');
		const words = new Y.XmlText();
		words.insert(0, 'Six members make a quorum.');
		paragraph.insert(0, [words]);
		doc.getXmlFragment('section:quorum').insert(0, [paragraph]);
		await createPostgresStorage(db.sql).append(termsName, Y.encodeStateAsUpdate(doc));
		const draft = unwrap(await begin((tx) => documentVersion.create(tx, termsName, 'Draft for consultation', seeded.userIds.secretariat)));
		const opened = unwrap(
			await begin((tx) =>
				consultation.open(tx, actors.secretariat, seeded.bodyId, { title: 'Draft terms of reference', subject: { kind: 'document_version', versionId: draft.id }, closesAt: new Date(Date.now() + 48 * HOUR) }, new Date(Date.now() - HOUR))
			)
		);
		expect(opened.subject).toBe('Terms of reference, version ‘Draft for consultation’');
		// Everyone on the body hears it has opened, with a link to it; the one who opened it does not.
		const told = (await inbox('ppv_representative')).filter((n) => n.kind === 'consultation_opened');
		expect(told.map((n) => n.link)).toEqual([`/bodies/${seeded.bodyId}/consultations/${opened.id}`]);
		expect((await inbox('secretariat')).filter((n) => n.kind === 'consultation_opened')).toEqual([]);

		const ppv = actors.ppv_representative;
		const onCell = unwrap(
			await begin((tx) =>
				commentThread.startThread(tx, ppv, {
					anchor: { kind: 'document', docName: termsName, label: 'Quorum' },
					text: `Patients should be consulted, not informed. ${mentionToken({ id: seeded.userIds.chair, name: 'Chair' })} please look.`
				})
			)
		);
		unwrap(await begin((tx) => commentThread.reply(tx, actors.chair, onCell.threadId, 'Thank you: we will answer in the pack.')));
		unwrap(await begin((tx) => commentThread.reply(tx, actors.administrator, onCell.threadId, 'Noted for the chair.')));
		unwrap(await begin((tx) => commentThread.reply(tx, actors.voting_member, onCell.threadId, 'I agree with the PPV representative.')));
		// A comment deleted by its author is not in the pack.
		const withdrawn = unwrap(await begin((tx) => commentThread.reply(tx, ppv, onCell.threadId, 'A typo')));
		unwrap(await begin((tx) => commentThread.remove(tx, ppv, withdrawn.commentId)));

		// Responses wait for the close.
		const early = await begin((tx) => consultation.respond(tx, actors.secretariat, opened.id, onCell.commentId, { response: 'Changed', disposition: 'accepted', reason: 'Agreed' }));
		expect(early).toMatchObject({ ok: false, reason: expect.stringMatching(/^The consultation is open until .+: responses are written once it has closed$/) });

		await closeNow(opened.id);
		const afterClose = await begin((tx) =>
			commentThread.startThread(tx, ppv, { anchor: { kind: 'document', docName: termsName, label: 'Membership' }, text: 'One more thing' })
		);
		const closedAt = (await consultation.get(db.sql, opened.id))!.closesAt;
		expect(afterClose).toEqual({ ok: false, reason: `The consultation “Draft terms of reference” closed at ${consultation.describeClosing(closedAt)}: comments on it are no longer taken` });
		const lateReply = await begin((tx) => commentThread.reply(tx, actors.voting_member, onCell.threadId, 'And another'));
		expect(lateReply).toMatchObject({ ok: false, reason: expect.stringContaining('closed at') });
		// Other documents of the body are not under the consultation.
		unwrap(await begin((tx) => commentThread.startThread(tx, ppv, { anchor: { kind: 'document', docName: prioritiesName }, text: 'On the plan' })));

		// The pack: the PPV representative's and the member's comments, with their roles; not the chair's or the administrator's replies.
		const read = unwrap(await consultation.pack(db.sql, actors.secretariat, opened.id));
		expect(read.stage).toBe('closed');
		expect(read.entries.map((e) => [e.authorName, e.authorRoles, e.on])).toEqual([
			['The ppv representative', ['Patient and public voice (PPV) representative'], 'Quorum'],
			['The voting member', ['Voting member'], 'Quorum']
		]);
		expect(read.entries[0]!.said).toBe('Patients should be consulted, not informed. @The chair please look.');

		// A response names each field it lacks, and changes nothing.
		const bad = await begin((tx) => consultation.respond(tx, actors.secretariat, opened.id, onCell.commentId, { response: ' ', disposition: 'maybe', reason: '' }));
		expect(bad).toMatchObject({ ok: false, errors: { response: expect.any(String), disposition: expect.any(String), reason: expect.any(String) } });
		expect(await begin((tx) => consultation.respond(tx, ppv, opened.id, onCell.commentId, { response: 'x', disposition: 'accepted', reason: 'y' }))).toMatchObject({ ok: false, refused: true });

		// Publishing waits for every response.
		const [first, second] = read.entries;
		unwrap(await begin((tx) => consultation.respond(tx, actors.secretariat, opened.id, first!.commentId, { response: 'Patients’ representatives now count towards the quorum.', disposition: 'accepted', reason: 'The voice of patients belongs in every decision.' })));
		const waiting = await begin((tx) => consultation.publish(tx, actors.secretariat, opened.id, meetingId));
		expect(waiting).toMatchObject({ ok: false, reason: '1 comment still needs a response before the pack can be published' });
		unwrap(await begin((tx) => consultation.respond(tx, actors.secretariat, opened.id, second!.commentId, { response: 'As above.', disposition: 'partly_accepted', reason: 'Covered by the first change.' })));

		// Until published, readers other than the responders do not see the responses.
		const beforePublish = unwrap(await consultation.pack(db.sql, ppv, opened.id));
		expect(beforePublish.entries.map((e) => [e.mine, e.response])).toEqual([[true, null], [false, null]]);

		const published = unwrap(await begin((tx) => consultation.publish(tx, actors.secretariat, opened.id, meetingId)));
		const agenda = await meeting.wholeAgenda(db.sql, meetingId);
		const packItem = agenda.find((i) => i.id === published.agendaItemId)!;
		expect(packItem).toMatchObject({ title: 'You said, we did: Draft terms of reference', purpose: 'information', part: 'A' });
		const [paper] = await db.sql<{ filename: string; contentType: string; textContent: string; content: Buffer }[]>`
			select filename, content_type, text_content, content from papers where id = ${published.paperId}`;
		expect(paper).toMatchObject({ filename: 'you-said-we-did-draft-terms-of-reference.pdf', contentType: 'application/pdf' });
		expect(paper!.content.subarray(0, 5).toString()).toBe('%PDF-');
		expect(paper!.textContent).toContain('We did: Accepted.');
		expect(paper!.textContent).toContain('Reason: The voice of patients belongs in every decision.');
		expect(paper!.textContent).toContain('The ppv representative, Patient and public voice (PPV) representative, on Quorum');

		// The commenters are told, once each; after publication everyone reads the responses, and they are fixed.
		for (const seat of ['ppv_representative', 'voting_member'] as const) {
			const response = (await inbox(seat)).filter((n) => n.kind === 'consultation_response');
			expect(response.map((n) => [n.title, n.link])).toEqual([[`The response to your 1 comment on “Draft terms of reference” is published`, `/bodies/${seeded.bodyId}/consultations/${opened.id}`]]);
		}
		expect((await inbox('chair')).filter((n) => n.kind === 'consultation_response')).toEqual([]);
		const afterPublish = unwrap(await consultation.pack(db.sql, ppv, opened.id));
		expect(afterPublish.stage).toBe('published');
		expect(afterPublish.entries.map((e) => e.response?.disposition)).toEqual(['accepted', 'partly_accepted']);
		expect(await begin((tx) => consultation.respond(tx, actors.secretariat, opened.id, first!.commentId, { response: 'x', disposition: 'accepted', reason: 'y' }))).toMatchObject({
			ok: false,
			reason: 'The pack has been published: its responses are on the record and cannot be changed'
		});
		expect(await begin((tx) => consultation.publish(tx, actors.secretariat, opened.id, meetingId))).toMatchObject({ ok: false, reason: 'The pack has already been published' });

		// The pack exports to PDF and Word.
		const file = unwrap(await consultation.packExport(db.sql, ppv, opened.id));
		expect((await renderPdf(file)).subarray(0, 5).toString()).toBe('%PDF-');
		expect((await renderDocx(file)).subarray(0, 2).toString()).toBe('PK');

		expect((await consultation.noticesFor(db.sql, { docName: termsName })).map((n) => [n.title, n.open])).toEqual([['Draft terms of reference', false]]);
		// Once a new version of the document is saved, comments on the draft are taken again.
		unwrap(await begin((tx) => documentVersion.create(tx, termsName, 'After consultation', seeded.userIds.secretariat)));
		expect(await consultation.noticesFor(db.sql, { docName: termsName })).toEqual([]);
		unwrap(await begin((tx) => commentThread.startThread(tx, ppv, { anchor: { kind: 'document', docName: termsName }, text: 'On the new draft' })));
	});

	it('covers a set of agenda items with their papers and motions, and only them', async () => {
		const other = unwrap(await begin((tx) => meeting.addItem(tx, meetingId, { title: 'Estates', purpose: 'discussion', presenter: '', minutesAllotted: 10, part: 'A', parentId: null }, seeded.userIds.chair))).id;
		const opened = unwrap(
			await begin((tx) =>
				consultation.open(tx, actors.chair, seeded.bodyId, { title: 'Cardiac proposals', subject: { kind: 'agenda_items', itemIds: [itemId] }, closesAt: new Date(Date.now() + 48 * HOUR) }, new Date(Date.now() - HOUR))
			)
		);
		expect(opened.subject).toBe('the item “Cardiac surgery” of June meeting');
		const notices = () => consultation.noticesFor(db.sql, { meetingId });
		expect((await notices()).map((n) => [n.title, n.open])).toEqual([['Cardiac proposals', true]]);
		const ppv = actors.ppv_representative;
		unwrap(await begin((tx) => commentThread.startThread(tx, ppv, { anchor: { kind: 'paper', paperId }, text: 'On the paper' })));
		unwrap(await begin((tx) => commentThread.startThread(tx, ppv, { anchor: { kind: 'agenda_item', agendaItemId: itemId }, text: 'On the item' })));
		await closeNow(opened.id);
		expect((await notices()).map((n) => [n.title, n.open])).toEqual([['Cardiac proposals', false]]);
		expect(await begin((tx) => commentThread.startThread(tx, ppv, { anchor: { kind: 'paper', paperId }, text: 'Late' }))).toMatchObject({ ok: false, reason: expect.stringContaining('“Cardiac proposals” closed at') });
		unwrap(await begin((tx) => commentThread.startThread(tx, ppv, { anchor: { kind: 'agenda_item', agendaItemId: other }, text: 'Another item is not consulted on' })));
		const read = unwrap(await consultation.pack(db.sql, actors.chair, opened.id));
		expect(read.entries.map((e) => e.said)).toEqual(['On the paper', 'On the item']);
	});

	it('is opened only by the chair, vice-chair or secretariat, on the body’s own public business, closing in the future', async () => {
		const subject = { kind: 'paper' as const, paperId };
		const closesAt = new Date(Date.now() + HOUR);
		expect(await begin((tx) => consultation.open(tx, actors.ppv_representative, seeded.bodyId, { title: 'T', subject, closesAt }))).toMatchObject({ ok: false, refused: true });
		expect(await begin((tx) => consultation.open(tx, actors.chair, seeded.bodyId, { title: ' ', subject, closesAt: new Date(Date.now() - 1000) }))).toMatchObject({
			ok: false,
			errors: { title: expect.any(String), closesAt: expect.stringMatching(/^The closing time must be in the future/) }
		});
		const partB = unwrap(await begin((tx) => meeting.addItem(tx, meetingId, { title: 'Contract', purpose: 'decision', presenter: '', minutesAllotted: 10, part: 'B', parentId: null }, seeded.userIds.chair))).id;
		expect(await begin((tx) => consultation.open(tx, actors.chair, seeded.bodyId, { title: 'T', subject: { kind: 'agenda_items', itemIds: [partB] }, closesAt }))).toMatchObject({
			ok: false,
			errors: { itemIds: expect.stringContaining('Part B') }
		});
		expect(await db.sql`select 1 from consultations where title = 'T'`).toHaveLength(0);
	});

	it('closes by the clock exactly once, and tells the body a day before', async () => {
		const now = new Date();
		const closesAt = new Date(now.getTime() + 30 * HOUR);
		const opened = unwrap(await begin((tx) => consultation.open(tx, actors.chair, seeded.bodyId, { title: 'Clock', subject: { kind: 'paper', paperId }, closesAt }, now)));
		await jobs.runDue(db.sql, consultationHandlers(), quietLog, { now: new Date(closesAt.getTime() - 25 * HOUR) });
		expect((await inbox('voting_member')).filter((n) => n.kind === 'consultation_closing' && n.link.endsWith(opened.id))).toEqual([]);
		await jobs.runDue(db.sql, consultationHandlers(), quietLog, { now: new Date(closesAt.getTime() - 23 * HOUR) });
		expect((await inbox('voting_member')).filter((n) => n.kind === 'consultation_closing' && n.link.endsWith(opened.id))).toHaveLength(1);
		expect((await consultation.get(db.sql, opened.id))!.closedAt).toBeNull();
		await jobs.runDue(db.sql, consultationHandlers(), quietLog, { now: new Date(closesAt.getTime() + 1000) });
		await jobs.runDue(db.sql, consultationHandlers(), quietLog, { now: new Date(closesAt.getTime() + 2000) });
		expect((await consultation.get(db.sql, opened.id))!.closedAt).toEqual(closesAt);
		const audited = await db.sql`select 1 from audit_log where action = 'consultation.close' and entity_id = ${opened.id}`;
		expect(audited).toHaveLength(1);
	});
});
