import type { DocumentSnapshot, PrioritySnapshot } from '$lib/domain/documents/snapshots';
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
	snapshot: DocumentSnapshot;
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

/** The characters beyond Latin-1 that the PDF standard fonts (WinAnsiEncoding) carry. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text the PDF standard fonts can show: accents beyond their character set are dropped ("ő" → "o"), and what
 * has no such form becomes "?" — rather than the font printing unrelated glyphs for it. (The portal ships no
 * font of its own to embed.)
 */
export function toWinAnsi(text: string): string {
	let out = '';
	for (const char of text) {
		const code = char.codePointAt(0)!;
		if (char === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char)) {
			out += char;
			continue;
		}
		const base = char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
		out += [...base].every((c) => (c.codePointAt(0)! >= 0x20 && c.codePointAt(0)! <= 0x7e) || WIN_ANSI_EXTRA.has(c)) && base !== '' ? base : char === '\t' ? ' ' : '?';
	}
	return out;
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
