import type { DeclarationOutcome } from '$lib/domain/governance';
import { mayRead, type Part, type Reader } from '$lib/domain/policy';
import * as audit from './audit';
import type { Tx } from './db';
import * as meeting from './meeting';
import type { Result } from './result';

export interface DeclarationEntry {
	id: string;
	agendaItemId: string;
	membershipId: string;
	name: string;
	interest: string;
	outcome: DeclarationOutcome;
}



/** The declarations of interest made at a meeting, those on Part B items only to readers who may see them. */
export async function listForMeeting(tx: Tx, meetingId: string, reader: Reader): Promise<DeclarationEntry[]> {
	const rows = await wholeList(tx, meetingId);
	return rows.filter((d) => mayRead(reader, d.bodyId, d.part)).map(({ bodyId: _b, part: _p, ...entry }) => entry);
}

/** Every declaration made at a meeting, with its item's part: for the record kept of it (the live meeting's parts, the minutes). */
export async function wholeList(tx: Tx, meetingId: string): Promise<(DeclarationEntry & { bodyId: string; part: Part })[]> {
	return tx<(DeclarationEntry & { bodyId: string; part: Part })[]>`
		select d.id, d.agenda_item_id, d.membership_id, u.name, d.interest, d.outcome, mt.body_id, a.part
		from declarations d join agenda_items a on a.id = d.agenda_item_id join meetings mt on mt.id = a.meeting_id
		join memberships m on m.id = d.membership_id join users u on u.id = m.user_id
		where a.meeting_id = ${meetingId} order by a.position, u.name`;
}

/** Records a declaration on an item and what the chair ruled follows; a second declaration by the same member replaces the first. */
export async function record(
	tx: Tx,
	itemId: string,
	input: { membershipId: string; interest: string; outcome: DeclarationOutcome },
	actorId: string,
	/** The meeting, when the command has locked it already. */
	locked?: meeting.Meeting
): Promise<Result<null>> {
	const open = await meeting.lockOpenForItem(tx, itemId, locked);
	if (!open.ok) return open;
	const { item } = open.value;
	const [member] = await tx<{ bodyId: string }[]>`select body_id from memberships where id = ${input.membershipId}`;
	if (!member || member.bodyId !== item.bodyId) return { ok: false, reason: 'That person is not a member of this body' };
	await tx`
		insert into declarations (agenda_item_id, membership_id, interest, outcome, recorded_by)
		values (${itemId}, ${input.membershipId}, ${input.interest}, ${input.outcome}, ${actorId})
		on conflict (agenda_item_id, membership_id) do update set interest = excluded.interest, outcome = excluded.outcome`;
	await meeting.nextSeq(tx, item.meetingId);
	await audit.record(tx, { actorId, action: 'declaration.record', entity: 'agenda_item', entityId: itemId, after: input });
	return { ok: true, value: null };
}

/**
 * A member declares their own interest from the console, on the item being taken, saying what they propose follows
 * (the chair's `record` rules on it, replacing this). A person with several memberships of the body declares for
 * the first that sits; one who holds none (an observer) cannot.
 */
export async function declareOwn(
	tx: Tx,
	locked: meeting.Meeting,
	membershipIds: readonly string[],
	input: { itemId: string; interest: string; outcome: DeclarationOutcome },
	actorId: string
): Promise<Result<null>> {
	if (locked.currentItemId !== input.itemId) return { ok: false, reason: 'You can declare an interest on the item being taken; declare on this item when the meeting reaches it' };
	const [seat] = membershipIds.length
		? await tx<{ id: string }[]>`
			select m.id from memberships m
			where m.id in ${tx(membershipIds)} and m.body_id = ${locked.bodyId} and m.role <> 'observer'
			order by m.id limit 1`
		: [];
	if (!seat) return { ok: false, reason: 'Only members of this body declare interests on its business' };
	return record(tx, input.itemId, { membershipId: seat.id, interest: input.interest, outcome: input.outcome }, actorId, locked);
}
