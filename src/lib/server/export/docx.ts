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
	TableRow,
	TextRun,
	WidthType,
	type ISectionOptions
} from 'docx';
import type { PrioritiesSnapshot, RaciSnapshot, TermsOfReferenceSnapshot } from '$lib/domain/documents/snapshots';
import { CRITERIA, RACI_LEGEND, RAG_LABELS, mapStrings, numberBlocks, priorityFacts, qipp, raciTable, rankedPriorities, readableRules, toXmlText, type ExportInput } from './content';

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
			if (matrix) sections.push({ properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } }, children: matrix });
			break;
		}
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

function note(text: string): Paragraph {
	return new Paragraph({ children: runs(text, { italics: true, color: GREY }) });
}

function termsOfReference(content: TermsOfReferenceSnapshot): Paragraph[] {
	const out: Paragraph[] = [];
	// Each ordered list is a numbering instance of its own, so every list counts from 1.
	let instance = 0;
	for (const section of content.sections) {
		out.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(section.heading)] }));
		if (section.blocks.length === 0) {
			out.push(note('No text in this section yet.'));
			continue;
		}
		// Whether the list open at each depth is ordered; a list nested in an ordered item numbers within its instance.
		const orderedAt: boolean[] = [];
		for (const block of numberBlocks(section.blocks)) {
			if (block.type !== 'bullet' && block.type !== 'ordered') orderedAt.length = 0;
			else {
				const depth = block.level ?? 1;
				orderedAt.length = Math.min(orderedAt.length, depth);
				if (block.number === 1 && !orderedAt.slice(0, depth - 1).some(Boolean)) instance++;
				orderedAt[depth - 1] = block.type === 'ordered';
			}
			if (block.type === 'heading') {
				// Headings inside a section sit below the section's own (Heading 1).
				out.push(new Paragraph({ heading: HEADINGS[Math.min(5, (block.level ?? 2))]!, children: runs(block.text) }));
			} else if (block.type === 'paragraph') {
				out.push(new Paragraph({ children: runs(block.text) }));
			} else if (block.type === 'bullet') {
				out.push(new Paragraph({ bullet: { level: (block.level ?? 1) - 1 }, children: runs(block.text) }));
			} else {
				out.push(new Paragraph({ numbering: { reference: ORDERED, level: (block.level ?? 1) - 1, instance }, children: runs(block.text) }));
			}
		}
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

type CellContent = string | { text: string; bold?: boolean; fill?: string; center?: boolean };

function cell(content: CellContent, header = false): TableCell {
	const spec = typeof content === 'string' ? { text: content } : content;
	const fill = header ? HEADER_FILL : spec.fill;
	return new TableCell({
		children: [
			new Paragraph({
				alignment: spec.center ? AlignmentType.CENTER : AlignmentType.START,
				children: runs(spec.text, { bold: header || spec.bold, size: 18 })
			})
		],
		...(fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill } } : {})
	});
}

function table(header: CellContent[], rows: CellContent[][]): Table {
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		rows: [
			new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
			...rows.map((row) => new TableRow({ children: row.map((c) => cell(c)) }))
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
	return {
		before,
		matrix: [
			new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('RACI matrix')] }),
			table(
				['Stage', 'Activity', ...matrix.columns.map((c) => c.name)],
				matrix.rows.map((row) => {
					const breach = checked.breachByRow.get(row.id);
					const fill = breach ? BREACH_FILL : undefined;
					return [
						{ text: row.stage, ...(fill ? { fill } : {}) },
						{ text: breach ? `${row.activity} (breach)` : row.activity, bold: !!breach, ...(fill ? { fill } : {}) },
						...matrix.columns.map((column) => ({ text: matrix.cells[`${row.id}:${column.id}`] ?? '', center: true, ...(fill ? { fill } : {}) }))
					];
				})
			)
		]
	};
}
