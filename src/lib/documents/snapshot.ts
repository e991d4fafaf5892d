import * as Y from 'yjs';
import {
	DEFAULT_RACI_ACTIVITIES,
	DEFAULT_RACI_STAKEHOLDERS,
	MINUTES_PART_A,
	MINUTES_PART_B,
	PRIORITIES_ARRAY,
	PRIORITY_CRITERIA,
	RACI_CELLS,
	RACI_COLUMNS,
	RACI_ROWS,
	RACI_VALUES,
	RAG_STATUSES,
	RULES_TEXT,
	TERMS_OF_REFERENCE_SECTIONS,
	sectionFragment,
	type CriterionKey,
	type RaciValue,
	type RagStatus
} from '$lib/domain/documents/layout';
import { parseScore } from '$lib/domain/documents/priorities';
import type {
	DocumentSnapshot,
	MarkedText,
	Milestone,
	MinutesSnapshot,
	PrioritiesSnapshot,
	PrioritySnapshot,
	RaciSnapshot,
	RagHistoryEntry,
	TermsOfReferenceSnapshot,
	TextBlock
} from '$lib/domain/documents/snapshots';

/**
 * Plain-data readers of the three co-edited documents, following the Yjs layout contract
 * (src/lib/domain/documents/layout.ts). Shared by the browser (editors) and the server (versions, export).
 * Readers never change the document, and take what they find defensively: a field of the wrong type is read
 * as empty rather than failing, since any client could have written it.
 */

export type * from '$lib/domain/documents/snapshots';

/** The document kinds, as in document names ($lib/domain/documents/document-name.ts). */
export type SnapshotKind = DocumentSnapshot['kind'];

/** Reads whichever of the three documents `kind` names. */
export function readSnapshot(kind: SnapshotKind, doc: Y.Doc): DocumentSnapshot {
	switch (kind) {
		case 'terms-of-reference':
			return { kind, content: readTermsOfReference(doc) };
		case 'priorities':
			return { kind, content: readPriorities(doc) };
		case 'raci':
			return { kind, content: readRaci(doc) };
		case 'minutes':
			return { kind, content: readMinutes(doc) };
	}
}

/** The minutes of a meeting: Part A and Part B, each as blocks of text. */
export function readMinutes(doc: Y.Doc): MinutesSnapshot {
	return { partA: readBlocks(doc.getXmlFragment(MINUTES_PART_A)), partB: readBlocks(doc.getXmlFragment(MINUTES_PART_B)) };
}

// Terms of reference

/** Every section of the layout with its blocks of text, and the structured rules as typed. */
export function readTermsOfReference(doc: Y.Doc): TermsOfReferenceSnapshot {
	return {
		sections: TERMS_OF_REFERENCE_SECTIONS.map(({ key, heading }) => ({
			key,
			heading,
			blocks: readBlocks(doc.getXmlFragment(sectionFragment(key)))
		})),
		rulesText: doc.getText(RULES_TEXT).toString()
	};
}

/**
 * The blocks of a section as Tiptap's StarterKit writes them through y-prosemirror: each node a Y.XmlElement
 * named after its node type (paragraph, heading with a `level` attribute, bulletList/orderedList > listItem >
 * paragraph, blockquote, codeBlock), text in Y.XmlText with marks as formatting attributes (bold and italic
 * kept as runs, the others dropped).
 */
export function readBlocks(fragment: Y.XmlFragment): TextBlock[] {
	const blocks: TextBlock[] = [];
	for (const node of fragment.toArray()) readBlock(node, blocks, null);
	return blocks;
}

type ListContext = { type: 'bullet' | 'ordered'; depth: number } | null;

function readBlock(node: unknown, blocks: TextBlock[], list: ListContext): void {
	if (node instanceof Y.XmlText) {
		// Text straight under the section (not what the editor writes, but possible): a paragraph of its own.
		const runs = textRuns(node);
		if (textOfRuns(runs).trim() !== '') blocks.push(list ? block(list.type, runs, list.depth) : block('paragraph', runs));
		return;
	}
	if (!(node instanceof Y.XmlElement)) return;
	switch (node.nodeName) {
		case 'heading':
			blocks.push(block('heading', inlineRuns(node), headingLevel(node.getAttribute('level'))));
			return;
		case 'paragraph':
		case 'codeBlock':
			blocks.push(list ? block(list.type, inlineRuns(node), list.depth) : block('paragraph', inlineRuns(node)));
			return;
		case 'bulletList':
		case 'orderedList': {
			const type = node.nodeName === 'bulletList' ? 'bullet' : 'ordered';
			const depth = (list?.depth ?? 0) + 1;
			for (const item of node.toArray()) readListItem(item, blocks, { type, depth });
			return;
		}
		case 'listItem':
			readListItem(node, blocks, list ?? { type: 'bullet', depth: 1 });
			return;
		case 'horizontalRule':
		case 'hardBreak':
			return;
		default:
			// A node this reader does not know (blockquote, or an extension's): its content, in place.
			for (const child of node.toArray()) readBlock(child, blocks, list);
	}
}

/** A list item: its own paragraphs become one item; lists inside it become items one level deeper. */
function readListItem(item: unknown, blocks: TextBlock[], list: NonNullable<ListContext>): void {
	if (!(item instanceof Y.XmlElement)) return readBlock(item, blocks, list);
	const own: MarkedText[][] = [];
	const at = blocks.length;
	for (const child of item.toArray()) {
		if (child instanceof Y.XmlElement && (child.nodeName === 'bulletList' || child.nodeName === 'orderedList')) {
			readBlock(child, blocks, list);
		} else if (child instanceof Y.XmlElement && child.nodeName !== 'listItem') {
			own.push(inlineRuns(child));
		} else if (child instanceof Y.XmlText) {
			own.push(textRuns(child));
		} else {
			readBlock(child, blocks, list);
		}
	}
	// The item's text goes before any list nested in it, as it reads.
	blocks.splice(at, 0, block(list.type, own.flatMap((runs, i) => (i > 0 ? [{ text: ' ' }, ...runs] : runs)), list.depth));
}

/**
 * A block from its runs. Runs are kept only when some of the text is bold or italic, so plain text reads as it
 * always has ({ type, text, level }) and compares equal whatever the editor left behind.
 */
function block(type: TextBlock['type'], runs: MarkedText[], level?: number): TextBlock {
	const merged = mergeRuns(runs);
	const out: TextBlock = { type, text: textOfRuns(runs) };
	if (level !== undefined) out.level = level;
	if (merged.some((run) => run.bold || run.italic)) out.runs = merged;
	return out;
}

/** Neighbouring runs of one formatting as one run; empty runs dropped. */
function mergeRuns(runs: MarkedText[]): MarkedText[] {
	const out: MarkedText[] = [];
	for (const run of runs) {
		if (run.text === '') continue;
		const last = out.at(-1);
		if (last && !!last.bold === !!run.bold && !!last.italic === !!run.italic) last.text += run.text;
		else out.push({ ...run });
	}
	return out;
}

const textOfRuns = (runs: MarkedText[]) => runs.map((run) => run.text).join('');

/** The runs of an inline container: text with its marks, hard breaks as new lines, inline nodes by their text. */
function inlineRuns(element: Y.XmlElement): MarkedText[] {
	const runs: MarkedText[] = [];
	for (const child of element.toArray()) {
		if (child instanceof Y.XmlText) runs.push(...textRuns(child));
		else if (child instanceof Y.XmlElement) runs.push(...(child.nodeName === 'hardBreak' ? [{ text: '\n' }] : inlineRuns(child)));
	}
	return runs;
}

function textRuns(text: Y.XmlText): MarkedText[] {
	return (text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]).flatMap((op): MarkedText[] => {
		if (typeof op.insert !== 'string') return [];
		const run: MarkedText = { text: op.insert };
		// Tiptap names the marks bold and italic (ProseMirror's basic schema strong and em).
		if (hasMark(op.attributes, ['bold', 'strong'])) run.bold = true;
		if (hasMark(op.attributes, ['italic', 'em'])) run.italic = true;
		return [run];
	});
}

/** Whether formatting attributes carry one of the marks: y-prosemirror names a mark that may overlap itself `name--hash`. */
function hasMark(attributes: Record<string, unknown> | undefined, names: string[]): boolean {
	return Object.entries(attributes ?? {}).some(
		([key, value]) => value !== null && value !== undefined && value !== false && names.some((name) => key === name || key.startsWith(`${name}--`))
	);
}

function headingLevel(value: unknown): number {
	const level = Number(value);
	return Number.isInteger(level) && level >= 1 && level <= 6 ? level : 2;
}

// Priorities plan

/** The priorities in the plan's order; a priority repeated under one id (two clients adding it at once) counts once. */
export function readPriorities(doc: Y.Doc): PrioritiesSnapshot {
	const seen = new Set<string>();
	const priorities: PrioritySnapshot[] = [];
	for (const [index, entry] of doc.getArray<unknown>(PRIORITIES_ARRAY).toArray().entries()) {
		const fields = fieldsOf(entry);
		if (!fields) continue;
		const id = text(fields.id) || `priority-${index + 1}`;
		if (seen.has(id)) continue;
		seen.add(id);
		priorities.push({
			id,
			title: text(fields.title),
			programme: text(fields.programme),
			services: text(fields.services),
			why: text(fields.why),
			scores: readScores(fields.scores),
			category: text(fields.category),
			lead: text(fields.lead),
			subGroup: text(fields.subGroup),
			qippSavingPence: /^\d+$/.test(text(fields.qippSavingPence).trim()) ? text(fields.qippSavingPence).trim().replace(/^0+(?=\d)/, '') : '',
			rag: ragStatus(fields.rag),
			ragHistory: listOf(fields.ragHistory).flatMap((raw): RagHistoryEntry[] => {
				const entry = fieldsOf(raw);
				const status = ragStatus(entry?.status);
				return entry && status ? [{ status, on: text(entry.on), note: text(entry.note) }] : [];
			}),
			milestones: listOf(fields.milestones).flatMap((raw, i): Milestone[] => {
				const milestone = fieldsOf(raw);
				return milestone
					? [{ id: text(milestone.id) || `milestone-${i + 1}`, title: text(milestone.title), due: text(milestone.due), done: milestone.done === true }]
					: [];
			})
		});
	}
	return { priorities };
}

function readScores(value: unknown): Partial<Record<CriterionKey, number>> {
	const fields = fieldsOf(value) ?? {};
	const scores: Partial<Record<CriterionKey, number>> = {};
	for (const { key } of PRIORITY_CRITERIA) {
		const score = parseScore(fields[key]);
		if (score !== null) scores[key] = score;
	}
	return scores;
}

function ragStatus(value: unknown): RagStatus | null {
	return (RAG_STATUSES as readonly unknown[]).includes(value) ? (value as RagStatus) : null;
}

// RACI matrix

/**
 * Rows, columns and cells in order. A row or column repeated under one id counts once; a cell whose row or column
 * is gone, or whose value is not R, A, C or I, is left out.
 */
export function readRaci(doc: Y.Doc): RaciSnapshot {
	const rows = uniqueById(
		doc.getArray<unknown>(RACI_ROWS).toArray().flatMap((raw) => {
			const fields = fieldsOf(raw);
			return fields ? [{ id: text(fields.id), stage: text(fields.stage), activity: text(fields.activity) }] : [];
		})
	);
	const columns = uniqueById(
		doc.getArray<unknown>(RACI_COLUMNS).toArray().flatMap((raw) => {
			const fields = fieldsOf(raw);
			return fields ? [{ id: text(fields.id), name: text(fields.name) }] : [];
		})
	);
	const cells: Record<string, RaciValue> = {};
	const keys = new Set(rows.flatMap((row) => columns.map((column) => `${row.id}:${column.id}`)));
	for (const [key, value] of doc.getMap<unknown>(RACI_CELLS).entries()) {
		if (keys.has(key) && (RACI_VALUES as readonly unknown[]).includes(value)) cells[key] = value as RaciValue;
	}
	// Cells in row-then-column order, so two equal matrices read as equal objects.
	const ordered: Record<string, RaciValue> = {};
	for (const key of keys) if (cells[key]) ordered[key] = cells[key];
	return { rows, columns, cells: ordered };
}

function uniqueById<T extends { id: string }>(items: T[]): T[] {
	const seen = new Set<string>();
	return items.filter((item) => item.id !== '' && !seen.has(item.id) && seen.add(item.id));
}

/**
 * The id a default row or column gets: its words, lower-case, hyphenated, after `activity-` or `stakeholder-`
 * ("CRGs / programmes of care" → stakeholder-crgs-programmes-of-care), as the RACI editor gives them.
 */
export function defaultId(axis: 'activity' | 'stakeholder', words: string): string {
	return `${axis}-` + words
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

/**
 * Fills the commissioning-cycle rows and the stakeholder columns (layout.ts defaults) into a RACI matrix whose
 * rows or columns are empty; returns whether it changed anything.
 *
 * Two people opening a new matrix at once must not get every row twice. So the defaults are written as one
 * fixed update, by a fixed client id derived from the defaults themselves: the same update from two clients is
 * the same Yjs items, merged as one. (A client id from the content, not a constant, so that different defaults
 * in a later release can never reuse the ids of these.) When the defaults were added once and then deleted,
 * the fixed update is already known and changes nothing, so fresh rows are added as an ordinary edit.
 * Call it outside any transaction of `doc`.
 */
export function initialiseRaci(doc: Y.Doc): boolean {
	const rows = doc.getArray<Y.Map<unknown>>(RACI_ROWS);
	const columns = doc.getArray<Y.Map<unknown>>(RACI_COLUMNS);
	const defaultRows = DEFAULT_RACI_ACTIVITIES.map(({ stage, activity }) => ({ id: defaultId('activity', activity), stage, activity }));
	const defaultColumns = DEFAULT_RACI_STAKEHOLDERS.map((name) => ({ id: defaultId('stakeholder', name), name }));
	const fillRows = rows.length === 0;
	const fillColumns = columns.length === 0;
	// Each applied on its own: Yjs marks a transaction that applies an update as remote, and a local edit inside
	// one would make the document give up its client id.
	if (fillRows) Y.applyUpdate(doc, fixedUpdate(RACI_ROWS, defaultRows));
	if (fillColumns) Y.applyUpdate(doc, fixedUpdate(RACI_COLUMNS, defaultColumns));
	if ((fillRows && rows.length === 0) || (fillColumns && columns.length === 0)) {
		doc.transact(() => {
			if (rows.length === 0) rows.push(defaultRows.map(toYMap));
			if (columns.length === 0) columns.push(defaultColumns.map(toYMap));
		});
	}
	return fillRows || fillColumns;
}

/** The same bytes wherever it is made: `items` pushed to the array `name` of a fresh document by a fixed client. */
function fixedUpdate(name: string, items: Record<string, unknown>[]): Uint8Array {
	const scratch = new Y.Doc();
	try {
		scratch.clientID = fnv1a(`${name}\n${JSON.stringify(items)}`);
		scratch.getArray(name).push(items.map(toYMap));
		return Y.encodeStateAsUpdate(scratch);
	} finally {
		scratch.destroy();
	}
}

function toYMap(fields: Record<string, unknown>): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(fields)) map.set(key, value);
	return map;
}

/** 32-bit FNV-1a: a client id (an unsigned 32-bit number) from a string. */
function fnv1a(input: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < input.length; i++) {
		hash ^= input.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

// Reading Yjs values defensively

/** A Y.Map's or plain object's fields; null for anything else. */
function fieldsOf(value: unknown): Record<string, unknown> | null {
	if (value instanceof Y.Map) return Object.fromEntries(value.entries());
	if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Y.AbstractType)) return value as Record<string, unknown>;
	return null;
}

function listOf(value: unknown): unknown[] {
	if (value instanceof Y.Array) return value.toArray();
	return Array.isArray(value) ? value : [];
}

function text(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (value instanceof Y.Text) return value.toString();
	return '';
}
