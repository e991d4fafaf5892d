import { parseMinutesName } from './documents/document-name';

/**
 * What a comment thread is on (comment-thread.ts, migrations/018): the shapes the server stores and the pages
 * send and show, shared by both.
 */

/** What a thread is on, as the page that starts it says. */
export type AnchorInput =
	| { kind: 'text'; docName: string; field: string; start: string; end: string; quote: string; label?: string }
	| { kind: 'priority'; docName: string; priorityId: string; field?: string | null; label?: string }
	| { kind: 'raci_cell'; docName: string; rowId: string; columnId: string; label?: string }
	| { kind: 'document'; docName: string; label?: string }
	| { kind: 'agenda_item'; agendaItemId: string }
	| { kind: 'paper'; paperId: string }
	| { kind: 'motion'; motionId: string }
	| { kind: 'decision'; decisionId: string };

export type AnchorKind = AnchorInput['kind'];

/** Which threads a list shows. */
export type ThreadStatus = 'open' | 'resolved' | 'all';

/** A thread's anchor as stored: the fields of its kind are set, the rest null. */
export interface ThreadAnchor {
	kind: AnchorKind;
	docName: string | null;
	textField: string | null;
	rangeStart: string | null;
	rangeEnd: string | null;
	quote: string | null;
	/** The priority's id, or the RACI row's. */
	key: string | null;
	/** The priority's field, or the RACI column's id. */
	field: string | null;
	agendaItemId: string | null;
	paperId: string | null;
	motionId: string | null;
	decisionId: string | null;
	meetingId: string | null;
}

/**
 * The lists a thread is in, as the live streams of thread changes name them: its document's (`doc:<name>`), its
 * meeting's (`meeting:<id>`; a thread on a meeting's minutes is in the meeting's list too) and its decision's
 * (`decision:<id>`, read on the decision's page, a decision taken between meetings included).
 */
export function threadPlaces(thread: { docName: string | null; meetingId: string | null; decisionId?: string | null }): string[] {
	const minutes = thread.docName ? parseMinutesName(thread.docName) : null;
	const meetingId = thread.meetingId ?? minutes?.meetingId ?? null;
	return [
		...(thread.docName ? [listPlace({ doc: thread.docName })] : []),
		...(meetingId ? [listPlace({ meeting: meetingId })] : []),
		...(thread.decisionId ? [listPlace({ decision: thread.decisionId })] : [])
	];
}

/** A page's list of threads, as it asks for it and listens to its changes: a document's, a meeting's or a decision's. */
export type ThreadList = { doc: string } | { meeting: string } | { decision: string };

/** The place a page's list of threads is, for listening to its changes. */
export function listPlace(list: ThreadList): string {
	if ('doc' in list) return `doc:${list.doc}`;
	return 'meeting' in list ? `meeting:${list.meeting.toLowerCase()}` : `decision:${list.decision.toLowerCase()}`;
}
