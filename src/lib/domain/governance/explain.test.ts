import { describe, expect, it } from 'vitest';
import { addDays, compareDates, daysBetween, formatDate, isIsoDate } from './calendar';
import {
	describeFraction,
	describeOrganisationKind,
	formatMoney,
	formatPercent,
	formatPercentBeside,
	listInEnglish,
	plural
} from './explain';
import { Rational } from './rational';

describe('formatMoney', () => {
	it('writes pence as pounds with thousands separators', () => {
		expect(formatMoney(200_000_000)).toBe('£2,000,000');
		expect(formatMoney(25_000_000)).toBe('£250,000');
		expect(formatMoney(123_450)).toBe('£1,234.50');
		expect(formatMoney(5)).toBe('£0.05');
		expect(formatMoney(0)).toBe('£0');
	});
});

describe('percentages', () => {
	it('shows one decimal place', () => {
		expect(formatPercent(Rational.of(75, 90))).toBe('83.3%');
		expect(formatPercent(Rational.of(3, 4))).toBe('75.0%');
		expect(formatPercent(Rational.of(2, 3))).toBe('66.7%');
	});

	it('never rounds an unequal figure into its threshold', () => {
		expect(formatPercentBeside(Rational.of(7496, 10000), Rational.of(3, 4))).toBe('74.96%');
		expect(formatPercentBeside(Rational.of(3, 4), Rational.of(3, 4))).toBe('75.0%');
		expect(formatPercentBeside(Rational.of(5, 9), Rational.of(1, 2))).toBe('55.6%');
		expect(formatPercentBeside(Rational.of(2, 3), Rational.from('2/3'))).toBe('66.7%');
	});

	it('words threshold fractions as the terms of reference would', () => {
		expect(describeFraction('1/2')).toBe('half');
		expect(describeFraction('2/3')).toBe('two-thirds');
		expect(describeFraction('3/4')).toBe('three-quarters');
		expect(describeFraction('0.75')).toBe('75%');
		expect(describeFraction('66.5%')).toBe('66.5%');
		expect(describeFraction('5/7')).toBe('71.4%');
	});
});

describe('wording', () => {
	it('lists without an Oxford comma', () => {
		expect(listInEnglish([])).toBe('');
		expect(listInEnglish(['A'])).toBe('A');
		expect(listInEnglish(['A', 'B'])).toBe('A and B');
		expect(listInEnglish(['A', 'B', 'C'])).toBe('A, B and C');
	});

	it('pluralises and names organisation kinds', () => {
		expect(plural(1, 'vote')).toBe('1 vote');
		expect(plural('2.5', 'vote')).toBe('2.5 votes');
		expect(describeOrganisationKind('nhs_england')).toBe('NHS England');
	});
});

describe('calendar', () => {
	it('accepts only real YYYY-MM-DD dates', () => {
		expect(isIsoDate('2016-02-29')).toBe(true);
		expect(isIsoDate('2015-02-29')).toBe(false);
		expect(isIsoDate('2016-13-01')).toBe(false);
		expect(isIsoDate('1/4/2016')).toBe(false);
	});

	it('counts whole days across months, years and leap days', () => {
		expect(daysBetween('2016-09-01', '2016-09-21')).toBe(20);
		expect(daysBetween('2016-02-28', '2016-03-01')).toBe(2);
		expect(daysBetween('2015-12-31', '2016-01-01')).toBe(1);
		expect(daysBetween('2016-07-14', '2016-06-01')).toBe(-43);
		expect(addDays('2016-07-14', 28)).toBe('2016-08-11');
		expect(addDays('2016-02-28', 1)).toBe('2016-02-29');
		expect(compareDates('2017-03-31', '2017-04-01')).toBe(-1);
		expect(formatDate('2015-07-08')).toBe('8 July 2015');
	});
});
