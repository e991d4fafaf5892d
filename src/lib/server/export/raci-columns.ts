/**
 * How the stakeholder columns of a RACI matrix are laid out in an export, so that a stakeholder's name wraps
 * between words and never inside one ("commission / ing"): every word, with the space after it, fits the width
 * its column leaves for text, so a line breaker (pdfkit's, Word's) has no word it must split. Pure: the renderer
 * passes how wide its font sets a piece of text.
 */

/** The width of `text` set in the header font at `size` points, in the same unit as the widths given. */
export type Measure = (text: string, size: number) => number;

export interface StakeholderColumnsOptions {
	/** The width the stakeholder columns share in one table. */
	width: number;
	/** Space inside each cell, left and right alike. */
	padding: number;
	/** The largest and the smallest header font size worth printing. */
	maxSize: number;
	minSize: number;
	/** The narrowest a stakeholder column may be, whatever its name: room for "R", "A", "C" or "I". */
	minColumn?: number;
	/** Step between the sizes tried. */
	step?: number;
}

export interface StakeholderTable {
	/** Which stakeholders (indexes into the names given) this table carries, in order. */
	columns: number[];
	/** Each of those columns' widths, padding included; they add up to the width given. */
	widths: number[];
}

export interface StakeholderColumns {
	/** The header font size. */
	size: number;
	/** One table, or more when the stakeholders are too many to print side by side at the smallest size. */
	tables: StakeholderTable[];
}

/**
 * The largest header size at which every word of every name fits whole in its column, with the columns as few
 * tables as can be: one table at any size down to `minSize`, else two, three... tables at the largest size
 * that fits. A column is as wide as its longest word needs, and the space left is shared so that the columns
 * come as near equal as they can. Only a single word wider than the whole width at `minSize` gets a smaller size.
 */
export function layoutStakeholderColumns(names: string[], measure: Measure, options: StakeholderColumnsOptions): StakeholderColumns {
	const { width, padding, maxSize, minSize, minColumn = 0, step = 0.5 } = options;
	const words = names.map((name) => name.split(/\s+/).filter(Boolean));
	// A word is measured with the space after it: line breakers count it when they decide whether a word fits.
	const needs = (size: number) => words.map((list) => Math.max(minColumn, ...list.map((word) => measure(`${word} `, size))) + 2 * padding);
	const sizes: number[] = [];
	for (let size = maxSize; size >= minSize - 1e-9; size -= step) sizes.push(Math.round(size * 100) / 100);

	for (let count = 1; count <= Math.max(1, names.length); count++) {
		const groups = chunk(names.map((_, i) => i), count);
		for (const size of sizes) {
			const need = needs(size);
			if (groups.every((group) => sum(group.map((i) => need[i]!)) <= width)) return finish(size, groups, need, width);
		}
	}
	// Some word is wider than a whole table at the smallest size: one stakeholder a table, at the size that lets
	// the widest word fit (a font's widths grow in proportion to its size).
	const widest = Math.max(1e-9, ...words.flat().map((word) => measure(`${word} `, 1)));
	const size = Math.min(minSize, ((width - 2 * padding) / widest) * 0.999);
	const groups = names.map((_, i) => [i]);
	return finish(size, groups, needs(size), width);
}

function finish(size: number, groups: number[][], need: number[], width: number): StakeholderColumns {
	return { size, tables: groups.map((columns) => ({ columns, widths: share(columns.map((i) => need[i]!), width) })) };
}

/** Widths at least `needs`, adding up to `width`: what is left over goes to the narrowest first, evening them out. */
function share(needs: number[], width: number): number[] {
	const fixed = new Set<number>();
	let level = 0;
	// Raise a common level until the columns below it take the space left; those needing more keep their need.
	for (;;) {
		const free = needs.map((_, i) => i).filter((i) => !fixed.has(i));
		if (free.length === 0) return needs;
		level = (width - sum([...fixed].map((i) => needs[i]!))) / free.length;
		const over = free.filter((i) => needs[i]! > level);
		if (over.length === 0) break;
		for (const i of over) fixed.add(i);
	}
	return needs.map((need, i) => (fixed.has(i) ? need : level));
}

/** Items in `count` consecutive groups, as even in size as they can be. */
function chunk<T>(items: T[], count: number): T[][] {
	const groups: T[][] = [];
	let at = 0;
	for (let g = 0; g < count; g++) {
		const size = Math.ceil((items.length - at) / (count - g));
		groups.push(items.slice(at, at + size));
		at += size;
	}
	return groups.filter((group) => group.length > 0);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
