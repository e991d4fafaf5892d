import type { MeetingStatus } from '$lib/domain/meeting-words';

/**
 * How a meeting's status reads in lists of meetings and on a meeting's page: "Held" once closed. The live
 * meeting says where it stands now instead (meeting-words.ts, MEETING_STATUS_LABELS: "Not started", "Closed").
 */
export const STATUS_LABELS: Record<MeetingStatus, string> = {
	scheduled: 'Scheduled',
	in_progress: 'In progress',
	closed: 'Held',
	cancelled: 'Cancelled'
};

export const STATUS_TAGS: Record<MeetingStatus, string> = {
	scheduled: 'nhsuk-tag--blue',
	in_progress: 'nhsuk-tag--green',
	closed: 'nhsuk-tag--grey',
	cancelled: 'nhsuk-tag--red'
};
