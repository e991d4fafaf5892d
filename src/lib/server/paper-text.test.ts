import { Document, Packer, Paragraph } from 'docx';
import PDFDocument from 'pdfkit';
import { describe, expect, it, vi } from 'vitest';
import { extractPaperText, MAX_PAPER_TEXT, paperFormat, storedText } from './paper-text';

function pdfWith(text: string): Promise<Uint8Array> {
	return new Promise((resolve, reject) => {
		const pdf = new PDFDocument();
		const chunks: Buffer[] = [];
		pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
		pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
		pdf.on('error', reject);
		pdf.text(text);
		pdf.end();
	});
}

const log = () => ({ warn: vi.fn(), info: vi.fn() });
const bytes = (text: string) => new TextEncoder().encode(text);

describe('the words of a paper', () => {
	it('recognises a PDF and a Word file by their contents whatever type the browser sent, and text by its type or name', () => {
		expect(paperFormat({ filename: 'paper', contentType: 'application/octet-stream', content: bytes('%PDF-1.7\n...') })).toBe('pdf');
		expect(paperFormat({ filename: 'report.docx', contentType: 'application/octet-stream', content: bytes('PK\u0003\u0004...') })).toBe('docx');
		expect(paperFormat({ filename: 'notes.md', contentType: '', content: bytes('# Notes') })).toBe('text');
		expect(paperFormat({ filename: 'notes', contentType: 'text/plain; charset=utf-8', content: bytes('Notes') })).toBe('text');
		// A spreadsheet is a zip too, but not a Word document.
		expect(paperFormat({ filename: 'figures.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: bytes('PK\u0003\u0004...') })).toBeNull();
		expect(paperFormat({ filename: 'photo.png', contentType: 'image/png', content: bytes('\u0089PNG') })).toBeNull();
	});

	it('stores text without the characters PostgreSQL or the search cannot take, and no longer than the limit', () => {
		expect(storedText('a\u0000b\u0001c\u0002d \ud800 e\n\n\n  f\tg')).toBe('a b c d e\nf g');
		const long = storedText(`${'x'.repeat(MAX_PAPER_TEXT - 1)}😀 more`);
		expect(long).toHaveLength(MAX_PAPER_TEXT - 1);
		expect(storedText('y'.repeat(MAX_PAPER_TEXT + 10))).toHaveLength(MAX_PAPER_TEXT);
	});

	it('reads a PDF, a Word document and plain text', async () => {
		const logger = log();
		const pdf = await pdfWith('The group commissioned a telemetry pilot.');
		const copy = pdf.slice();
		expect(await extractPaperText({ filename: 'a.pdf', contentType: 'application/pdf', content: pdf }, logger)).toBe('The group commissioned a telemetry pilot.');
		// The upload keeps its bytes: PDF.js had a copy.
		expect(pdf).toEqual(copy);
		const docx = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('First point.'), new Paragraph('Second point.')] }] })));
		expect(await extractPaperText({ filename: 'b.docx', contentType: '', content: docx }, logger)).toBe('First point.\nSecond point.');
		expect(await extractPaperText({ filename: 'c.txt', contentType: 'text/plain', content: bytes('Plain words, café.') }, logger)).toBe('Plain words, café.');
		expect(logger.warn).not.toHaveBeenCalled();
	});

	it('gives no words, with a warning, for a file that fails to read, and none for a kind it does not read', async () => {
		const logger = log();
		expect(await extractPaperText({ filename: 'broken.pdf', contentType: 'application/pdf', content: bytes('%PDF-1.7 this is not really a PDF') }, logger)).toBe('');
		expect(await extractPaperText({ filename: 'broken.docx', contentType: '', content: bytes('PK\u0003\u0004 nor a zip') }, logger)).toBe('');
		expect(logger.warn).toHaveBeenCalledTimes(2);
		expect(await extractPaperText({ filename: 'photo.png', contentType: 'image/png', content: bytes('\u0089PNG') }, logger)).toBe('');
		expect(logger.info).toHaveBeenCalledTimes(1);
	});
});
