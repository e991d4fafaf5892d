/**
 * ISO calendar dates (YYYY-MM-DD) as whole days, without clocks or time zones.
 *
 * Meetings are dated in Europe/London, but notice and validity rules count
 * whole days, so a date is a day number and never a Date at midnight somewhere.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
] as const;

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) return isLeapYear(year) ? 29 : 28;
	return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parts(date: string): { year: number; month: number; day: number } | undefined {
	const match = ISO_DATE.exec(date);
	if (!match) return undefined;
	const year = Number(match[1]);
	const month = Number(match[2]);
	const day = Number(match[3]);
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
	return { year, month, day };
}

/** Whether the text is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
	return parts(text) !== undefined;
}

// Howard Hinnant's days_from_civil: exact integer arithmetic, no Date involved.
function dayNumber(date: string): number {
	const p = parts(date);
	if (!p) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
	const y = p.month <= 2 ? p.year - 1 : p.year;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const mp = (p.month + 9) % 12;
	const doy = Math.floor((153 * mp + 2) / 5) + p.day - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

function fromDayNumber(days: number): string {
	const z = days + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const month = mp < 10 ? mp + 3 : mp - 9;
	const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
	return dayNumber(to) - dayNumber(from);
}

/** The date `days` days after `date`. */
export function addDays(date: string, days: number): string {
	return fromDayNumber(dayNumber(date) + days);
}

/** -1, 0 or 1 as date a is before, on or after date b. */
export function compareDates(a: string, b: string): -1 | 0 | 1 {
	const d = dayNumber(a) - dayNumber(b);
	return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** The day of the week, 0 for Sunday to 6 for Saturday. */
export function weekday(date: string): number {
	// Day 0 of the count, 1 January 1970, was a Thursday.
	return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** A date with its day of the week: "Monday 4 May 2015". */
export function formatDateWithWeekday(date: string): string {
	return isIsoDate(date) ? `${WEEKDAYS[weekday(date)]} ${formatDate(date)}` : date;
}

/** A date as a minute writes it: "8 July 2015". */
export function formatDate(date: string): string {
	const p = parts(date);
	if (!p) return date;
	return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}
