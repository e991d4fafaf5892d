import { stringify } from 'csv-stringify/sync';

/** One column of a CSV file: its heading, and its cell in each row. */
export interface Column<Row> {
	header: string;
	cell: (row: Row) => string | null;
}

/**
 * Rows as a CSV file a spreadsheet opens as it is: UTF-8 with a byte-order mark (without it Excel reads the file
 * as Windows-1252, and "£" or "Zoë" come out garbled), CRLF line ends (RFC 4180), a header row, every cell quoted.
 * A cell that a spreadsheet would run as a formula, one starting with =, +, -, @, a tab or a carriage return, gets
 * a leading apostrophe (OWASP, "CSV Injection"): the register holds text anyone at a meeting may have typed.
 */
export function toCsv<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
	return stringify(
		rows.map((row) => columns.map((column) => column.cell(row) ?? '')),
		{ bom: true, header: true, columns: columns.map((c) => c.header), record_delimiter: 'windows', quoted: true, escape_formulas: true }
	);
}
