/**
 * Sums of money as people type and read them, and whole pence as the rules and the register keep them. Done on the
 * digits: a float would lose pence on large sums.
 */

/** Pounds as people type them ("£1,250,000", "12.50") to whole pence as digits, or null when it is not an amount. */
export function poundsToPence(typed: string): string | null {
	const cleaned = typed.replace(/[£,\s]/g, '');
	const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned);
	if (!match) return null;
	return (BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'))).toString();
}

/** Whole pence as digits to pounds for an input beside a £ sign: "125000000" → "1,250,000", "1250" → "12.50". */
export function penceToPounds(pence: string): string {
	if (!/^\d+$/.test(pence)) return '';
	const value = BigInt(pence);
	const pounds = (value / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	const rest = value % 100n;
	return rest === 0n ? pounds : `${pounds}.${rest.toString().padStart(2, '0')}`;
}
