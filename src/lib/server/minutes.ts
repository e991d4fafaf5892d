import type { MeetingRecord } from '$lib/domain/minutes';
import type { MembershipRole } from '$lib/domain/roles';
import * as action from './action';
import * as attendance from './attendance';
import * as audit from './audit';
import type { Tx } from './db';
import * as decision from './decision';
import * as declaration from './declaration';
import * as meeting from './meeting';
import type { Result } from './result';

/** The minutes of a meeting as saved: a draft until approved as accurate at a later meeting of the same body. */
export interface Minutes {
	meetingId: string;
	text: string;
	approvedAt: Date | null;
	approvedAtMeetingId: string | null;
	/** When the meeting that approved them started. */
	approvedAtMeetingStartsAt: Date | null;
	updatedAt: Date;
}

export async function get(tx: Tx, meetingId: string): Promise<Minutes | null> {
	const [row] = await tx<Minutes[]>`
		select mi.meeting_id, mi.text, mi.approved_at, mi.approved_at_meeting_id, am.starts_at as approved_at_meeting_starts_at, mi.updated_at
		from minutes mi left join meetings am on am.id = mi.approved_at_meeting_id
		where mi.meeting_id = ${meetingId}`;
	return row ?? null;
}

/** Saves the draft text; approved minutes are part of the record and stay as approved. */
export async function saveDraft(tx: Tx, meetingId: string, text: string, actorId: string): Promise<Result<Minutes>> {
	const found = await meeting.get(tx, meetingId);
	if (!found) return { ok: false, reason: 'No such meeting' };
	const before = await get(tx, meetingId);
	if (before?.approvedAt) return { ok: false, reason: 'These minutes have been approved as accurate and can no longer be changed' };
	await tx`
		insert into minutes (meeting_id, text) values (${meetingId}, ${text})
		on conflict (meeting_id) do update set text = excluded.text, updated_at = now()`;
	const after = (await get(tx, meetingId))!;
	await audit.record(tx, { actorId, action: 'minutes.save', entity: 'minutes', entityId: meetingId, before: before ? { text: before.text } : null, after: { text } });
	return { ok: true, value: after };
}

/**
 * Records that the saved minutes were approved as accurate at `atMeetingId`: a later meeting of the same body, not
 * cancelled. The minuted meeting must have been held (closed) and its minutes saved.
 */
export async function approve(tx: Tx, meetingId: string, atMeetingId: string, actorId: string): Promise<Result<Minutes>> {
	const minuted = await meeting.get(tx, meetingId);
	if (!minuted) return { ok: false, reason: 'No such meeting' };
	if (minuted.status !== 'closed') return { ok: false, reason: 'Minutes are approved once the meeting has been held and closed' };
	const at = await meeting.get(tx, atMeetingId);
	if (!at || at.bodyId !== minuted.bodyId) return { ok: false, reason: `Choose a meeting of ${minuted.bodyName}` };
	if (at.startsAt <= minuted.startsAt) return { ok: false, reason: 'Minutes are approved at a later meeting than the one they record' };
	if (at.status === 'cancelled') return { ok: false, reason: 'A cancelled meeting cannot approve minutes' };
	const before = await get(tx, meetingId);
	if (!before) return { ok: false, reason: 'Save the draft minutes before approving them' };
	if (before.approvedAt) return { ok: false, reason: 'These minutes have already been approved' };
	await tx`update minutes set approved_at = now(), approved_at_meeting_id = ${atMeetingId}, updated_at = now() where meeting_id = ${meetingId}`;
	const after = (await get(tx, meetingId))!;
	await audit.record(tx, { actorId, action: 'minutes.approve', entity: 'minutes', entityId: meetingId, after: { approvedAtMeetingId: atMeetingId, text: after.text } });
	return { ok: true, value: after };
}

/** Everything the minutes are drafted from, gathered from the record of the meeting. Null when there is no such meeting. */
export async function recordOf(tx: Tx, meetingId: string): Promise<MeetingRecord | null> {
	const found = await meeting.get(tx, meetingId);
	if (!found) return null;
	const [items, register, declarations, decisions, actions] = await Promise.all([
		meeting.agenda(tx, meetingId),
		attendance.register(tx, meetingId),
		declaration.listForMeeting(tx, meetingId),
		decision.register(tx, { meetingId }),
		action.log(tx, { meetingId })
	]);
	const names = new Map(register.map((entry) => [entry.membershipId, entry.name]));
	return {
		bodyName: found.bodyName,
		meeting: { title: found.title, startsAt: found.startsAt, endsAt: found.endsAt, place: found.place, videoLink: found.videoLink },
		attendance: register.map((entry) => ({
			name: entry.name,
			role: entry.role as MembershipRole,
			status: entry.status,
			deputyForName: entry.deputyFor ? (names.get(entry.deputyFor) ?? 'a member') : null,
			departed: entry.departed
		})),
		items: items.map((item) => ({
			id: item.id,
			number: item.number,
			title: item.title,
			purposeLabel: meeting.PURPOSE_LABELS[item.purpose],
			presenter: item.presenter,
			part: item.part,
			discussion: item.discussion
		})),
		declarations: declarations.map((d) => ({ agendaItemId: d.agendaItemId, name: d.name, interest: d.interest, follows: declaration.OUTCOME_LABELS[d.outcome] })),
		// The register is newest first; the minutes read in the order things were decided.
		decisions: [...decisions]
			.reverse()
			.map((d) => ({ agendaItemId: d.agendaItemId, motionText: d.motionText, stateLabel: decision.STATE_LABELS[d.state], explanation: d.explanation })),
		actions: actions.map((a) => ({ agendaItemId: a.agendaItemId, description: a.description, ownerName: a.ownerName, dueOn: a.dueOn }))
	};
}
