import { ACTION_STATUSES } from '$lib/domain/register-filter';

/** One line of the action log as the pages show it. */
export interface ActionRow {
	id: string;
	description: string;
	ownerName: string | null;
	/** "8 July 2015". */
	dueOn: string | null;
	status: 'open' | 'done' | 'cancelled';
	overdue: boolean;
	bodyId: string;
	bodyName: string;
	meetingId: string;
	meetingTitle: string;
	itemTitle: string | null;
	/** Whether the viewer may mark it done or cancelled. */
	canChange: boolean;
}

/** The choices of the action log's status filter. */
export const STATUS_OPTIONS = ACTION_STATUSES.map((s) => ({ value: s.key, label: s.label }));
