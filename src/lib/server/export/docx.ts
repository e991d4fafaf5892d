import {
	AlignmentType,
	Document,
	HeadingLevel,
	LevelFormat,
	Packer,
	PageOrientation,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableLayoutType,
	TableRow,
	TextRun,
	WidthType,
	type ISectionOptions
} from 'docx';
import PDFDocument from 'pdfkit';
import type { MarkedText, MinutesSnapshot, PrioritiesSnapshot, RaciSnapshot, TermsOfReferenceSnapshot, TextBlock } from '$lib/domain/documents/snapshots';
import { CRITERIA, RACI_LEGEND, RAG_LABELS, mapStrings, numberBlocks, priorityFacts, qipp, raciTable, rankedPriorities, readableRules, toXmlText, type ExportInput } from './content';
import { layoutStakeholderColumns } from './raci-columns';

const HEADER_FILL = 'E8EDEE';
const BREACH_FILL = 'F6D7D2';
const GREY = '4C6272';
const ORDERED = 'ordered-list';
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

/** A document version (or the current text) as a Word document: real headings, lists and tables, so it reads well and edits well. */
export async function renderDocx(given: ExportInput): Promise<Buffer> {
	const input = mapStrings(given, toXmlText);
	const opening = [
		new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(input.title)] }),
		new Paragraph({ children: [new TextRun({ text: input.bodyName, size: 28 })] }),
		new Paragraph({ children: [new TextRun({ text: input.versionLabel, color: GREY })] }),
		new Paragraph({ children: [new TextRun({ text: input.status, color: GREY })] })
	];
	let sections: ISectionOptions[];
	switch (input.snapshot.kind) {
		case 'terms-of-reference':
			sections = [{ children: [...opening, ...termsOfReference(input.snapshot.content)] }];
			break;
		case 'priorities':
			sections = [{ children: [...opening, ...priorities(input.snapshot.content)] }];
			break;
		case 'raci': {
			const { before, matrix } = raci(input.snapshot.content);
			sections = [{ children: [...opening, ...before] }];
			// The matrix needs the width of a landscape page.
			if (matrix) {
				const margin = twips(LANDSCAPE_MARGIN);
				sections.push({ properties: { page: { size: { orientation: PageOrientation.LANDSCAPE }, margin: { top: margin, right: margin, bottom: margin, left: margin } } }, children: matrix });
			}
			break;
		}
		case 'report':
			sections = [{ children: [...opening, ...richText(input.snapshot.content.blocks, { instances: 0 })] }];
			break;
		case 'minutes':
			sections = [{ children: [...opening, ...minutes(input.snapshot.content)] }];
			break;
	}
	const document = new Document({
		title: `${input.title} – ${input.bodyName}`,
		creator: 'Oversight portal',
		description: input.versionLabel,
		styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
		numbering: {
			config: [
				{
					reference: ORDERED,
					levels: [0, 1, 2, 3, 4, 5].map((level) => ({
						level,
						format: [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN][level % 3]!,
						text: `%${level + 1}.`,
						alignment: AlignmentType.START,
						style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } }
					}))
				}
			]
		},
		sections
	});
	return Packer.toBuffer(document);
}

/** Text with line breaks (hard breaks in the editor) as breaks, not lost. */
function runs(text: string, options: { bold?: boolean; italics?: boolean; color?: string; font?: string; size?: number } = {}): TextRun[] {
	return text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, ...options }));
}

/** A block's text as Word runs, bold and italic where it is marked. */
function markedRuns(block: TextBlock): TextRun[] {
	const marked: MarkedText[] = block.runs ?? [{ text: block.text }];
	return marked.flatMap((run) => runs(run.text, { ...(run.bold ? { bold: true } : {}), ...(run.italic ? { italics: true } : {}) }));
}

function note(text: string): Paragraph {
	return new Paragraph({ children: runs(text, { italics: true, color: GREY }) });
}

/** How many ordered-list numbering instances a document has used so far; each new list takes the next. */
export interface ListNumbering {
	instances: number;
}

/**
 * Rich text as the editors write it (terms of reference sections, and any document whose content is text
 * blocks): headings below the Heading 1 they sit under, paragraphs with their bold and italic, bulleted and
 * numbered lists as Word lists, nested by level. `numbering` is shared by every call for one document.
 */
export function richText(blocks: TextBlock[], numbering: ListNumbering): Paragraph[] {
	const out: Paragraph[] = [];
	// Whether the list open at each depth is ordered; a list nested in an ordered item numbers within its instance.
	const orderedAt: boolean[] = [];
	for (const block of numberBlocks(blocks)) {
		if (block.type !== 'bullet' && block.type !== 'ordered') orderedAt.length = 0;
		else {
			const depth = block.level ?? 1;
			orderedAt.length = Math.min(orderedAt.length, depth);
			// Each ordered list is a numbering instance of its own, so every list counts from 1.
			if (block.number === 1 && !orderedAt.slice(0, depth - 1).some(Boolean)) numbering.instances++;
			orderedAt[depth - 1] = block.type === 'ordered';
		}
		if (block.type === 'heading') {
			out.push(new Paragraph({ heading: HEADINGS[Math.min(5, block.level ?? 2)]!, children: markedRuns(block) }));
		} else if (block.type === 'paragraph') {
			out.push(new Paragraph({ children: markedRuns(block) }));
		} else if (block.type === 'bullet') {
			out.push(new Paragraph({ bullet: { level: (block.level ?? 1) - 1 }, children: markedRuns(block) }));
		} else {
			out.push(new Paragraph({ numbering: { reference: ORDERED, level: (block.level ?? 1) - 1, instance: numbering.instances }, children: markedRuns(block) }));
		}
	}
	return out;
}

/** The minutes: Part A, then Part B under a heading of its own when the reader may have it (the caller decides). */
function minutes(content: MinutesSnapshot): Paragraph[] {
	const numbering: ListNumbering = { instances: 0 };
	const out = richText(content.partA, numbering);
	if (content.partB.length > 0) {
		out.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Part B: confidential business, not published')] }));
		out.push(...richText(content.partB, numbering));
	}
	return out;
}

function termsOfReference(content: TermsOfReferenceSnapshot): Paragraph[] {
	const out: Paragraph[] = [];
	const numbering: ListNumbering = { instances: 0 };
	for (const section of content.sections) {
		out.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(section.heading)] }));
		if (section.blocks.length === 0) out.push(note('No text in this section yet.'));
		else out.push(...richText(section.blocks, numbering));
	}
	out.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Structured rules')] }));
	if (content.rulesText.trim() === '') {
		out.push(note('No structured rules in this text.'));
	} else {
		const rules = readableRules(content.rulesText);
		if (!rules.valid) out.push(new Paragraph({ children: runs('These rules are not valid JSON, so they could not take effect as written.', { bold: true }) }));
		out.push(new Paragraph({ children: runs(rules.text, { font: 'Courier New', size: 16 }) }));
	}
	return out;
}

type CellContent = string | { text: string; bold?: boolean; fill?: string; center?: boolean; size?: number };

function cell(content: CellContent, header = false, width?: number): TableCell {
	const spec = typeof content === 'string' ? { text: content } : content;
	const fill = header ? HEADER_FILL : spec.fill;
	return new TableCell({
		children: [
			new Paragraph({
				alignment: spec.center ? AlignmentType.CENTER : AlignmentType.START,
				children: runs(spec.text, { bold: header || spec.bold, size: spec.size ?? 18 })
			})
		],
		...(width !== undefined ? { width: { size: width, type: WidthType.DXA } } : {}),
		...(fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill } } : {})
	});
}

/**
 * A table across the page; with `fixed`, at those column widths (in points) and with that space inside each
 * cell left and right, rather than as Word fits them.
 */
function table(header: CellContent[], rows: CellContent[][], fixed?: { widths: number[]; padding: number }): Table {
	const widths = fixed?.widths.map(twips);
	return new Table({
		...(fixed && widths
			? {
					width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
					columnWidths: widths,
					layout: TableLayoutType.FIXED,
					margins: { left: twips(fixed.padding), right: twips(fixed.padding), marginUnitType: WidthType.DXA }
				}
			: { width: { size: 100, type: WidthType.PERCENTAGE } }),
		rows: [
			new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, true, widths?.[i])) }),
			...rows.map((row) => new TableRow({ children: row.map((c, i) => cell(c, false, widths?.[i])) }))
		]
	});
}

function priorities(plan: PrioritiesSnapshot): (Paragraph | Table)[] {
	const rows = rankedPriorities(plan);
	const out: (Paragraph | Table)[] = [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Priorities by rank')] })];
	if (rows.length === 0) return [...out, note('No priorities in this plan yet.')];
	out.push(note('Each priority is scored 0 to 3 against the nine criteria of Carter Appendix 9; the total ranks it. Equal totals share a rank.'));
	out.push(
		table(
			['Rank', 'Priority', 'Programme of care', 'Category', 'Total', 'RAG', 'QIPP target'],
			rows.map(({ priority: p, rank, total }) => [String(rank), p.title || 'Untitled priority', p.programme, p.category, String(total), p.rag ? RAG_LABELS[p.rag] : '', qipp(p.qippSavingPence)])
		)
	);
	for (const { priority: p, rank, total } of rows) {
		out.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`${rank}. ${p.title || 'Untitled priority'} (total ${total})`)] }));
		for (const [label, value] of priorityFacts(p)) {
			if (value) out.push(new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), ...runs(value)] }));
		}
		out.push(table(['Criterion', 'Score'], [...CRITERIA.map((c) => [c.label, p.scores[c.key] === undefined ? 'not scored' : String(p.scores[c.key])]), [{ text: 'Total', bold: true }, { text: String(total), bold: true }]]));
		if (p.milestones.length > 0) {
			out.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun('Milestones')] }));
			out.push(table(['Milestone', 'Due', 'Done'], p.milestones.map((m) => [m.title, m.due, m.done ? 'Done' : 'Not done'])));
		}
		if (p.ragHistory.length > 0) {
			out.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun('RAG history')] }));
			for (const entry of p.ragHistory) {
				out.push(new Paragraph({ bullet: { level: 0 }, children: runs(`${entry.on}: ${RAG_LABELS[entry.status]}${entry.note ? ` – ${entry.note}` : ''}`) }));
			}
		}
	}
	return out;
}

function raci(matrix: RaciSnapshot): { before: Paragraph[]; matrix: (Paragraph | Table)[] | null } {
	const checked = raciTable(matrix);
	const before: Paragraph[] = [note(RACI_LEGEND)];
	if (checked.breaches.length === 0) {
		before.push(new Paragraph({ children: runs('Every activity has exactly one accountable (A) and at least one responsible (R).') }));
	} else {
		before.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`Rule breaches (${checked.breaches.length})`)] }));
		for (const breach of checked.breaches) for (const problem of breach.problems) before.push(new Paragraph({ bullet: { level: 0 }, children: runs(problem) }));
	}
	if (matrix.rows.length === 0 || matrix.columns.length === 0) {
		before.push(note('The matrix has no activities or no stakeholders yet.'));
		return { before, matrix: null };
	}
	// A fixed layout at widths where every word of a stakeholder's name fits, so Word wraps names between words.
	const layout = layoutStakeholderColumns(
		matrix.columns.map((c) => c.name),
		arialBoldWidth(),
		{ width: LANDSCAPE_TEXT_WIDTH - STAGE_WIDTH - ACTIVITY_WIDTH, padding: CELL_PADDING, maxSize: 9, minSize: 7, minColumn: 12 }
	);
	const parts = layout.tables.flatMap((part) => [
		...(layout.tables.length > 1
			? [note(`Stakeholders ${part.columns[0]! + 1} to ${part.columns.at(-1)! + 1} of ${matrix.columns.length}`)]
			: []),
		table(
			['Stage', 'Activity', ...part.columns.map((i) => ({ text: matrix.columns[i]!.name, center: true, size: Math.max(2, Math.floor(layout.size * 2)) }))],
			matrix.rows.map((row) => {
				const breach = checked.breachByRow.get(row.id);
				const fill = breach ? BREACH_FILL : undefined;
				return [
					{ text: row.stage, ...(fill ? { fill } : {}) },
					{ text: breach ? `${row.activity} (breach)` : row.activity, bold: !!breach, ...(fill ? { fill } : {}) },
					...part.columns.map((i) => ({ text: matrix.cells[`${row.id}:${matrix.columns[i]!.id}`] ?? '', center: true, ...(fill ? { fill } : {}) }))
				];
			}),
			{ widths: [STAGE_WIDTH, ACTIVITY_WIDTH, ...part.widths], padding: CELL_PADDING }
		),
		new Paragraph({ children: [] })
	]);
	return { before, matrix: [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('RACI matrix')] }), ...parts] };
}

/** Points in twentieths of a point (Word's unit for widths), rounded down so rounding never widens a table. */
const twips = (points: number) => Math.floor(points * 20);

/** The RACI section's page margins, in points: narrower than docx's inch, as the PDF's, to give the stakeholders room. */
const LANDSCAPE_MARGIN = 36;
/** The text width of that landscape A4 page (16838 twentieths of a point wide), in points. */
const LANDSCAPE_TEXT_WIDTH = 16838 / 20 - 2 * LANDSCAPE_MARGIN;
const STAGE_WIDTH = 70;
const ACTIVITY_WIDTH = 130;
/** Space inside each cell of the matrix, left and right, in points (Word's default is 5.4). */
const CELL_PADDING = 3;

/**
 * How wide text is in bold Arial, the document's font: measured with pdfkit's Helvetica-Bold metrics, which
 * Arial shares glyph for glyph in width (as does Liberation Sans, which LibreOffice puts in its place).
 */
function arialBoldWidth(): (text: string, size: number) => number {
	const metrics = new PDFDocument({ autoFirstPage: false }).font('Helvetica-Bold');
	return (text, size) => metrics.fontSize(size).widthOfString(text);
}

