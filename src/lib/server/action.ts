import { decide, mayRead, type Part, type Reader } from '$lib/domain/policy';
import type { ActionFilter } from '$lib/domain/register-filter';
import * as audit from './audit';
import { announce } from './events';
import { londonToday, type Tx } from './db';
import { addDays } from '$lib/domain/governance';
import * as jobs from './jobs';
import * as meeting from './meeting';
import * as notification from './notification';
import type { Result } from './result';

export type ActionStatus = 'open' | 'done' | 'cancelled';

export interface ActionItem {
	id: string;
	meetingId: string;
	meetingTitle: string;
	bodyId: string;
	bodyName: string;
	agendaItemId: string | null;
	itemTitle: string | null;
	description: string;
	ownerMembershipId: string | null;
	ownerName: string | null;
	dueOn: string | null;
	status: ActionStatus;
	/** Open and past its due date. */
	overdue: boolean;
	/** The part of the item it was agreed on: an action on Part B business is confidential too. */
	part: Part;
}

const select = (tx: Tx) => tx`
	select ac.id, ac.meeting_id, mt.title as meeting_title, mt.body_id, b.name as body_name, ac.agenda_item_id, a.title as item_title,
		ac.description, ac.owner_membership_id, u.name as owner_name, ac.due_on, ac.status,
		coalesce(ac.status = 'open' and ac.due_on < ${londonToday(tx)}, false) as overdue, coalesce(a.part, 'A') as part
	from actions ac
	join meetings mt on mt.id = ac.meeting_id
	join bodies b on b.id = mt.body_id
	left join agenda_items a on a.id = ac.agenda_item_id
	left join memberships m on m.id = ac.owner_membership_id
	left join users u on u.id = m.user_id`;

/**
 * Which actions of the log: one body's, one meeting's, those due within dates (`from` and `to`, both included; an
 * action with no due date falls outside any range), those of some statuses. Each left out means any.
 */
export interface LogFilter extends ActionFilter {
	meetingId?: string;
}

/**
 * The action log as the reader may see it: actions of the bodies whose meetings they follow, Part B ones only to
 * those who may read them (policy.visibleParts). One body's, one meeting's, or everything.
 */
export async function log(tx: Tx, reader: Reader, filter: LogFilter = {}): Promise<ActionItem[]> {
	const rows = await wholeLog(tx, filter);
	return rows.filter((a) => decide(reader, 'meeting.follow', { bodyId: a.bodyId }).allowed && mayRead(reader, a.bodyId, a.part));
}

/** The whole action log of a meeting or body, for the record kept of it (the live meeting's parts, the minutes). */
export async function wholeLog(tx: Tx, filter: LogFilter = {}): Promise<ActionItem[]> {
	return tx<ActionItem[]>`
		${select(tx)}
		where ${filter.bodyId ? tx`mt.body_id = ${filter.bodyId}` : tx`true`}
			and ${filter.meetingId ? tx`ac.meeting_id = ${filter.meetingId}` : tx`true`}
			and ${filter.from ? tx`ac.due_on >= ${filter.from}` : tx`true`}
			and ${filter.to ? tx`ac.due_on <= ${filter.to}` : tx`true`}
			and ${filter.statuses ? tx`ac.status = any(${filter.statuses as string[]}::text[])` : tx`true`}
		order by (ac.status = 'open') desc, ac.due_on nulls last, ac.created_at`;
}

export async function get(tx: Tx, id: string): Promise<ActionItem | null> {
	const [row] = await tx<ActionItem[]>`${select(tx)} where ac.id = ${id}`;
	return row ?? null;
}

export async function create(
	tx: Tx,
	at: meeting.MeetingRef,
	input: { agendaItemId: string | null; description: string; ownerMembershipId: string | null; dueOn: string | null },
	actorId: string
): Promise<Result<ActionItem>> {
	const meetingId = meeting.idOf(at);
	const open = await meeting.lockOpen(tx, at);
	if (!open.ok) return open;
	const found = open.value;
	if (input.agendaItemId) {
		const item = await meeting.getItem(tx, input.agendaItemId);
		if (!item || item.meetingId !== meetingId) return { ok: false, reason: 'That item is not on this meeting’s agenda' };
	}
	let ownerUserId: string | null = null;
	if (input.ownerMembershipId) {
		const [owner] = await tx<{ bodyId: string; userId: string }[]>`select body_id, user_id from memberships where id = ${input.ownerMembershipId}`;
		if (!owner || owner.bodyId !== found.bodyId) return { ok: false, reason: 'The owner must be a member of this body' };
		ownerUserId = owner.userId;
	}
	const [row] = await tx<{ id: string }[]>`
		insert into actions (meeting_id, agenda_item_id, description, owner_membership_id, due_on)
		values (${meetingId}, ${input.agendaItemId}, ${input.description}, ${input.ownerMembershipId}, ${input.dueOn})
		returning id`;
	await meeting.nextSeq(tx, meetingId);
	const created = (await get(tx, row!.id))!;
	await audit.record(tx, { actorId, action: 'action.create', entity: 'action', entityId: created.id, after: created });
	if (ownerUserId) await notification.notify(tx, [ownerUserId], { ...actionNotice(created), kind: 'action_assigned', key: `action:${created.id}:assigned` }, actorId);
	// The morning after it falls due, owners of actions then overdue are told (notifyOverdue).
	if (ownerUserId && created.dueOn) await jobs.scheduleForDay(tx, OVERDUE_JOB, addDays(created.dueOn, 1), OVERDUE_TIME);
	return { ok: true, value: created };
}

/** What a notification of an action says and where it leads: the meeting's action log. */
function actionNotice(action: ActionItem): { bodyId: string; title: string; link: string } {
	const what = action.description.length > 180 ? `${action.description.slice(0, 179)}…` : action.description;
	const due = action.dueOn ? `, due ${action.dueOn}` : '';
	// Part B business is confidential: the title, which email carries, says only that.
	const title = action.part === 'B' ? `An action on confidential (Part B) business${due}` : `Action for you${due}: ${what}`;
	return { bodyId: action.bodyId, title, link: `/actions?body=${action.bodyId}` };
}

/** The job that tells owners of overdue actions, at 06:30 London: before the 07:00 digest, which then carries it. */
export const OVERDUE_JOB = 'action.overdue';
const OVERDUE_TIME = '06:30';

/**
 * Tells each owner of an open action past its due date, once per action and due date (moving the date tells again).
 * Run by the job scheduled for the morning after an action falls due (scheduled-work.ts). Returns how many were told.
 */
export async function notifyOverdue(tx: Tx): Promise<number> {
	const overdue = await tx<(ActionItem & { ownerUserId: string })[]>`
		select * from (${select(tx)}) ac0 join lateral (select m.user_id as owner_user_id from memberships m where m.id = ac0.owner_membership_id) o on true
		where ac0.overdue`;
	let told = 0;
	for (const action of overdue) {
		const notice = actionNotice(action);
		const title = action.part === 'B' ? `Overdue: ${notice.title}` : `Overdue since ${action.dueOn}: ${action.description.slice(0, 180)}`;
		told += (await notification.notify(tx, [action.ownerUserId], { ...notice, title, kind: 'action_overdue', key: `action:${action.id}:overdue:${action.dueOn}` })).length;
	}
	return told;
}

export async function setStatus(tx: Tx, id: string, status: ActionStatus, actorId: string): Promise<Result<ActionItem>> {
	const before = await get(tx, id);
	if (!before) return { ok: false, reason: 'No such action' };
	await tx`update actions set status = ${status}, updated_at = now() where id = ${id}`;
	announce(tx, { type: 'meeting.changed', meetingId: before.meetingId });
	const after = (await get(tx, id))!;
	await audit.record(tx, { actorId, action: 'action.status', entity: 'action', entityId: id, before: { status: before.status }, after: { status } });
	return { ok: true, value: after };
}
