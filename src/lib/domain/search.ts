/**
 * What the search finds and how a match is shown: shared by the search service ($lib/server/search.ts) and the
 * pages that list its results. Pure, so the snippet handling is tested without a database.
 */

export const SEARCH_KINDS = ['decision', 'paper', 'agenda_item', 'minutes', 'comment', 'document'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const KIND_LABELS: Record<SearchKind, string> = {
	decision: 'Decision',
	paper: 'Paper',
	agenda_item: 'Agenda item',
	minutes: 'Minutes',
	comment: 'Comment',
	document: 'Document'
};

/** A stretch of a snippet: words that matched the search, or the words around them. Shown as text, never as HTML. */
export interface SnippetPart {
	text: string;
	match: boolean;
}

export interface SearchResult {
	kind: SearchKind;
	title: string;
	/** Where it belongs, when that is not the body: the meeting's title. */
	context: string | null;
	bodyName: string;
	/** The meeting's date, the decision's, the comment's; the last change of a document. */
	date: Date | null;
	url: string;
	/** Confidential business (Part B), shown only to those who may read it: the page says so. */
	confidential: boolean;
	snippet: SnippetPart[];
}

export interface SearchOutcome {
	/** The search as it was run: white space tidied, cut to MAX_QUERY_LENGTH. */
	query: string;
	/** Whether the search was longer than MAX_QUERY_LENGTH and was cut. */
	shortened: boolean;
	results: SearchResult[];
	/** How many things matched, of which `results` are the best. */
	total: number;
	/** Why nothing was searched for (nothing typed, only common words), for the page to say. */
	message: string | null;
}

/** The longest search taken; the rest of a longer one is ignored, and the page says so. */
export const MAX_QUERY_LENGTH = 200;

/**
 * Where ts_headline starts and stops marking a match. It copies the source text as it is, markup and all, so
 * its output is never HTML: control characters no text is stored with mark the matches instead, and
 * `snippetParts` turns them into parts for the page to show as text.
 */
export const MATCH_START = '\u0001';
export const MATCH_STOP = '\u0002';

/**
 * A ts_headline result, marked with MATCH_START and MATCH_STOP, as parts: matched and not, in order, runs of
 * white space (including what ts_headline leaves where it dropped a tag) read as one space. A marker without its
 * pair is ignored rather than trusted: text after a stray start is not a match unless its stop follows.
 */
export function snippetParts(headline: string): SnippetPart[] {
	const parts: SnippetPart[] = [];
	const push = (text: string, match: boolean) => {
		if (text === '') return;
		const last = parts.at(-1);
		if (last && last.match === match) last.text += text;
		else parts.push({ text, match });
	};
	let rest = headline.replace(/[\u0000\u0003-\u001f\u007f\s]+/g, ' ');
	while (rest !== '') {
		const start = rest.indexOf(MATCH_START);
		const stop = start === -1 ? -1 : rest.indexOf(MATCH_STOP, start + 1);
		if (start === -1 || stop === -1) {
			push(rest.replaceAll(MATCH_START, '').replaceAll(MATCH_STOP, ''), false);
			break;
		}
		push(rest.slice(0, start).replaceAll(MATCH_STOP, ''), false);
		push(rest.slice(start + 1, stop).replaceAll(MATCH_START, ''), true);
		rest = rest.slice(stop + 1);
	}
	if (parts[0] && !parts[0].match) parts[0].text = parts[0].text.trimStart();
	const last = parts.at(-1);
	if (last && !last.match) last.text = last.text.trimEnd();
	return parts.filter((part) => part.text !== '');
}
