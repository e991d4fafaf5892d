import * as audit from './audit';
import { londonToday, type Tx } from './db';
import * as meeting from './meeting';
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
}

const select = (tx: Tx) => tx`
	select ac.id, ac.meeting_id, mt.title as meeting_title, mt.body_id, b.name as body_name, ac.agenda_item_id, a.title as item_title,
		ac.description, ac.owner_membership_id, u.name as owner_name, ac.due_on, ac.status,
		coalesce(ac.status = 'open' and ac.due_on < ${londonToday(tx)}, false) as overdue
	from actions ac
	join meetings mt on mt.id = ac.meeting_id
	join bodies b on b.id = mt.body_id
	left join agenda_items a on a.id = ac.agenda_item_id
	left join memberships m on m.id = ac.owner_membership_id
	left join users u on u.id = m.user_id`;

/** The action log across meetings: one body's, or one meeting's, or everything. */
export async function log(tx: Tx, filter: { bodyId?: string; meetingId?: string } = {}): Promise<ActionItem[]> {
	return tx<ActionItem[]>`
		${select(tx)}
		where ${filter.bodyId ? tx`mt.body_id = ${filter.bodyId}` : tx`true`}
			and ${filter.meetingId ? tx`ac.meeting_id = ${filter.meetingId}` : tx`true`}
		order by (ac.status = 'open') desc, ac.due_on nulls last, ac.created_at`;
}

export async function get(tx: Tx, id: string): Promise<ActionItem | null> {
	const [row] = await tx<ActionItem[]>`${select(tx)} where ac.id = ${id}`;
	return row ?? null;
}

export async function create(
	tx: Tx,
	meetingId: string,
	input: { agendaItemId: string | null; description: string; ownerMembershipId: string | null; dueOn: string | null },
	actorId: string
): Promise<Result<ActionItem>> {
	const open = await meeting.lockOpen(tx, meetingId);
	if (!open.ok) return open;
	const found = open.value;
	if (input.agendaItemId) {
		const item = await meeting.getItem(tx, input.agendaItemId);
		if (!item || item.meetingId !== meetingId) return { ok: false, reason: 'That item is not on this meeting’s agenda' };
	}
	if (input.ownerMembershipId) {
		const [owner] = await tx<{ bodyId: string }[]>`select body_id from memberships where id = ${input.ownerMembershipId}`;
		if (!owner || owner.bodyId !== found.bodyId) return { ok: false, reason: 'The owner must be a member of this body' };
	}
	const [row] = await tx<{ id: string }[]>`
		insert into actions (meeting_id, agenda_item_id, description, owner_membership_id, due_on)
		values (${meetingId}, ${input.agendaItemId}, ${input.description}, ${input.ownerMembershipId}, ${input.dueOn})
		returning id`;
	await meeting.nextSeq(tx, meetingId);
	const created = (await get(tx, row!.id))!;
	await audit.record(tx, { actorId, action: 'action.create', entity: 'action', entityId: created.id, after: created });
	return { ok: true, value: created };
}

export async function setStatus(tx: Tx, id: string, status: ActionStatus, actorId: string): Promise<Result<ActionItem>> {
	const before = await get(tx, id);
	if (!before) return { ok: false, reason: 'No such action' };
	await tx`update actions set status = ${status}, updated_at = now() where id = ${id}`;
	const after = (await get(tx, id))!;
	await audit.record(tx, { actorId, action: 'action.status', entity: 'action', entityId: id, before: { status: before.status }, after: { status } });
	return { ok: true, value: after };
}

/** The action log with the part of each action's item, since an action on Part B business is confidential too. */
export async function logWithPart(tx: Tx, filter: { bodyId?: string; meetingId?: string } = {}): Promise<(ActionItem & { part: 'A' | 'B' })[]> {
	const [items, parts] = await Promise.all([
		log(tx, filter),
		tx<{ id: string; part: 'A' | 'B' }[]>`
			select ac.id, coalesce(a.part, 'A') as part from actions ac join meetings mt on mt.id = ac.meeting_id
			left join agenda_items a on a.id = ac.agenda_item_id
			where ${filter.bodyId ? tx`mt.body_id = ${filter.bodyId}` : tx`true`}
				and ${filter.meetingId ? tx`ac.meeting_id = ${filter.meetingId}` : tx`true`}`
	]);
	const partOf = new Map(parts.map((row) => [row.id, row.part]));
	return items.map((item) => ({ ...item, part: partOf.get(item.id) ?? 'A' }));
}
