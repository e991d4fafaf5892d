import type { DocumentSnapshot, PrioritySnapshot, TextBlock } from '$lib/domain/documents/snapshots';
import { RAG_LABELS, qipp } from '$lib/documents/present';

export { CRITERIA, RACI_LEGEND, RAG_LABELS, numberBlocks, qipp, raciTable, rankedPriorities, readableRules } from '$lib/documents/present';

/** A priority's facts as both exports print them, label then value; empty values are left for the caller to skip. */
export function priorityFacts(p: PrioritySnapshot): [string, string][] {
	return [
		['Programme of care', p.programme],
		['Services', p.services],
		['Why', p.why],
		['Category', p.category],
		['Lead', p.lead],
		['Sub-group', p.subGroup],
		['QIPP savings target', qipp(p.qippSavingPence)],
		['RAG status', p.rag ? RAG_LABELS[p.rag] : 'Not set']
	];
}

/** What both exports (PDF and Word) take; how it is laid out is shared with the version pages ($lib/documents/present). */

export interface ExportInput {
	/** The document's title, e.g. "Terms of reference" or "Priorities plan 2015/16". */
	title: string;
	bodyName: string;
	/** Which text this is, e.g. "Version 'Draft 3', saved 12 May 2015 by Ann Smith" or "Current text, 12 May 2015". */
	versionLabel: string;
	/** Its standing, e.g. "Adopted on 20 May 2015" or "Not adopted": printed under the version. */
	status: string;
	/** A document, or a report set out as headings, paragraphs and lists (a consultation's "you said, we did" pack). */
	snapshot: DocumentSnapshot | { kind: 'report'; content: { blocks: TextBlock[] } };
}

/** A file name from the body, the document and the version: letters, digits and hyphens only. */
export function exportFileName(parts: string[], extension: 'pdf' | 'docx'): string {
	const slug = parts
		.join(' ')
		.normalize('NFKD')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.toLowerCase()
		.slice(0, 120);
	return `${slug || 'document'}.${extension}`;
}

/**
 * Text as the PDF sets it in its embedded font: tabs as spaces, other control characters and lone surrogates
 * dropped (the font has no glyph for them). Everything else is kept as written; the font carries Latin, Greek
 * and Cyrillic scripts and the usual symbols (£ € – ’).
 */
export function toPdfText(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.replace(/\t/g, ' ')
		.replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/** Every string in a value (object keys too, so keys built from ids still match), passed through `map`. */
export function mapStrings<T>(value: T, map: (text: string) => string): T {
	if (typeof value === 'string') return map(value) as T;
	if (Array.isArray(value)) return value.map((item) => mapStrings(item, map)) as T;
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [map(key), mapStrings(item, map)])) as T;
	}
	return value;
}

/** Text that XML 1.0 can carry: control characters (other than tab and new line) and lone surrogates dropped. */
export function toXmlText(text: string): string {
	return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}
