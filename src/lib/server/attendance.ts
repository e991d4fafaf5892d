import type { AttendanceStatus } from '$lib/domain/governance';
import * as audit from './audit';
import type { Tx } from './db';
import * as membership from './membership';
import * as meeting from './meeting';
import type { Result } from './result';

export interface AttendanceEntry {
	membershipId: string;
	name: string;
	role: string;
	status: AttendanceStatus | null;
	deputyFor: string | null;
	departed: boolean;
}

/** Every member of the meeting's body on the day of the meeting with their attendance (null: not yet recorded). */
export async function register(tx: Tx, meetingId: string): Promise<AttendanceEntry[]> {
	return tx<AttendanceEntry[]>`
		select m.id as membership_id, u.name, m.role, a.status, a.deputy_for, coalesce(a.departed, false) as departed
		from meetings mt
		join memberships m on m.body_id = mt.body_id and ${membership.held(tx, 'm', tx`(mt.starts_at at time zone 'Europe/London')::date`)}
		join users u on u.id = m.user_id
		left join attendance a on a.meeting_id = mt.id and a.membership_id = m.id
		where mt.id = ${meetingId}
		order by u.name`;
}

/** Records a member's attendance (and, for a deputy, whom they stand in for at this meeting). */
export async function record(
	tx: Tx,
	at: meeting.MeetingRef,
	input: { membershipId: string; status: AttendanceStatus; deputyFor: string | null; departed: boolean },
	actorId: string
): Promise<Result<null>> {
	const meetingId = meeting.idOf(at);
	const found = await meeting.lock(tx, at);
	if (!found) return { ok: false, reason: 'No such meeting' };
	if (found.status === 'closed' || found.status === 'cancelled') return { ok: false, reason: 'The attendance of a closed meeting is part of its record and cannot change' };
	const [member] = await tx<{ bodyId: string; role: string; deputyFor: string | null }[]>`
		select body_id, role, deputy_for from memberships where id = ${input.membershipId}`;
	if (!member || member.bodyId !== found.bodyId) return { ok: false, reason: 'That person is not a member of this body' };
	if (input.deputyFor) {
		if (member.role !== 'deputy') return { ok: false, reason: 'Only a deputy stands in for another member' };
		const [principal] = await tx<{ bodyId: string }[]>`select body_id from memberships where id = ${input.deputyFor}`;
		if (!principal || principal.bodyId !== found.bodyId) return { ok: false, reason: 'The member stood in for must belong to this body' };
	}
	const [before] = await tx`select status, deputy_for, departed from attendance where meeting_id = ${meetingId} and membership_id = ${input.membershipId}`;
	await tx`
		insert into attendance (meeting_id, membership_id, status, deputy_for, departed)
		values (${meetingId}, ${input.membershipId}, ${input.status}, ${input.deputyFor}, ${input.departed})
		on conflict (meeting_id, membership_id) do update
			set status = excluded.status, deputy_for = excluded.deputy_for, departed = excluded.departed, updated_at = now()`;
	await meeting.nextSeq(tx, meetingId);
	await audit.record(tx, { actorId, action: 'attendance.record', entity: 'attendance', entityId: `${meetingId}/${input.membershipId}`, before: before ?? null, after: input });
	return { ok: true, value: null };
}

/**
 * A member sends apologies before a meeting and may name a deputy to stand in: the member is recorded as sending
 * apologies and the deputy as present, standing in for them. The deputy must be a current member of the body in the
 * role of deputy (record() checks the role and the body).
 */
export async function sendApologies(
	tx: Tx,
	meetingId: string,
	input: { membershipId: string; deputyMembershipId: string | null },
	actorId: string
): Promise<Result<null>> {
	const found = await meeting.lock(tx, meetingId);
	if (!found) return { ok: false, reason: 'No such meeting' };
	if (found.status !== 'scheduled') return { ok: false, reason: 'Apologies are sent before the meeting starts; once it has started, tell the chair or secretariat' };
	if (input.deputyMembershipId === input.membershipId) return { ok: false, reason: 'Name someone else as your deputy' };
	const members = await register(tx, meetingId);
	if (!members.some((m) => m.membershipId === input.membershipId)) return { ok: false, reason: 'Only a current member of this body sends apologies for its meetings' };
	if (input.deputyMembershipId) {
		const deputy = members.find((m) => m.membershipId === input.deputyMembershipId);
		if (!deputy || deputy.role !== 'deputy') return { ok: false, reason: 'The deputy must be a current member of this body in the role of deputy' };
		if (deputy.status === 'present' && deputy.deputyFor && deputy.deputyFor !== input.membershipId) {
			return { ok: false, reason: `${deputy.name} is already standing in for another member at this meeting` };
		}
	}
	const apologies = await record(tx, meetingId, { membershipId: input.membershipId, status: 'apologies', deputyFor: null, departed: false }, actorId);
	if (!apologies.ok) return apologies;
	// A deputy named earlier for this member, and not named now, is no longer expected; the meeting has not started,
	// so this is a plan being changed, not the record.
	await tx`
		delete from attendance
		where meeting_id = ${meetingId} and deputy_for = ${input.membershipId} and membership_id is distinct from ${input.deputyMembershipId}`;
	if (!input.deputyMembershipId) return apologies;
	return record(tx, meetingId, { membershipId: input.deputyMembershipId, status: 'present', deputyFor: input.membershipId, departed: false }, actorId);
}
