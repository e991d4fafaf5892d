import type * as action from '$lib/server/action';
import { toCsv, type Column } from '$lib/server/csv';
import { attachment, type ExportFormat, type ExportedFilter } from '../decisions/open-data.server';

/**
 * One action of the log as open data; the CSV has a column for each field, the JSON the same fields, typed. The
 * owner is named, never reached: no email address. Dates are YYYY-MM-DD.
 */
export interface ActionRecord {
	id: string;
	body: { id: string; name: string };
	meeting: { id: string; title: string };
	/** The agenda item it was agreed on, if any. */
	item: string | null;
	/** A (public) or B (confidential): members' exports hold the Part B actions they may read. */
	part: 'A' | 'B';
	description: string;
	owner: string | null;
	dueOn: string | null;
	status: action.ActionStatus;
	/** Open and past its due date (London) when the file was made. */
	overdue: boolean;
	/** The page of the meeting that agreed it. */
	link: string;
}

/** The action log as open data, in JSON: when the file was made, the filter it answers, and the actions, open first. */
export interface ActionLogExport {
	generated: string;
	filter: Partial<ExportedFilter>;
	actions: ActionRecord[];
}

const STATUS_LABELS: Record<action.ActionStatus, string> = { open: 'Open', done: 'Done', cancelled: 'Cancelled' };

export function actionRecord(a: action.ActionItem, origin: string): ActionRecord {
	return {
		id: a.id,
		body: { id: a.bodyId, name: a.bodyName },
		meeting: { id: a.meetingId, title: a.meetingTitle },
		item: a.itemTitle,
		part: a.part,
		description: a.description,
		owner: a.ownerName,
		dueOn: a.dueOn,
		status: a.status,
		overdue: a.overdue,
		link: `${origin}/meetings/${a.meetingId}`
	};
}

export const ACTION_COLUMNS: readonly Column<ActionRecord>[] = [
	{ header: 'ID', cell: (r) => r.id },
	{ header: 'Body', cell: (r) => r.body.name },
	{ header: 'Meeting', cell: (r) => r.meeting.title },
	{ header: 'Item', cell: (r) => r.item },
	{ header: 'Part', cell: (r) => (r.part === 'B' ? 'B (confidential)' : 'A') },
	{ header: 'Action', cell: (r) => r.description },
	{ header: 'Owner', cell: (r) => r.owner },
	{ header: 'Due', cell: (r) => r.dueOn },
	{ header: 'Status', cell: (r) => STATUS_LABELS[r.status] },
	{ header: 'Overdue', cell: (r) => (r.overdue ? 'Yes' : 'No') },
	{ header: 'Link', cell: (r) => r.link }
];

/** The action log as a download. */
export function logExport(format: ExportFormat, items: action.ActionItem[], options: { origin: string; filter: Partial<ExportedFilter> }): Response {
	const records = items.map((a) => actionRecord(a, options.origin));
	const json: ActionLogExport = { generated: new Date().toISOString(), filter: options.filter, actions: records };
	return attachment(format, 'action-log', { json, csv: () => toCsv(ACTION_COLUMNS, records) });
}
