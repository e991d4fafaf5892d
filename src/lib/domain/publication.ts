import type { MeetingStatus } from './meeting-words';

/**
 * What a public body publishes of a meeting (DOMAIN.md, "Meetings"; Carter para 98). The visibility rule
 * (policy.visibleParts) already keeps Part B from the public; this adds when Part A becomes public: a meeting's
 * date, title and place as soon as it is scheduled (so the public can plan to attend), its agenda and papers once
 * notice is issued (before that they are a draft the secretariat is still putting together), and its minutes
 * once approved. A cancelled meeting says so and shows nothing more.
 */
export interface PublishedMeetingFacts {
	status: MeetingStatus;
	noticeIssuedAt: Date | null;
	startedAt: Date | null;
}

/** Whether the Part A agenda and papers of the meeting are published. */
export function agendaPublished(meeting: PublishedMeetingFacts): boolean {
	if (meeting.status === 'cancelled') return false;
	return meeting.noticeIssuedAt !== null || meeting.startedAt !== null || meeting.status === 'in_progress' || meeting.status === 'closed';
}

/** Why the agenda is not shown yet, in the words the public page uses. */
export function agendaNotPublishedReason(meeting: PublishedMeetingFacts): string | null {
	if (agendaPublished(meeting)) return null;
	return meeting.status === 'cancelled' ? 'This meeting was cancelled.' : 'The agenda and papers are published when notice of the meeting is issued.';
}
