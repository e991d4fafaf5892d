import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentionToken } from '../../src/lib/domain/mention';
import type { Actor } from '../../src/lib/domain/policy';
import * as commentThread from '../../src/lib/server/comment-thread';
import type { Tx } from '../../src/lib/server/db';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import * as notification from '../../src/lib/server/notification';
import * as search from '../../src/lib/server/search';
import * as user from '../../src/lib/server/user';
import * as urgentAction from '../../src/lib/server/urgent-action';
import * as writtenResolution from '../../src/lib/server/written-resolution';
import type { GovernanceRulesInput } from '../../src/lib/domain/governance';
import { seedBody, type Seat, type SeededBody } from '../helpers/collab';
import { seedMeeting } from '../helpers/meeting-fixture';
import { MIGRATIONS_DIR, newDatabase, quietLog, type TestDatabase } from '../helpers/database';
import { migrate } from '../../src/lib/server/migrate';

function unwrap<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
	if (!result.ok) throw new Error(`Expected success, got: ${result.reason}`);
	return result.value;
}

describe('comment threads', () => {
	let db: TestDatabase;
	let seeded: SeededBody;
	const actors = {} as Record<Seat, Actor>;
	let raciName: string;
	let prioritiesName: string;
	let termsName: string;
	let meetingId: string;
	let itemId: string;
	let paperId: string;
	const begin = <T>(work: (tx: Tx) => Promise<T>) => db.sql.begin(work) as Promise<T>;
	const inbox = (seat: Seat) => notification.list(db.sql, seeded.userIds[seat]);

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedBody(db.sql, ['administrator', 'chair', 'secretariat', 'voting_member', 'ppv_representative', 'observer', 'outsider']);
		for (const seat of Object.keys(seeded.userIds) as Seat[]) {
			actors[seat] = await membership.actorFor(db.sql, { id: seeded.userIds[seat], isAdministrator: seat === 'administrator' });
		}
		raciName = `raci:${seeded.bodyId}`;
		prioritiesName = `priorities:${seeded.bodyId}:2026-27`;
		termsName = `terms-of-reference:${seeded.bodyId}`;
		const chairId = seeded.userIds.chair;
		const scheduled = unwrap(
			await begin((tx) => meeting.schedule(tx, seeded.bodyId, { title: 'June meeting', startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 90_000_000), place: '', videoLink: '' }, chairId))
		);
		meetingId = scheduled.id;
		itemId = unwrap(await begin((tx) => meeting.addItem(tx, meetingId, { title: 'Cardiac surgery', purpose: 'decision', presenter: '', minutesAllotted: 10, part: 'A', parentId: null }, chairId))).id;
		paperId = unwrap(await begin((tx) => meeting.addPaper(tx, itemId, { filename: 'cardiac.pdf', contentType: 'application/pdf', content: new Uint8Array([37, 80, 68, 70]), text: '' }, chairId))).id;
	});
	afterAll(async () => db?.close());

	it('a PPV representative comments on a RACI cell, a priority and a paper; the chair replies and resolves', async () => {
		const ppv = actors.ppv_representative;
		const onCell = unwrap(
			await begin((tx) =>
				commentThread.startThread(tx, ppv, { anchor: { kind: 'raci_cell', docName: raciName, rowId: 'needs-assessment', columnId: 'patients', label: 'Needs assessment – Patients and public' }, text: 'Patients should be **consulted**, not just informed.' })
			)
		);
		const onPriority = unwrap(
			await begin((tx) => commentThread.startThread(tx, ppv, { anchor: { kind: 'priority', docName: prioritiesName, priorityId: 'p1', field: 'milestones', label: 'Cardiac surgery: milestones' }, text: 'When will patients see the milestones?' }))
		);
		const onPaper = unwrap(await begin((tx) => commentThread.startThread(tx, ppv, { anchor: { kind: 'paper', paperId }, text: 'The paper does not say how travel costs are met.' })));

		for (const thread of [onCell, onPriority, onPaper]) {
			unwrap(await begin((tx) => commentThread.reply(tx, actors.chair, thread.threadId, 'Thank you: we will take this to the next meeting.')));
			unwrap(await begin((tx) => commentThread.resolve(tx, actors.chair, thread.threadId)));
		}

		const raci = unwrap(await commentThread.listForDocument(db.sql, actors.voting_member, raciName));
		expect(raci).toHaveLength(1);
		expect(raci[0]).toMatchObject({
			id: onCell.threadId,
			label: 'Needs assessment – Patients and public',
			anchor: { kind: 'raci_cell', key: 'needs-assessment', field: 'patients' },
			startedByName: 'The ppv representative',
			resolvedByName: 'The chair',
			link: `/bodies/${seeded.bodyId}/documents/raci#thread-${onCell.threadId}`
		});
		expect(raci[0]!.resolvedAt).toBeInstanceOf(Date);
		expect(raci[0]!.comments.map((c) => [c.authorName, c.html])).toEqual([
			['The ppv representative', '<p>Patients should be <strong>consulted</strong>, not just informed.</p>\n'],
			['The chair', '<p>Thank you: we will take this to the next meeting.</p>\n']
		]);
		const priorities = unwrap(await commentThread.listForDocument(db.sql, actors.voting_member, prioritiesName, 'resolved'));
		expect(priorities.map((t) => [t.anchor.key, t.anchor.field])).toEqual([['p1', 'milestones']]);
		expect(unwrap(await commentThread.listForDocument(db.sql, actors.voting_member, prioritiesName, 'open'))).toEqual([]);

		const ofMeeting = unwrap(await commentThread.listForMeeting(db.sql, actors.observer, meetingId));
		expect(ofMeeting.map((t) => [t.label, t.link])).toEqual([['Paper cardiac.pdf (Cardiac surgery)', `/meetings/${meetingId}/comments#thread-${onPaper.threadId}`]]);

		const ofPerson = await commentThread.listForPerson(db.sql, ppv, 'resolved');
		expect(ofPerson.map((t) => t.id)).toEqual([onCell.threadId, onPriority.threadId, onPaper.threadId]);
		expect(await commentThread.listForPerson(db.sql, ppv, 'open')).toEqual([]);
		expect((await commentThread.listForPerson(db.sql, actors.chair)).map((t) => t.id)).toEqual([onCell.threadId, onPriority.threadId, onPaper.threadId]);

		// The PPV representative hears of each reply, once, with a link straight to the thread.
		const replies = (await inbox('ppv_representative')).filter((n) => n.kind === 'reply');
		expect(replies.map((n) => n.link).sort()).toEqual(
			[`/bodies/${seeded.bodyId}/documents/raci#thread-${onCell.threadId}`, `/bodies/${seeded.bodyId}/documents/priorities/2026-27#thread-${onPriority.threadId}`, `/meetings/${meetingId}/comments#thread-${onPaper.threadId}`].sort()
		);
		expect(replies[0]!.title).toMatch(/^The chair replied on /);
		expect((await inbox('chair')).filter((n) => n.kind === 'reply')).toEqual([]);
	});

	it('refuses observers unless the body allows them, and people outside the body always', async () => {
		const anchor = { kind: 'document' as const, docName: termsName };
		const refused = await begin((tx) => commentThread.startThread(tx, actors.observer, { anchor, text: 'An observer’s view' }));
		expect(refused).toEqual({ ok: false, refused: true, reason: 'Observers of this body do not comment: its terms of reference do not provide for it.' });
		const outsider = await begin((tx) => commentThread.startThread(tx, actors.outsider, { anchor, text: 'From elsewhere' }));
		expect(outsider).toMatchObject({ ok: false, refused: true });
		expect(await commentThread.listForDocument(db.sql, actors.outsider, termsName)).toMatchObject({ ok: false, refused: true });

		// Only those who edit the body change the setting.
		expect(await begin((tx) => commentThread.setObserversMayComment(tx, actors.ppv_representative, seeded.bodyId, true))).toMatchObject({ ok: false, refused: true });
		unwrap(await begin((tx) => commentThread.setObserversMayComment(tx, actors.secretariat, seeded.bodyId, true)));
		const allowed = unwrap(await begin((tx) => commentThread.startThread(tx, actors.observer, { anchor, text: 'An observer’s view' })));
		expect(unwrap(await commentThread.listForDocument(db.sql, actors.chair, termsName)).map((t) => t.id)).toContain(allowed.threadId);
		unwrap(await begin((tx) => commentThread.setObserversMayComment(tx, actors.secretariat, seeded.bodyId, false)));
		expect(await begin((tx) => commentThread.reply(tx, actors.observer, allowed.threadId, 'Again'))).toMatchObject({ ok: false, refused: true });
	});

	it('keeps the earlier text of an edit, and leaves "deleted" in the thread when its author deletes a comment', async () => {
		const started = unwrap(await begin((tx) => commentThread.startThread(tx, actors.voting_member, { anchor: { kind: 'agenda_item', agendaItemId: itemId }, text: 'First thoughts' })));
		const answered = unwrap(await begin((tx) => commentThread.reply(tx, actors.secretariat, started.threadId, 'Noted')));
		expect(await begin((tx) => commentThread.edit(tx, actors.secretariat, started.commentId, 'Hijacked'))).toEqual({ ok: false, refused: true, reason: 'Only the person who wrote a comment can edit it.' });
		expect(await begin((tx) => commentThread.remove(tx, actors.chair, started.commentId))).toMatchObject({ ok: false, refused: true });
		unwrap(await begin((tx) => commentThread.edit(tx, actors.voting_member, started.commentId, 'Second thoughts')));
		unwrap(await begin((tx) => commentThread.edit(tx, actors.voting_member, started.commentId, 'Third thoughts')));
		unwrap(await begin((tx) => commentThread.remove(tx, actors.secretariat, answered.commentId)));

		const thread = unwrap(await begin((tx) => commentThread.get(tx, actors.ppv_representative, started.threadId)));
		const [first, second] = thread.comments;
		expect(first!.html).toBe('<p>Third thoughts</p>\n');
		expect(first!.editedAt).toBeInstanceOf(Date);
		expect(first!.history.map((h) => h.html)).toEqual(['<p>First thoughts</p>\n', '<p>Second thoughts</p>\n']);
		expect(second).toMatchObject({ authorName: 'The secretariat', text: '', html: '', history: [] });
		expect(second!.deletedAt).toBeInstanceOf(Date);
		expect(await begin((tx) => commentThread.edit(tx, actors.secretariat, answered.commentId, 'Back'))).toMatchObject({ ok: false, reason: 'That comment is not there any more: reload the page' });
		const [words] = await db.sql<{ count: number }[]>`select count(*)::int as count from thread_comments where text like '%Noted%'`;
		expect(words!.count).toBe(0);
	});

	it('lets an author resolve and reopen their own thread, others only with moderation; replies wait for a reopened thread', async () => {
		const started = unwrap(await begin((tx) => commentThread.startThread(tx, actors.ppv_representative, { anchor: { kind: 'document', docName: termsName, label: 'Quorum' }, text: 'Is two enough?' })));
		const other = unwrap(await begin((tx) => commentThread.startThread(tx, actors.voting_member, { anchor: { kind: 'document', docName: termsName }, text: 'Mine' })));
		expect(await begin((tx) => commentThread.resolve(tx, actors.ppv_representative, other.threadId))).toMatchObject({ ok: false, refused: true });
		unwrap(await begin((tx) => commentThread.resolve(tx, actors.ppv_representative, started.threadId)));
		expect(await begin((tx) => commentThread.resolve(tx, actors.ppv_representative, started.threadId))).toEqual({ ok: false, reason: 'This thread is already resolved' });
		expect(await begin((tx) => commentThread.reply(tx, actors.chair, started.threadId, 'Late'))).toEqual({ ok: false, reason: 'This thread is resolved: reopen it to reply' });
		unwrap(await begin((tx) => commentThread.reopen(tx, actors.secretariat, started.threadId)));
		expect(await begin((tx) => commentThread.reopen(tx, actors.secretariat, started.threadId))).toEqual({ ok: false, reason: 'This thread is open already' });
		unwrap(await begin((tx) => commentThread.reply(tx, actors.chair, started.threadId, 'Reopened to answer')));
		const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from audit_log where entity_id = ${started.threadId} and action in ('comment_thread.resolve', 'comment_thread.reopen')`;
		expect(row!.count).toBe(2);
	});

	it('tells people mentioned who sit on the body, once, and refuses a mention of anyone else', async () => {
		const chair = { id: seeded.userIds.chair, name: 'The chair' };
		const text = `${mentionToken(chair)} and ${mentionToken({ id: seeded.userIds.secretariat, name: 'Whoever' })}, please look.`;
		const motion = await motionId();
		const started = unwrap(await begin((tx) => commentThread.startThread(tx, actors.ppv_representative, { anchor: { kind: 'motion', motionId: motion }, text })));
		const thread = unwrap(await commentThread.get(db.sql, actors.chair, started.threadId));
		expect(thread.comments[0]!.html).toBe('<p><span class="comment-mention">@The chair</span> and <span class="comment-mention">@The secretariat</span>, please look.</p>\n');
		for (const seat of ['chair', 'secretariat'] as const) {
			const mentions = (await inbox(seat)).filter((n) => n.kind === 'mention' && n.link.endsWith(started.threadId));
			expect(mentions).toHaveLength(1);
			expect(mentions[0]!.title).toMatch(/^The ppv representative mentioned you in a comment on Motion: /);
		}
		// Edited, mentioning the chair again: nobody is told twice.
		unwrap(await begin((tx) => commentThread.edit(tx, actors.ppv_representative, started.commentId, `${text} Thanks.`)));
		expect((await inbox('chair')).filter((n) => n.kind === 'mention' && n.link.endsWith(started.threadId))).toHaveLength(1);

		const outsider = mentionToken({ id: seeded.userIds.outsider, name: 'Someone Else' });
		const refused = await begin((tx) => commentThread.reply(tx, actors.chair, started.threadId, `Also ${outsider}`));
		expect(refused).toEqual({ ok: false, reason: 'You can only mention people who sit on this body: “Someone Else” does not. Choose people from the list as you type @.' });
		expect((await inbox('outsider')).filter((n) => n.kind === 'mention')).toEqual([]);
		// A reply tells the starter, but not again someone the reply mentions (they have the mention).
		unwrap(await begin((tx) => commentThread.reply(tx, actors.secretariat, started.threadId, `${mentionToken(chair)} over to you`)));
		const chairs = (await inbox('chair')).filter((n) => n.link.endsWith(started.threadId));
		expect(chairs.map((n) => n.kind).sort()).toEqual(['mention', 'mention']);
		expect((await inbox('ppv_representative')).filter((n) => n.kind === 'reply' && n.link.endsWith(started.threadId))).toHaveLength(1);
	});

	it('refuses empty and over-long comments, and anchors that are not there', async () => {
		const anchor = { kind: 'document' as const, docName: termsName };
		expect(await begin((tx) => commentThread.startThread(tx, actors.voting_member, { anchor, text: '  \n ' }))).toEqual({ ok: false, reason: 'Enter your comment' });
		expect(await begin((tx) => commentThread.startThread(tx, actors.voting_member, { anchor, text: 'x'.repeat(4001) }))).toEqual({ ok: false, reason: 'Enter a comment of at most 4000 characters: yours has 4001' });
		expect(await begin((tx) => commentThread.startThread(tx, actors.voting_member, { anchor: { kind: 'paper', paperId: '00000000-0000-4000-8000-000000000000' }, text: 'x' }))).toMatchObject({ ok: false });
		expect(await begin((tx) => commentThread.startThread(tx, actors.voting_member, { anchor: { kind: 'document', docName: 'raci:nobody' }, text: 'x' }))).toMatchObject({ ok: false });
	});

	it('finds comments on a meeting’s business in search, for the body’s people only, and not once deleted', async () => {
		const started = unwrap(await begin((tx) => commentThread.startThread(tx, actors.voting_member, { anchor: { kind: 'agenda_item', agendaItemId: itemId }, text: 'What about the axolotl budget?' })));
		const found = await begin((tx) => search.search(tx, actors.ppv_representative, 'axolotl'));
		expect(found.results.map((r) => [r.kind, r.title, r.url, r.confidential])).toEqual([['comment', 'Comment on June meeting', `/meetings/${meetingId}/comments`, false]]);
		expect((await begin((tx) => search.search(tx, actors.outsider, 'axolotl'))).results).toEqual([]);
		expect((await begin((tx) => search.search(tx, null, 'axolotl'))).results).toEqual([]);
		unwrap(await begin((tx) => commentThread.remove(tx, actors.voting_member, started.commentId)));
		expect((await begin((tx) => search.search(tx, actors.ppv_representative, 'axolotl'))).results).toEqual([]);
	});

	async function motionId(): Promise<string> {
		const [row] = await db.sql<{ id: string }[]>`
			insert into motions (agenda_item_id, text, category) values (${itemId}, 'That cardiac surgery be consolidated into three centres', 'service_change') returning id`;
		return row!.id;
	}
});

describe('comment threads on decisions taken between meetings', () => {
	const RULES: GovernanceRulesInput = {
		schemaVersion: 1,
		quorum: { minimumCount: 2, deputiesCount: true },
		voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] },
		writtenResolutions: { allowed: true, categories: ['service_review'], minimumResponse: { minimumFraction: { fraction: '1/2', comparison: 'at_least' } } },
		urgentAction: { allowed: true, categories: ['service_review'], minimumConsulted: 1, ratificationPeriodDays: 28 }
	};
	let db: TestDatabase;
	let bodyId: string;
	let meetingId: string;
	let membershipIds: Record<string, string>;
	const actors: Record<string, Actor> = {};
	const begin = <T>(work: (tx: Tx) => Promise<T>) => db.sql.begin(work) as Promise<T>;

	beforeAll(async () => {
		db = await newDatabase();
		const seeded = await seedMeeting(db.sql, {
			name: 'Threads between meetings',
			rules: RULES,
			members: [
				{ key: 'chair', role: 'chair' },
				{ key: 'vice', role: 'vice_chair' },
				{ key: 'member', role: 'voting_member' },
				{ key: 'ppv', role: 'ppv_representative' },
				{ key: 'sec', role: 'secretariat' }
			],
			delegations: [{ categories: ['service_review'], financialLimitPence: 100_000_00n }]
		});
		bodyId = seeded.bodyId;
		meetingId = seeded.meetingId;
		membershipIds = seeded.membershipIds;
		for (const [key, membershipId] of Object.entries(seeded.membershipIds)) {
			const [row] = await db.sql<{ userId: string }[]>`select user_id from memberships where id = ${membershipId}`;
			actors[key] = await membership.actorFor(db.sql, { id: row!.userId, isAdministrator: false });
		}
		const outsider = await user.ensurePerson(db.sql, { email: 'outsider@example.nhs.uk', name: 'Outsider' }, null);
		actors.outsider = { userId: outsider.id, isAdministrator: false, roles: [] };
	});
	afterAll(async () => db?.close());

	/** A written resolution put, voted and closed: its decision's id. */
	async function resolved(text: string): Promise<string> {
		const put = unwrap(
			await begin((tx) =>
				writtenResolution.put(tx, actors.sec!, bodyId, { text, category: 'service_review', valuePence: 0, procedural: false, noticeGivenOn: null, closesAt: new Date(Date.now() + 3_600_000) })
			)
		);
		for (const key of ['chair', 'vice', 'member']) unwrap(await begin((tx) => writtenResolution.cast(tx, actors[key]!, put.id, { choice: 'for' })));
		unwrap(await begin((tx) => writtenResolution.close(tx, put.id)));
		const closed = (await writtenResolution.get(db.sql, put.id))!;
		expect(closed.decisionId).not.toBeNull();
		return closed.decisionId!;
	}

	it('starts threads on a written resolution’s decision and an urgent action’s, lists them by decision, and links to the decision’s page', async () => {
		const byResolution = await resolved('That the review of the renal service go ahead');
		const taken = unwrap(
			await begin((tx) =>
				urgentAction.take(tx, actors.chair!, bodyId, {
					text: 'Suspend new referrals to the vascular service',
					category: 'service_review',
					valuePence: 0,
					procedural: false,
					noticeGivenOn: null,
					reason: 'The regulator raised an immediate safety concern',
					consulted: [membershipIds.vice!]
				})
			)
		);
		const byUrgentAction = taken.decisionId!;
		expect(byUrgentAction).toBeTruthy();

		const onResolution = unwrap(await begin((tx) => commentThread.startThread(tx, actors.ppv!, { anchor: { kind: 'decision', decisionId: byResolution }, text: 'How will patients hear of the review?' })));
		const onUrgent = unwrap(await begin((tx) => commentThread.startThread(tx, actors.member!, { anchor: { kind: 'decision', decisionId: byUrgentAction }, text: 'Which members were consulted?' })));
		unwrap(await begin((tx) => commentThread.reply(tx, actors.chair!, onResolution.threadId, 'By letter, this week.')));

		const ofResolution = unwrap(await commentThread.listForDecision(db.sql, actors.vice!, byResolution));
		expect(ofResolution.map((t) => ({ id: t.id, label: t.label, link: t.link, meetingId: t.anchor.meetingId, decisionId: t.anchor.decisionId, texts: t.comments.map((c) => c.text) }))).toEqual([
			{
				id: onResolution.threadId,
				label: 'Decision: That the review of the renal service go ahead',
				link: `/decisions/${byResolution}#thread-${onResolution.threadId}`,
				meetingId: null,
				decisionId: byResolution,
				texts: ['How will patients hear of the review?', 'By letter, this week.']
			}
		]);
		const ofUrgent = unwrap(await commentThread.listForDecision(db.sql, actors.ppv!, byUrgentAction));
		expect(ofUrgent.map((t) => [t.id, t.label, t.link])).toEqual([
			[onUrgent.threadId, 'Decision: Suspend new referrals to the vascular service', `/decisions/${byUrgentAction}#thread-${onUrgent.threadId}`]
		]);
		// The reply reaches the starter with a link to the decision's page.
		const replies = (await notification.list(db.sql, actors.ppv!.userId)).filter((n) => n.kind === 'reply');
		expect(replies.map((n) => n.link)).toEqual([`/decisions/${byResolution}#thread-${onResolution.threadId}`]);
		// The person's own list has them too; no meeting lists them (they belong to none).
		expect((await commentThread.listForPerson(db.sql, actors.member!)).map((t) => t.id)).toEqual([onUrgent.threadId]);
		expect(unwrap(await commentThread.listForMeeting(db.sql, actors.chair!, meetingId))).toEqual([]);
		// Only people on the body read them.
		expect(await commentThread.listForDecision(db.sql, actors.outsider!, byResolution)).toMatchObject({ ok: false, refused: true });
		expect(await begin((tx) => commentThread.startThread(tx, actors.outsider!, { anchor: { kind: 'decision', decisionId: byResolution }, text: 'From outside' }))).toMatchObject({ ok: false, refused: true });
	});

	it('still needs a meeting for a thread on an agenda item, a paper or a motion, and a decision for a thread on a decision', async () => {
		const [starter] = await db.sql<{ id: string }[]>`select id from users limit 1`;
		const insert = (kind: string, extra: Record<string, string | null>) =>
			db.sql.begin(async (tx) => {
				await tx`
					insert into comment_threads (body_id, anchor_kind, agenda_item_id, decision_id, started_by)
					values (${bodyId}, ${kind}, ${extra.agendaItemId ?? null}, ${extra.decisionId ?? null}, ${starter!.id})`;
			});
		const [item] = await db.sql<{ id: string }[]>`select id from agenda_items where meeting_id = ${meetingId} limit 1`;
		await expect(insert('agenda_item', { agendaItemId: item!.id })).rejects.toThrow(/check constraint/);
		await expect(insert('decision', {})).rejects.toThrow(/check constraint/);
		const decisionId = await resolved('That the audit be commissioned');
		await expect(insert('decision', { decisionId })).resolves.toBeUndefined();
	});
});

describe('migration 018', () => {
	it('moves every comment of migration 007 into a thread of its own, resolved as it was', async () => {
		const db = await newDatabase({ migrate: false });
		const before = await fs.mkdtemp(path.join(os.tmpdir(), 'migrations-017-'));
		try {
			for (const name of await fs.readdir(MIGRATIONS_DIR)) if (name < '018') await fs.copyFile(path.join(MIGRATIONS_DIR, name), path.join(before, name));
			await migrate(db.sql, before, quietLog);
			const seeded = await seedBody(db.sql, ['administrator', 'secretariat', 'ppv_representative']);
			const docName = `terms-of-reference:${seeded.bodyId}`;
			const [open] = await db.sql<{ id: string }[]>`
				insert into document_comments (doc_name, body_id, anchor, text, author_id)
				values (${docName}, ${seeded.bodyId}, 'Quorum', 'Is two enough?', ${seeded.userIds.ppv_representative}) returning id`;
			const [done] = await db.sql<{ id: string }[]>`
				insert into document_comments (doc_name, body_id, anchor, text, author_id, resolved_at, resolved_by)
				values (${docName}, ${seeded.bodyId}, '', 'Typo in purpose', ${seeded.userIds.ppv_representative}, now(), ${seeded.userIds.secretariat}) returning id`;

			await migrate(db.sql, MIGRATIONS_DIR, quietLog);
			const reader = await membership.actorFor(db.sql, { id: seeded.userIds.ppv_representative, isAdministrator: false });
			const threads = unwrap(await commentThread.listForDocument(db.sql, reader, docName));
			expect(threads.map((t) => ({ id: t.id, label: t.label, kind: t.anchor.kind, resolvedBy: t.resolvedByName, texts: t.comments.map((c) => [c.id, c.authorName, c.text]) }))).toEqual([
				{ id: open!.id, label: 'Quorum', kind: 'document', resolvedBy: null, texts: [[open!.id, 'The ppv representative', 'Is two enough?']] },
				{ id: done!.id, label: 'Terms of reference', kind: 'document', resolvedBy: 'The secretariat', texts: [[done!.id, 'The ppv representative', 'Typo in purpose']] }
			]);
		} finally {
			await fs.rm(before, { recursive: true, force: true });
			await db.close();
		}
	});
});
