/**
 * A recommendation that travels up: a motion that considers a recommendation
 * made below (by a sub-group, or by a sub-group and then a body above it), and
 * the path it has taken, extended by what this body did with it.
 *
 * The path is a record, not a rule: whether the motion binds here is decided by
 * this body's own delegations, exactly as for any motion. The path only adds a
 * line to the minute and a field to the outcome.
 */

import type { Delegation } from './authority';
import { compareDates, formatDate, isIsoDate } from './calendar';
import type { OutcomeState } from './outcome';

/** One earlier level of the path: a body that carried the matter as a recommendation to the next. */
export interface RecommendationStep {
	/** The body, as the minutes name it. */
	bodyName: string;
	/** The date it carried the recommendation, YYYY-MM-DD (Europe/London). */
	decidedOn: string;
	outcome: 'recommendation';
	/** The delegations it held then, when the case records them (they did not cover the matter). */
	delegations?: Delegation[];
}

/** A body above this one, nearest first, with the delegations it holds. */
export interface BodyAbove {
	name: string;
	delegations: Delegation[];
}

/** What one level did with the recommendation. */
export interface PathLevel {
	bodyName: string;
	decidedOn: string;
	/** recommendation: carried onward; decided: carried within its authority; fell: not carried; undecided: indicative only. */
	outcome: 'recommendation' | 'decided' | 'fell' | 'undecided';
}

/** The whole path, oldest first, ending with this body. */
export interface RecommendationPath {
	levels: PathLevel[];
	/** Where it goes next, when this body recommended it onward. */
	onwardTo?: string;
}

/** What this body did, read from the outcome's state. */
function levelOutcome(state: OutcomeState): PathLevel['outcome'] {
	switch (state) {
		case 'recommendation':
			return 'recommendation';
		case 'carried_binding':
		case 'carried_subject_to_ratification':
			return 'decided';
		case 'not_carried':
			return 'fell';
		case 'indicative':
			return 'undecided';
	}
}

/**
 * The path extended by this body's outcome, and the minute's line naming it,
 * or undefined when the motion considers no recommendation.
 */
export function extendRecommendationPath(
	earlier: readonly RecommendationStep[] | undefined,
	here: { bodyName: string; decidedOn: string; parentBodyName: string; state: OutcomeState }
): { path: RecommendationPath; line: string } | undefined {
	if (!earlier || earlier.length === 0) return undefined;
	const outcome = levelOutcome(here.state);
	const levels: PathLevel[] = [
		...earlier.map(({ bodyName, decidedOn }) => ({ bodyName, decidedOn, outcome: 'recommendation' as const })),
		{ bodyName: here.bodyName, decidedOn: here.decidedOn, outcome }
	];
	const below = earlier.map(
		(level, index) => `${index === 0 ? 'Recommended' : 'recommended onward'} by ${level.bodyName} on ${formatDate(level.decidedOn)}`
	);
	const on = formatDate(here.decidedOn);
	const last = {
		recommendation: `recommended onward by ${here.bodyName} on ${on} to ${here.parentBodyName}`,
		decided: `decided by ${here.bodyName} on ${on}${here.state === 'carried_subject_to_ratification' ? ', subject to ratification' : ''}`,
		fell: `not carried by ${here.bodyName} on ${on}, so the recommendation falls here`,
		undecided: `considered by ${here.bodyName} on ${on}, which took no decision on it, so the recommendation is still before it`
	}[outcome];
	return {
		path: { levels, ...(outcome === 'recommendation' ? { onwardTo: here.parentBodyName } : {}) },
		line: `${[...below, last].join('; ')}.`
	};
}

/**
 * Checks a case's path against itself and its body, reading the raw input
 * defensively: each level decided no later than the one above it and not after
 * `decidedBy` (this body's date), each body once, this body not among them, and
 * the chain above starting at the parent.
 */
export function checkRecommendationPath(raw: unknown, decidedBy: unknown): string[] {
	const doc = record(raw);
	const body = record(doc?.body);
	const path = list(record(doc?.motion)?.recommendedBy);
	const problems: string[] = [];
	const seen = new Set<string>();
	let previous: string | undefined;
	path.forEach((entry, index) => {
		const level = record(entry);
		if (!level) return;
		const at = `motion.recommendedBy[${index}]`;
		if (typeof level.bodyName === 'string') {
			if (level.bodyName === body?.name) {
				problems.push(`${at}.bodyName: The path lists the bodies below ${level.bodyName}, not the body itself`);
			} else if (seen.has(level.bodyName)) {
				problems.push(`${at}.bodyName: "${level.bodyName}" appears twice in the path`);
			}
			seen.add(level.bodyName);
		}
		const date = level.decidedOn;
		if (!isDate(date)) return;
		if (previous !== undefined && compareDates(date, previous) < 0) {
			problems.push(
				`${at}.decidedOn: A level of the path cannot be decided before the one below it (${formatDate(date)} is before ${formatDate(previous)})`
			);
		}
		if (isDate(decidedBy) && compareDates(date, decidedBy) > 0) {
			problems.push(
				`${at}.decidedOn: A level of the path cannot be decided after this meeting (${formatDate(date)} is after ${formatDate(decidedBy)})`
			);
		}
		previous = date;
	});
	const above = list(body?.above);
	const first = record(above[0]);
	if (first && typeof first.name === 'string' && typeof body?.parentBodyName === 'string' && first.name !== body.parentBodyName) {
		problems.push(`body.above[0].name: The first body above is the parent, ${body.parentBodyName}`);
	}
	return problems;
}

function isDate(value: unknown): value is string {
	return typeof value === 'string' && isIsoDate(value);
}

function record(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function list(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}
