import * as audit from './audit';
import type { Tx } from './db';

/**
 * What a body's next meeting must hear of from between meetings (migrations/020): a written resolution's outcome
 * "for noting" and a chair's urgent action "for ratification". Each report goes on the agenda of the body's next
 * scheduled meeting at once, or waits, and goes on the next meeting's agenda when one is scheduled
 * (`placeWaiting`, called by meeting.schedule).
 *
 * "For noting" is the agenda's "for information" purpose (DOMAIN.md lists five; noting a report is informing the
 * meeting of it), so no new purpose is added to the agenda, its check constraint or the meeting pages.
 */
export type ReportPurpose = 'information' | 'ratification';

export interface ReportInput {
	bodyId: string;
	purpose: ReportPurpose;
	/** The agenda item's title: "Written resolution: … (for noting)". */
	title: string;
	writtenResolutionId?: string;
	urgentActionId?: string;
}

/** Files a report for the body's next meeting and places it now if a meeting is scheduled. Returns the item id, if placed. */
export async function report(tx: Tx, input: ReportInput, now: Date = new Date()): Promise<string | null> {
	const [row] = await tx<{ id: string }[]>`
		insert into between_meeting_reports (body_id, purpose, title, written_resolution_id, urgent_action_id)
		values (${input.bodyId}, ${input.purpose}, ${input.title.slice(0, 300)}, ${input.writtenResolutionId ?? null}, ${input.urgentActionId ?? null})
		on conflict do nothing
		returning id`;
	if (!row) return null;
	const [next] = await tx<{ id: string }[]>`
		select id from meetings where body_id = ${input.bodyId} and status = 'scheduled' and starts_at > ${now}
		order by starts_at, id limit 1`;
	if (!next) return null;
	return (await placeOn(tx, next.id, [row.id]))[0] ?? null;
}

/** Puts every report still waiting for a meeting of the body on this meeting's agenda. Returns the items made. */
export async function placeWaiting(tx: Tx, bodyId: string, meetingId: string): Promise<string[]> {
	const waiting = await tx<{ id: string }[]>`
		select id from between_meeting_reports where body_id = ${bodyId} and placed_at is null order by created_at, id for update`;
	return placeOn(tx, meetingId, waiting.map((w) => w.id));
}

/** Where a report went: the meeting and item, once placed. */
export async function placement(tx: Tx, ref: { writtenResolutionId?: string; urgentActionId?: string }): Promise<{ meetingId: string; agendaItemId: string } | null> {
	const [row] = await tx<{ meetingId: string; agendaItemId: string }[]>`
		select a.meeting_id, a.id as agenda_item_id from between_meeting_reports r join agenda_items a on a.id = r.agenda_item_id
		where ${ref.writtenResolutionId ? tx`r.written_resolution_id = ${ref.writtenResolutionId}` : tx`r.urgent_action_id = ${ref.urgentActionId ?? null}`}`;
	return row ?? null;
}

async function placeOn(tx: Tx, meetingId: string, reportIds: string[]): Promise<string[]> {
	const items: string[] = [];
	for (const id of reportIds) {
		const [item] = await tx<{ id: string }[]>`
			insert into agenda_items (meeting_id, position, title, purpose)
			select ${meetingId}, coalesce((select max(position) from agenda_items where meeting_id = ${meetingId} and parent_id is null), 0) + 1, r.title, r.purpose
			from between_meeting_reports r where r.id = ${id}
			returning id`;
		await tx`update between_meeting_reports set agenda_item_id = ${item!.id}, placed_at = now() where id = ${id}`;
		await audit.record(tx, { actorId: null, action: 'agenda_item.create', entity: 'agenda_item', entityId: item!.id, after: { meetingId, reportId: id } });
		items.push(item!.id);
	}
	return items;
}
