import {
	CALENDAR_DAYS,
	countNoticeDays,
	daysBetween,
	describeDayCount,
	describeIssueDate,
	describeNoticeBefore,
	describeNoticeRule,
	isCalendarDays,
	latestIssueDate,
	type NoticeCounting
} from '$lib/domain/governance';
import { formatLondon, londonDate } from '$lib/domain/london-time';
import { isUpcoming } from '$lib/domain/meeting-dates';
import { mayRead, visibleParts, type Actor, type Part, type Reader } from '$lib/domain/policy';
import type { MembershipRole } from '$lib/domain/roles';
import * as agendaBacklog from './agenda-backlog';
import * as audit from './audit';
import { announce } from './events';
import type { Tx } from './db';
import * as membership from './membership';
import * as notification from './notification';
import { storedText } from './paper-text';
import type { Result } from './result';
import * as session from './session';

import { PURPOSES, PURPOSE_LABELS, type MeetingStatus, type Purpose } from '$lib/domain/meeting-words';

export { PURPOSES, PURPOSE_LABELS, type MeetingStatus, type Purpose };

export interface Meeting {
	id: string;
	bodyId: string;
	bodyName: string;
	title: string;
	startsAt: Date;
	endsAt: Date;
	place: string;
	videoLink: string;
	status: MeetingStatus;
	noticeIssuedAt: Date | null;
	currentItemId: string | null;
	currentItemStartedAt: Date | null;
	/** When the chair started it; null until then. */
	startedAt: Date | null;
	/** The live meeting's change counter, as text (bigint). */
	seq: string;
	/** How many times its calendar entry has been revised (the iCalendar SEQUENCE), counted by the database. */
	calendarSequence: number;
}

export interface AgendaItem {
	id: string;
	meetingId: string;
	parentId: string | null;
	position: number;
	/** "3" or "3.1", from the order. */
	number: string;
	title: string;
	purpose: Purpose;
	presenter: string;
	minutesAllotted: number;
	part: 'A' | 'B';
	standing: string | null;
	discussion: string;
	secondsUsed: number;
	papers: { id: string; filename: string; sizeBytes: number; contentType: string }[];
	/** The recommendation from a body below that the item considers, if any (issue 16). */
	considersDecisionId: string | null;
}

export interface MeetingInput {
	title: string;
	startsAt: Date;
	endsAt: Date;
	place: string;
	videoLink: string;
}

export interface ItemInput {
	title: string;
	purpose: Purpose;
	presenter: string;
	minutesAllotted: number;
	part: 'A' | 'B';
	parentId: string | null;
}

/** The standing items every meeting opens with (DOMAIN.md, "Meetings"). */
const STANDING_ITEMS: { standing: string; title: string; purpose: Purpose; minutes: number }[] = [
	{ standing: 'apologies', title: 'Welcome and apologies', purpose: 'information', minutes: 5 },
	{ standing: 'declarations', title: 'Declarations of interest', purpose: 'information', minutes: 5 },
	{ standing: 'previous_minutes', title: 'Minutes of the last meeting', purpose: 'ratification', minutes: 5 },
	{ standing: 'action_log', title: 'Action log', purpose: 'assurance', minutes: 10 },
	{ standing: 'priorities_monitoring', title: 'Priorities plan monitoring', purpose: 'assurance', minutes: 15 }
];

const select = (tx: Tx) => tx`
	select m.id, m.body_id, b.name as body_name, m.title, m.starts_at, m.ends_at, m.place, m.video_link, m.status,
		m.notice_issued_at, m.current_item_id, m.current_item_started_at, m.started_at, m.seq::text as seq,
		m.calendar_sequence
	from meetings m join bodies b on b.id = m.body_id`;

/** Announces that the meeting changed, for the live screens and pages that follow it (events.ts). */
const changed = (tx: Tx, meetingId: string) => announce(tx, { type: 'meeting.changed', meetingId });

export async function get(tx: Tx, id: string): Promise<Meeting | null> {
	const [row] = await tx<Meeting[]>`${select(tx)} where m.id = ${id}`;
	return row ?? null;
}

/**
 * Reads the meeting and holds its row lock to the end of the transaction. Every act that changes a live meeting
 * takes it first, so the acts on one meeting take turns: a ballot cannot interleave with the close of its vote,
 * and nothing is added once the chair has closed the meeting. What it returns is the meeting as the last act left it.
 */
export async function lock(tx: Tx, ref: MeetingRef): Promise<Meeting | null> {
	if (typeof ref !== 'string') return ref;
	const [row] = await tx<Meeting[]>`${select(tx)} where m.id = ${ref} for update of m`;
	return row ?? null;
}

/**
 * The meeting an act is on: its id, or, from a command that has locked it already in this transaction and changed
 * nothing since (meeting-commands.ts), the row itself, so it is read once.
 */
export type MeetingRef = string | Meeting;

export const idOf = (ref: MeetingRef) => (typeof ref === 'string' ? ref : ref.id);

/** Locks the meeting a motion belongs to (see `lock`); null when there is no such motion. */
export async function lockForMotion(tx: Tx, motionId: string): Promise<Meeting | null> {
	const [row] = await tx<Meeting[]>`
		${select(tx)} where m.id = (select a.meeting_id from motions mo join agenda_items a on a.id = mo.agenda_item_id where mo.id = ${motionId})
		for update of m`;
	return row ?? null;
}

/** A meeting locked for an act by the person behind a session, with what the policy needs to decide. */
export interface LockedForActor {
	meeting: Meeting;
	actor: Actor;
	user: session.SessionUser;
	/** When the session ends: open connections check again then. */
	sessionExpiresAt: Date;
	/** The person's memberships of the meeting's body today. */
	membershipIds: string[];
}

/**
 * Locks the meeting (see `lock`) for an act by the person behind a session token, checking in the same statement
 * that the session lasts and reading the person's memberships of the body today: all the policy needs. Null
 * when there is no such meeting; `sessionEnded` when the session has ended (signed out, expired).
 */
export async function lockForSession(tx: Tx, id: string, token: string): Promise<LockedForActor | { sessionEnded: true } | null> {
	const locked = await lockForSessions(tx, id, [token]);
	if (!locked) return (await session.lookup(tx, token)) ? null : { sessionEnded: true };
	const [person] = locked.people;
	return 'sessionEnded' in person! ? person! : { meeting: locked.meeting, ...person! };
}

/** Someone behind one of the tokens `lockForSessions` was given, with what the policy needs. */
export type SessionPerson = Omit<LockedForActor, 'meeting'> | { sessionEnded: true };

/**
 * `lockForSession` for several people's acts at once (the ballots of a group commit): the meeting locked and every
 * token's session and memberships read in one statement, in the order of the tokens. Null when there is no such meeting.
 */
export async function lockForSessions(tx: Tx, id: string, tokens: string[]): Promise<{ meeting: Meeting; people: SessionPerson[] } | null> {
	return forSessions(tx, id, tokens, true);
}

/**
 * The meeting and the person behind a session token, as `lockForSession` reads them but without the lock: for
 * following the meeting (joining its live page), where nothing is changed. One statement.
 */
export async function readForSession(tx: Tx, id: string, token: string): Promise<LockedForActor | { sessionEnded: true } | null> {
	const found = await forSessions(tx, id, [token], false);
	if (!found) return (await session.lookup(tx, token)) ? null : { sessionEnded: true };
	const [person] = found.people;
	return 'sessionEnded' in person! ? person! : { meeting: found.meeting, ...person! };
}

async function forSessions(tx: Tx, id: string, tokens: string[], lock: boolean): Promise<{ meeting: Meeting; people: SessionPerson[] } | null> {
	type Row = { session: Parameters<typeof session.sessionUser>[0]; memberships: { id: string; bodyId: string; role: MembershipRole }[] };
	const person = session.currentByHash(tx, tx`t.hash`);
	const [row] = await tx<(Meeting & { people: Row[] })[]>`
		select s.*, (
			select json_agg(json_build_object('session', ${person}, 'memberships', coalesce((
				select json_agg(json_build_object('id', ms.id, 'bodyId', ms.body_id, 'role', ms.role) order by ms.created_at, ms.id)
				from memberships ms
				where ms.user_id = (${person} ->> 'userId')::uuid and ms.body_id = s.body_id and ${membership.held(tx, 'ms')}
			), '[]'::json)) order by t.n)
			from unnest(${tx.array(tokens.map(session.hashOf))}::text[]) with ordinality t(hash, n)
		) as people
		from (${select(tx)} where m.id = ${id} ${lock ? tx`for update of m` : tx``}) s`;
	if (!row) return null;
	const { people, ...found } = row;
	return {
		meeting: found,
		people: people.map(({ session: signedIn, memberships }) => {
			const who = session.sessionUser(signedIn);
			if (!who) return { sessionEnded: true as const };
			return {
				actor: { userId: who.user.id, isAdministrator: who.user.isAdministrator, roles: memberships.map(({ bodyId, role }) => ({ bodyId, role })) },
				user: who.user,
				sessionExpiresAt: who.session.expiresAt,
				membershipIds: memberships.map((m) => m.id)
			};
		})
	};
}

/** Whether the meeting's record may still change: refused once it is closed or cancelled. */
export function openForRecord(found: Meeting): Result<Meeting> {
	if (found.status === 'closed') return { ok: false, reason: 'This meeting is closed: its record now changes only through its minutes' };
	if (found.status === 'cancelled') return { ok: false, reason: 'This meeting was cancelled' };
	return { ok: true, value: found };
}

/** Locks the meeting (see `lock`) for an act on its record, which is refused once the meeting is closed or cancelled. */
export async function lockOpen(tx: Tx, ref: MeetingRef): Promise<Result<Meeting>> {
	const found = await lock(tx, ref);
	if (!found) return { ok: false, reason: 'No such meeting' };
	return openForRecord(found);
}

/** Locks the meeting an agenda item belongs to (see `lockOpen`), then reads the item as it now stands. */
export async function lockOpenForItem(tx: Tx, itemId: string, locked?: Meeting): Promise<Result<{ meeting: Meeting; item: AgendaItem & { bodyId: string } }>> {
	if (locked) {
		const open = openForRecord(locked);
		if (!open.ok) return open;
		const item = await getItem(tx, itemId);
		return item && item.meetingId === locked.id ? { ok: true, value: { meeting: locked, item } } : { ok: false, reason: 'That item is not on this agenda' };
	}
	const [ref] = await tx<{ meetingId: string }[]>`select meeting_id from agenda_items where id = ${itemId}`;
	if (!ref) return { ok: false, reason: 'No such agenda item' };
	const open = await lockOpen(tx, ref.meetingId);
	if (!open.ok) return open;
	return { ok: true, value: { meeting: open.value, item: (await getItem(tx, itemId))! } };
}

export async function listForBody(tx: Tx, bodyId: string): Promise<Meeting[]> {
	return tx<Meeting[]>`${select(tx)} where m.body_id = ${bodyId} order by m.starts_at desc`;
}

/** Upcoming meetings ($lib/domain/meeting-dates `isUpcoming`) of the bodies a person currently sits on, soonest first. */
export async function listUpcomingFor(tx: Tx, userId: string): Promise<Meeting[]> {
	return tx<Meeting[]>`
		${select(tx)}
		where (m.status = 'in_progress' or (m.status = 'scheduled' and m.ends_at >= now()))
			and m.body_id in (select ms.body_id from memberships ms where ms.user_id = ${userId} and ${membership.held(tx, 'ms')})
		order by m.starts_at`;
}

/**
 * Schedules a meeting of a body with the standing items on its agenda. With `held`, records a meeting already held
 * (one whose time has passed, $lib/domain/meeting-dates `isUpcoming`): it is filed as closed, started when it began.
 */
export async function schedule(tx: Tx, bodyId: string, input: MeetingInput, actorId: string, options: { held?: boolean } = {}): Promise<Result<Meeting>> {
	if (input.endsAt <= input.startsAt) return { ok: false, reason: 'The meeting must end after it starts' };
	const held = options.held === true;
	if (held && isUpcoming({ status: 'scheduled', endsAt: input.endsAt }, new Date())) {
		return { ok: false, reason: 'Only a meeting whose time has passed can be recorded as already held' };
	}
	const [body] = await tx<{ endedOn: string | null }[]>`select ended_on from bodies where id = ${bodyId}`;
	if (!body) return { ok: false, reason: 'No such body' };
	if (body.endedOn) return { ok: false, reason: `This body ended on ${body.endedOn} and holds no more meetings` };
	const [row] = await tx<{ id: string }[]>`
		insert into meetings (body_id, title, starts_at, ends_at, place, video_link, status, started_at)
		values (${bodyId}, ${input.title}, ${input.startsAt}, ${input.endsAt}, ${input.place}, ${input.videoLink},
			${held ? 'closed' : 'scheduled'}, ${held ? input.startsAt : null})
		returning id`;
	const id = row!.id;
	for (const [index, item] of STANDING_ITEMS.entries()) {
		await tx`
			insert into agenda_items (meeting_id, position, title, purpose, minutes_allotted, standing)
			values (${id}, ${index + 1}, ${item.title}, ${item.purpose}, ${item.minutes}, ${item.standing})`;
	}
	// What was decided or done between meetings waits for the next one scheduled.
	if (!held) await agendaBacklog.placeWaiting(tx, bodyId, id);
	const created = (await get(tx, id))!;
	await audit.record(tx, { actorId, action: 'meeting.schedule', entity: 'meeting', entityId: id, after: created });
	return { ok: true, value: created };
}

export async function update(tx: Tx, id: string, input: MeetingInput, actorId: string): Promise<Result<Meeting>> {
	const before = await get(tx, id);
	if (!before) return { ok: false, reason: 'No such meeting' };
	if (before.status === 'closed' || before.status === 'cancelled') return { ok: false, reason: 'A closed or cancelled meeting cannot be changed' };
	if (input.endsAt <= input.startsAt) return { ok: false, reason: 'The meeting must end after it starts' };
	await tx`
		update meetings set title = ${input.title}, starts_at = ${input.startsAt}, ends_at = ${input.endsAt},
			place = ${input.place}, video_link = ${input.videoLink}
		where id = ${id}`;
	const after = (await get(tx, id))!;
	changed(tx, id);
	await audit.record(tx, { actorId, action: 'meeting.update', entity: 'meeting', entityId: id, before, after });
	return { ok: true, value: after };
}

/**
 * The agenda as the reader may see it (policy.visibleParts): Part B items only to those who may read the body's
 * confidential business, with how many were withheld. Numbered on the whole agenda, so an item keeps its number
 * whoever reads it.
 */
export async function agenda(tx: Tx, meetingId: string, reader: Reader): Promise<{ items: AgendaItem[]; withheld: number }> {
	const [found] = await tx<{ bodyId: string }[]>`select body_id from meetings where id = ${meetingId}`;
	if (!found) return { items: [], withheld: 0 };
	const parts = visibleParts(reader, found.bodyId);
	const whole = await wholeAgenda(tx, meetingId);
	const items = whole.filter((item) => parts.includes(item.part));
	return { items, withheld: whole.length - items.length };
}

/**
 * The whole agenda in order, numbered "1", "2", "2.1"..., with each item's papers: for the acts that change it
 * and the record kept of it, never for a reader (use `agenda`).
 */
export async function wholeAgenda(tx: Tx, meetingId: string): Promise<AgendaItem[]> {
	const rows = await tx<Omit<AgendaItem, 'number'>[]>`
		select a.id, a.meeting_id, a.parent_id, a.position, a.title, a.purpose, a.presenter, a.minutes_allotted, a.part,
			a.standing, a.discussion, a.seconds_used, a.considers_decision_id,
			coalesce((select json_agg(json_build_object('id', p.id, 'filename', p.filename, 'sizeBytes', p.size_bytes, 'contentType', p.content_type) order by p.created_at)
				from papers p where p.agenda_item_id = a.id), '[]'::json) as papers
		from agenda_items a where a.meeting_id = ${meetingId}
		order by a.position, a.created_at`;
	const top = rows.filter((r) => !r.parentId);
	const numbered: AgendaItem[] = [];
	top.forEach((item, i) => {
		numbered.push({ ...item, number: String(i + 1) });
		rows
			.filter((r) => r.parentId === item.id)
			.forEach((sub, j) => numbered.push({ ...sub, number: `${i + 1}.${j + 1}` }));
	});
	return numbered;
}

export async function getItem(tx: Tx, itemId: string): Promise<(AgendaItem & { bodyId: string }) | null> {
	const [row] = await tx<{ meetingId: string; bodyId: string }[]>`
		select a.meeting_id, m.body_id from agenda_items a join meetings m on m.id = a.meeting_id where a.id = ${itemId}`;
	if (!row) return null;
	const item = (await wholeAgenda(tx, row.meetingId)).find((i) => i.id === itemId);
	return item ? { ...item, bodyId: row.bodyId } : null;
}

async function editable(tx: Tx, meetingId: string): Promise<Result<Meeting>> {
	const found = await get(tx, meetingId);
	if (!found) return { ok: false, reason: 'No such meeting' };
	if (found.status === 'closed' || found.status === 'cancelled') return { ok: false, reason: 'The agenda of a closed or cancelled meeting cannot be changed' };
	return { ok: true, value: found };
}

export async function addItem(tx: Tx, meetingId: string, input: ItemInput, actorId: string): Promise<Result<AgendaItem>> {
	const open = await editable(tx, meetingId);
	if (!open.ok) return open;
	if (input.parentId) {
		const [parent] = await tx<{ parentId: string | null; meetingId: string }[]>`select parent_id, meeting_id from agenda_items where id = ${input.parentId}`;
		if (!parent || parent.meetingId !== meetingId) return { ok: false, reason: 'The item to put this under is not on this agenda' };
		if (parent.parentId) return { ok: false, reason: 'Sub-items go one level deep: choose a main item' };
	}
	const [next] = await tx<{ position: number }[]>`
		select coalesce(max(position), 0) + 1 as position from agenda_items
		where meeting_id = ${meetingId} and parent_id is not distinct from ${input.parentId}`;
	const [row] = await tx<{ id: string }[]>`
		insert into agenda_items (meeting_id, parent_id, position, title, purpose, presenter, minutes_allotted, part)
		values (${meetingId}, ${input.parentId}, ${next!.position}, ${input.title}, ${input.purpose}, ${input.presenter}, ${input.minutesAllotted}, ${input.part})
		returning id`;
	const created = (await wholeAgenda(tx, meetingId)).find((i) => i.id === row!.id)!;
	changed(tx, meetingId);
	await audit.record(tx, { actorId, action: 'agenda_item.create', entity: 'agenda_item', entityId: created.id, after: created });
	return { ok: true, value: created };
}

export async function updateItem(tx: Tx, itemId: string, input: Omit<ItemInput, 'parentId'>, actorId: string): Promise<Result<AgendaItem>> {
	const before = await getItem(tx, itemId);
	if (!before) return { ok: false, reason: 'No such agenda item' };
	const open = await editable(tx, before.meetingId);
	if (!open.ok) return open;
	await tx`
		update agenda_items set title = ${input.title}, purpose = ${input.purpose}, presenter = ${input.presenter},
			minutes_allotted = ${input.minutesAllotted}, part = ${input.part}
		where id = ${itemId}`;
	const after = (await getItem(tx, itemId))!;
	changed(tx, before.meetingId);
	await audit.record(tx, { actorId, action: 'agenda_item.update', entity: 'agenda_item', entityId: itemId, before, after });
	return { ok: true, value: after };
}

/**
 * The secretariat names the recommendation an item considers, or clears it (`decisionId` null): a recommendation
 * from a body below addressed to this meeting's body. Every motion on the item is then judged with its path, and
 * the decision reached takes it up. Fixed once a decision is reached on the item, which already links to it.
 */
export async function considerRecommendation(tx: Tx, itemId: string, decisionId: string | null, actorId: string): Promise<Result<AgendaItem>> {
	const before = await getItem(tx, itemId);
	if (!before) return { ok: false, reason: 'No such agenda item' };
	const open = await editable(tx, before.meetingId);
	if (!open.ok) return open;
	const [decided] = await tx<{ n: number }[]>`select count(*)::int as n from decisions where agenda_item_id = ${itemId}`;
	if ((decided?.n ?? 0) > 0) return { ok: false, reason: 'A decision has been reached on this item, so the recommendation it considers cannot change' };
	if (decisionId) {
		const [found] = await tx<{ state: string; recommendationToBodyId: string | null; bodyName: string }[]>`
			select d.state, d.recommendation_to_body_id, b.name as body_name from decisions d join bodies b on b.id = d.body_id where d.id = ${decisionId}`;
		if (!found) return { ok: false, reason: 'No such decision' };
		if (found.state !== 'recommendation' || found.recommendationToBodyId !== open.value.bodyId) {
			return { ok: false, reason: `That decision of ${found.bodyName} is not a recommendation to ${open.value.bodyName}: choose one from its list of matters to decide` };
		}
	}
	await tx`update agenda_items set considers_decision_id = ${decisionId} where id = ${itemId}`;
	const after = (await getItem(tx, itemId))!;
	changed(tx, before.meetingId);
	await audit.record(tx, { actorId, action: 'agenda_item.consider_recommendation', entity: 'agenda_item', entityId: itemId, before, after });
	return { ok: true, value: after };
}

export async function removeItem(tx: Tx, itemId: string, actorId: string): Promise<Result<null>> {
	const before = await getItem(tx, itemId);
	if (!before) return { ok: false, reason: 'No such agenda item' };
	const open = await editable(tx, before.meetingId);
	if (!open.ok) return open;
	const [motions] = await tx<{ n: number }[]>`select count(*)::int as n from motions where agenda_item_id = ${itemId} or agenda_item_id in (select id from agenda_items where parent_id = ${itemId})`;
	if ((motions?.n ?? 0) > 0) return { ok: false, reason: 'This item has motions on it, which are part of the record: it cannot be removed' };
	await tx`delete from agenda_items where id = ${itemId}`;
	changed(tx, before.meetingId);
	await audit.record(tx, { actorId, action: 'agenda_item.remove', entity: 'agenda_item', entityId: itemId, before });
	return { ok: true, value: null };
}

/** Moves an item one place up or down among its siblings. */
export async function moveItem(tx: Tx, itemId: string, direction: 'up' | 'down', actorId: string): Promise<Result<null>> {
	const item = await getItem(tx, itemId);
	if (!item) return { ok: false, reason: 'No such agenda item' };
	const open = await editable(tx, item.meetingId);
	if (!open.ok) return open;
	const siblings = (await wholeAgenda(tx, item.meetingId)).filter((i) => i.parentId === item.parentId);
	const index = siblings.findIndex((i) => i.id === itemId);
	const other = siblings[direction === 'up' ? index - 1 : index + 1];
	if (!other) return { ok: false, reason: `This item is already ${direction === 'up' ? 'first' : 'last'}` };
	// Renumber the siblings in their new order, so ties in position can never leave the order ambiguous.
	const order = siblings.map((s) => s.id);
	order[index] = other.id;
	order[siblings.indexOf(other)] = itemId;
	for (const [i, id] of order.entries()) await tx`update agenda_items set position = ${i + 1} where id = ${id}`;
	changed(tx, item.meetingId);
	await audit.record(tx, { actorId, action: 'agenda_item.move', entity: 'agenda_item', entityId: itemId, after: { direction } });
	return { ok: true, value: null };
}

/**
 * The key of the notification that papers were issued at `issuedAt` (notification.notify): one per person per issue,
 * so the formal notice sent with it can mark it as already emailed (notice.issueNotice).
 */
export const papersIssuedKey = (meetingId: string, issuedAt: Date) => `meeting:${meetingId}:papers:${issuedAt.toISOString()}`;

/**
 * Records that notice and papers were issued now, and tells the members in their inboxes; the caller emails them the
 * formal notice.
 */
export async function recordNoticeIssued(tx: Tx, meetingId: string, actorId: string): Promise<Result<Meeting>> {
	const open = await editable(tx, meetingId);
	if (!open.ok) return open;
	await tx`update meetings set notice_issued_at = now() where id = ${meetingId}`;
	const after = (await get(tx, meetingId))!;
	changed(tx, meetingId);
	await audit.record(tx, { actorId, action: 'meeting.issue_notice', entity: 'meeting', entityId: meetingId, after: { noticeIssuedAt: after.noticeIssuedAt } });
	await notification.notify(
		tx,
		await notification.bodyMembers(tx, after.bodyId),
		{
			kind: 'paper_issued',
			bodyId: after.bodyId,
			title: `Papers issued for ${after.title}, ${after.bodyName}, ${formatLondon(after.startsAt)}`,
			link: `/meetings/${meetingId}`,
			key: papersIssuedKey(meetingId, after.noticeIssuedAt!)
		},
		actorId
	);
	return { ok: true, value: after };
}

/** Takes the next number of the live meeting's change sequence; call it in every transaction that changes the live state. */
export async function nextSeq(tx: Tx, meetingId: string): Promise<string> {
	changed(tx, meetingId);
	const [row] = await tx<{ seq: string }[]>`update meetings set seq = seq + 1 where id = ${meetingId} returning seq::text as seq`;
	return row!.seq;
}

export async function setStatus(tx: Tx, at: MeetingRef, status: MeetingStatus, actorId: string): Promise<Result<Meeting>> {
	const meetingId = idOf(at);
	const before = await lock(tx, at);
	if (!before) return { ok: false, reason: 'No such meeting' };
	const allowed: Record<MeetingStatus, MeetingStatus[]> = {
		scheduled: ['in_progress', 'cancelled'],
		in_progress: ['closed'],
		closed: [],
		cancelled: []
	};
	if (!allowed[before.status].includes(status)) return { ok: false, reason: `A meeting that is ${before.status.replace('_', ' ')} cannot become ${status.replace('_', ' ')}` };
	if (status === 'closed') {
		// Closing with a vote open would leave its acknowledged ballots uncounted.
		const [open] = await tx<{ text: string }[]>`
			select mo.text from motions mo join agenda_items a on a.id = mo.agenda_item_id
			where a.meeting_id = ${meetingId} and mo.state = 'voting' limit 1`;
		if (open) return { ok: false, reason: `A vote is still open (on “${open.text}”): close it before closing the meeting` };
	}
	await tx`update meetings set status = ${status} where id = ${meetingId}`;
	if (status === 'in_progress') await tx`update meetings set started_at = now() where id = ${meetingId}`;
	if (status === 'closed') await closeCurrentItem(tx, meetingId);
	await nextSeq(tx, meetingId);
	const after = (await get(tx, meetingId))!;
	await audit.record(tx, { actorId, action: `meeting.${status}`, entity: 'meeting', entityId: meetingId, before: { status: before.status }, after: { status } });
	return { ok: true, value: after };
}

async function closeCurrentItem(tx: Tx, meetingId: string) {
	// The time spent on the item so far is added to what it had used, so returning to an item keeps counting.
	await tx`
		update agenda_items a set seconds_used = a.seconds_used + greatest(0, extract(epoch from now() - m.current_item_started_at))::int
		from meetings m where m.id = ${meetingId} and a.id = m.current_item_id and m.current_item_started_at is not null`;
	await tx`update meetings set current_item_id = null, current_item_started_at = null where id = ${meetingId}`;
}

/** Moves the meeting to an item (the chair's "next item"), stopping the clock on the one before. */
export async function setCurrentItem(tx: Tx, at: MeetingRef, itemId: string, actorId: string): Promise<Result<null>> {
	const meetingId = idOf(at);
	const found = await lock(tx, at);
	if (!found) return { ok: false, reason: 'No such meeting' };
	if (found.status !== 'in_progress') return { ok: false, reason: 'Start the meeting before moving through the agenda' };
	const [item] = await tx`select 1 from agenda_items where id = ${itemId} and meeting_id = ${meetingId}`;
	if (!item) return { ok: false, reason: 'That item is not on this agenda' };
	await closeCurrentItem(tx, meetingId);
	await tx`update meetings set current_item_id = ${itemId}, current_item_started_at = now() where id = ${meetingId}`;
	await nextSeq(tx, meetingId);
	await audit.record(tx, { actorId, action: 'meeting.current_item', entity: 'meeting', entityId: meetingId, after: { itemId } });
	return { ok: true, value: null };
}

export async function recordDiscussion(tx: Tx, itemId: string, text: string, actorId: string, locked?: Meeting): Promise<Result<null>> {
	const open = await lockOpenForItem(tx, itemId, locked);
	if (!open.ok) return open;
	const { item } = open.value;
	await tx`update agenda_items set discussion = ${text} where id = ${itemId}`;
	await nextSeq(tx, item.meetingId);
	await audit.record(tx, { actorId, action: 'agenda_item.discussion', entity: 'agenda_item', entityId: itemId, before: { discussion: item.discussion }, after: { discussion: text } });
	return { ok: true, value: null };
}

export const MAX_PAPER_BYTES = 20 * 1024 * 1024;

/**
 * Adds a paper to an agenda item. `text` is its words for the search, read from the file before the transaction
 * (paper-text.ts `extractPaperText`); without it the paper is found by its name only.
 */
export async function addPaper(
	tx: Tx,
	itemId: string,
	/** `text`: its words, read for the search (paper-text.ts); left out, they are read in the background later. */
	paper: { filename: string; contentType: string; content: Uint8Array; text?: string },
	actorId: string
): Promise<Result<{ id: string }>> {
	const item = await getItem(tx, itemId);
	if (!item) return { ok: false, reason: 'No such agenda item' };
	if (paper.content.byteLength === 0) return { ok: false, reason: 'The file is empty' };
	if (paper.content.byteLength > MAX_PAPER_BYTES) return { ok: false, reason: 'A paper must be smaller than 20 MB' };
	const [row] = await tx<{ id: string }[]>`
		insert into papers (agenda_item_id, filename, content_type, size_bytes, content, uploaded_by, text_content, text_read_at)
		values (${itemId}, ${paper.filename}, ${paper.contentType}, ${paper.content.byteLength}, ${Buffer.from(paper.content)}, ${actorId},
			${storedText(paper.text ?? '')}, ${paper.text === undefined ? null : new Date()})
		returning id`;
	changed(tx, item.meetingId);
	await audit.record(tx, { actorId, action: 'paper.add', entity: 'paper', entityId: row!.id, after: { itemId, filename: paper.filename, sizeBytes: paper.content.byteLength } });
	return { ok: true, value: { id: row!.id } };
}

export interface Paper {
	id: string;
	filename: string;
	contentType: string;
	content: Buffer;
	meetingId: string;
	bodyId: string;
	part: Part;
}

/** A paper for download, if the reader may see its item's part; `withheld` says why not. Null when there is none. */
export async function getPaper(tx: Tx, paperId: string, reader: Reader): Promise<{ paper: Paper } | { withheld: string } | null> {
	const [row] = await tx<Paper[]>`
		select p.id, p.filename, p.content_type, p.content, a.meeting_id, m.body_id, a.part
		from papers p join agenda_items a on a.id = p.agenda_item_id join meetings m on m.id = a.meeting_id
		where p.id = ${paperId}`;
	if (!row) return null;
	return mayRead(reader, row.bodyId, row.part) ? { paper: row } : { withheld: 'This paper belongs to confidential (Part B) business, which only members of the body can read.' };
}

export async function removePaper(tx: Tx, paperId: string, actorId: string): Promise<Result<null>> {
	const [row] = await tx<{ filename: string; meetingId: string }[]>`
		delete from papers p using agenda_items a where p.id = ${paperId} and a.id = p.agenda_item_id returning p.filename, a.meeting_id`;
	if (!row) return { ok: false, reason: 'No such paper' };
	changed(tx, row.meetingId);
	await audit.record(tx, { actorId, action: 'paper.remove', entity: 'paper', entityId: paperId, before: { filename: row.filename } });
	return { ok: true, value: null };
}

/** Whether notice and papers went out in time, counted in London dates as the rules count notice (notice-days.ts). */
export interface NoticeStatus {
	issuedOn: string | null;
	/** Days from the day notice went out to the day of the meeting, as the rules count them; null when not issued or not countable. */
	daysBefore: number | null;
	requiredDays: number | null;
	/** The last day notice can go out in time, when the rules set a period. */
	dueBy: string | null;
	late: boolean;
	/** "Notice issued 5 days before the meeting; the rules require 7: late". */
	text: string;
}

/**
 * Compares the day notice was issued with the meeting day against the rules' notice.papersDays (undefined: none
 * set), counted as the rules' notice counting says (calendar days, every day counted, when not given).
 */
export function noticeStatus(found: Pick<Meeting, 'startsAt' | 'noticeIssuedAt'>, papersDays: number | undefined, counting: NoticeCounting = CALENDAR_DAYS): NoticeStatus {
	const meetingDate = londonDate(found.startsAt);
	const requiredDays = papersDays ?? null;
	const plain = isCalendarDays(counting);
	const latest = requiredDays === null ? null : latestIssueDate(meetingDate, requiredDays, counting);
	const dueBy = latest?.ok ? latest.date : null;
	const required = requiredDays === null ? '' : plain ? String(requiredDays) : describeDayCount(requiredDays, counting);
	const rule = requiredDays === null ? 'the rules set no notice period' : `the rules require ${required}`;
	if (!found.noticeIssuedAt) {
		const period = requiredDays === null ? '' : `${describeDayCount(requiredDays, counting)}${describeNoticeRule(counting)}`;
		return {
			issuedOn: null,
			daysBefore: null,
			requiredDays,
			dueBy,
			late: false,
			text:
				latest === null
					? 'Notice and papers not issued yet'
					: latest.ok
						? `Notice and papers not issued yet; the rules require ${period}: issue them by ${describeIssueDate(latest.date, counting)}`
						: `Notice and papers not issued yet; the rules require ${period}; ${lowerFirst(latest.reason)}`
		};
	}
	const issuedOn = londonDate(found.noticeIssuedAt);
	const counted = countNoticeDays(issuedOn, meetingDate, counting);
	if (!counted.ok) {
		return { issuedOn, daysBefore: null, requiredDays, dueBy, late: false, text: `Notice issued on ${describeIssueDate(issuedOn, counting)}; ${lowerFirst(counted.reason)}` };
	}
	const daysBefore = counted.days;
	const late = requiredDays !== null && daysBefore < requiredDays;
	const order = daysBetween(issuedOn, meetingDate);
	const given =
		order > 0
			? `Notice issued ${describeNoticeBefore(daysBefore, counting, 'before the meeting')}`
			: order === 0
				? 'Notice issued on the day of the meeting'
				: 'Notice issued after the day of the meeting';
	return { issuedOn, daysBefore, requiredDays, dueBy, late, text: `${given}; ${rule}${requiredDays === null ? '' : late ? ': late' : ': on time'}` };
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
