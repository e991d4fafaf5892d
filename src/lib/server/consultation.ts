import {
	checkOpening,
	checkResponse,
	closedRefusal,
	comments as countComments,
	describeClosing,
	packBlocks,
	stageOf,
	unanswered,
	type ConsultationNotice,
	type ConsultationStage,
	type Disposition,
	type PackEntry,
	type ResponseInput,
	type SubjectKind
} from '$lib/domain/consultation';
import { editorPath, parseDocumentName } from '$lib/domain/documents/document-name';
import { documentTitle } from '$lib/domain/documents/titles';
import { formatLondon } from '$lib/domain/london-time';
import { mentionsAsNames } from '$lib/domain/mention';
import { decide, type Actor } from '$lib/domain/policy';
import { roleLabel, type MembershipRole } from '$lib/domain/roles';
import * as audit from './audit';
import type { Tx } from './db';
import { exportFileName } from './export/content';
import { renderPdf } from './export/pdf';
import * as jobs from './jobs';
import * as meeting from './meeting';
import { held } from './membership';
import * as notification from './notification';

/**
 * Consultation windows (migrations/021, issue 15): the chair, vice-chair or secretariat opens a comment period on a
 * document version, a paper or a set of a meeting's agenda items, with a closing time. Comment threads on what is
 * consulted on (comment-thread.ts asks `checkWindow`) are taken while it is open and refused after, naming the
 * closing time. Once closed, every comment of the window gets a response and a disposition ("you said, we did");
 * the pack is published as a paper of a chosen meeting, and each commenter is told.
 */

export const CLOSE_JOB = 'consultation.close';
export const CLOSING_JOB = 'consultation.closing';
/** The "closes within a day" notice goes this long before the closing time. */
const CLOSING_NOTICE_MS = 24 * 60 * 60 * 1000;
/** The roles that run a consultation and respond to it; their own comments (and administrators') are not in the pack. */
const RESPONDERS: MembershipRole[] = ['chair', 'vice_chair', 'secretariat'];

type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string; errors?: Record<string, string>; refused?: true };

export type SubjectInput =
	| { kind: 'document_version'; versionId: string }
	| { kind: 'paper'; paperId: string }
	| { kind: 'agenda_items'; itemIds: string[] };

export interface OpenInput {
	title: string;
	subject: SubjectInput;
	closesAt: Date;
}

export interface Consultation {
	id: string;
	bodyId: string;
	bodyName: string;
	title: string;
	subjectKind: SubjectKind;
	/** What is consulted on, in words: "Priorities plan 2016/17, version ‘Draft 3’". */
	subject: string;
	/** Where what is consulted on is read and commented on. */
	subjectLink: string;
	docName: string | null;
	paperId: string | null;
	meetingId: string | null;
	agendaItemIds: string[];
	openedByName: string;
	openedAt: Date;
	closesAt: Date;
	closedAt: Date | null;
	publishedAt: Date | null;
	packAgendaItemId: string | null;
	packPaperId: string | null;
	packMeetingId: string | null;
}

/** The consultation's page, where its window, its pack and the responses are read. */
export const consultationPath = (bodyId: string, id: string) => `/bodies/${bodyId}/consultations/${id}`;

/** A consultation as read, before its subject is put in words. */
interface Row extends Omit<Consultation, 'subject' | 'subjectLink'> {
	versionName: string | null;
	paperName: string | null;
	meetingTitle: string | null;
	itemTitles: string[];
}

const select = (tx: Tx) => tx`
	select c.id, c.body_id, b.name as body_name, c.title, c.subject_kind, c.doc_name, v.name as version_name,
		c.paper_id, p.filename as paper_name, c.meeting_id, mt.title as meeting_title,
		array(select ci.agenda_item_id from consultation_agenda_items ci join agenda_items a on a.id = ci.agenda_item_id
			where ci.consultation_id = c.id order by a.position, a.id) as agenda_item_ids,
		array(select a.title from consultation_agenda_items ci join agenda_items a on a.id = ci.agenda_item_id
			where ci.consultation_id = c.id order by a.position, a.id) as item_titles,
		u.name as opened_by_name, c.opened_at, c.closes_at, c.closed_at, c.published_at,
		c.pack_agenda_item_id, c.pack_paper_id, pa.meeting_id as pack_meeting_id
	from consultations c
	join bodies b on b.id = c.body_id
	join users u on u.id = c.opened_by
	left join document_versions v on v.id = c.document_version_id
	left join papers p on p.id = c.paper_id
	left join meetings mt on mt.id = c.meeting_id
	left join agenda_items pa on pa.id = c.pack_agenda_item_id`;

function fromRow(row: Row): Consultation {
	let subject: string;
	let subjectLink: string;
	if (row.subjectKind === 'document_version') {
		const named = parseDocumentName(row.docName!);
		subject = `${named ? documentTitle(named) : 'Document'}, version ‘${row.versionName ?? ''}’`;
		subjectLink = named ? editorPath(named) : `/bodies/${row.bodyId}/documents`;
	} else if (row.subjectKind === 'paper') {
		subject = `the paper ${row.paperName ?? '(removed)'} for ${row.meetingTitle ?? 'the meeting'}`;
		subjectLink = `/meetings/${row.meetingId}/comments`;
	} else {
		subject = `${row.itemTitles.length === 1 ? 'the item' : 'the items'} ${row.itemTitles.map((t) => `“${t}”`).join(', ')} of ${row.meetingTitle ?? 'the meeting'}`;
		subjectLink = `/meetings/${row.meetingId}/comments`;
	}
	const { versionName: _version, paperName: _paper, meetingTitle: _meeting, itemTitles: _items, ...consultation } = row;
	return { ...consultation, subject, subjectLink };
}

export async function get(tx: Tx, id: string): Promise<Consultation | null> {
	const [row] = await tx<Row[]>`${select(tx)} where c.id = ${id}`;
	return row ? fromRow(row) : null;
}

/** A body's consultations, the newest first. */
export async function listForBody(tx: Tx, bodyId: string): Promise<Consultation[]> {
	const rows = await tx<Row[]>`${select(tx)} where c.body_id = ${bodyId} order by c.opened_at desc, c.id`;
	return rows.map(fromRow);
}

export { describeClosing, stageOf, type ConsultationStage };

const refuse = (reason: string): Outcome<never> => ({ ok: false, reason, refused: true });

function mayManage(actor: Actor, bodyId: string): Outcome<null> {
	const decision = decide(actor, 'consultation.manage', { bodyId });
	return decision.allowed ? { ok: true, value: null } : refuse(decision.reason);
}

interface Placed {
	docName: string | null;
	documentVersionId: string | null;
	paperId: string | null;
	meetingId: string | null;
	itemIds: string[];
}

/** Where the subject is, checked against the body: each part must be the body's, and public (Part A) business. */
async function placeSubject(tx: Tx, bodyId: string, subject: SubjectInput): Promise<Outcome<Placed>> {
	const partB = 'A consultation is on public business: confidential (Part B) items and their papers cannot be consulted on';
	switch (subject.kind) {
		case 'document_version': {
			const [row] = await tx<{ docName: string; bodyId: string }[]>`select doc_name, body_id from document_versions where id = ${subject.versionId}`;
			if (!row || row.bodyId !== bodyId) return { ok: false, reason: 'Choose a saved version of one of this body’s documents', errors: { versionId: 'Choose a saved version of one of this body’s documents' } };
			return { ok: true, value: { docName: row.docName, documentVersionId: subject.versionId, paperId: null, meetingId: null, itemIds: [] } };
		}
		case 'paper': {
			const [row] = await tx<{ meetingId: string; bodyId: string; part: string }[]>`
				select a.meeting_id, m.body_id, a.part from papers p join agenda_items a on a.id = p.agenda_item_id join meetings m on m.id = a.meeting_id
				where p.id = ${subject.paperId}`;
			if (!row || row.bodyId !== bodyId) return { ok: false, reason: 'Choose a paper of one of this body’s meetings', errors: { paperId: 'Choose a paper of one of this body’s meetings' } };
			if (row.part === 'B') return { ok: false, reason: partB, errors: { paperId: partB } };
			return { ok: true, value: { docName: null, documentVersionId: null, paperId: subject.paperId, meetingId: row.meetingId, itemIds: [] } };
		}
		case 'agenda_items': {
			const ids = [...new Set(subject.itemIds)];
			if (ids.length === 0) return { ok: false, reason: 'Choose at least one agenda item', errors: { itemIds: 'Choose at least one agenda item' } };
			const rows = await tx<{ id: string; part: string; meetingId: string }[]>`
				select a.id, a.part, a.meeting_id from agenda_items a join meetings m on m.id = a.meeting_id
				where a.id = any(${ids}::uuid[]) and m.body_id = ${bodyId}`;
			const meetings = new Set(rows.map((r) => r.meetingId));
			const oneMeeting = 'Choose items of one meeting of this body';
			if (rows.length !== ids.length || meetings.size !== 1) return { ok: false, reason: oneMeeting, errors: { itemIds: oneMeeting } };
			if (rows.some((r) => r.part === 'B')) return { ok: false, reason: partB, errors: { itemIds: partB } };
			return { ok: true, value: { docName: null, documentVersionId: null, paperId: null, meetingId: rows[0]!.meetingId, itemIds: ids } };
		}
	}
}

/**
 * Opens a consultation, from now until `closesAt`: schedules its close and a "closes within a day" notice, and
 * tells everyone on the body.
 */
export async function open(tx: Tx, actor: Actor, bodyId: string, input: OpenInput, now: Date = new Date()): Promise<Outcome<Consultation>> {
	const allowed = mayManage(actor, bodyId);
	if (!allowed.ok) return allowed;
	const problems = checkOpening(input, now);
	if (Object.keys(problems).length > 0) return { ok: false, reason: Object.values(problems)[0]!, errors: problems };
	const placed = await placeSubject(tx, bodyId, input.subject);
	if (!placed.ok) return placed;
	const p = placed.value;
	const [row] = await tx<{ id: string }[]>`
		insert into consultations (body_id, title, subject_kind, document_version_id, doc_name, paper_id, meeting_id, opened_by, opened_at, closes_at)
		values (${bodyId}, ${input.title.trim()}, ${input.subject.kind}, ${p.documentVersionId}, ${p.docName}, ${p.paperId}, ${p.meetingId},
			${actor.userId}, ${now}, ${input.closesAt})
		returning id`;
	const id = row!.id;
	if (p.itemIds.length > 0) {
		await tx`insert into consultation_agenda_items (consultation_id, agenda_item_id) select ${id}, unnest(${p.itemIds}::uuid[])`;
	}
	await jobs.schedule(tx, { kind: CLOSE_JOB, key: `consultation:${id}:close`, runAt: input.closesAt, payload: { id } });
	const closingAt = new Date(input.closesAt.getTime() - CLOSING_NOTICE_MS);
	if (closingAt > now) await jobs.schedule(tx, { kind: CLOSING_JOB, key: `consultation:${id}:closing`, runAt: closingAt, payload: { id } });
	const created = (await get(tx, id))!;
	await notification.notify(
		tx,
		await notification.bodyMembers(tx, bodyId),
		{
			kind: 'consultation_opened',
			bodyId,
			title: `${created.bodyName} is consulting on ${created.subject} until ${formatLondon(created.closesAt)}: ${created.title}`,
			link: consultationPath(bodyId, id),
			key: `consultation:${id}:opened`
		},
		actor.userId
	);
	await audit.record(tx, { actorId: actor.userId, action: 'consultation.open', entity: 'consultation', entityId: id, after: { ...input, ...p } });
	return { ok: true, value: created };
}

/** What a comment is on, as the window check needs it: the body, and the document, item, paper or motion. */
export interface Commented {
	bodyId: string;
	docName: string | null;
	agendaItemId: string | null;
	paperId: string | null;
	motionId: string | null;
}

interface Window {
	id: string;
	title: string;
	closesAt: Date;
}

/**
 * The consultations whose subject covers what is commented on. A document's consultation covers it until a newer
 * version of it is saved after the close (the draft commented on then is no longer the one consulted on); a
 * paper's and an item's cover them from then on.
 */
async function windowsCovering(tx: Tx, on: Commented): Promise<Window[]> {
	return tx<Window[]>`
		with item as (
			select coalesce(${on.agendaItemId}::uuid,
				(select agenda_item_id from papers where id = ${on.paperId}::uuid),
				(select agenda_item_id from motions where id = ${on.motionId}::uuid)) as id
		)
		select c.id, c.title, c.closes_at from consultations c, item
		where c.body_id = ${on.bodyId} and (
			(c.subject_kind = 'document_version' and c.doc_name = ${on.docName}
				and not exists (select 1 from document_versions v where v.doc_name = c.doc_name and v.created_at > c.closes_at))
			or (c.subject_kind = 'paper' and c.paper_id = ${on.paperId}::uuid)
			or (c.subject_kind = 'agenda_items' and exists (
				select 1 from consultation_agenda_items ci where ci.consultation_id = c.id and ci.agenda_item_id = item.id))
		)
		order by c.closes_at desc`;
}

/**
 * Whether a comment may be made on `on` now: always, unless a consultation covers it and has closed, with none
 * covering it still open; then it is refused, naming the window and its closing time.
 */
export async function checkWindow(tx: Tx, on: Commented, now: Date = new Date()): Promise<{ ok: true } | { ok: false; reason: string }> {
	const windows = await windowsCovering(tx, on);
	if (windows.length === 0 || windows.some((w) => now < w.closesAt)) return { ok: true };
	return { ok: false, reason: closedRefusal(windows[0]!) };
}

/**
 * The consultations that govern comments on a document or on a meeting's business, for those pages to say so
 * beside the comments: each open one, and each closed one still refusing comments (a document's until a newer
 * version is saved).
 */
export async function noticesFor(tx: Tx, where: { docName: string } | { meetingId: string }, now: Date = new Date()): Promise<ConsultationNotice[]> {
	const rows = await tx<Row[]>`
		${select(tx)} where ${
			'docName' in where
				? tx`c.doc_name = ${where.docName} and not exists (select 1 from document_versions nv where nv.doc_name = c.doc_name and nv.created_at > c.closes_at)`
				: tx`c.meeting_id = ${where.meetingId}`
		}
		order by c.closes_at desc, c.id`;
	return rows.map(fromRow).map((c) => ({
		id: c.id,
		title: c.title,
		subject: c.subject,
		link: consultationPath(c.bodyId, c.id),
		open: now < c.closesAt,
		closes: describeClosing(c.closesAt)
	}));
}

/** Marks a consultation closed at its closing time (the job); its pack is then ready for responses. Twice does nothing. */
export async function close(tx: Tx, id: string): Promise<boolean> {
	const rows = await tx`update consultations set closed_at = closes_at where id = ${id} and closed_at is null returning id`;
	if (rows.length === 0) return false;
	await audit.record(tx, { actorId: null, action: 'consultation.close', entity: 'consultation', entityId: id });
	return true;
}

/** Tells the body, a day before the close, that the consultation closes within a day (the job). */
export async function noticeClosing(tx: Tx, id: string): Promise<string[]> {
	const found = await get(tx, id);
	if (!found || found.closedAt) return [];
	return notification.notify(tx, await notification.bodyMembers(tx, found.bodyId), {
		kind: 'consultation_closing',
		bodyId: found.bodyId,
		title: `The consultation “${found.title}” of ${found.bodyName} closes ${formatLondon(found.closesAt)}`,
		link: consultationPath(found.bodyId, id),
		key: `consultation:${id}:closing`
	});
}

interface EntryRow {
	commentId: string;
	authorId: string;
	authorName: string;
	authorRoles: MembershipRole[];
	on: string;
	text: string;
	writtenAt: Date;
	response: string | null;
	disposition: Disposition | null;
	reason: string | null;
	respondedByName: string | null;
	respondedAt: Date | null;
}

/**
 * Every comment of the window: on a thread of what is consulted on, written from the opening until the closing
 * time and not deleted, by anyone but those who respond (the chair, vice-chair and secretariat, and administrators,
 * who act for them). Each with its author's roles on the body that day, and its response if written. In the order
 * they were written.
 */
async function entryRows(tx: Tx, id: string): Promise<EntryRow[]> {
	return tx<EntryRow[]>`
		with c as (select * from consultations where id = ${id}),
		covered as (
			select t.id, t.label, t.anchor_kind from comment_threads t, c
			where t.body_id = c.body_id and (
				(c.subject_kind = 'document_version' and t.doc_name = c.doc_name)
				or (c.subject_kind = 'paper' and t.paper_id = c.paper_id)
				or (c.subject_kind = 'agenda_items' and coalesce(t.agenda_item_id,
					(select agenda_item_id from papers where id = t.paper_id),
					(select agenda_item_id from motions where id = t.motion_id))
					in (select agenda_item_id from consultation_agenda_items where consultation_id = c.id))
			)
		)
		select tc.id as comment_id, tc.author_id, u.name as author_name,
			array(select distinct m.role from memberships m where m.user_id = tc.author_id and m.body_id = c.body_id
				and ${held(tx, 'm', tx`(tc.created_at at time zone 'Europe/London')::date`)}) as author_roles,
			covered.label as on, tc.text, tc.created_at as written_at,
			r.response, r.disposition, r.reason, rb.name as responded_by_name, r.responded_at
		from c
		join covered on true
		join thread_comments tc on tc.thread_id = covered.id
		join users u on u.id = tc.author_id
		left join consultation_responses r on r.consultation_id = c.id and r.comment_id = tc.id
		left join users rb on rb.id = r.responded_by
		where tc.deleted_at is null and tc.created_at >= c.opened_at and tc.created_at < c.closes_at and not u.is_administrator
			and not exists (select 1 from memberships m where m.user_id = tc.author_id and m.body_id = c.body_id
				and m.role = any(${RESPONDERS}::text[]) and ${held(tx, 'm', tx`(tc.created_at at time zone 'Europe/London')::date`)})
		order by tc.created_at, tc.id`;
}

async function entries(tx: Tx, id: string): Promise<(PackEntry & { authorId: string })[]> {
	const rows = await entryRows(tx, id);
	const mentioned = await tx<{ id: string; name: string }[]>`
		select distinct u.id, u.name from thread_mentions tm join users u on u.id = tm.user_id
		where tm.comment_id = any(${rows.map((r) => r.commentId)}::uuid[])`;
	const names = new Map(mentioned.map((m) => [m.id, m.name]));
	return rows.map((row) => ({
		commentId: row.commentId,
		authorId: row.authorId,
		authorName: row.authorName,
		authorRoles: row.authorRoles.map(roleLabel),
		on: row.on || 'the whole document',
		said: mentionsAsNames(row.text, (userId) => names.get(userId)),
		writtenAt: row.writtenAt,
		response:
			row.response && row.disposition && row.reason && row.respondedAt
				? { response: row.response, disposition: row.disposition, reason: row.reason, respondedByName: row.respondedByName ?? '', respondedAt: row.respondedAt }
				: null
	}));
}

export interface Pack {
	consultation: Consultation;
	stage: ConsultationStage;
	/** Every comment of the window, with its response where `actor` may read it. */
	entries: (PackEntry & { mine: boolean })[];
	mayManage: boolean;
}

/**
 * The consultation as `actor` may read it: anyone on the body sees the window and the comments made in it; the
 * responses are seen by those who write them until the pack is published, and by everyone after.
 */
export async function pack(tx: Tx, actor: Actor, id: string, now: Date = new Date()): Promise<Outcome<Pack>> {
	const found = await get(tx, id);
	if (!found) return { ok: false, reason: 'No such consultation' };
	const reads = decide(actor, 'document.view', { bodyId: found.bodyId });
	if (!reads.allowed) return refuse(reads.reason);
	const manages = mayManage(actor, found.bodyId).ok;
	const stage = stageOf(found, now);
	const showResponses = manages || stage === 'published';
	const listed = (await entries(tx, id)).map(({ authorId, ...entry }) => ({
		...entry,
		mine: authorId === actor.userId,
		response: showResponses ? entry.response : null
	}));
	return { ok: true, value: { consultation: found, stage, entries: listed, mayManage: manages } };
}

/**
 * Writes (or rewrites) the response to one comment of a closed consultation: what was done, the disposition and
 * the reason. Refused while the window is open, and once the pack is published.
 */
export async function respond(tx: Tx, actor: Actor, id: string, commentId: string, input: ResponseInput, now: Date = new Date()): Promise<Outcome<null>> {
	const [locked] = await tx<{ bodyId: string; closesAt: Date; publishedAt: Date | null; title: string }[]>`
		select body_id, closes_at, published_at, title from consultations where id = ${id} for update`;
	if (!locked) return { ok: false, reason: 'No such consultation' };
	const allowed = mayManage(actor, locked.bodyId);
	if (!allowed.ok) return allowed;
	const stage = stageOf(locked, now);
	if (stage === 'open') return { ok: false, reason: `The consultation is open until ${describeClosing(locked.closesAt)}: responses are written once it has closed` };
	if (stage === 'published') return { ok: false, reason: 'The pack has been published: its responses are on the record and cannot be changed' };
	const checked = checkResponse(input);
	if (!checked.ok) return { ok: false, reason: Object.values(checked.errors)[0]!, errors: checked.errors };
	if (!(await entryRows(tx, id)).some((row) => row.commentId === commentId)) return { ok: false, reason: 'That comment is not one of this consultation’s' };
	const { response, disposition, reason } = checked.value;
	await tx`
		insert into consultation_responses (consultation_id, comment_id, response, disposition, reason, responded_by, responded_at)
		values (${id}, ${commentId}, ${response}, ${disposition}, ${reason}, ${actor.userId}, ${now})
		on conflict (consultation_id, comment_id) do update
		set response = excluded.response, disposition = excluded.disposition, reason = excluded.reason,
			responded_by = excluded.responded_by, responded_at = excluded.responded_at`;
	await audit.record(tx, { actorId: actor.userId, action: 'consultation.respond', entity: 'consultation', entityId: id, after: { commentId, ...checked.value } });
	return { ok: true, value: null };
}

/** The pack's words for its files: the title, what it is, and every comment with its response. */
export function packFile(found: Consultation, listed: PackEntry[]) {
	return {
		title: `You said, we did: ${found.title}`,
		bodyName: found.bodyName,
		versionLabel: `Consultation on ${found.subject}`,
		status: found.publishedAt ? `Responses published ${formatLondon(found.publishedAt)}` : 'Responses not yet published',
		snapshot: { kind: 'report' as const, content: { blocks: packBlocks({ title: found.title, subject: found.subject, openedAt: found.openedAt, closesAt: found.closesAt, entries: listed }) } }
	};
}

/**
 * Publishes the pack once every comment has its response: a new item "for information" on the chosen meeting's
 * agenda carries the pack as its paper (PDF), the responses become visible to all who read the consultation, and
 * each commenter is told.
 */
export async function publish(tx: Tx, actor: Actor, id: string, meetingId: string, now: Date = new Date()): Promise<Outcome<{ agendaItemId: string; paperId: string }>> {
	const [locked] = await tx<{ bodyId: string; closesAt: Date; publishedAt: Date | null }[]>`
		select body_id, closes_at, published_at from consultations where id = ${id} for update`;
	if (!locked) return { ok: false, reason: 'No such consultation' };
	const allowed = mayManage(actor, locked.bodyId);
	if (!allowed.ok) return allowed;
	const stage = stageOf(locked, now);
	if (stage === 'open') return { ok: false, reason: `The consultation is open until ${describeClosing(locked.closesAt)}: its pack is published after it closes` };
	if (stage === 'published') return { ok: false, reason: 'The pack has already been published' };
	const [target] = await tx<{ bodyId: string; status: string }[]>`select body_id, status from meetings where id = ${meetingId}`;
	if (!target || target.bodyId !== locked.bodyId) return { ok: false, reason: 'Choose one of this body’s meetings', errors: { meetingId: 'Choose one of this body’s meetings' } };
	const listed = await entries(tx, id);
	const waiting = unanswered(listed);
	if (waiting.length > 0) return { ok: false, reason: `${countComments(waiting.length)} still ${waiting.length === 1 ? 'needs' : 'need'} a response before the pack can be published` };

	await tx`update consultations set closed_at = coalesce(closed_at, closes_at), published_at = ${now}, published_by = ${actor.userId} where id = ${id}`;
	const found = (await get(tx, id))!;
	const item = await meeting.addItem(
		tx,
		meetingId,
		{ title: `You said, we did: ${found.title}`.slice(0, 300), purpose: 'information', presenter: '', minutesAllotted: 5, part: 'A', parentId: null },
		actor.userId
	);
	if (!item.ok) return { ok: false, reason: item.reason, errors: { meetingId: item.reason } };
	const file = packFile(found, listed);
	const pdf = await renderPdf(file);
	const words = file.snapshot.content.blocks.map((b) => b.text).join('\n');
	const paper = await meeting.addPaper(
		tx,
		item.value.id,
		{ filename: exportFileName(['you said we did', found.title], 'pdf'), contentType: 'application/pdf', content: pdf, text: words },
		actor.userId
	);
	if (!paper.ok) throw new Error(paper.reason);
	await tx`update consultations set pack_agenda_item_id = ${item.value.id}, pack_paper_id = ${paper.value.id} where id = ${id}`;
	const link = consultationPath(found.bodyId, id);
	for (const authorId of new Set(listed.map((e) => e.authorId))) {
		const theirs = listed.filter((e) => e.authorId === authorId).length;
		await notification.notify(
			tx,
			[authorId],
			{
				kind: 'consultation_response',
				bodyId: found.bodyId,
				title: `The response to your ${countComments(theirs)} on “${found.title}” is published`,
				link,
				key: `consultation:${id}:response`
			},
			actor.userId
		);
	}
	await audit.record(tx, { actorId: actor.userId, action: 'consultation.publish', entity: 'consultation', entityId: id, after: { meetingId, agendaItemId: item.value.id, paperId: paper.value.id, entries: listed.length } });
	return { ok: true, value: { agendaItemId: item.value.id, paperId: paper.value.id } };
}

/** The pack's file as `actor` may download it (responses shown as `pack` shows them). */
export async function packExport(tx: Tx, actor: Actor, id: string, now: Date = new Date()): Promise<Outcome<ReturnType<typeof packFile>>> {
	const read = await pack(tx, actor, id, now);
	if (!read.ok) return read;
	return { ok: true, value: packFile(read.value.consultation, read.value.entries) };
}

/** What a body may open a consultation on, for the page's choices. */
export interface SubjectChoices {
	/** Saved versions of the body's documents, newest first. */
	versions: { id: string; label: string }[];
	/** The papers and items of its meetings still to come, public (Part A) business only. */
	meetings: { id: string; title: string; startsAt: Date; items: { id: string; title: string; papers: { id: string; filename: string }[] }[] }[];
}

export async function choices(tx: Tx, bodyId: string, now: Date = new Date()): Promise<SubjectChoices> {
	const versions = await tx<{ id: string; docName: string; name: string; createdAt: Date }[]>`
		select id, doc_name, name, created_at from document_versions where body_id = ${bodyId} order by created_at desc, id limit 100`;
	const items = await tx<{ meetingId: string; meetingTitle: string; startsAt: Date; itemId: string; itemTitle: string; paperId: string | null; filename: string | null }[]>`
		select m.id as meeting_id, m.title as meeting_title, m.starts_at, a.id as item_id, a.title as item_title, p.id as paper_id, p.filename
		from meetings m join agenda_items a on a.meeting_id = m.id left join papers p on p.agenda_item_id = a.id
		where m.body_id = ${bodyId} and m.status = 'scheduled' and m.starts_at > ${now} and a.part = 'A'
		order by m.starts_at, m.id, a.position, a.id, p.created_at, p.id`;
	const meetings: SubjectChoices['meetings'] = [];
	for (const row of items) {
		let found = meetings.at(-1);
		if (found?.id !== row.meetingId) meetings.push((found = { id: row.meetingId, title: row.meetingTitle, startsAt: row.startsAt, items: [] }));
		let item = found.items.at(-1);
		if (item?.id !== row.itemId) found.items.push((item = { id: row.itemId, title: row.itemTitle, papers: [] }));
		if (row.paperId) item.papers.push({ id: row.paperId, filename: row.filename ?? '' });
	}
	return {
		versions: versions.map((v) => {
			const named = parseDocumentName(v.docName);
			return { id: v.id, label: `${named ? documentTitle(named) : v.docName}: ‘${v.name}’, saved ${formatLondon(v.createdAt)}` };
		}),
		meetings
	};
}

/** The body's meetings a published pack can go to: those whose agenda can still change, soonest first. */
export async function packMeetings(tx: Tx, bodyId: string): Promise<{ id: string; title: string; startsAt: Date }[]> {
	return tx<{ id: string; title: string; startsAt: Date }[]>`
		select id, title, starts_at from meetings where body_id = ${bodyId} and status in ('scheduled', 'in_progress')
		order by starts_at, id`;
}
