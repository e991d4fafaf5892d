/**
 * What both ways of deciding between meetings share: whether the rules allow a decision to be taken that way at
 * all, for this category, value and kind of business. Written resolutions and the chair's urgent action each add
 * their own tests on top (a response standing in for quorum; members consulted).
 */

import type { Motion } from './authority';
import { describeCategory, formatMoney, listInEnglish } from './explain';
import type { UrgentActionRules, WrittenResolutionRules } from './rules';

/** Whether the rules let this decision be taken outside a meeting, and in words why (not). */
export type ScopeCheck = { ok: true; detail: string } | { ok: false; reason: string };

/**
 * Checks a motion against what the rules allow outside a meeting. `what` names the way ("written resolution",
 * "chair's urgent action") in every sentence, so a refusal says which rule refused it. Rules that say nothing
 * (the section absent) allow nothing: deciding outside a meeting is an exception the terms of reference must make.
 */
export function checkOutsideMeetingScope(
	scope: WrittenResolutionRules | UrgentActionRules | undefined,
	motion: Pick<Motion, 'category' | 'valuePence' | 'procedural'>,
	what: string
): ScopeCheck {
	if (!scope) return { ok: false, reason: `The rules make no provision for ${what}, so it is not allowed` };
	if (!scope.allowed) return { ok: false, reason: `The rules do not allow ${what}` };
	const allowedKinds = describeScope(scope);
	if (motion.procedural) {
		if (!scope.procedural) {
			return { ok: false, reason: `The rules allow ${what} only for ${allowedKinds}, not procedural business` };
		}
	} else if (!scope.categories.includes(motion.category)) {
		return { ok: false, reason: `The rules allow ${what} only for ${allowedKinds}, not ${describeCategory(motion.category)}` };
	}
	if (scope.financialLimitPence !== undefined && motion.valuePence > scope.financialLimitPence) {
		return {
			ok: false,
			reason: `The rules allow ${what} for decisions of up to ${formatMoney(scope.financialLimitPence)}, and this decision commits ${formatMoney(motion.valuePence)}`
		};
	}
	const kind = motion.procedural ? 'procedural business' : describeCategory(motion.category);
	const limit =
		scope.financialLimitPence === undefined
			? ''
			: `, up to ${formatMoney(scope.financialLimitPence)} per decision${motion.valuePence > 0 ? ` (this one commits ${formatMoney(motion.valuePence)})` : ''}`;
	return { ok: true, detail: `The rules allow ${what} for ${kind}${limit}` };
}

/** "service investment and procedural business". */
export function describeScope(scope: { categories: readonly string[]; procedural: boolean }): string {
	const kinds = scope.categories.map(describeCategory);
	if (scope.procedural) kinds.push('procedural business');
	return kinds.length === 0 ? 'no decisions' : listInEnglish(kinds);
}
