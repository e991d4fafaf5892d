import * as audit from './audit';
import type { Tx } from './db';
import * as meeting from './meeting';
import type { Result } from './result';

export interface Speaker {
	id: string;
	membershipId: string;
	name: string;
	raisedAt: Date;
}

/** Hands up, in the order raised. */
export async function queue(tx: Tx, meetingId: string): Promise<Speaker[]> {
	return tx<Speaker[]>`
		select s.id::text as id, s.membership_id, u.name, s.raised_at
		from speakers s join memberships m on m.id = s.membership_id join users u on u.id = m.user_id
		where s.meeting_id = ${meetingId} and s.called_at is null and s.lowered_at is null
		order by s.raised_at, s.id`;
}

/** Raises a hand; raising it again while it is up changes nothing. */
export async function raise(tx: Tx, at: meeting.MeetingRef, membershipId: string, actorId: string): Promise<Result<null>> {
	const meetingId = meeting.idOf(at);
	const open = await meeting.lockOpen(tx, at);
	if (!open.ok) return open;
	const raised = await tx`
		insert into speakers (meeting_id, membership_id) values (${meetingId}, ${membershipId})
		on conflict (meeting_id, membership_id) where called_at is null and lowered_at is null do nothing
		returning id`;
	if (raised.length === 0) return { ok: true, value: null };
	await meeting.nextSeq(tx, meetingId);
	await audit.record(tx, { actorId, action: 'speaker.raise', entity: 'meeting', entityId: meetingId, after: { membershipId } });
	return { ok: true, value: null };
}

export async function lower(tx: Tx, at: meeting.MeetingRef, membershipId: string, actorId: string): Promise<Result<null>> {
	const meetingId = meeting.idOf(at);
	const open = await meeting.lockOpen(tx, at);
	if (!open.ok) return open;
	const lowered = await tx`
		update speakers set lowered_at = now()
		where meeting_id = ${meetingId} and membership_id = ${membershipId} and called_at is null and lowered_at is null
		returning id`;
	if (lowered.length === 0) return { ok: true, value: null };
	await meeting.nextSeq(tx, meetingId);
	await audit.record(tx, { actorId, action: 'speaker.lower', entity: 'meeting', entityId: meetingId, after: { membershipId } });
	return { ok: true, value: null };
}

/** The chair calls the next speaker: the first hand raised. */
export async function callNext(tx: Tx, at: meeting.MeetingRef, actorId: string): Promise<Result<Speaker>> {
	const meetingId = meeting.idOf(at);
	const open = await meeting.lockOpen(tx, at);
	if (!open.ok) return open;
	const [next] = await queue(tx, meetingId);
	if (!next) return { ok: false, reason: 'Nobody is waiting to speak' };
	await tx`update speakers set called_at = now() where id = ${next.id}`;
	await meeting.nextSeq(tx, meetingId);
	await audit.record(tx, { actorId, action: 'speaker.call', entity: 'meeting', entityId: meetingId, after: { membershipId: next.membershipId } });
	return { ok: true, value: next };
}
