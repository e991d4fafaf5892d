import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutStakeholderColumns, type Measure, type StakeholderColumns, type StakeholderColumnsOptions } from './raci-columns';

/** A monospaced measure: every character 0.6 of the font size wide. */
const mono: Measure = (text, size) => text.length * 0.6 * size;

const options: StakeholderColumnsOptions = { width: 500, padding: 2, maxSize: 7, minSize: 6 };

/** Every word of every name, with the space after it, fits the text width of its column at the layout's size. */
function everyWordFits(names: string[], layout: StakeholderColumns, measure: Measure, padding: number): boolean {
	return layout.tables.every((table) =>
		table.columns.every((i, k) => names[i]!.split(/\s+/).filter(Boolean).every((word) => measure(`${word} `, layout.size) <= table.widths[k]! - 2 * padding + 1e-9))
	);
}

describe('laying out the RACI stakeholder columns', () => {
	it('keeps "commissioning" whole by giving its column the room it needs, in one table at the largest size', () => {
		const names = ['Specialised commissioning hub', 'CCGs', 'Oversight group', 'Providers'];
		const layout = layoutStakeholderColumns(names, mono, { ...options, width: 240 });
		expect(layout.size).toBe(7);
		expect(layout.tables).toHaveLength(1);
		const [table] = layout.tables;
		expect(table!.columns).toEqual([0, 1, 2, 3]);
		// "commissioning " is 14 characters: 58.8 at 7 points, plus the padding.
		expect(table!.widths[0]).toBeGreaterThanOrEqual(58.8 + 4);
		expect(table!.widths.reduce((a, b) => a + b, 0)).toBeCloseTo(240);
		// The space left over evens the other columns out.
		expect(new Set(table!.widths.slice(1).map((w) => w.toFixed(6))).size).toBe(1);
		expect(everyWordFits(names, layout, mono, 2)).toBe(true);
	});

	it('shrinks the font before it splits the matrix, and splits it rather than go below the smallest size', () => {
		const names = Array.from({ length: 8 }, (_, i) => `Stakeholder${i} commissioning`);
		// At 7 points each column needs 14 × 4.2 + 4 = 62.8 (8 × 62.8 = 502.4); at 6.5, 58.6 (468.8).
		const shrunk = layoutStakeholderColumns(names, mono, { ...options, width: 480 });
		expect(shrunk.size).toBe(6.5);
		expect(shrunk.tables).toHaveLength(1);

		const split = layoutStakeholderColumns(names, mono, { ...options, width: 300 });
		expect(split.size).toBe(7);
		expect(split.tables.map((t) => t.columns)).toEqual([
			[0, 1, 2, 3],
			[4, 5, 6, 7]
		]);
		expect(everyWordFits(names, split, mono, 2)).toBe(true);
	});

	it('goes below the smallest size only for a word wider than a whole table', () => {
		const names = ['Pneumonoultramicroscopicsilicovolcanoconiosis board', 'CCGs'];
		const layout = layoutStakeholderColumns(names, mono, { ...options, width: 100 });
		expect(layout.size).toBeLessThan(6);
		expect(layout.tables.map((t) => t.columns)).toEqual([[0], [1]]);
		expect(everyWordFits(names, layout, mono, 2)).toBe(true);
	});

	it('never leaves a word wider than its column, whatever the names, widths and font', () => {
		const word = fc.stringMatching(/^[A-Za-z/-]{1,18}$/);
		const name = fc.array(word, { minLength: 1, maxLength: 5 }).map((words) => words.join(' '));
		fc.assert(
			fc.property(
				fc.array(name, { minLength: 1, maxLength: 24 }),
				fc.integer({ min: 80, max: 900 }),
				fc.double({ min: 0.3, max: 0.9, noNaN: true }),
				(names, width, em) => {
					// A proportional font: each letter its own width, as wide as `em` at most.
					const measure: Measure = (text, size) => [...text].reduce((sum, c) => sum + ((c.charCodeAt(0) % 7) / 7 + 0.3) * em * size, 0) / 1.3;
					const layout = layoutStakeholderColumns(names, measure, { width, padding: 2, maxSize: 7, minSize: 6, minColumn: 5 });
					expect(layout.tables.flatMap((t) => t.columns)).toEqual(names.map((_, i) => i));
					for (const table of layout.tables) {
						expect(table.widths.reduce((a, b) => a + b, 0)).toBeCloseTo(width, 6);
						for (const w of table.widths) expect(w).toBeGreaterThanOrEqual(5 + 4 - 1e-9);
					}
					expect(layout.size).toBeLessThanOrEqual(7);
					expect(everyWordFits(names, layout, measure, 2)).toBe(true);
				}
			)
		);
	});
});
