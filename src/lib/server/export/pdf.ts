import PDFDocument from 'pdfkit';
import type { PrioritiesSnapshot, RaciSnapshot, TermsOfReferenceSnapshot } from '$lib/domain/documents/snapshots';
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
	toWinAnsi,
	type ExportInput
} from './content';

type Pdf = PDFKit.PDFDocument;

const MARGIN = 56;
const GREY = '#4c6272';
const HEADER_FILL = '#e8edee';
const BREACH_FILL = '#f6d7d2';
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const ITALIC = 'Helvetica-Oblique';
const MONO = 'Courier';

/** A document version (or the current text) as an A4 PDF: title page heading, then the document's own content. */
export function renderPdf(given: ExportInput): Promise<Buffer> {
	const input = mapStrings(given, toWinAnsi);
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
	}
	footers(doc, `${input.title} – ${input.bodyName} – ${input.versionLabel}`);
	doc.end();
	return done;
}

function contentWidth(doc: Pdf): number {
	return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function heading(doc: Pdf, text: string, size: number): void {
	// Keep a heading with at least a few lines of what follows it.
	if (doc.y + size * 4 > doc.page.height - doc.page.margins.bottom) doc.addPage();
	doc.x = doc.page.margins.left;
	doc.moveDown(0.6);
	doc.font(BOLD).fontSize(size).text(text);
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

function termsOfReference(doc: Pdf, content: TermsOfReferenceSnapshot): void {
	for (const section of content.sections) {
		heading(doc, section.heading, 15);
		if (section.blocks.length === 0) {
			paragraph(doc, 'No text in this section yet.', { font: ITALIC, color: GREY });
			continue;
		}
		for (const block of numberBlocks(section.blocks)) {
			if (block.type === 'heading') {
				heading(doc, block.text, Math.max(11, 15 - (block.level ?? 2)));
			} else if (block.type === 'paragraph') {
				paragraph(doc, block.text);
			} else {
				const indent = 14 * (block.level ?? 1);
				const marker = block.number !== undefined ? `${block.number}.` : '•';
				const left = doc.page.margins.left + indent;
				const y = doc.y;
				doc.font(REGULAR).fontSize(11).text(marker, left - 12, y, { width: 14, lineBreak: false });
				doc.text(block.text, left + 4, y, { width: contentWidth(doc) - indent - 4 });
				doc.moveDown(0.2);
			}
		}
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
	const cellWidth = (contentWidth(doc) - activityWidth - stageWidth) / matrix.columns.length;
	doc.table({
		columnStyles: [stageWidth, activityWidth, ...matrix.columns.map(() => ({ width: cellWidth, align: 'center' as const }))],
		data: [
			[th('Stage'), th('Activity'), ...matrix.columns.map((c) => th(c.name))],
			...matrix.rows.map((row) => {
				const breach = table.breachByRow.get(row.id);
				const fill = breach ? { backgroundColor: BREACH_FILL } : {};
				return [
					{ text: row.stage, ...fill },
					{ text: breach ? `${row.activity} (breach)` : row.activity, font: { src: breach ? BOLD : REGULAR }, ...fill },
					...matrix.columns.map((column) => ({ text: matrix.cells[`${row.id}:${column.id}`] ?? '', ...fill }))
				];
			})
		]
	});
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
