import type { RaciValue } from './layout';

/** A RACI matrix as plain data (read from its Yjs document). */
export interface RaciSnapshot {
	rows: { id: string; stage: string; activity: string }[];
	columns: { id: string; name: string }[];
	/** `<rowId>:<columnId>` → value; absent means empty. */
	cells: Record<string, RaciValue>;
}

export interface RowBreach {
	rowId: string;
	activity: string;
	/** Plain English, for the row and for screen readers: "Needs assessment has 2 accountable (A): exactly one is needed". */
	problems: string[];
}

/** Every row that breaks the matrix's rule: exactly one A and at least one R (2015 guidance §3.4). */
export function checkRaci(matrix: RaciSnapshot): RowBreach[] {
	const breaches: RowBreach[] = [];
	for (const row of matrix.rows) {
		const values = matrix.columns.map((column) => matrix.cells[`${row.id}:${column.id}`]);
		const accountable = values.filter((v) => v === 'A').length;
		const responsible = values.filter((v) => v === 'R').length;
		const problems: string[] = [];
		if (accountable === 0) problems.push(`${row.activity} has no one accountable (A): exactly one is needed`);
		if (accountable > 1) problems.push(`${row.activity} has ${accountable} accountable (A): exactly one is needed`);
		if (responsible === 0) problems.push(`${row.activity} has no one responsible (R): at least one is needed`);
		if (problems.length > 0) breaches.push({ rowId: row.id, activity: row.activity, problems });
	}
	return breaches;
}
