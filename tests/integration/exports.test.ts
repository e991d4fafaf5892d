import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { unzipSync, strFromU8 } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DEFAULT_RACI_STAKEHOLDERS, TERMS_OF_REFERENCE_SECTIONS, sectionFragment } from '../../src/lib/domain/documents/layout';
import type { TermsOfReferenceSnapshot, TextBlock } from '../../src/lib/domain/documents/snapshots';
import { readTermsOfReference } from '../../src/lib/documents/snapshot';
import type { ExportInput } from '../../src/lib/server/export/content';
import { renderDocx } from '../../src/lib/server/export/docx';
import { renderPdf } from '../../src/lib/server/export/pdf';
import { seedBody, webSocketWithCookie } from '../helpers/collab';
import { newPortal, type TestPortal } from '../helpers/portal';

/** A piece of text as a PDF reader finds it, with the name of the font it is set in (e.g. "ABCDEF+DejaVuSansCondensed-Bold"). */
interface PdfText {
	page: number;
	text: string;
	font: string;
}

/** Every piece of text in a PDF, page by page, as PDF.js (Firefox's reader) extracts it. */
async function pdfText(bytes: Buffer): Promise<PdfText[]> {
	const pdf = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
	const out: PdfText[] = [];
	try {
		for (let number = 1; number <= pdf.numPages; number++) {
			const page = await pdf.getPage(number);
			const content = await page.getTextContent();
			// The fonts are known by name once the page's operators have been read.
			await page.getOperatorList();
			for (const item of content.items) {
				if (!('str' in item) || item.str.trim() === '') continue;
				out.push({ page: number, text: item.str, font: (page.commonObjs.get(item.fontName) as { name: string }).name });
			}
		}
	} finally {
		await pdf.destroy();
	}
	return out;
}

/** The pieces of text set in a font whose name ends with `style` ("DejaVuSansCondensed-Bold"...). */
const inFont = (texts: PdfText[], style: string) => texts.filter((t) => t.font.endsWith(`+${style}`) || t.font === style).map((t) => t.text);

/** The body of a Word document, as Word reads it: word/document.xml. */
function documentXml(bytes: Buffer): string {
	return strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']!);
}

/** Word's paragraphs, each as its properties and its runs (text with run properties). */
function paragraphs(xml: string) {
	return [...xml.matchAll(/<w:p>(.*?)<\/w:p>|<w:p [^>]*>(.*?)<\/w:p>/g)].map((match) => {
		const body = match[1] ?? match[2] ?? '';
		const properties = /<w:pPr>(.*?)<\/w:pPr>/.exec(body)?.[1] ?? '';
		const runs = [...body.matchAll(/<w:r>(?:<w:rPr>(.*?)<\/w:rPr>)?(?:<w:br\/>)?<w:t[^>]*>(.*?)<\/w:t><\/w:r>/g)].map((r) => ({
			bold: /<w:b\/>/.test(r[1] ?? ''),
			italic: /<w:i\/>/.test(r[1] ?? ''),
			text: r[2]!
		}));
		return { properties, runs, text: runs.map((r) => r.text).join('') };
	});
}

const NAME = 'Zoë Łukasiewicz-Brontë';
const MONEY = 'QIPP savings of £1,250 – about €1,450 – are the chair’s target.';

function termsWith(blocks: TextBlock[]): TermsOfReferenceSnapshot {
	return {
		sections: TERMS_OF_REFERENCE_SECTIONS.map(({ key, heading }) => ({ key, heading, blocks: key === 'purpose' ? blocks : [] })),
		rulesText: ''
	};
}

const RICH: TextBlock[] = [
	{ type: 'heading', text: `Chair: ${NAME}`, level: 2 },
	{ type: 'paragraph', text: MONEY },
	{
		type: 'paragraph',
		text: 'Decisions are taken firmly and by consensus where possible.',
		runs: [{ text: 'Decisions are taken ' }, { text: 'firmly', bold: true }, { text: ' and ' }, { text: 'by consensus', italic: true }, { text: ' where ' }, { text: 'possible', bold: true, italic: true }, { text: '.' }]
	},
	{ type: 'bullet', text: 'Members', level: 1 },
	{ type: 'ordered', text: 'first nested', level: 2 },
	{ type: 'ordered', text: 'second nested', level: 2 },
	{ type: 'bullet', text: 'Attendees', level: 1 },
	{ type: 'ordered', text: 'Agree the agenda', level: 1 },
	{ type: 'ordered', text: 'Approve the minutes', level: 1, runs: [{ text: 'Approve the ' }, { text: 'minutes', bold: true }] }
];

const terms = (blocks: TextBlock[]): ExportInput => ({
	title: 'Terms of reference',
	bodyName: `Group chaired by ${NAME}`,
	versionLabel: "Version 'Draft 2'",
	status: 'Not adopted',
	snapshot: { kind: 'terms-of-reference', content: termsWith(blocks) }
});

const raci = (names: readonly string[]): ExportInput => ({
	title: 'RACI matrix',
	bodyName: 'North West oversight group',
	versionLabel: 'Current text',
	status: 'Not adopted',
	snapshot: {
		kind: 'raci',
		content: {
			rows: [{ id: 'r1', stage: 'Strategic planning', activity: 'Needs assessment' }],
			columns: names.map((name, i) => ({ id: `c${i}`, name })),
			cells: { 'r1:c0': 'A', 'r1:c1': 'R' }
		}
	}
});

describe('the PDF export', () => {
	it('prints names and symbols beyond Western European letters exactly, in an embedded font', async () => {
		const texts = await pdfText(await renderPdf(terms(RICH)));
		const all = texts.map((t) => t.text);
		expect(all).toContain(`Group chaired by ${NAME}`);
		expect(all).toContain(`Chair: ${NAME}`);
		expect(all).toContain(MONEY);
		// The footer too: every page says what the document is.
		expect(all.some((t) => t.startsWith(`Terms of reference – Group chaired by ${NAME} – Version 'Draft 2' – page 1 of`))).toBe(true);
		expect(new Set(texts.map((t) => t.font.replace(/^[A-Z]{6}\+/, '')))).toEqual(
			new Set(['DejaVuSansCondensed', 'DejaVuSansCondensed-Bold', 'DejaVuSansCondensed-Oblique', 'DejaVuSansCondensed-BoldOblique'])
		);
	});

	it('keeps headings, bold, italics and numbered and bulleted lists, nested', async () => {
		const texts = await pdfText(await renderPdf(terms(RICH)));
		expect(inFont(texts, 'DejaVuSansCondensed-Bold')).toEqual(expect.arrayContaining([`Chair: ${NAME}`, 'firmly', 'minutes']));
		expect(inFont(texts, 'DejaVuSansCondensed-Oblique')).toEqual(expect.arrayContaining(['by consensus']));
		expect(inFont(texts, 'DejaVuSansCondensed-BoldOblique')).toEqual(['possible']);
		expect(inFont(texts, 'DejaVuSansCondensed')).toEqual(expect.arrayContaining(['Decisions are taken', 'Members', 'first nested']));
		const purpose = texts.map((t) => t.text);
		const from = purpose.indexOf('Members');
		// Markers as they read: a bullet, the nested list numbered 1 and 2, a bullet, then a fresh list from 1.
		expect(purpose.slice(from - 1, from + 13)).toEqual(['•', 'Members', '1.', 'first nested', '2.', 'second nested', '•', 'Attendees', '1.', 'Agree the agenda', '2.', 'Approve the', 'minutes', 'Membership and roles']);
	});

	it('wraps RACI stakeholder names between words, never inside one', async () => {
		const names = [...DEFAULT_RACI_STAKEHOLDERS];
		const texts = (await pdfText(await renderPdf(raci(names)))).filter((t) => t.page === 2);
		const header = texts.map((t) => t.text);
		expect(header).toContain('commissioning');
		// Each word of each name is found whole in some line of the header.
		const words = new Set(header.flatMap((line) => line.split(' ')));
		for (const word of names.flatMap((name) => name.split(' '))) expect(words, word).toContain(word);
		expect(header.filter((line) => line.includes('commission'))).toEqual(['commissioning']);
	});

	it('splits a matrix of very many stakeholders into tables that each fit, rather than break their names', async () => {
		const names = Array.from({ length: 30 }, (_, i) => `Specialised commissioning hub ${i + 1}`);
		const texts = await pdfText(await renderPdf(raci(names)));
		expect(texts.filter((t) => t.text.startsWith('Stakeholders ')).map((t) => t.text)).toEqual(['Stakeholders 1 to 10 of 30', 'Stakeholders 11 to 20 of 30', 'Stakeholders 21 to 30 of 30']);
		expect(texts.filter((t) => t.text.includes('commission')).every((t) => t.text === 'commissioning')).toBe(true);
		expect(texts.filter((t) => t.text === 'commissioning')).toHaveLength(30);
	});
});

describe('the Word export', () => {
	it('keeps bold and italic runs, headings, and bulleted and numbered lists with their levels', async () => {
		const xml = documentXml(await renderDocx(terms(RICH)));
		const paras = paragraphs(xml);
		const marked = paras.find((p) => p.text.startsWith('Decisions are taken'))!;
		expect(marked.runs).toEqual([
			{ text: 'Decisions are taken ', bold: false, italic: false },
			{ text: 'firmly', bold: true, italic: false },
			{ text: ' and ', bold: false, italic: false },
			{ text: 'by consensus', bold: false, italic: true },
			{ text: ' where ', bold: false, italic: false },
			{ text: 'possible', bold: true, italic: true },
			{ text: '.', bold: false, italic: false }
		]);
		expect(paras.find((p) => p.text === `Chair: ${NAME}`)!.properties).toContain('<w:pStyle w:val="Heading3"/>');
		expect(paras.find((p) => p.text === MONEY)).toBeDefined();
		const list = (text: string) => {
			const p = paras.find((q) => q.text === text)!;
			return { level: /<w:ilvl w:val="(\d)"\/>/.exec(p.properties)?.[1], numId: /<w:numId w:val="(\d+)"\/>/.exec(p.properties)?.[1] };
		};
		expect(list('Members').level).toBe('0');
		expect(list('first nested')).toEqual({ level: '1', numId: list('second nested').numId });
		expect(list('Agree the agenda').level).toBe('0');
		// A list that starts afresh is a numbering of its own, so Word counts it from 1.
		expect(list('Agree the agenda').numId).not.toBe(list('first nested').numId);
		expect(list('Approve the minutes').numId).toBe(list('Agree the agenda').numId);
		expect(paras.find((p) => p.text === 'Approve the minutes')!.runs.find((r) => r.text === 'minutes')).toMatchObject({ bold: true });
	});

	it('gives each RACI stakeholder column at least the width of its longest word, at a fixed layout', async () => {
		const xml = documentXml(await renderDocx(raci(DEFAULT_RACI_STAKEHOLDERS)));
		expect(xml).toContain('<w:tblLayout w:type="fixed"/>');
		const grid = [.../<w:tblGrid>(.*?)<\/w:tblGrid>/.exec(xml)![1]!.matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]));
		expect(grid).toHaveLength(2 + DEFAULT_RACI_STAKEHOLDERS.length);
		// "commissioning" in 8-point bold Arial is about 55 points; with 3 points each side, over 60 (1200 twips).
		const hub = DEFAULT_RACI_STAKEHOLDERS.indexOf('Specialised commissioning hub');
		expect(grid[2 + hub]).toBeGreaterThan(1200);
		// The table fits the landscape page inside its half-inch margins.
		expect(grid.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(16838 - 2 * 720);
	});
});

describe('exports from the built portal', () => {
	let portal: TestPortal;
	beforeAll(async () => {
		portal = await newPortal();
	});
	afterAll(async () => portal?.close());

	it('serve the co-edited text, bold, italics and all, with the embedded font', async () => {
		const seeded = await seedBody(portal.services.sql, ['administrator', 'voting_member']);
		const docName = `terms-of-reference:${seeded.bodyId}`;
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(`${portal.url.replace('http', 'ws')}/collab`, docName, doc, {
			WebSocketPolyfill: webSocketWithCookie(seeded.cookies.administrator) as unknown as typeof WebSocket,
			disableBc: true
		});
		try {
			await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
			prosemirrorJSONToYXmlFragment(
				getSchema([StarterKit]),
				{
					type: 'doc',
					content: [
						{ type: 'paragraph', content: [{ type: 'text', text: `Chaired by ${NAME}, ` }, { type: 'text', marks: [{ type: 'bold' }], text: 'within £1,250' }, { type: 'text', text: '.' }] },
						{ type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', marks: [{ type: 'italic' }], text: 'Agree the agenda' }] }] }] }
					]
				},
				doc.getXmlFragment(sectionFragment('purpose'))
			);
			const exported = async (format: 'pdf' | 'docx') => {
				const response = await fetch(`${portal.url}/bodies/${seeded.bodyId}/documents/versions/current/export.${format}?doc=${encodeURIComponent(docName)}`, {
					headers: { cookie: seeded.cookies.voting_member }
				});
				expect(response.status).toBe(200);
				return Buffer.from(await response.arrayBuffer());
			};
			// The export reads what the server has stored, which follows the edit by a moment.
			await expect.poll(async () => (await pdfText(await exported('pdf'))).map((t) => t.text), { timeout: 15_000 }).toContain(`Chaired by ${NAME},`);
			const texts = await pdfText(await exported('pdf'));
			expect(inFont(texts, 'DejaVuSansCondensed-Bold')).toContain('within £1,250');
			expect(inFont(texts, 'DejaVuSansCondensed-Oblique')).toContain('Agree the agenda');
			const paras = paragraphs(documentXml(await exported('docx')));
			expect(paras.find((p) => p.text.startsWith('Chaired by'))!.runs).toEqual([
				{ text: `Chaired by ${NAME}, `, bold: false, italic: false },
				{ text: 'within £1,250', bold: true, italic: false },
				{ text: '.', bold: false, italic: false }
			]);
			expect(paras.find((p) => p.text === 'Agree the agenda')!.properties).toMatch(/<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="\d+"\/><\/w:numPr>/);
		} finally {
			provider.destroy();
			doc.destroy();
		}
	});
});

describe('reading marks from the co-edited text', () => {
	it('keeps bold and italic as runs, as Tiptap writes them through y-prosemirror, and plain text as before', () => {
		const doc = new Y.Doc();
		prosemirrorJSONToYXmlFragment(
			getSchema([StarterKit]),
			{
				type: 'doc',
				content: [
					{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Voting ' }, { type: 'text', marks: [{ type: 'italic' }], text: 'rules' }] },
					{
						type: 'paragraph',
						content: [
							{ type: 'text', text: 'Decided by ' },
							{ type: 'text', marks: [{ type: 'bold' }], text: 'a majority' },
							{ type: 'text', marks: [{ type: 'bold' }, { type: 'italic' }], text: ' of two thirds' },
							{ type: 'hardBreak' },
							{ type: 'text', marks: [{ type: 'strike' }], text: 'or consensus' }
						]
					},
					{
						type: 'bulletList',
						content: [
							{
								type: 'listItem',
								content: [
									{ type: 'paragraph', content: [{ type: 'text', marks: [{ type: 'bold' }], text: 'Chair' }, { type: 'text', text: ' casts' }] },
									{ type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', marks: [{ type: 'italic' }], text: 'second vote' }] }] }] }
								]
							}
						]
					},
					{ type: 'paragraph', content: [{ type: 'text', text: 'Plain text' }] }
				]
			},
			doc.getXmlFragment(sectionFragment('decision_making'))
		);
		expect(readTermsOfReference(doc).sections.find((s) => s.key === 'decision_making')!.blocks).toEqual([
			{ type: 'heading', text: 'Voting rules', level: 2, runs: [{ text: 'Voting ' }, { text: 'rules', italic: true }] },
			{
				type: 'paragraph',
				text: 'Decided by a majority of two thirds\nor consensus',
				runs: [{ text: 'Decided by ' }, { text: 'a majority', bold: true }, { text: ' of two thirds', bold: true, italic: true }, { text: '\nor consensus' }]
			},
			{ type: 'bullet', text: 'Chair casts', level: 1, runs: [{ text: 'Chair', bold: true }, { text: ' casts' }] },
			{ type: 'ordered', text: 'second vote', level: 2, runs: [{ text: 'second vote', italic: true }] },
			{ type: 'paragraph', text: 'Plain text' }
		]);
	});
});
