/**
 * How many days of notice an issue date gives before a meeting (or any later date), counted as a body's rules say:
 * calendar days or clear days, with or without weekends and the bank holidays of England and Wales. Every notice
 * rule of the engine and the portal counts through `countNoticeDays`, so one date always gives one answer.
 *
 * The days counted are those strictly after the day of issue and up to the meeting day:
 * - `calendar`: the meeting day counts and the day of issue does not, so 1 to 21 September is 20 days (the
 *   engine's convention before the rules could say otherwise, and still the default);
 * - `clear`: neither the day of issue nor the meeting day counts, so 1 to 21 September is 19 clear days;
 * - `excludeWeekends`, `excludeBankHolidays`: of those days, Saturdays and Sundays, or bank holidays in England and
 *   Wales, do not count.
 * Notice given on the day of the meeting is 0 days, whatever the rule; notice dated after the meeting is the
 * (negative) calendar difference of the dates, so it never meets a requirement, not even of 0 days.
 */

import { addDays, compareDates, daysBetween, formatDate, formatDateWithWeekday, weekday } from './calendar';
import { plural } from './explain';

/** How a body's rules count days of notice. */
export interface NoticeCounting {
	/** `calendar`: from the day after issue to the meeting day; `clear`: the days between, neither end counted. */
	counting: 'calendar' | 'clear';
	/** Whether Saturdays and Sundays are left out of the count. */
	excludeWeekends: boolean;
	/** Whether bank holidays in England and Wales are left out of the count. */
	excludeBankHolidays: boolean;
}

/** The default: calendar days, every day counted. */
export const CALENDAR_DAYS: NoticeCounting = Object.freeze({ counting: 'calendar', excludeWeekends: false, excludeBankHolidays: false });

/**
 * Bank holidays in England and Wales, 2014 to 2030, substitute days included.
 *
 * Source: GOV.UK, "UK bank holidays", the england-and-wales division (https://www.gov.uk/bank-holidays, and its
 * data at https://www.gov.uk/bank-holidays.json), for the years it has published. Later years follow the standing
 * rules (New Year's Day, Good Friday, Easter Monday, the first and last Mondays of May, the last Monday of August,
 * Christmas Day and Boxing Day, with a substitute weekday when one falls at a weekend) and must be checked against
 * GOV.UK as each year is announced: a one-off holiday (like those of 2020, 2022 and 2023 below) is proclaimed only a
 * year or so ahead. The table is embedded because the engine does no I/O; extend `BANK_HOLIDAY_YEARS` with it.
 */
export const BANK_HOLIDAYS_ENGLAND_AND_WALES: readonly { date: string; title: string }[] = Object.freeze([
	{ date: '2014-01-01', title: "New Year's Day" },
	{ date: '2014-04-18', title: 'Good Friday' },
	{ date: '2014-04-21', title: 'Easter Monday' },
	{ date: '2014-05-05', title: 'Early May bank holiday' },
	{ date: '2014-05-26', title: 'Spring bank holiday' },
	{ date: '2014-08-25', title: 'Summer bank holiday' },
	{ date: '2014-12-25', title: 'Christmas Day' },
	{ date: '2014-12-26', title: 'Boxing Day' },
	{ date: '2015-01-01', title: "New Year's Day" },
	{ date: '2015-04-03', title: 'Good Friday' },
	{ date: '2015-04-06', title: 'Easter Monday' },
	{ date: '2015-05-04', title: 'Early May bank holiday' },
	{ date: '2015-05-25', title: 'Spring bank holiday' },
	{ date: '2015-08-31', title: 'Summer bank holiday' },
	{ date: '2015-12-25', title: 'Christmas Day' },
	{ date: '2015-12-28', title: 'Boxing Day (substitute day)' },
	{ date: '2016-01-01', title: "New Year's Day" },
	{ date: '2016-03-25', title: 'Good Friday' },
	{ date: '2016-03-28', title: 'Easter Monday' },
	{ date: '2016-05-02', title: 'Early May bank holiday' },
	{ date: '2016-05-30', title: 'Spring bank holiday' },
	{ date: '2016-08-29', title: 'Summer bank holiday' },
	{ date: '2016-12-26', title: 'Boxing Day' },
	{ date: '2016-12-27', title: 'Christmas Day (substitute day)' },
	{ date: '2017-01-02', title: "New Year's Day (substitute day)" },
	{ date: '2017-04-14', title: 'Good Friday' },
	{ date: '2017-04-17', title: 'Easter Monday' },
	{ date: '2017-05-01', title: 'Early May bank holiday' },
	{ date: '2017-05-29', title: 'Spring bank holiday' },
	{ date: '2017-08-28', title: 'Summer bank holiday' },
	{ date: '2017-12-25', title: 'Christmas Day' },
	{ date: '2017-12-26', title: 'Boxing Day' },
	{ date: '2018-01-01', title: "New Year's Day" },
	{ date: '2018-03-30', title: 'Good Friday' },
	{ date: '2018-04-02', title: 'Easter Monday' },
	{ date: '2018-05-07', title: 'Early May bank holiday' },
	{ date: '2018-05-28', title: 'Spring bank holiday' },
	{ date: '2018-08-27', title: 'Summer bank holiday' },
	{ date: '2018-12-25', title: 'Christmas Day' },
	{ date: '2018-12-26', title: 'Boxing Day' },
	{ date: '2019-01-01', title: "New Year's Day" },
	{ date: '2019-04-19', title: 'Good Friday' },
	{ date: '2019-04-22', title: 'Easter Monday' },
	{ date: '2019-05-06', title: 'Early May bank holiday' },
	{ date: '2019-05-27', title: 'Spring bank holiday' },
	{ date: '2019-08-26', title: 'Summer bank holiday' },
	{ date: '2019-12-25', title: 'Christmas Day' },
	{ date: '2019-12-26', title: 'Boxing Day' },
	{ date: '2020-01-01', title: "New Year's Day" },
	{ date: '2020-04-10', title: 'Good Friday' },
	{ date: '2020-04-13', title: 'Easter Monday' },
	{ date: '2020-05-08', title: 'Early May bank holiday (VE day), moved from Monday 4 May' },
	{ date: '2020-05-25', title: 'Spring bank holiday' },
	{ date: '2020-08-31', title: 'Summer bank holiday' },
	{ date: '2020-12-25', title: 'Christmas Day' },
	{ date: '2020-12-28', title: 'Boxing Day (substitute day)' },
	{ date: '2021-01-01', title: "New Year's Day" },
	{ date: '2021-04-02', title: 'Good Friday' },
	{ date: '2021-04-05', title: 'Easter Monday' },
	{ date: '2021-05-03', title: 'Early May bank holiday' },
	{ date: '2021-05-31', title: 'Spring bank holiday' },
	{ date: '2021-08-30', title: 'Summer bank holiday' },
	{ date: '2021-12-27', title: 'Christmas Day (substitute day)' },
	{ date: '2021-12-28', title: 'Boxing Day (substitute day)' },
	{ date: '2022-01-03', title: "New Year's Day (substitute day)" },
	{ date: '2022-04-15', title: 'Good Friday' },
	{ date: '2022-04-18', title: 'Easter Monday' },
	{ date: '2022-05-02', title: 'Early May bank holiday' },
	{ date: '2022-06-02', title: 'Spring bank holiday, moved from Monday 30 May' },
	{ date: '2022-06-03', title: 'Platinum Jubilee bank holiday' },
	{ date: '2022-08-29', title: 'Summer bank holiday' },
	{ date: '2022-09-19', title: 'Bank holiday for the State Funeral of Queen Elizabeth II' },
	{ date: '2022-12-26', title: 'Boxing Day' },
	{ date: '2022-12-27', title: 'Christmas Day (substitute day)' },
	{ date: '2023-01-02', title: "New Year's Day (substitute day)" },
	{ date: '2023-04-07', title: 'Good Friday' },
	{ date: '2023-04-10', title: 'Easter Monday' },
	{ date: '2023-05-01', title: 'Early May bank holiday' },
	{ date: '2023-05-08', title: 'Bank holiday for the coronation of King Charles III' },
	{ date: '2023-05-29', title: 'Spring bank holiday' },
	{ date: '2023-08-28', title: 'Summer bank holiday' },
	{ date: '2023-12-25', title: 'Christmas Day' },
	{ date: '2023-12-26', title: 'Boxing Day' },
	{ date: '2024-01-01', title: "New Year's Day" },
	{ date: '2024-03-29', title: 'Good Friday' },
	{ date: '2024-04-01', title: 'Easter Monday' },
	{ date: '2024-05-06', title: 'Early May bank holiday' },
	{ date: '2024-05-27', title: 'Spring bank holiday' },
	{ date: '2024-08-26', title: 'Summer bank holiday' },
	{ date: '2024-12-25', title: 'Christmas Day' },
	{ date: '2024-12-26', title: 'Boxing Day' },
	{ date: '2025-01-01', title: "New Year's Day" },
	{ date: '2025-04-18', title: 'Good Friday' },
	{ date: '2025-04-21', title: 'Easter Monday' },
	{ date: '2025-05-05', title: 'Early May bank holiday' },
	{ date: '2025-05-26', title: 'Spring bank holiday' },
	{ date: '2025-08-25', title: 'Summer bank holiday' },
	{ date: '2025-12-25', title: 'Christmas Day' },
	{ date: '2025-12-26', title: 'Boxing Day' },
	{ date: '2026-01-01', title: "New Year's Day" },
	{ date: '2026-04-03', title: 'Good Friday' },
	{ date: '2026-04-06', title: 'Easter Monday' },
	{ date: '2026-05-04', title: 'Early May bank holiday' },
	{ date: '2026-05-25', title: 'Spring bank holiday' },
	{ date: '2026-08-31', title: 'Summer bank holiday' },
	{ date: '2026-12-25', title: 'Christmas Day' },
	{ date: '2026-12-28', title: 'Boxing Day (substitute day)' },
	{ date: '2027-01-01', title: "New Year's Day" },
	{ date: '2027-03-26', title: 'Good Friday' },
	{ date: '2027-03-29', title: 'Easter Monday' },
	{ date: '2027-05-03', title: 'Early May bank holiday' },
	{ date: '2027-05-31', title: 'Spring bank holiday' },
	{ date: '2027-08-30', title: 'Summer bank holiday' },
	{ date: '2027-12-27', title: 'Christmas Day (substitute day)' },
	{ date: '2027-12-28', title: 'Boxing Day (substitute day)' },
	{ date: '2028-01-03', title: "New Year's Day (substitute day)" },
	{ date: '2028-04-14', title: 'Good Friday' },
	{ date: '2028-04-17', title: 'Easter Monday' },
	{ date: '2028-05-01', title: 'Early May bank holiday' },
	{ date: '2028-05-29', title: 'Spring bank holiday' },
	{ date: '2028-08-28', title: 'Summer bank holiday' },
	{ date: '2028-12-25', title: 'Christmas Day' },
	{ date: '2028-12-26', title: 'Boxing Day' },
	{ date: '2029-01-01', title: "New Year's Day" },
	{ date: '2029-03-30', title: 'Good Friday' },
	{ date: '2029-04-02', title: 'Easter Monday' },
	{ date: '2029-05-07', title: 'Early May bank holiday' },
	{ date: '2029-05-28', title: 'Spring bank holiday' },
	{ date: '2029-08-27', title: 'Summer bank holiday' },
	{ date: '2029-12-25', title: 'Christmas Day' },
	{ date: '2029-12-26', title: 'Boxing Day' },
	{ date: '2030-01-01', title: "New Year's Day" },
	{ date: '2030-04-19', title: 'Good Friday' },
	{ date: '2030-04-22', title: 'Easter Monday' },
	{ date: '2030-05-06', title: 'Early May bank holiday' },
	{ date: '2030-05-27', title: 'Spring bank holiday' },
	{ date: '2030-08-26', title: 'Summer bank holiday' },
	{ date: '2030-12-25', title: 'Christmas Day' },
	{ date: '2030-12-26', title: 'Boxing Day' }
]);

/** The years the table covers, whole; outside them bank holidays cannot be left out of a count. */
export const BANK_HOLIDAY_YEARS = Object.freeze({ first: 2014, last: 2030 });

const BANK_HOLIDAY_DATES: ReadonlySet<string> = new Set(BANK_HOLIDAYS_ENGLAND_AND_WALES.map((holiday) => holiday.date));

/** Whether the date is a bank holiday in England and Wales (false outside the years the table covers). */
export function isBankHoliday(date: string): boolean {
	return BANK_HOLIDAY_DATES.has(date);
}

function coveredYear(date: string): boolean {
	const year = Number(date.slice(0, 4));
	return year >= BANK_HOLIDAY_YEARS.first && year <= BANK_HOLIDAY_YEARS.last;
}

function coverageRefusal(date: string): string {
	return `Notice cannot be counted without bank holidays: the bank holidays of England and Wales are known here for ${BANK_HOLIDAY_YEARS.first} to ${BANK_HOLIDAY_YEARS.last}, and ${formatDate(date)} falls outside them`;
}

/** Days of notice, or why they cannot be counted. */
export type NoticeDays = { ok: true; days: number } | { ok: false; reason: string };

function counts(date: string, rule: NoticeCounting): boolean {
	if (rule.excludeWeekends) {
		const day = weekday(date);
		if (day === 0 || day === 6) return false;
	}
	return !(rule.excludeBankHolidays && isBankHoliday(date));
}

/**
 * The days of notice that issue on `issuedOn` gives before `meetingOn` (both YYYY-MM-DD London dates), under the
 * rule. With bank holidays left out, both dates must fall in the years the table covers, or it refuses rather than
 * count a holiday it does not know as a working day.
 */
export function countNoticeDays(issuedOn: string, meetingOn: string, rule: NoticeCounting): NoticeDays {
	if (rule.excludeBankHolidays) {
		const outside = [meetingOn, issuedOn].find((date) => !coveredYear(date));
		if (outside) return { ok: false, reason: coverageRefusal(outside) };
	}
	const span = daysBetween(issuedOn, meetingOn);
	if (span <= 0) return { ok: true, days: span };
	if (!rule.excludeWeekends && !rule.excludeBankHolidays) return { ok: true, days: rule.counting === 'clear' ? span - 1 : span };
	const last = rule.counting === 'clear' ? span - 1 : span;
	let days = 0;
	for (let offset = 1; offset <= last; offset++) if (counts(addDays(issuedOn, offset), rule)) days++;
	return { ok: true, days };
}

/** The last day notice may go out and still give `requiredDays` before the meeting, or why it cannot be said. */
export type LatestIssue = { ok: true; date: string } | { ok: false; reason: string };

/** The latest issue date that gives at least `requiredDays` of notice before `meetingOn` under the rule. */
export function latestIssueDate(meetingOn: string, requiredDays: number, rule: NoticeCounting): LatestIssue {
	if (!rule.excludeWeekends && !rule.excludeBankHolidays) {
		const back = requiredDays === 0 ? 0 : rule.counting === 'clear' ? requiredDays + 1 : requiredDays;
		return { ok: true, date: addDays(meetingOn, -back) };
	}
	if (rule.excludeBankHolidays && !coveredYear(meetingOn)) return { ok: false, reason: coverageRefusal(meetingOn) };
	// Walk the issue date back from the meeting day: each step back brings the day it leaves into the window, which
	// ends at the meeting day (calendar) or the day before it (clear).
	const lastCounted = rule.counting === 'clear' ? addDays(meetingOn, -1) : meetingOn;
	let candidate = meetingOn;
	let days = 0;
	while (days < requiredDays) {
		if (compareDates(candidate, lastCounted) <= 0 && counts(candidate, rule)) days++;
		candidate = addDays(candidate, -1);
		if (rule.excludeBankHolidays && !coveredYear(candidate)) return { ok: false, reason: coverageRefusal(candidate) };
	}
	return { ok: true, date: candidate };
}

/** What the rule leaves out, to follow a count: ", not counting weekends or bank holidays"; nothing by default. */
export function describeNoticeRule(rule: NoticeCounting): string {
	const left = [rule.excludeWeekends ? 'weekends' : '', rule.excludeBankHolidays ? 'bank holidays' : ''].filter(Boolean);
	return left.length === 0 ? '' : `, not counting ${left.join(' or ')}`;
}

/** A number of days as the rule counts them: "20 days", "9 clear days", "1 clear day". */
export function describeDayCount(days: number, rule: NoticeCounting): string {
	return plural(days, rule.counting === 'clear' ? 'clear day' : 'day');
}

/**
 * Days of notice before an event, worded as the rule counts them: "20 days before the meeting"; "9 clear days
 * before the meeting, not counting weekends or bank holidays". `before` is what follows the count ("before the
 * meeting", "before the resolution was put", "before").
 */
export function describeNoticeBefore(days: number, rule: NoticeCounting, before: string): string {
	return `${describeDayCount(days, rule)} ${before}${describeNoticeRule(rule)}`;
}

/** Whether the rule is the default, so that the engine's wording stays as it always was. */
export function isCalendarDays(rule: NoticeCounting): boolean {
	return rule.counting === 'calendar' && !rule.excludeWeekends && !rule.excludeBankHolidays;
}

/** The day notice went out: with its day of the week when weekends or clear days make that matter ("Monday 4 May 2015"). */
export function describeIssueDate(date: string, rule: NoticeCounting): string {
	return isCalendarDays(rule) ? formatDate(date) : formatDateWithWeekday(date);
}
