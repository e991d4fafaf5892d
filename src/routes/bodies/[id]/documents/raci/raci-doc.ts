import * as Y from 'yjs';
import { newId } from '$lib/components/documents/ids';
import {
	DEFAULT_RACI_ACTIVITIES,
	DEFAULT_RACI_STAKEHOLDERS,
	RACI_CELLS,
	RACI_COLUMNS,
	RACI_ROWS,
	cellKey,
	type RaciValue
} from '$lib/domain/documents/layout';

/**
 * Writing the RACI matrix in its Yjs layout (layout.ts): Y.Array `rows` of Y.Map { id, stage, activity }, Y.Array
 * `columns` of Y.Map { id, name }, Y.Map `cells` keyed `<rowId>:<columnId>`. Each write is one transaction.
 * Reading is $lib/documents/snapshot's, shared with versions; like it, a line repeated under one id shows once.
 */

type Line = Y.Map<unknown>;
export type Axis = 'rows' | 'columns';

const rowsOf = (doc: Y.Doc) => doc.getArray<Line>(RACI_ROWS);
const columnsOf = (doc: Y.Doc) => doc.getArray<Line>(RACI_COLUMNS);
const cellsOf = (doc: Y.Doc) => doc.getMap<RaciValue>(RACI_CELLS);
const lineOf = (doc: Y.Doc, axis: Axis) => (axis === 'rows' ? rowsOf(doc) : columnsOf(doc));
const idOf = (line: unknown) => (line instanceof Y.Map && typeof line.get('id') === 'string' ? (line.get('id') as string) : null);

/** The shared types a page observes for changes. */
export function sharedTypes(doc: Y.Doc): Y.AbstractType<unknown>[] {
	return [rowsOf(doc), columnsOf(doc), cellsOf(doc)] as Y.AbstractType<unknown>[];
}

/** "Needs assessment" → "needs-assessment": the default rows and columns get the same ids in every browser. */
const slug = (words: string) =>
	words
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');

/**
 * Fills an empty matrix with the commissioning cycle and its stakeholders. Their ids are fixed, so two editors
 * doing this at the same moment add the same rows, and the second copy is hidden and then removed (`removeDuplicates`).
 */
export function initialiseDefaults(doc: Y.Doc): void {
	doc.transact(() => {
		if (rowsOf(doc).length > 0 || columnsOf(doc).length > 0) return;
		rowsOf(doc).push(DEFAULT_RACI_ACTIVITIES.map((a) => line({ id: `activity-${slug(a.activity)}`, stage: a.stage, activity: a.activity })));
		columnsOf(doc).push(DEFAULT_RACI_STAKEHOLDERS.map((name) => line({ id: `stakeholder-${slug(name)}`, name })));
	});
}

/** True when some row or column appears more than once. */
export function hasDuplicates(doc: Y.Doc): boolean {
	for (const list of [rowsOf(doc), columnsOf(doc)]) {
		const ids = list.toArray().map(idOf);
		if (new Set(ids).size !== ids.length) return true;
	}
	return false;
}

/**
 * Removes every later copy of a row or column. Every browser keeps the first copy in the same shared order, so
 * two editors doing this at once remove the same copies.
 */
export function removeDuplicates(doc: Y.Doc): void {
	doc.transact(() => {
		for (const list of [rowsOf(doc), columnsOf(doc)]) {
			const seen = new Set<string>();
			const later: number[] = [];
			list.forEach((item, index) => {
				const id = idOf(item);
				if (id && seen.has(id)) later.push(index);
				if (id) seen.add(id);
			});
			for (const index of later.reverse()) list.delete(index, 1);
		}
	});
}

export function setCell(doc: Y.Doc, rowId: string, columnId: string, value: RaciValue | ''): void {
	doc.transact(() => {
		const cells = cellsOf(doc);
		const key = cellKey(rowId, columnId);
		if (value === '') cells.delete(key);
		else if (cells.get(key) !== value) cells.set(key, value);
	});
}

export function addRow(doc: Y.Doc, stage: string, activity: string): string {
	const id = newId();
	rowsOf(doc).push([line({ id, stage, activity })]);
	return id;
}

export function addColumn(doc: Y.Doc, name: string): string {
	const id = newId();
	columnsOf(doc).push([line({ id, name })]);
	return id;
}

/**
 * The Y.Map of a row or column (its first copy, the one shown), for binding its names: `stage` and `activity` of a
 * row, `name` of a column, each a Y.Text (or, in a matrix written before, a string until its first edit).
 */
export function findLine(doc: Y.Doc, axis: Axis, id: string): Line | null {
	for (const item of lineOf(doc, axis)) if (idOf(item) === id) return item;
	return null;
}

/**
 * Moves a row or column one place up (-1) or down (+1), past its visible neighbour. A Yjs type cannot be moved, so
 * the line is copied in at its new place and the old one deleted; its cells, keyed by its id, go with it.
 */
export function move(doc: Y.Doc, axis: Axis, id: string, step: -1 | 1): void {
	doc.transact(() => {
		const list = lineOf(doc, axis);
		const items = list.toArray();
		const firsts: number[] = [];
		const seen = new Set<string>();
		items.forEach((item, index) => {
			const itemId = idOf(item);
			if (itemId && !seen.has(itemId)) {
				seen.add(itemId);
				firsts.push(index);
			}
		});
		const at = firsts.findIndex((index) => idOf(items[index]) === id);
		const neighbour = firsts[at + step];
		if (at < 0 || neighbour === undefined) return;
		const from = firsts[at]!;
		const copy = line(Object.fromEntries([...items[from]!.entries()].map(([key, value]) => [key, value instanceof Y.Text ? value.toString() : String(value ?? '')])));
		if (step < 0) {
			list.delete(from, 1);
			list.insert(neighbour, [copy]);
		} else {
			list.insert(neighbour + 1, [copy]);
			list.delete(from, 1);
		}
	});
}

/** Removes a row or column, every copy of it, and its cells. */
export function remove(doc: Y.Doc, axis: Axis, id: string): void {
	doc.transact(() => {
		const list = lineOf(doc, axis);
		for (let i = list.length - 1; i >= 0; i--) if (idOf(list.get(i)) === id) list.delete(i, 1);
		const cells = cellsOf(doc);
		for (const key of [...cells.keys()]) {
			const [rowId, columnId] = key.split(':');
			if ((axis === 'rows' ? rowId : columnId) === id) cells.delete(key);
		}
	});
}

/** The names of a line are shared texts, so two people renaming one merge; its id is a plain string. */
function line(fields: Record<string, string>): Line {
	const map = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(fields)) map.set(key, key === 'id' ? value : new Y.Text(value));
	return map;
}
