import type { MeetingStatus } from './meeting-words';

/**
 * Whether a meeting is still to be held: under way, or scheduled and not yet past its end. A meeting scheduled for a
 * time gone by and never started is not upcoming, whatever its status says. meeting.ts `listUpcomingFor` is its SQL.
 */
export function isUpcoming(meeting: { status: MeetingStatus; endsAt: Date }, now: Date): boolean {
	return meeting.status === 'in_progress' || (meeting.status === 'scheduled' && meeting.endsAt.getTime() >= now.getTime());
}
