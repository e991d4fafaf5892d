import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { MarkedText, PrioritiesSnapshot, RaciSnapshot, TermsOfReferenceSnapshot, TextBlock } from '$lib/domain/documents/snapshots';
import {
	CRITERIA,
	RACI_LEGEND,
	RAG_LABELS,
	numberBlocks,
	priorityFacts,
	qipp,
	raciTable,
	rankedPriorities,
	mapStrings,
	readableRules,
	toPdfText,
	type ExportInput
} from './content';
import { layoutStakeholderColumns } from './raci-columns';

type Pdf = PDFKit.PDFDocument;

const MARGIN = 56;
const GREY = '#4c6272';
const HEADER_FILL = '#e8edee';
const BREACH_FILL = '#f6d7d2';

/**
 * The fonts embedded in every PDF, by the name the document knows them: DejaVu (free licence, from the
 * dejavu-fonts-ttf package), because the standard PDF fonts carry only Western European letters and names such
 * as "Łukasiewicz" or "Dvořák" must print as written. pdfkit embeds only the glyphs used.
 */
const FONTS = {
	regular: ['Body', 'DejaVuSansCondensed.ttf'],
	bold: ['Body-Bold', 'DejaVuSansCondensed-Bold.ttf'],
	italic: ['Body-Italic', 'DejaVuSansCondensed-Oblique.ttf'],
	boldItalic: ['Body-BoldItalic', 'DejaVuSansCondensed-BoldOblique.ttf'],
	mono: ['Mono', 'DejaVuSansMono.ttf']
} as const;
const REGULAR = FONTS.regular[0];
const BOLD = FONTS.bold[0];
const ITALIC = FONTS.italic[0];
const BOLD_ITALIC = FONTS.boldItalic[0];
const MONO = FONTS.mono[0];

/**
 * The font files, found through Node's resolution from wherever this module runs: the source under tsx and
 * Vitest, or a chunk of the built server (build/server/chunks), both of which resolve the package from node_modules.
 */
function registerFonts(doc: Pdf): void {
	const require = createRequire(import.meta.url);
	for (const [name, file] of Object.values(FONTS)) doc.registerFont(name, require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
}

/** A document version (or the current text) as an A4 PDF: title page heading, then the document's own content. */
export function renderPdf(given: ExportInput): Promise<Buffer> {
	const input = mapStrings(given, toPdfText);
	const doc = new PDFDocument({
		size: 'A4',
		margin: MARGIN,
		bufferPages: true,
		lang: 'en-GB',
		displayTitle: true,
		info: { Title: `${input.title} – ${input.bodyName}`, Author: input.bodyName, Subject: input.versionLabel, Creator: 'Oversight portal' }
	});
	const chunks: Buffer[] = [];
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('data', (chunk: Buffer) => chunks.push(chunk));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	registerFonts(doc);

	doc.font(BOLD).fontSize(20).text(input.title);
	doc.font(REGULAR).fontSize(12).text(input.bodyName);
	doc.moveDown(0.3);
	doc.fillColor(GREY).fontSize(10).text(input.versionLabel).text(input.status).fillColor('black');
	doc.moveDown();

	switch (input.snapshot.kind) {
		case 'terms-of-reference':
			termsOfReference(doc, input.snapshot.content);
			break;
		case 'priorities':
			priorities(doc, input.snapshot.content);
			break;
		case 'raci':
			raci(doc, input.snapshot.content);
			break;
		case 'report':
			richText(doc, input.snapshot.content.blocks);
			break;
		case 'minutes':
			richText(doc, input.snapshot.content.partA);
			if (input.snapshot.content.partB.length > 0) {
				heading(doc, 'Part B: confidential business, not published', 15);
				richText(doc, input.snapshot.content.partB);
			}
			break;
	}
	footers(doc, `${input.title} – ${input.bodyName} – ${input.versionLabel}`);
	doc.end();
	return done;
}

function contentWidth(doc: Pdf): number {
	return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function heading(doc: Pdf, text: string | MarkedText[], size: number): void {
	// Keep a heading with at least a few lines of what follows it.
	if (doc.y + size * 4 > doc.page.height - doc.page.margins.bottom) doc.addPage();
	doc.x = doc.page.margins.left;
	doc.moveDown(0.6);
	doc.fontSize(size);
	marked(doc, typeof text === 'string' ? [{ text }] : text, { width: contentWidth(doc) }, true);
	doc.moveDown(0.3);
	doc.font(REGULAR).fontSize(11);
}

function paragraph(doc: Pdf, text: string, options: { font?: string; size?: number; color?: string } = {}): void {
	doc.x = doc.page.margins.left;
	doc.font(options.font ?? REGULAR)
		.fontSize(options.size ?? 11)
		.fillColor(options.color ?? 'black')
		.text(text, { width: contentWidth(doc) });
	doc.fillColor('black').moveDown(0.4);
}

/** The font for a run: bold and italic as marked, and everything bold in a heading. */
function fontOf(run: MarkedText, inHeading: boolean): string {
	const bold = inHeading || run.bold;
	return bold && run.italic ? BOLD_ITALIC : bold ? BOLD : run.italic ? ITALIC : REGULAR;
}

/**
 * Runs of text as one flow, each in its own font (pdfkit's `continued`); at the position given, or where the
 * document is. The font size is the document's.
 */
function marked(doc: Pdf, runs: MarkedText[], options: { x?: number; y?: number; width: number }, inHeading = false): void {
	const shown = runs.filter((run) => run.text !== '');
	if (shown.length === 0) shown.push({ text: '' });
	shown.forEach((run, i) => {
		doc.font(fontOf(run, inHeading));
		const continued = i < shown.length - 1;
		if (i === 0 && options.x !== undefined) doc.text(run.text, options.x, options.y, { width: options.width, continued });
		else if (i === 0) doc.text(run.text, { width: options.width, continued });
		else doc.text(run.text, { continued });
	});
	doc.font(REGULAR);
}

const runsOf = (block: TextBlock): MarkedText[] => block.runs ?? [{ text: block.text }];

/**
 * Rich text as the editors write it (terms of reference sections, and any document whose content is text
 * blocks): headings, paragraphs with their bold and italic, bulleted and numbered lists nested by indent.
 * `headingSize` is the size of the heading the blocks sit under; their own headings come smaller.
 */
export function richText(doc: Pdf, blocks: TextBlock[], headingSize = 15): void {
	for (const block of numberBlocks(blocks)) {
		if (block.type === 'heading') {
			heading(doc, runsOf(block), Math.max(11, headingSize - (block.level ?? 2)));
		} else if (block.type === 'paragraph') {
			doc.x = doc.page.margins.left;
			doc.fontSize(11).fillColor('black');
			marked(doc, runsOf(block), { width: contentWidth(doc) });
			doc.moveDown(0.4);
		} else {
			const indent = 14 * (block.level ?? 1);
			const marker = block.number !== undefined ? `${block.number}.` : '•';
			const left = doc.page.margins.left + indent;
			doc.font(REGULAR).fontSize(11);
			// A marker at the foot of a page with its text on the next would part them.
			if (doc.y + doc.currentLineHeight(true) > doc.page.height - doc.page.margins.bottom) doc.addPage();
			const y = doc.y;
			doc.text(marker, left - 12, y, { width: 14, lineBreak: false });
			marked(doc, runsOf(block), { x: left + 4, y, width: contentWidth(doc) - indent - 4 });
			doc.moveDown(0.2);
		}
	}
	doc.x = doc.page.margins.left;
}

function termsOfReference(doc: Pdf, content: TermsOfReferenceSnapshot): void {
	for (const section of content.sections) {
		heading(doc, section.heading, 15);
		if (section.blocks.length === 0) {
			paragraph(doc, 'No text in this section yet.', { font: ITALIC, color: GREY });
			continue;
		}
		richText(doc, section.blocks, 15);
	}
	heading(doc, 'Structured rules', 15);
	const rules = readableRules(content.rulesText);
	if (content.rulesText.trim() === '') {
		paragraph(doc, 'No structured rules in this text.', { font: ITALIC, color: GREY });
	} else {
		if (!rules.valid) paragraph(doc, 'These rules are not valid JSON, so they could not take effect as written.', { font: BOLD });
		paragraph(doc, rules.text, { font: MONO, size: 8 });
	}
}

/** A header cell and a plain cell, as pdfkit's table takes them. */
const th = (text: string) => ({ text, font: { src: BOLD }, backgroundColor: HEADER_FILL, type: 'TH' as const });

function priorities(doc: Pdf, plan: PrioritiesSnapshot): void {
	const rows = rankedPriorities(plan);
	heading(doc, 'Priorities by rank', 15);
	if (rows.length === 0) {
		paragraph(doc, 'No priorities in this plan yet.', { font: ITALIC, color: GREY });
		return;
	}
	paragraph(doc, 'Each priority is scored 0 to 3 against the nine criteria of Carter Appendix 9; the total ranks it. Equal totals share a rank.', { size: 9, color: GREY });
	doc.font(REGULAR).fontSize(8);
	doc.table({
		columnStyles: [34, '*', 80, 80, 34, 40, 80],
		data: [
			[th('Rank'), th('Priority'), th('Programme of care'), th('Category'), th('Total'), th('RAG'), th('QIPP target')],
			...rows.map(({ priority: p, rank, total }) => [
				String(rank),
				p.title || 'Untitled priority',
				p.programme,
				p.category,
				String(total),
				p.rag ? RAG_LABELS[p.rag] : '',
				qipp(p.qippSavingPence)
			])
		]
	});
	for (const { priority: p, rank, total } of rows) {
		heading(doc, `${rank}. ${p.title || 'Untitled priority'} (total ${total})`, 13);
		for (const [label, value] of priorityFacts(p)) {
			if (!value) continue;
			doc.x = doc.page.margins.left;
			doc.font(BOLD).fontSize(10).text(`${label}: `, { continued: true }).font(REGULAR).text(value, { width: contentWidth(doc) });
		}
		doc.moveDown(0.4);
		doc.x = doc.page.margins.left;
		doc.font(REGULAR).fontSize(8);
		doc.table({
			columnStyles: ['*', 60],
			data: [[th('Criterion'), th('Score')], ...CRITERIA.map((c) => [c.label, p.scores[c.key] === undefined ? 'not scored' : String(p.scores[c.key])]), [th('Total'), th(String(total))]]
		});
		if (p.milestones.length > 0) {
			doc.moveDown(0.8);
			doc.x = doc.page.margins.left;
			doc.font(REGULAR).fontSize(8);
			doc.table({
				columnStyles: ['*', 80, 50],
				data: [[th('Milestone'), th('Due'), th('Done')], ...p.milestones.map((m) => [m.title, m.due, m.done ? 'Done' : 'Not done'])]
			});
		}
		if (p.ragHistory.length > 0) {
			doc.moveDown(0.8);
			paragraph(doc, 'RAG history', { font: BOLD, size: 10 });
			for (const entry of p.ragHistory) paragraph(doc, `${entry.on}: ${RAG_LABELS[entry.status]}${entry.note ? ` – ${entry.note}` : ''}`, { size: 9 });
		}
	}
}

function raci(doc: Pdf, matrix: RaciSnapshot): void {
	const table = raciTable(matrix);
	paragraph(doc, RACI_LEGEND, { size: 9, color: GREY });
	if (table.breaches.length === 0) {
		paragraph(doc, 'Every activity has exactly one accountable (A) and at least one responsible (R).');
	} else {
		heading(doc, `Rule breaches (${table.breaches.length})`, 13);
		for (const breach of table.breaches) for (const problem of breach.problems) paragraph(doc, `• ${problem}`, { size: 10 });
	}
	if (matrix.rows.length === 0 || matrix.columns.length === 0) {
		paragraph(doc, 'The matrix has no activities or no stakeholders yet.', { font: ITALIC, color: GREY });
		return;
	}
	// Twelve stakeholders and the activity need the width of a landscape page.
	doc.addPage({ size: 'A4', layout: 'landscape', margin: 36 });
	doc.font(BOLD).fontSize(13).text('RACI matrix');
	doc.moveDown(0.3);
	doc.font(REGULAR).fontSize(7);
	const activityWidth = 150;
	const stageWidth = 70;
	const padding = 2;
	const layout = layoutStakeholderColumns(
		matrix.columns.map((c) => c.name),
		(text, size) => widthIn(doc, text, BOLD, size),
		{ width: contentWidth(doc) - activityWidth - stageWidth, padding, maxSize: 7, minSize: 6, minColumn: widthIn(doc, 'M', BOLD, 7) }
	);
	layout.tables.forEach((part, index) => {
		if (layout.tables.length > 1) {
			if (index > 0) doc.addPage({ size: 'A4', layout: 'landscape', margin: 36 });
			doc.x = doc.page.margins.left;
			doc.font(REGULAR).fontSize(9).fillColor(GREY);
			doc.text(`Stakeholders ${part.columns[0]! + 1} to ${part.columns.at(-1)! + 1} of ${matrix.columns.length}`);
			doc.fillColor('black').moveDown(0.3);
		}
		doc.x = doc.page.margins.left;
		doc.font(REGULAR).fontSize(7);
		const columns = part.columns.map((i) => matrix.columns[i]!);
		doc.table({
			columnStyles: [stageWidth, activityWidth, ...part.widths.map((width) => ({ width, align: 'center' as const }))],
			data: [
				[
					th('Stage'),
					th('Activity'),
					// At the layout's size every word fits its column, so pdfkit wraps between words.
					...columns.map((column) => ({ ...th(column.name), font: { src: BOLD, size: layout.size }, padding: [2, padding] as [number, number] }))
				],
				...matrix.rows.map((row) => {
					const breach = table.breachByRow.get(row.id);
					const fill = breach ? { backgroundColor: BREACH_FILL } : {};
					return [
						{ text: row.stage, ...fill },
						{ text: breach ? `${row.activity} (breach)` : row.activity, font: { src: breach ? BOLD : REGULAR }, ...fill },
						...columns.map((column) => ({ text: matrix.cells[`${row.id}:${column.id}`] ?? '', ...fill }))
					];
				})
			]
		});
	});
}

/** How wide `text` is set in `font` at `size`; it leaves that font set, so callers set theirs afterwards. */
function widthIn(doc: Pdf, text: string, font: string, size: number): number {
	return doc.font(font).fontSize(size).widthOfString(text);
}

/** "Page n of m" and what the document is, at the foot of every page. */
function footers(doc: Pdf, text: string): void {
	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		const bottom = doc.page.margins.bottom;
		// Writing inside the bottom margin would otherwise start a new page.
		doc.page.margins.bottom = 0;
		doc.font(REGULAR)
			.fontSize(8)
			.fillColor(GREY)
			.text(`${text} – page ${i + 1 - range.start} of ${range.count}`, doc.page.margins.left, doc.page.height - bottom / 2 - 4, {
				width: contentWidth(doc),
				align: 'center',
				lineBreak: false
			});
		doc.page.margins.bottom = bottom;
	}
	doc.fillColor('black');
}
