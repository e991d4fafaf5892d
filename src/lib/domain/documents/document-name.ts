/** The three co-edited documents of a body (DOMAIN.md, "The three co-edited documents"). */
export type DocumentKind = 'terms-of-reference' | 'priorities' | 'raci';

export interface DocumentName {
	/** The name as clients and storage know it, e.g. `priorities:<body uuid>:2015-16`. */
	name: string;
	kind: DocumentKind;
	bodyId: string;
	/** The financial year of a priorities plan, written 2015-16 (1 April 2015 to 31 March 2016). */
	financialYear: string | null;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PATTERN = new RegExp(`^(?:(terms-of-reference|raci):(${UUID})|(priorities):(${UUID}):((\\d{4})-(\\d{2})))$`);

/**
 * Reads a document name from outside (the websocket URL). Names are canonical, lower-case, exactly as the portal
 * writes them, so one document has one name and one log; anything else is null.
 */
export function parseDocumentName(name: string): DocumentName | null {
	const match = PATTERN.exec(name);
	if (!match) return null;
	const [, kind, bodyId, priorities, prioritiesBodyId, financialYear, startYear, endYear] = match;
	if (kind) return { name, kind: kind as DocumentKind, bodyId: bodyId!, financialYear: null };
	// 2015-16: the second year must follow the first.
	if ((Number(startYear) + 1) % 100 !== Number(endYear)) return null;
	return { name, kind: priorities as DocumentKind, bodyId: prioritiesBodyId!, financialYear: financialYear! };
}

/** The minutes of one meeting, co-edited by its body's chair and secretariat: `minutes:<meeting uuid>`. */
export interface MinutesDocumentName {
	name: string;
	meetingId: string;
}

const MINUTES_PATTERN = new RegExp(`^minutes:(${UUID})$`);

export function minutesDocumentName(meetingId: string): string {
	return `minutes:${meetingId}`;
}

/** Reads a minutes document name; null for anything else. The body is the meeting's, found by the server. */
export function parseMinutesName(name: string): MinutesDocumentName | null {
	const match = MINUTES_PATTERN.exec(name);
	return match ? { name, meetingId: match[1]! } : null;
}

/** Where a document is read and written: its editor page, or the minutes page of the meeting. */
export function editorPath(document: DocumentName | MinutesDocumentName): string {
	if (!('kind' in document)) return `/meetings/${document.meetingId}/minutes`;
	switch (document.kind) {
		case 'terms-of-reference':
			return `/bodies/${document.bodyId}/documents/terms-of-reference`;
		case 'raci':
			return `/bodies/${document.bodyId}/documents/raci`;
		case 'priorities':
			return `/bodies/${document.bodyId}/documents/priorities/${document.financialYear}`;
	}
}
