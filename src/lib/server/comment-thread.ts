import type { AnchorInput, AnchorKind, ThreadAnchor, ThreadStatus } from '$lib/domain/thread-anchor';
import { threadPlaces } from '$lib/domain/thread-anchor';
import { editorPath, parseDocumentName, parseMinutesName } from '$lib/domain/documents/document-name';
import { documentTitle } from '$lib/domain/documents/titles';
import { mentionedIds, MENTION_PATTERN } from '$lib/domain/mention';
import { decide, type Action, type Actor } from '$lib/domain/policy';
import * as audit from './audit';
import { renderCommentText } from './comment-text';
import { checkWindow } from './consultation';
import type { Tx } from './db';
import * as decision from './decision';
import { announce } from './events';
import { held } from './membership';
import { notify } from './notification';

/**
 * Comment threads anchored to a body's work (migrations/018): a passage of a co-edited document, a priority or one
 * of its fields, a RACI cell, a whole document, an agenda item, a paper, a motion or a decision. Every act takes the
 * actor, authorises through the policy, writes in the caller's transaction, audits, and tells the people it
 * concerns (those mentioned; the thread's other participants on a reply) in the same transaction.
 */

export const MAX_COMMENT_LENGTH = 4000;
const MAX_QUOTE_LENGTH = 2000;
const MAX_LABEL_LENGTH = 300;

/** An expected failure; `refused` when the policy said no (a 403 at the edge), otherwise the input broke a rule. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string; refused?: true };

export type { AnchorInput, AnchorKind, ThreadAnchor, ThreadStatus } from '$lib/domain/thread-anchor';

export interface ThreadComment {
	id: string;
	authorId: string;
	authorName: string;
	/** The Markdown as written (empty once deleted): what the author edits. */
	text: string;
	/** The text rendered and sanitised (comment-text.ts): what every page shows. */
	html: string;
	createdAt: Date;
	editedAt: Date | null;
	deletedAt: Date | null;
	/** Earlier texts, oldest first, each with when it was written. */
	history: { html: string; writtenAt: Date }[];
}

export interface Thread {
	id: string;
	bodyId: string;
	bodyName: string;
	anchor: ThreadAnchor;
	/** What the anchor is, in words ("Quorum", "Needs assessment – CCGs", "Item 3: Cardiac surgery"). */
	label: string;
	/** Where the thread is read, straight to it. */
	link: string;
	startedById: string;
	startedByName: string;
	startedAt: Date;
	resolvedAt: Date | null;
	resolvedByName: string | null;
	comments: ThreadComment[];
}

interface Placed {
	bodyId: string;
	meetingId: string | null;
	label: string;
}

const refuse = (reason: string): Outcome<never> => ({ ok: false, reason, refused: true });
const fail = (reason: string): Outcome<never> => ({ ok: false, reason });

function checkText(raw: string): Outcome<string> {
	const text = raw.trim();
	if (text === '') return fail('Enter your comment');
	if (text.length > MAX_COMMENT_LENGTH) return fail(`Enter a comment of at most ${MAX_COMMENT_LENGTH} characters: yours has ${text.length}`);
	return { ok: true, value: text };
}

const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text);

/** The body and meeting an anchor belongs to, with its words; null when it is no such thing. */
async function place(tx: Tx, anchor: AnchorInput): Promise<Placed | null> {
	switch (anchor.kind) {
		case 'text':
		case 'priority':
		case 'raci_cell':
		case 'document': {
			const named = parseDocumentName(anchor.docName);
			if (named) return { bodyId: named.bodyId, meetingId: null, label: clip(anchor.label?.trim() ?? '', MAX_LABEL_LENGTH) };
			const minutes = parseMinutesName(anchor.docName);
			if (!minutes) return null;
			const [row] = await tx<{ bodyId: string }[]>`select body_id from meetings where id = ${minutes.meetingId}`;
			return row ? { bodyId: row.bodyId, meetingId: null, label: clip(anchor.label?.trim() ?? '', MAX_LABEL_LENGTH) } : null;
		}
		case 'agenda_item': {
			const [row] = await tx<Placed[]>`
				select m.body_id, m.id as meeting_id, a.title as label
				from agenda_items a join meetings m on m.id = a.meeting_id where a.id = ${anchor.agendaItemId}`;
			return row ?? null;
		}
		case 'paper': {
			const [row] = await tx<Placed[]>`
				select m.body_id, m.id as meeting_id, 'Paper ' || p.filename || ' (' || a.title || ')' as label
				from papers p join agenda_items a on a.id = p.agenda_item_id join meetings m on m.id = a.meeting_id where p.id = ${anchor.paperId}`;
			return row ?? null;
		}
		case 'motion': {
			const [row] = await tx<Placed[]>`
				select m.body_id, m.id as meeting_id, 'Motion: ' || mo.text as label
				from motions mo join agenda_items a on a.id = mo.agenda_item_id join meetings m on m.id = a.meeting_id where mo.id = ${anchor.motionId}`;
			return row ? { ...row, label: clip(row.label, 120) } : null;
		}
		case 'decision': {
			// A decision comes from a motion at a meeting, a written resolution or a chair's urgent action
			// (migrations/020); the last two have no meeting, and their thread has none either.
			const [row] = await tx<Placed[]>`
				select d.body_id, d.meeting_id, 'Decision: ' || coalesce(mo.text, wr.text, ua.text) as label
				from decisions d
				left join motions mo on mo.id = d.motion_id
				left join written_resolutions wr on wr.id = d.written_resolution_id
				left join urgent_actions ua on ua.id = d.urgent_action_id
				where d.id = ${anchor.decisionId}`;
			return row ? { ...row, label: clip(row.label, 120) } : null;
		}
	}
}

/** The words for where a thread is, when it has no label of its own. */
function describe(anchor: { kind: AnchorKind; docName: string | null }, label: string): string {
	if (label) return label;
	const named = anchor.docName ? parseDocumentName(anchor.docName) : null;
	if (named) return documentTitle(named);
	return anchor.docName && parseMinutesName(anchor.docName) ? 'Minutes' : 'Comment thread';
}

/**
 * Where a thread is read, at the thread: the document's page, or the meeting's comments for its business; a
 * decision taken between meetings has no meeting, and its threads are read on the decision's page.
 */
export function threadLink(thread: { id: string; anchor: Pick<ThreadAnchor, 'docName' | 'meetingId' | 'decisionId'>; bodyId: string }): string {
	const { docName, meetingId, decisionId } = thread.anchor;
	const named = docName ? (parseDocumentName(docName) ?? parseMinutesName(docName)) : null;
	if (named) return `${editorPath(named)}#thread-${thread.id}`;
	if (meetingId) return `/meetings/${meetingId}/comments#thread-${thread.id}`;
	if (decisionId) return `/decisions/${decisionId}#thread-${thread.id}`;
	return `/bodies/${thread.bodyId}/documents#thread-${thread.id}`;
}

/** Whether the body lets its observers comment (bodies.observers_may_comment). */
export async function observersMayComment(tx: Tx, bodyId: string): Promise<boolean> {
	const [row] = await tx<{ observersMayComment: boolean }[]>`select observers_may_comment from bodies where id = ${bodyId}`;
	return row?.observersMayComment ?? false;
}

async function mayComment(tx: Tx, actor: Actor, bodyId: string): Promise<Outcome<null>> {
	const decision = decide(actor, 'thread.comment', { bodyId, observersMayComment: await observersMayComment(tx, bodyId) });
	return decision.allowed ? { ok: true, value: null } : refuse(decision.reason);
}

async function nameOf(tx: Tx, userId: string): Promise<string> {
	const [row] = await tx<{ name: string }[]>`select name from users where id = ${userId}`;
	return row?.name ?? 'Someone';
}

/**
 * The people a text mentions, each of whom must sit on the body today: a mention tells someone, so it may only
 * reach people who share the body's business.
 */
async function checkMentions(tx: Tx, bodyId: string, text: string): Promise<Outcome<string[]>> {
	const ids = mentionedIds(text);
	if (ids.length === 0) return { ok: true, value: [] };
	const rows = await tx<{ userId: string }[]>`
		select distinct m.user_id from memberships m join users u on u.id = m.user_id
		where m.body_id = ${bodyId} and m.user_id = any(${ids}::uuid[]) and u.deactivated_at is null and ${held(tx, 'm')}`;
	const found = new Set(rows.map((row) => row.userId));
	const stranger = [...text.matchAll(MENTION_PATTERN)].find((match) => !found.has(match[2]!.toLowerCase()));
	if (stranger) return fail(`You can only mention people who sit on this body: “${stranger[1]}” does not. Choose people from the list as you type @.`);
	return { ok: true, value: ids };
}

async function storeMentions(tx: Tx, commentId: string, userIds: string[]): Promise<void> {
	if (userIds.length === 0) return;
	await tx`
		insert into thread_mentions (comment_id, user_id)
		select ${commentId}, id from users where id = any(${userIds}::uuid[])
		on conflict do nothing`;
}

interface ThreadRow {
	id: string;
	bodyId: string;
	startedBy: string;
	resolvedAt: Date | null;
	label: string;
	docName: string | null;
	meetingId: string | null;
	decisionId: string | null;
	anchorKind: AnchorKind;
	agendaItemId: string | null;
	paperId: string | null;
	motionId: string | null;
}

async function lockThread(tx: Tx, threadId: string): Promise<ThreadRow | null> {
	const [row] = await tx<ThreadRow[]>`
		select id, body_id, started_by, resolved_at, label, doc_name, meeting_id, decision_id, anchor_kind, agenda_item_id, paper_id, motion_id
		from comment_threads where id = ${threadId} for update`;
	return row ?? null;
}

/** Tells those mentioned, and on a reply the thread's other participants who still sit on the body. */
async function tell(tx: Tx, thread: ThreadRow, commentId: string, mentioned: string[], actorId: string, isReply: boolean): Promise<void> {
	const actorName = await nameOf(tx, actorId);
	const where = describe({ kind: thread.anchorKind, docName: thread.docName }, thread.label);
	const link = threadLink({ id: thread.id, bodyId: thread.bodyId, anchor: thread });
	await notify(tx, mentioned, { kind: 'mention', bodyId: thread.bodyId, title: `${actorName} mentioned you in a comment on ${where}`, link, key: `comment:${commentId}:mention` }, actorId);
	if (!isReply) return;
	const participants = await tx<{ userId: string }[]>`
		select p.user_id from (
			select started_by as user_id from comment_threads where id = ${thread.id}
			union select author_id from thread_comments where thread_id = ${thread.id} and deleted_at is null
		) p
		where exists (select 1 from memberships m where m.user_id = p.user_id and m.body_id = ${thread.bodyId} and ${held(tx, 'm')})`;
	const told = new Set(mentioned);
	await notify(
		tx,
		participants.map((row) => row.userId).filter((id) => !told.has(id)),
		{ kind: 'reply', bodyId: thread.bodyId, title: `${actorName} replied on ${where}`, link, key: `comment:${commentId}:reply` },
		actorId
	);
}

/** Starts a thread on `anchor` with its first comment. */
export async function startThread(tx: Tx, actor: Actor, input: { anchor: AnchorInput; text: string }): Promise<Outcome<{ threadId: string; commentId: string }>> {
	const placed = await place(tx, input.anchor);
	if (!placed) return fail('What you are commenting on is not there any more: reload the page and try again');
	const allowed = await mayComment(tx, actor, placed.bodyId);
	if (!allowed.ok) return allowed;
	const a = input.anchor;
	const inWindow = await checkWindow(tx, {
		bodyId: placed.bodyId,
		docName: 'docName' in a ? a.docName : null,
		agendaItemId: a.kind === 'agenda_item' ? a.agendaItemId : null,
		paperId: a.kind === 'paper' ? a.paperId : null,
		motionId: a.kind === 'motion' ? a.motionId : null
	});
	if (!inWindow.ok) return fail(inWindow.reason);
	const text = checkText(input.text);
	if (!text.ok) return text;
	const mentions = await checkMentions(tx, placed.bodyId, text.value);
	if (!mentions.ok) return mentions;

	const docName = 'docName' in a ? a.docName : null;
	const quote = a.kind === 'text' ? clip(a.quote, MAX_QUOTE_LENGTH) : null;
	if (a.kind === 'text' && (a.start === '' || a.end === '' || a.field === '')) return fail('Select the passage to comment on');
	const [thread] = await tx<ThreadRow[]>`
		insert into comment_threads (body_id, anchor_kind, doc_name, text_field, range_start, range_end, quote, anchor_key, anchor_field,
			agenda_item_id, paper_id, motion_id, decision_id, meeting_id, label, started_by)
		values (${placed.bodyId}, ${a.kind}, ${docName},
			${a.kind === 'text' ? a.field : null}, ${a.kind === 'text' ? a.start : null}, ${a.kind === 'text' ? a.end : null}, ${quote},
			${a.kind === 'priority' ? a.priorityId : a.kind === 'raci_cell' ? a.rowId : null},
			${a.kind === 'priority' ? (a.field ?? null) : a.kind === 'raci_cell' ? a.columnId : null},
			${a.kind === 'agenda_item' ? a.agendaItemId : null}, ${a.kind === 'paper' ? a.paperId : null},
			${a.kind === 'motion' ? a.motionId : null}, ${a.kind === 'decision' ? a.decisionId : null},
			${placed.meetingId}, ${placed.label}, ${actor.userId})
		returning id, body_id, started_by, resolved_at, label, doc_name, meeting_id, decision_id, anchor_kind, agenda_item_id, paper_id, motion_id`;
	const [comment] = await tx<{ id: string }[]>`
		insert into thread_comments (thread_id, author_id, text) values (${thread!.id}, ${actor.userId}, ${text.value}) returning id`;
	await storeMentions(tx, comment!.id, mentions.value);
	await audit.record(tx, {
		actorId: actor.userId,
		action: 'comment_thread.start',
		entity: 'comment_thread',
		entityId: thread!.id,
		after: { anchor: a, label: placed.label, commentId: comment!.id, text: text.value, mentions: mentions.value }
	});
	await tell(tx, thread!, comment!.id, mentions.value, actor.userId, false);
	return { ok: true, value: { threadId: thread!.id, commentId: comment!.id } };
}

/** Replies on an open thread. */
export async function reply(tx: Tx, actor: Actor, threadId: string, rawText: string): Promise<Outcome<{ commentId: string }>> {
	const thread = await lockThread(tx, threadId);
	if (!thread) return fail('That thread is not there any more: reload the page');
	const allowed = await mayComment(tx, actor, thread.bodyId);
	if (!allowed.ok) return allowed;
	if (thread.resolvedAt) return fail('This thread is resolved: reopen it to reply');
	const inWindow = await checkWindow(tx, thread);
	if (!inWindow.ok) return fail(inWindow.reason);
	const text = checkText(rawText);
	if (!text.ok) return text;
	const mentions = await checkMentions(tx, thread.bodyId, text.value);
	if (!mentions.ok) return mentions;
	const [comment] = await tx<{ id: string }[]>`
		insert into thread_comments (thread_id, author_id, text) values (${thread.id}, ${actor.userId}, ${text.value}) returning id`;
	await storeMentions(tx, comment!.id, mentions.value);
	await audit.record(tx, { actorId: actor.userId, action: 'thread_comment.reply', entity: 'thread_comment', entityId: comment!.id, after: { threadId, text: text.value, mentions: mentions.value } });
	await tell(tx, thread, comment!.id, mentions.value, actor.userId, true);
	return { ok: true, value: { commentId: comment!.id } };
}

interface CommentRow {
	id: string;
	threadId: string;
	authorId: string;
	text: string;
	createdAt: Date;
	deletedAt: Date | null;
}

async function lockOwnComment(tx: Tx, actor: Actor, commentId: string, verb: string): Promise<Outcome<{ comment: CommentRow; thread: ThreadRow }>> {
	const [comment] = await tx<CommentRow[]>`
		select id, thread_id, author_id, text, coalesce(edited_at, created_at) as created_at, deleted_at
		from thread_comments where id = ${commentId} for update`;
	if (!comment || comment.deletedAt) return fail('That comment is not there any more: reload the page');
	if (comment.authorId !== actor.userId) return refuse(`Only the person who wrote a comment can ${verb} it.`);
	const thread = await lockThread(tx, comment.threadId);
	return { ok: true, value: { comment, thread: thread! } };
}

/** Changes the author's own comment, keeping what it said before in its history. */
export async function edit(tx: Tx, actor: Actor, commentId: string, rawText: string): Promise<Outcome<null>> {
	const found = await lockOwnComment(tx, actor, commentId, 'edit');
	if (!found.ok) return found;
	const { comment, thread } = found.value;
	const text = checkText(rawText);
	if (!text.ok) return text;
	if (text.value === comment.text) return { ok: true, value: null };
	const mentions = await checkMentions(tx, thread.bodyId, text.value);
	if (!mentions.ok) return mentions;
	await tx`insert into thread_comment_revisions (comment_id, text, written_at) values (${comment.id}, ${comment.text}, ${comment.createdAt})`;
	await tx`update thread_comments set text = ${text.value}, edited_at = now() where id = ${comment.id}`;
	await tx`delete from thread_mentions where comment_id = ${comment.id} and user_id <> all(${mentions.value}::uuid[])`;
	await storeMentions(tx, comment.id, mentions.value);
	await audit.record(tx, { actorId: actor.userId, action: 'thread_comment.edit', entity: 'thread_comment', entityId: comment.id, before: { text: comment.text }, after: { text: text.value, mentions: mentions.value } });
	// Someone newly mentioned hears of it; the notification key means no one already told is told again.
	await tell(tx, thread, comment.id, mentions.value, actor.userId, false);
	return { ok: true, value: null };
}

/** Deletes the author's own comment: its words and history go, the thread keeps "comment deleted" in its place. */
export async function remove(tx: Tx, actor: Actor, commentId: string): Promise<Outcome<null>> {
	const found = await lockOwnComment(tx, actor, commentId, 'delete');
	if (!found.ok) return found;
	const { comment } = found.value;
	await tx`delete from thread_comment_revisions where comment_id = ${comment.id}`;
	await tx`delete from thread_mentions where comment_id = ${comment.id}`;
	await tx`update thread_comments set text = '', deleted_at = now() where id = ${comment.id}`;
	await audit.record(tx, { actorId: actor.userId, action: 'thread_comment.delete', entity: 'thread_comment', entityId: comment.id, after: { threadId: comment.threadId } });
	return { ok: true, value: null };
}

async function mayModerate(actor: Actor, thread: ThreadRow): Promise<Outcome<null>> {
	if (thread.startedBy === actor.userId) return { ok: true, value: null };
	const action: Action = 'thread.moderate';
	const decision = decide(actor, action, { bodyId: thread.bodyId });
	return decision.allowed ? { ok: true, value: null } : refuse(decision.reason);
}

/** Marks a thread dealt with, by whom and when; it stays on the record and can be reopened. */
export async function resolve(tx: Tx, actor: Actor, threadId: string): Promise<Outcome<null>> {
	const thread = await lockThread(tx, threadId);
	if (!thread) return fail('That thread is not there any more: reload the page');
	const allowed = await mayModerate(actor, thread);
	if (!allowed.ok) return allowed;
	if (thread.resolvedAt) return fail('This thread is already resolved');
	await tx`update comment_threads set resolved_at = now(), resolved_by = ${actor.userId} where id = ${threadId}`;
	await audit.record(tx, { actorId: actor.userId, action: 'comment_thread.resolve', entity: 'comment_thread', entityId: threadId });
	return { ok: true, value: null };
}

/** Opens a resolved thread again. */
export async function reopen(tx: Tx, actor: Actor, threadId: string): Promise<Outcome<null>> {
	const thread = await lockThread(tx, threadId);
	if (!thread) return fail('That thread is not there any more: reload the page');
	const allowed = await mayModerate(actor, thread);
	if (!allowed.ok) return allowed;
	if (!thread.resolvedAt) return fail('This thread is open already');
	await tx`update comment_threads set resolved_at = null, resolved_by = null where id = ${threadId}`;
	await audit.record(tx, { actorId: actor.userId, action: 'comment_thread.reopen', entity: 'comment_thread', entityId: threadId });
	return { ok: true, value: null };
}

/** Lets, or stops, a body's observers comment on its work, as its terms of reference provide. */
export async function setObserversMayComment(tx: Tx, actor: Actor, bodyId: string, allowed: boolean): Promise<Outcome<null>> {
	const decision = decide(actor, 'body.edit', { bodyId });
	if (!decision.allowed) return refuse(decision.reason);
	const rows = await tx`update bodies set observers_may_comment = ${allowed} where id = ${bodyId} returning id`;
	if (rows.length === 0) return fail('That body is not there any more');
	await audit.record(tx, { actorId: actor.userId, action: 'body.observers_may_comment', entity: 'body', entityId: bodyId, after: { observersMayComment: allowed } });
	return { ok: true, value: null };
}

/** Whether `actor` may comment on a body's work: for showing the form. */
export async function mayCommentOn(tx: Tx, actor: Actor, bodyId: string): Promise<boolean> {
	return (await mayComment(tx, actor, bodyId)).ok;
}

interface ThreadListRow extends Omit<Thread, 'anchor' | 'comments' | 'link'> {
	anchorKind: AnchorKind;
	docName: string | null;
	textField: string | null;
	rangeStart: string | null;
	rangeEnd: string | null;
	quote: string | null;
	anchorKey: string | null;
	anchorField: string | null;
	agendaItemId: string | null;
	paperId: string | null;
	motionId: string | null;
	decisionId: string | null;
	meetingId: string | null;
}

const statusFilter = (tx: Tx, status: ThreadStatus) =>
	status === 'open' ? tx`and t.resolved_at is null` : status === 'resolved' ? tx`and t.resolved_at is not null` : tx``;

/** The threads a condition selects, each with its comments, history and mentions, oldest first. */
async function threadsWhere(tx: Tx, condition: ReturnType<Tx>, status: ThreadStatus): Promise<Thread[]> {
	const rows = await tx<ThreadListRow[]>`
		select t.id, t.body_id, b.name as body_name, t.anchor_kind, t.doc_name, t.text_field, t.range_start, t.range_end, t.quote,
			t.anchor_key, t.anchor_field, t.agenda_item_id, t.paper_id, t.motion_id, t.decision_id, t.meeting_id, t.label,
			t.started_by as started_by_id, s.name as started_by_name, t.started_at, t.resolved_at, r.name as resolved_by_name
		from comment_threads t join bodies b on b.id = t.body_id join users s on s.id = t.started_by left join users r on r.id = t.resolved_by
		where ${condition} ${statusFilter(tx, status)}
		order by t.started_at, t.id`;
	if (rows.length === 0) return [];
	const ids = rows.map((row) => row.id);
	const comments = await tx<(CommentRow & { authorName: string; editedAt: Date | null })[]>`
		select c.id, c.thread_id, c.author_id, u.name as author_name, c.text, c.created_at, c.edited_at, c.deleted_at
		from thread_comments c join users u on u.id = c.author_id
		where c.thread_id = any(${ids}::uuid[]) order by c.created_at, c.id`;
	const commentIds = comments.map((c) => c.id);
	const revisions = await tx<{ commentId: string; text: string; writtenAt: Date }[]>`
		select comment_id, text, written_at from thread_comment_revisions where comment_id = any(${commentIds}::uuid[]) order by id`;
	// Mentions show the person's name as the portal knows it now, whatever the writer typed.
	const mentions = await tx<{ userId: string; name: string }[]>`
		select distinct u.id as user_id, u.name from thread_mentions tm join users u on u.id = tm.user_id
		where tm.comment_id = any(${commentIds}::uuid[])`;
	const names = new Map(mentions.map((m) => [m.userId, m.name]));
	const lookup = (id: string) => names.get(id);
	// A mention in an earlier text may name someone since taken out: that text shows them as written.
	const render = (text: string) => renderCommentText(text, lookup);

	const byThread = new Map<string, ThreadComment[]>();
	for (const c of comments) {
		const list = byThread.get(c.threadId) ?? [];
		list.push({
			id: c.id,
			authorId: c.authorId,
			authorName: c.authorName,
			text: c.text,
			html: c.deletedAt ? '' : render(c.text),
			createdAt: c.createdAt,
			editedAt: c.editedAt,
			deletedAt: c.deletedAt,
			history: revisions.filter((r) => r.commentId === c.id).map((r) => ({ html: render(r.text), writtenAt: r.writtenAt }))
		});
		byThread.set(c.threadId, list);
	}
	return rows.map((row) => {
		const anchor: ThreadAnchor = {
			kind: row.anchorKind,
			docName: row.docName,
			textField: row.textField,
			rangeStart: row.rangeStart,
			rangeEnd: row.rangeEnd,
			quote: row.quote,
			key: row.anchorKey,
			field: row.anchorField,
			agendaItemId: row.agendaItemId,
			paperId: row.paperId,
			motionId: row.motionId,
			decisionId: row.decisionId,
			meetingId: row.meetingId
		};
		return {
			id: row.id,
			bodyId: row.bodyId,
			bodyName: row.bodyName,
			anchor,
			label: describe(anchor, row.label),
			link: threadLink({ id: row.id, bodyId: row.bodyId, anchor }),
			startedById: row.startedById,
			startedByName: row.startedByName,
			startedAt: row.startedAt,
			resolvedAt: row.resolvedAt,
			resolvedByName: row.resolvedByName,
			comments: byThread.get(row.id) ?? []
		};
	});
}

function mayRead(actor: Actor, bodyId: string, action: 'document.view' | 'meeting.follow'): Outcome<null> {
	const decision = decide(actor, action, { bodyId });
	return decision.allowed ? { ok: true, value: null } : refuse(decision.reason);
}

/** The threads on a co-edited document, whatever in it they anchor to. */
export async function listForDocument(tx: Tx, actor: Actor, docName: string, status: ThreadStatus = 'all'): Promise<Outcome<Thread[]>> {
	const placed = await place(tx, { kind: 'document', docName });
	if (!placed) return fail('No such document');
	const allowed = mayRead(actor, placed.bodyId, parseMinutesName(docName) ? 'meeting.follow' : 'document.view');
	if (!allowed.ok) return allowed;
	return { ok: true, value: await threadsWhere(tx, tx`t.doc_name = ${docName}`, status) };
}

/** The threads on a meeting's business: its agenda items, papers, motions and decisions, and its minutes. */
export async function listForMeeting(tx: Tx, actor: Actor, meetingId: string, status: ThreadStatus = 'all'): Promise<Outcome<Thread[]>> {
	const [meeting] = await tx<{ bodyId: string }[]>`select body_id from meetings where id = ${meetingId}`;
	if (!meeting) return fail('No such meeting');
	const allowed = mayRead(actor, meeting.bodyId, 'meeting.follow');
	if (!allowed.ok) return allowed;
	return { ok: true, value: await threadsWhere(tx, tx`(t.meeting_id = ${meetingId} or t.doc_name = ${`minutes:${meetingId}`})`, status) };
}

/**
 * The threads on one decision, whether it was reached at a meeting or between meetings, for the decision's page:
 * read by the body's people, and only where the reader may read the decision itself (not Part B business of a body
 * whose confidential business is not theirs).
 */
export async function listForDecision(tx: Tx, actor: Actor, decisionId: string, status: ThreadStatus = 'all'): Promise<Outcome<Thread[]>> {
	const read = await decision.get(tx, decisionId, actor);
	if (!read) return fail('No such decision');
	if ('withheld' in read) return refuse(read.withheld);
	const allowed = mayRead(actor, read.decision.bodyId, 'document.view');
	if (!allowed.ok) return allowed;
	return { ok: true, value: await threadsWhere(tx, tx`t.anchor_kind = 'decision' and t.decision_id = ${decisionId}`, status) };
}

/**
 * The threads a person started or wrote in, on the bodies whose business they may still read (someone who has
 * left a body no longer reads its threads).
 */
export async function listForPerson(tx: Tx, actor: Actor, status: ThreadStatus = 'all'): Promise<Thread[]> {
	const threads = await threadsWhere(
		tx,
		tx`(t.started_by = ${actor.userId} or exists (select 1 from thread_comments c where c.thread_id = t.id and c.author_id = ${actor.userId}))`,
		status
	);
	return threads.filter((thread) => decide(actor, 'document.view', { bodyId: thread.bodyId }).allowed);
}

/** One thread, as `actor` may read it. */
export async function get(tx: Tx, actor: Actor, threadId: string): Promise<Outcome<Thread>> {
	const [thread] = await threadsWhere(tx, tx`t.id = ${threadId}`, 'all');
	if (!thread) return fail('That thread is not there any more');
	const allowed = mayRead(actor, thread.bodyId, 'document.view');
	return allowed.ok ? { ok: true, value: thread } : allowed;
}

/** People who sit on the body today, for the mention list: id and name. */
export async function mentionable(tx: Tx, actor: Actor, bodyId: string): Promise<Outcome<{ id: string; name: string }[]>> {
	const allowed = mayRead(actor, bodyId, 'document.view');
	if (!allowed.ok) return allowed;
	const rows = await tx<{ id: string; name: string }[]>`
		select distinct u.id, u.name from memberships m join users u on u.id = m.user_id
		where m.body_id = ${bodyId} and u.deactivated_at is null and ${held(tx, 'm')} order by u.name, u.id`;
	return { ok: true, value: rows };
}

/** One act on threads, as the edge asks for it. */
export type ThreadAct =
	| { action: 'start'; anchor: AnchorInput; text: string }
	| { action: 'reply'; threadId: string; text: string }
	| { action: 'edit'; commentId: string; text: string }
	| { action: 'remove'; commentId: string }
	| { action: 'resolve'; threadId: string }
	| { action: 'reopen'; threadId: string };

/**
 * Does one act on threads and, when it succeeds, announces `threads.changed` for the lists the thread is in, so
 * the pages showing them (and on other instances) fetch them again once the transaction commits.
 */
export async function act(tx: Tx, actor: Actor, input: ThreadAct): Promise<Outcome<unknown>> {
	const outcome = await actOnce(tx, actor, input);
	if (!outcome.ok) return outcome;
	const threadId =
		input.action === 'start' ? (outcome.value as { threadId: string }).threadId : 'threadId' in input ? input.threadId : null;
	type Listed = { docName: string | null; meetingId: string | null; decisionId: string | null };
	const [listed] = threadId
		? await tx<Listed[]>`select doc_name, meeting_id, decision_id from comment_threads where id = ${threadId}`
		: await tx<Listed[]>`
				select t.doc_name, t.meeting_id, t.decision_id from comment_threads t join thread_comments c on c.thread_id = t.id
				where c.id = ${'commentId' in input ? input.commentId : null}`;
	if (listed) announce(tx, { type: 'threads.changed', places: threadPlaces(listed) });
	return outcome;
}

function actOnce(tx: Tx, actor: Actor, input: ThreadAct): Promise<Outcome<unknown>> {
	switch (input.action) {
		case 'start':
			return startThread(tx, actor, { anchor: input.anchor, text: input.text });
		case 'reply':
			return reply(tx, actor, input.threadId, input.text);
		case 'edit':
			return edit(tx, actor, input.commentId, input.text);
		case 'remove':
			return remove(tx, actor, input.commentId);
		case 'resolve':
			return resolve(tx, actor, input.threadId);
		case 'reopen':
			return reopen(tx, actor, input.threadId);
	}
}
