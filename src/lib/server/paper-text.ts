import type { Logger } from 'pino';
import type { Sql } from './db';

/**
 * The words of an uploaded paper, for the search (papers.text_content): PDF through PDF.js, Word (.docx) through
 * mammoth, plain text and Markdown as UTF-8. Read before the upload's transaction opens, so no transaction waits on
 * a 20 MB PDF. A file whose words cannot be read gives '' and the upload goes ahead: the paper is found by its name.
 */

/** The most of a paper's text kept for searching, in characters: far beyond any board paper's words. */
export const MAX_PAPER_TEXT = 1_000_000;

/** Reading a PDF stops after this long, keeping the pages read so far: a malformed file must not hold the upload. */
const PDF_READING_MS = 20_000;

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export type PaperFormat = 'pdf' | 'docx' | 'text';

export interface PaperFile {
	filename: string;
	contentType: string;
	content: Uint8Array;
}

const ascii = (bytes: Uint8Array, from: number, length: number) => String.fromCharCode(...bytes.subarray(from, from + length));

/**
 * Which reader a file needs: by its first bytes where the format has a signature (browsers often send PDFs and
 * Word files as application/octet-stream), else by its type or name. Null when it has no words we can read.
 */
export function paperFormat(file: PaperFile): PaperFormat | null {
	const { content } = file;
	// A PDF's header may follow a little junk, within its first kilobyte.
	if (ascii(content, 0, 1024).includes('%PDF-')) return 'pdf';
	const extension = /\.([a-z0-9]+)$/i.exec(file.filename)?.[1]?.toLowerCase() ?? '';
	const type = file.contentType.split(';')[0]!.trim().toLowerCase();
	if (ascii(content, 0, 4) === 'PK\u0003\u0004' && (type === DOCX_TYPE || extension === 'docx')) return 'docx';
	if (type === 'text/plain' || type === 'text/markdown' || ['txt', 'md', 'markdown'].includes(extension)) return 'text';
	return null;
}

/**
 * Text as it is stored: control characters (NUL, which PostgreSQL text cannot hold, and the ones the search marks
 * matches with) and unpaired surrogates made spaces, at most MAX_PAPER_TEXT characters.
 */
export function storedText(raw: string): string {
	let text = raw
		.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
		.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ' ')
		.replace(/[ \t]+/g, ' ')
		.replace(/\s*\n\s*/g, '\n')
		.trim();
	if (text.length > MAX_PAPER_TEXT) {
		text = text.slice(0, MAX_PAPER_TEXT);
		// Not half a character.
		if (/[\ud800-\udbff]$/.test(text)) text = text.slice(0, -1);
	}
	return text;
}

async function pdfText(content: Uint8Array): Promise<string> {
	const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
	// PDF.js may hand the bytes over to its worker, leaving the array empty: it gets a copy, the upload keeps its own.
	const pdf = await getDocument({ data: new Uint8Array(content), useSystemFonts: false, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
	const started = Date.now();
	const pages: string[] = [];
	let length = 0;
	try {
		for (let number = 1; number <= pdf.numPages && length < MAX_PAPER_TEXT && Date.now() - started < PDF_READING_MS; number++) {
			const page = await pdf.getPage(number);
			const content = await page.getTextContent();
			const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('');
			pages.push(text);
			length += text.length;
			page.cleanup();
		}
	} finally {
		await pdf.destroy();
	}
	return pages.join('\n');
}

async function docxText(content: Uint8Array): Promise<string> {
	const { default: mammoth } = await import('mammoth');
	const read = await mammoth.extractRawText({ buffer: Buffer.from(content.buffer, content.byteOffset, content.byteLength) });
	return read.value;
}

/**
 * The words of a paper, ready to store; '' for a file we cannot read (an image, a spreadsheet) or one that fails
 * to read (a damaged PDF), which is logged: the upload still succeeds.
 */
export async function extractPaperText(file: PaperFile, log: Pick<Logger, 'warn' | 'info'>): Promise<string> {
	const format = paperFormat(file);
	if (!format) {
		log.info({ filename: file.filename, contentType: file.contentType }, 'paper not read for search: not PDF, Word (.docx) or text');
		return '';
	}
	try {
		const raw = format === 'pdf' ? await pdfText(file.content) : format === 'docx' ? await docxText(file.content) : new TextDecoder('utf-8').decode(file.content);
		return storedText(raw);
	} catch (err) {
		log.warn({ err, filename: file.filename, format }, 'could not read the words of a paper: it is found by its name only');
		return '';
	}
}

/** How long a paper taken to read in the background is left to the instance that took it. */
const CLAIM_MINUTES = 10;

/**
 * Reads the words of papers uploaded before they were read at upload (papers.text_read_at is null), one at a time,
 * until none is left or `stopping()` says so. Safe on several instances at once: each takes a paper with `for update
 * skip locked` and marks it taken, so two never read the same one; one that stopped half way leaves its paper to be
 * taken again after CLAIM_MINUTES. The file is read with no transaction open. Resolves how many it read.
 */
export async function readUnreadPapers(
	sql: Sql,
	log: Pick<Logger, 'warn' | 'info'>,
	options: { stopping?: () => boolean; extract?: (file: PaperFile) => Promise<string> } = {}
): Promise<number> {
	const extract = options.extract ?? ((file: PaperFile) => extractPaperText(file, log));
	let read = 0;
	while (!options.stopping?.()) {
		const [taken] = await sql<{ id: string; filename: string; contentType: string; content: Buffer }[]>`
			update papers set text_claimed_at = now()
			where id = (
				select id from papers
				where text_read_at is null and (text_claimed_at is null or text_claimed_at < now() - make_interval(mins => ${CLAIM_MINUTES}))
				order by created_at, id limit 1
				for update skip locked
			)
			returning id, filename, content_type, content`;
		if (!taken) break;
		const text = await extract({ filename: taken.filename, contentType: taken.contentType, content: new Uint8Array(taken.content) });
		await sql`update papers set text_content = ${storedText(text)}, text_read_at = now() where id = ${taken.id}`;
		read++;
	}
	if (read > 0) log.info({ papers: read }, 'read the words of papers uploaded before search, for the search');
	return read;
}
