import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, weekday } from './calendar';
import {
	BANK_HOLIDAYS_ENGLAND_AND_WALES,
	BANK_HOLIDAY_YEARS,
	CALENDAR_DAYS,
	countNoticeDays,
	describeNoticeRule,
	isBankHoliday,
	latestIssueDate,
	type NoticeCounting
} from './notice-days';

const days = (issuedOn: string, meetingOn: string, rule: Partial<NoticeCounting> = {}) => {
	const counted = countNoticeDays(issuedOn, meetingOn, { ...CALENDAR_DAYS, ...rule });
	if (!counted.ok) throw new Error(counted.reason);
	return counted.days;
};

const WORKING_CLEAR: NoticeCounting = { counting: 'clear', excludeWeekends: true, excludeBankHolidays: true };

describe('countNoticeDays', () => {
	it('counts calendar days from issue to meeting by default, as the engine always has', () => {
		expect(days('2016-09-01', '2016-09-21')).toBe(20);
		expect(days('2016-09-21', '2016-09-21')).toBe(0);
		expect(days('2016-09-22', '2016-09-21')).toBe(-1);
	});

	it('counts clear days without the day of issue or the day of the meeting', () => {
		expect(days('2016-09-01', '2016-09-21', { counting: 'clear' })).toBe(19);
		expect(days('2016-09-20', '2016-09-21', { counting: 'clear' })).toBe(0);
		expect(days('2016-09-21', '2016-09-21', { counting: 'clear' })).toBe(0);
	});

	it('leaves out Saturdays and Sundays when weekends do not count', () => {
		// Friday 16 September 2016 to Monday 19 September: Saturday and Sunday fall away, Monday counts.
		expect(days('2016-09-16', '2016-09-19', { excludeWeekends: true })).toBe(1);
		expect(days('2016-09-16', '2016-09-19', { counting: 'clear', excludeWeekends: true })).toBe(0);
		// Two whole working weeks, Monday to Monday.
		expect(days('2016-09-05', '2016-09-19', { excludeWeekends: true })).toBe(10);
	});

	it('leaves out bank holidays in England and Wales when they do not count, substitute days included', () => {
		// Christmas 2015 fell on a Friday and Boxing Day on a Saturday, so Monday 28 December was the substitute day.
		expect(days('2015-12-24', '2015-12-29', { excludeBankHolidays: true })).toBe(3);
		expect(days('2015-12-24', '2015-12-29', { excludeWeekends: true, excludeBankHolidays: true })).toBe(1);
		// The worked example: notice on the early May bank holiday, Monday 4 May 2015, for Tuesday 19 May.
		expect(days('2015-05-04', '2015-05-19', WORKING_CLEAR)).toBe(10);
		expect(days('2015-05-05', '2015-05-19', WORKING_CLEAR)).toBe(9);
	});

	it('refuses to count bank holidays outside the years it knows, naming them', () => {
		expect(countNoticeDays('2030-12-01', '2031-01-10', { ...CALENDAR_DAYS, excludeBankHolidays: true })).toEqual({
			ok: false,
			reason: 'Notice cannot be counted without bank holidays: the bank holidays of England and Wales are known here for 2014 to 2030, and 10 January 2031 falls outside them'
		});
		expect(countNoticeDays('2013-12-20', '2014-01-10', { ...CALENDAR_DAYS, excludeBankHolidays: true }).ok).toBe(false);
		// Without bank holidays excluded, any date counts.
		expect(countNoticeDays('2030-12-01', '2031-01-10', { ...CALENDAR_DAYS, excludeWeekends: true }).ok).toBe(true);
	});
});

describe('the bank holidays of England and Wales', () => {
	it('covers 2014 to 2030', () => {
		expect(BANK_HOLIDAY_YEARS).toEqual({ first: 2014, last: 2030 });
		const years = new Set(BANK_HOLIDAYS_ENGLAND_AND_WALES.map((holiday) => Number(holiday.date.slice(0, 4))));
		expect([...years]).toEqual(Array.from({ length: 17 }, (_, i) => 2014 + i));
	});

	it('holds the substitute days and the one-off holidays', () => {
		for (const date of ['2015-12-28', '2016-12-27', '2017-01-02', '2020-12-28', '2021-12-27', '2021-12-28', '2022-01-03', '2022-12-27', '2023-01-02']) {
			expect(isBankHoliday(date), date).toBe(true);
		}
		for (const date of ['2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08']) expect(isBankHoliday(date), date).toBe(true);
		// Moved away: the early May bank holiday of 2020 and the spring bank holiday of 2022.
		expect(isBankHoliday('2020-05-04')).toBe(false);
		expect(isBankHoliday('2022-05-30')).toBe(false);
	});

	it('agrees, year by year, with the standing rules and the announced changes to them', () => {
		const expected = (year: number): string[] => {
			const standard = standingBankHolidays(year);
			const moved: Record<number, (dates: string[]) => string[]> = {
				2020: (dates) => dates.map((d) => (d === '2020-05-04' ? '2020-05-08' : d)),
				2022: (dates) => [...dates.map((d) => (d === '2022-05-30' ? '2022-06-02' : d)), '2022-06-03', '2022-09-19'],
				2023: (dates) => [...dates, '2023-05-08']
			};
			return (moved[year]?.(standard) ?? standard).sort();
		};
		for (let year = 2014; year <= 2030; year++) {
			const table = BANK_HOLIDAYS_ENGLAND_AND_WALES.filter((holiday) => holiday.date.startsWith(`${year}-`)).map((holiday) => holiday.date);
			expect(table, String(year)).toEqual(expected(year));
		}
	});

	it('lists each date once, in order, none of them at a weekend', () => {
		const dates = BANK_HOLIDAYS_ENGLAND_AND_WALES.map((holiday) => holiday.date);
		expect([...dates].sort()).toEqual(dates);
		expect(new Set(dates).size).toBe(dates.length);
		expect(dates.filter((date) => weekday(date) === 0 || weekday(date) === 6)).toEqual([]);
	});
});

describe('latestIssueDate', () => {
	it('is the meeting date less the days required, by default', () => {
		expect(latestIssueDate('2015-06-09', 7, CALENDAR_DAYS)).toEqual({ ok: true, date: '2015-06-02' });
	});

	it('steps back over weekends and bank holidays when they do not count', () => {
		expect(latestIssueDate('2015-05-19', 10, WORKING_CLEAR)).toEqual({ ok: true, date: '2015-05-04' });
	});
});

describe('describeNoticeRule', () => {
	it('says nothing for the default and names what is left out otherwise', () => {
		expect(describeNoticeRule(CALENDAR_DAYS)).toBe('');
		expect(describeNoticeRule(WORKING_CLEAR)).toBe(', not counting weekends or bank holidays');
		expect(describeNoticeRule({ ...CALENDAR_DAYS, excludeWeekends: true })).toBe(', not counting weekends');
		expect(describeNoticeRule({ ...CALENDAR_DAYS, excludeBankHolidays: true })).toBe(', not counting bank holidays');
	});
});

// ---- properties ----

// Far enough inside the years of the bank-holiday table that every span below stays in them.
const date = fc.integer({ min: 0, max: daysBetween('2014-06-01', '2030-06-30') }).map((n) => addDays('2014-06-01', n));
const rule: fc.Arbitrary<NoticeCounting> = fc.record({
	counting: fc.constantFrom('calendar' as const, 'clear' as const),
	excludeWeekends: fc.boolean(),
	excludeBankHolidays: fc.boolean()
});
const span = fc.integer({ min: -40, max: 120 });

describe('counting notice: properties', () => {
	it('with nothing left out, calendar days are the difference of the dates, and clear days one fewer (never below 0) when notice came first', () => {
		fc.assert(
			fc.property(date, span, (issuedOn, n) => {
				const meetingOn = addDays(issuedOn, n);
				expect(days(issuedOn, meetingOn)).toBe(n);
				expect(days(issuedOn, meetingOn, { counting: 'clear' })).toBe(n > 0 ? n - 1 : n === 0 ? 0 : n);
			})
		);
	});

	it('clear days are calendar days less the meeting day when it counts', () => {
		fc.assert(
			fc.property(date, fc.integer({ min: 1, max: 120 }), fc.boolean(), fc.boolean(), (issuedOn, n, excludeWeekends, excludeBankHolidays) => {
				const meetingOn = addDays(issuedOn, n);
				const calendar = days(issuedOn, meetingOn, { excludeWeekends, excludeBankHolidays });
				const clear = days(issuedOn, meetingOn, { counting: 'clear', excludeWeekends, excludeBankHolidays });
				const meetingDayCounts = !(excludeWeekends && [0, 6].includes(weekday(meetingOn))) && !(excludeBankHolidays && isBankHoliday(meetingOn));
				expect(clear).toBe(calendar - (meetingDayCounts ? 1 : 0));
			})
		);
	});

	it('leaving weekends or bank holidays out never gives more days', () => {
		fc.assert(
			fc.property(date, span, rule, (issuedOn, n, counting) => {
				const meetingOn = addDays(issuedOn, n);
				const counted = days(issuedOn, meetingOn, counting);
				expect(counted).toBeLessThanOrEqual(days(issuedOn, meetingOn, { ...counting, excludeWeekends: false }));
				expect(counted).toBeLessThanOrEqual(days(issuedOn, meetingOn, { ...counting, excludeBankHolidays: false }));
				expect(days(issuedOn, meetingOn, { ...counting, counting: 'clear' })).toBeLessThanOrEqual(days(issuedOn, meetingOn, { ...counting, counting: 'calendar' }));
			})
		);
	});

	it('a later meeting never has fewer days of notice', () => {
		fc.assert(
			fc.property(date, span, fc.integer({ min: 1, max: 30 }), rule, (issuedOn, n, later, counting) => {
				const meetingOn = addDays(issuedOn, n);
				expect(days(issuedOn, addDays(meetingOn, later), counting)).toBeGreaterThanOrEqual(days(issuedOn, meetingOn, counting));
			})
		);
	});

	it('notice on the day of the meeting counts 0, which meets no positive requirement', () => {
		fc.assert(
			fc.property(date, rule, (on, counting) => {
				expect(days(on, on, counting)).toBe(0);
			})
		);
	});

	it('the latest issue date is just in time, and the day after it too late', () => {
		fc.assert(
			fc.property(date, fc.integer({ min: 0, max: 60 }), rule, (meetingOn, required, counting) => {
				const latest = latestIssueDate(meetingOn, required, counting);
				if (!latest.ok) throw new Error(latest.reason);
				expect(days(latest.date, meetingOn, counting)).toBeGreaterThanOrEqual(required);
				expect(days(addDays(latest.date, 1), meetingOn, counting)).toBeLessThan(required);
			})
		);
	});
});

/** The standing rules of England and Wales (Banking and Financial Dealings Act 1971, with the usual substitutes). */
function standingBankHolidays(year: number): string[] {
	const iso = (m: number, d: number) => `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
	const firstMonday = (m: number) => {
		const first = iso(m, 1);
		return addDays(first, (8 - weekday(first)) % 7);
	};
	const lastMonday = (m: number, length: number) => {
		const last = iso(m, length);
		return addDays(last, -((weekday(last) + 6) % 7));
	};
	// Anonymous Gregorian computus (Meeus/Jones/Butcher).
	const a = year % 19, b = Math.floor(year / 100), c = year % 100, d = Math.floor(b / 4), e = b % 4;
	const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
	const easter = iso(Math.floor((h + l - 7 * m + 114) / 31), ((h + l - 7 * m + 114) % 31) + 1);
	const newYear = iso(1, 1);
	const newYearObserved = weekday(newYear) === 6 ? addDays(newYear, 2) : weekday(newYear) === 0 ? addDays(newYear, 1) : newYear;
	const christmas = iso(12, 25);
	const cw = weekday(christmas);
	// Christmas on a Saturday: Mon 27 and Tue 28; on a Sunday: Boxing Day Mon 26 and Christmas's substitute Tue 27;
	// on a Friday: Boxing Day's substitute Mon 28.
	const christmasDays = cw === 6 ? [iso(12, 27), iso(12, 28)] : cw === 0 ? [iso(12, 26), iso(12, 27)] : cw === 5 ? [christmas, iso(12, 28)] : [christmas, iso(12, 26)];
	return [newYearObserved, addDays(easter, -2), addDays(easter, 1), firstMonday(5), lastMonday(5, 31), lastMonday(8, 31), ...christmasDays].sort();
}
