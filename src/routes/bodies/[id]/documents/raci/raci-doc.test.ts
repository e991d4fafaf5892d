import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readRaci } from '$lib/documents/snapshot';
import { DEFAULT_RACI_ACTIVITIES, DEFAULT_RACI_STAKEHOLDERS, RACI_ROWS } from '$lib/domain/documents/layout';
import * as raci from './raci-doc';

/** Two browsers' copies of one document, each change on one side then exchanged. */
function sync(a: Y.Doc, b: Y.Doc) {
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

describe('RACI matrix writes', () => {
	it('sets up an empty matrix once, even when two editors do it at the same moment', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		raci.initialiseDefaults(a);
		raci.initialiseDefaults(b);
		sync(a, b);
		// Both added the same rows under the same ids: each shows once...
		expect(readRaci(a).rows).toHaveLength(DEFAULT_RACI_ACTIVITIES.length);
		expect(readRaci(b).columns).toHaveLength(DEFAULT_RACI_STAKEHOLDERS.length);
		expect(raci.hasDuplicates(a)).toBe(true);
		// ...and the copies go when both tidy up at once.
		raci.removeDuplicates(a);
		raci.removeDuplicates(b);
		sync(a, b);
		expect(a.getArray(RACI_ROWS).length).toBe(DEFAULT_RACI_ACTIVITIES.length);
		expect(raci.hasDuplicates(b)).toBe(false);
		expect(readRaci(a)).toEqual(readRaci(b));
	});

	it('does not set up a matrix that has rows', () => {
		const doc = new Y.Doc();
		raci.addRow(doc, 'Planning', 'Local needs review');
		raci.initialiseDefaults(doc);
		expect(readRaci(doc).rows.map((r) => r.activity)).toEqual(['Local needs review']);
	});

	it('moves a row with its cells, and removes a column with its cells', () => {
		const doc = new Y.Doc();
		raci.initialiseDefaults(doc);
		const [first, second] = readRaci(doc).rows;
		const [column] = readRaci(doc).columns;
		raci.setCell(doc, second!.id, column!.id, 'A');
		raci.move(doc, 'rows', second!.id, -1);
		const moved = readRaci(doc);
		expect(moved.rows.slice(0, 2).map((r) => r.id)).toEqual([second!.id, first!.id]);
		expect(moved.cells[`${second!.id}:${column!.id}`]).toBe('A');
		raci.move(doc, 'rows', second!.id, -1);
		expect(readRaci(doc).rows[0]!.id).toBe(second!.id);
		raci.remove(doc, 'columns', column!.id);
		expect(readRaci(doc).columns.map((c) => c.id)).not.toContain(column!.id);
		expect(doc.getMap('cells').size).toBe(0);
	});

	it('keeps two renames of one activity and a cell set by three people at once: names are shared texts', () => {
		const a = new Y.Doc();
		raci.initialiseDefaults(a);
		const b = new Y.Doc();
		sync(a, b);
		const [row] = readRaci(a).rows;
		const [column] = readRaci(a).columns;
		(raci.findLine(a, 'rows', row!.id)!.get('activity') as Y.Text).insert(0, 'Joint ');
		(raci.findLine(b, 'rows', row!.id)!.get('activity') as Y.Text).insert('Needs assessment'.length, ' (adults)');
		raci.setCell(b, row!.id, column!.id, 'R');
		sync(a, b);
		expect(readRaci(b).rows[0]!.activity).toBe('Joint Needs assessment (adults)');
		expect(readRaci(a).rows[0]!.activity).toBe('Joint Needs assessment (adults)');
		expect(readRaci(a).cells[`${row!.id}:${column!.id}`]).toBe('R');
	});

	it('moves a row with its names intact', () => {
		const doc = new Y.Doc();
		raci.initialiseDefaults(doc);
		const [first, second] = readRaci(doc).rows;
		raci.move(doc, 'rows', second!.id, -1);
		expect(readRaci(doc).rows.slice(0, 2).map((r) => r.activity)).toEqual([second!.activity, first!.activity]);
		expect(raci.findLine(doc, 'rows', second!.id)!.get('activity')).toBeInstanceOf(Y.Text);
	});
});
