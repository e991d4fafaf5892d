import { financialYearOf } from '$lib/domain/documents/priorities';

/** A financial year as people write it and as document names do: "2015/16" and "2015-16". */
export interface FinancialYear {
	label: string;
	key: string;
}

/**
 * Reads a financial year typed as "2015-16" or "2015/16" (the second year must follow the first), or null.
 * Document names carry the "2015-16" form ($lib/domain/documents/document-name.ts).
 */
export function parseFinancialYear(text: string): FinancialYear | null {
	const match = /^\s*(\d{4})\s*[-/]\s*(\d{2})\s*$/.exec(text);
	if (!match) return null;
	const start = Number(match[1]);
	if (start < 2000 || start > 2099 || (start + 1) % 100 !== Number(match[2])) return null;
	return financialYearOf(`${start}-04-01`);
}

/** The year before or after. */
export function neighbouringYear(year: FinancialYear, step: -1 | 1): FinancialYear {
	return financialYearOf(`${Number(year.key.slice(0, 4)) + step}-04-01`);
}
