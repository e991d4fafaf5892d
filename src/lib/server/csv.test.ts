import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv, type Column } from './csv';

const COLUMNS: Column<{ name: string; note: string | null }>[] = [
	{ header: 'Name', cell: (r) => r.name },
	{ header: 'Note (£)', cell: (r) => r.note }
];

describe('toCsv', () => {
	it('writes UTF-8 with a byte-order mark, a header row and CRLF line ends', () => {
		const csv = toCsv(COLUMNS, [{ name: 'Zoë Łukasiewicz-Brontë', note: '£1,250' }]);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		expect(csv).toBe('\uFEFF"Name","Note (£)"\r\n"Zoë Łukasiewicz-Brontë","£1,250"\r\n');
	});

	it('keeps quotes, commas and line breaks inside a cell, and reads back as written', () => {
		const rows = [
			{ name: 'The "chair", as such', note: 'First line\nsecond line' },
			{ name: 'Nobody', note: null }
		];
		const csv = toCsv(COLUMNS, rows);
		expect(parse(csv, { bom: true, columns: true })).toEqual([
			{ Name: 'The "chair", as such', 'Note (£)': 'First line\nsecond line' },
			{ Name: 'Nobody', 'Note (£)': '' }
		]);
	});

	it('puts an apostrophe before a cell a spreadsheet would run as a formula', () => {
		const dangerous = ['=HYPERLINK("http://evil.example","Click")', '+1+1', '-2+3', '@SUM(A1:A2)', '\tindent', '\rreturn'];
		const csv = toCsv(
			COLUMNS,
			dangerous.map((name) => ({ name, note: 'safe = text' }))
		);
		const read = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
		expect(read.map((r) => r.Name)).toEqual(dangerous.map((cell) => `'${cell}`));
		// Only the first character counts: a formula sign later in a cell is text.
		expect(read.map((r) => r['Note (£)'])).toEqual(dangerous.map(() => 'safe = text'));
	});
});
