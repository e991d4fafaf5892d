/** Display helpers shared by the organisation, body and people pages. */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2016-03-31" → "31 March 2016". Done by hand: a Date would shift the day across time zones. */
export function formatDate(iso: string | null | undefined): string {
	if (!iso) return '';
	const [year, month, day] = iso.split('-').map(Number);
	return `${day} ${MONTHS[(month ?? 1) - 1]} ${year}`;
}

/** Whole pence as text (from a bigint column) → "£1,250,000" or "£12.50": never through a float. */
export function formatPence(pence: string | bigint): string {
	const value = BigInt(pence);
	const pounds = (value / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	const rest = value % 100n;
	return `£${pounds}${rest === 0n ? '' : '.' + rest.toString().padStart(2, '0')}`;
}

/** "30.000000" → "30", "12.500000" → "12.5": the same exact decimal, without trailing zeros. */
export function trimDecimal(value: string): string {
	return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}
