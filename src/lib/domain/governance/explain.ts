/**
 * Wording and number formatting for explanations, as a committee secretary
 * would write them in the minutes: British spelling, "£2,000,000", "75.0%".
 *
 * Display only. Every decision is made on exact values before anything here runs.
 */

import { Rational } from './rational';

const NAMED_FRACTIONS: ReadonlyArray<readonly [string, string]> = [
	['1/2', 'half'],
	['1/3', 'one-third'],
	['2/3', 'two-thirds'],
	['1/4', 'one-quarter'],
	['3/4', 'three-quarters'],
	['1', 'all']
];

const HUNDRED = Rational.of(100n);

/** A value as a percentage to `places` decimal places: 5/6 → "83.3%". */
export function formatPercent(value: Rational, places = 1): string {
	return `${value.mul(HUNDRED).toFixed(places)}%`;
}

/**
 * A percentage beside the one it is measured against. One decimal place as a
 * rule, but never so rounded that an unequal pair reads as equal (74.96% against
 * 75% shows as "74.96%", not "75.0%"), because the minute must not contradict
 * the decision.
 */
export function formatPercentBeside(actual: Rational, reference: Rational): string {
	if (actual.equals(reference)) return formatPercent(actual);
	for (let places = 1; places <= 6; places += 1) {
		if (formatPercent(actual, places) !== formatPercent(reference, places)) {
			return formatPercent(actual, places);
		}
	}
	return `${actual.toFraction()} (just ${actual.compare(reference) < 0 ? 'under' : 'over'} ${formatPercent(reference)})`;
}

/**
 * A threshold fraction as the terms of reference would word it:
 * "1/2" → "half", "2/3" → "two-thirds", "0.75" → "75%".
 */
export function describeFraction(text: string): string {
	const value = Rational.from(text);
	if (text.includes('/') || value.equals(Rational.one)) {
		const named = NAMED_FRACTIONS.find(([fraction]) => Rational.from(fraction).equals(value));
		if (named) return named[1];
	}
	const percent = value.mul(HUNDRED);
	return `${percent.isTerminating() ? percent.toString() : percent.toFixed(1)}%`;
}

/** Pence as pounds: 200000000 → "£2,000,000"; 123450 → "£1,234.50". */
export function formatMoney(pence: number): string {
	const negative = pence < 0;
	const abs = BigInt(Math.abs(pence));
	const pounds = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	const rest = abs % 100n;
	return `${negative ? '-' : ''}£${pounds}${rest === 0n ? '' : '.' + rest.toString().padStart(2, '0')}`;
}

/** A vote total: "6", "33.33" (exact), or "200/3" when the decimal would not end. */
export function formatVotes(value: Rational): string {
	return value.toString();
}

/** "A", "A and B", "A, B and C" (no Oxford comma, as in British minutes). */
export function listInEnglish(items: readonly string[]): string {
	if (items.length === 0) return '';
	if (items.length === 1) return items[0] ?? '';
	return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "1 vote", "2 votes". */
export function plural(count: number | bigint | string, singular: string, pluralForm = `${singular}s`): string {
	return `${count} ${String(count) === '1' ? singular : pluralForm}`;
}

/** A decision category as words: "service_investment" → "service investment". */
export function describeCategory(category: string): string {
	return category.replace(/[_-]+/g, ' ').trim();
}

/** Capitalises the first letter of a sentence. */
export function sentence(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

const ROLE_LABELS: Record<string, string> = {
	chair: 'chair',
	vice_chair: 'vice-chair',
	voting_member: 'voting member',
	deputy: 'deputy',
	adviser: 'adviser',
	ppv_representative: 'patient and public voice representative',
	observer: 'observer',
	secretariat: 'secretariat'
};

/** A member role as words: "vice_chair" → "vice-chair". */
export function describeRole(role: string): string {
	return ROLE_LABELS[role] ?? describeCategory(role);
}

const KIND_LABELS: Record<string, string> = {
	nhs_england: 'NHS England',
	ccg: 'CCG',
	provider: 'provider',
	local_authority: 'local authority',
	public_health: 'public health',
	patient_voluntary: 'patient or voluntary sector',
	other: 'other organisation'
};

/** An organisation kind as words: "nhs_england" → "NHS England". */
export function describeOrganisationKind(kind: string): string {
	return KIND_LABELS[kind] ?? describeCategory(kind);
}
