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

/** 1234567 → "1.2 MB", 2048 → "2 KB". */
export function formatSize(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
	return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** "application/pdf" → "PDF": the kind of file, as a reader would name it. */
export function describeFileType(contentType: string, filename: string): string {
	const extension = filename.includes('.') ? filename.split('.').pop()!.toUpperCase() : '';
	if (contentType === 'application/pdf') return 'PDF';
	return extension && extension.length <= 5 ? extension : 'file';
}
