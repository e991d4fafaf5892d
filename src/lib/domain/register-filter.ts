import { addDays, compareDates, isIsoDate } from './governance/calendar';

/**
 * The filters of the decision register and the action log, read from a page's query string. The page and its
 * exports read the query through here alike, so a download holds exactly the rows the page lists. Dates are London
 * calendar dates (YYYY-MM-DD): the day a decision was taken, the day an action is due.
 */

/**
 * Decision states grouped as a reader asks after them: what binds, what waits on someone, what went to the parent
 * body, what fell, and indicative votes. Each state is in exactly one group (register-filter.test.ts checks this
 * against decision.ts); the groups follow the tag colours of the register (routes/decisions/states.ts).
 */
export const DECISION_STATE_GROUPS = [
	{ key: 'binding', label: 'Carried and binding (including ratified, upheld on appeal or implemented)', states: ['carried_binding', 'ratified', 'upheld', 'implemented'] },
	{ key: 'pending', label: 'Waiting for ratification, or under appeal', states: ['carried_subject_to_ratification', 'under_appeal'] },
	{ key: 'recommendation', label: 'Recommendation to the parent body', states: ['recommendation'] },
	{ key: 'fell', label: 'Not carried, lapsed or overturned on appeal', states: ['not_carried', 'lapsed', 'overturned'] },
	{ key: 'indicative', label: 'Indicative vote (not binding)', states: ['indicative'] }
] as const;

export type DecisionStateGroup = (typeof DECISION_STATE_GROUPS)[number]['key'];
/** A decision state, as decision.ts names it. */
export type GroupedDecisionState = (typeof DECISION_STATE_GROUPS)[number]['states'][number];

export const ACTION_STATUSES = [
	{ key: 'open', label: 'Open' },
	{ key: 'done', label: 'Done' },
	{ key: 'cancelled', label: 'Cancelled' }
] as const;

export type ActionStatusChoice = (typeof ACTION_STATUSES)[number]['key'];

/**
 * The fields of the filter form, named as in the query string: `state` is the register's (a group of decision
 * states), `status` the action log's.
 */
export type FilterField = 'body' | 'from' | 'to' | 'state' | 'status';

/** What the filter form holds: the query's values as given ('' when absent), to fill the form in again. */
export type FilterValues = Partial<Record<FilterField, string>>;

export type FilterErrors = Partial<Record<FilterField, string>>;

export interface DecisionFilter {
	bodyId?: string;
	/** On or after this London date. */
	from?: string;
	/** On or before this London date. */
	to?: string;
	states?: GroupedDecisionState[];
}

export interface ActionFilter {
	bodyId?: string;
	/** Due on or after this date; an action with no due date is left out when a range is asked for. */
	from?: string;
	/** Due on or before this date. */
	to?: string;
	statuses?: ActionStatusChoice[];
}

export type ParsedFilter<F> =
	| { ok: true; values: FilterValues; filter: F; /** The query string that asks for the same again ('' for none). */ query: string }
	| { ok: false; values: FilterValues; errors: FilterErrors };

export interface FilterOptions {
	/**
	 * The bodies the reader may choose among; a body outside them is refused. Null where the page is one body's
	 * own, whose body comes from the path: the query's body is then ignored.
	 */
	bodyIds: readonly string[] | null;
}

const EXAMPLE_DATE = '2026-04-01';

function first(params: URLSearchParams, name: string): string {
	return (params.get(name) ?? '').trim();
}

function parse<Choice extends string>(
	params: URLSearchParams,
	options: FilterOptions,
	choices: readonly { key: Choice }[],
	stateParam: 'state' | 'status',
	stateMessage: string
): { ok: true; values: FilterValues; choice: Choice | null; query: string } | { ok: false; values: FilterValues; errors: FilterErrors } {
	const body = options.bodyIds ? first(params, 'body').toLowerCase() : '';
	const from = first(params, 'from');
	const to = first(params, 'to');
	const state = first(params, stateParam);
	const values: FilterValues = { body, from, to, [stateParam]: state };
	const errors: FilterErrors = {};
	if (body && !options.bodyIds?.includes(body)) errors.body = 'Choose a body from the list';
	if (from && !isIsoDate(from)) errors.from = `From date must be a real date, like ${EXAMPLE_DATE}`;
	if (to && !isIsoDate(to)) errors.to = `To date must be a real date, like ${EXAMPLE_DATE}`;
	else if (from && to && !errors.from && compareDates(to, from) < 0) errors.to = 'To date must be the same as or after the from date';
	const choice = state ? (choices.find((c) => c.key === state)?.key ?? null) : null;
	if (state && !choice) errors[stateParam] = stateMessage;
	if (Object.keys(errors).length > 0) return { ok: false, values, errors };
	const query = new URLSearchParams();
	if (body) query.set('body', body);
	if (from) query.set('from', from);
	if (to) query.set('to', to);
	if (choice) query.set(stateParam, choice);
	return { ok: true, values, choice, query: query.toString() };
}

/** The decision register's filter from the query: body, from, to (the date decided) and state (a group's key). */
export function parseDecisionFilter(params: URLSearchParams, options: FilterOptions): ParsedFilter<DecisionFilter> {
	const parsed = parse(params, options, DECISION_STATE_GROUPS, 'state', 'Choose a state from the list');
	if (!parsed.ok) return parsed;
	const { values, choice, query } = parsed;
	const group = DECISION_STATE_GROUPS.find((g) => g.key === choice);
	return {
		ok: true,
		values,
		query,
		filter: {
			...bodyAndDates(values),
			...(group ? { states: [...group.states] } : {})
		}
	};
}

/** The part of a filter both the register and the log have: the body and the date range, where given. */
function bodyAndDates(values: FilterValues): { bodyId?: string; from?: string; to?: string } {
	return {
		...(values.body ? { bodyId: values.body } : {}),
		...(values.from ? { from: values.from } : {}),
		...(values.to ? { to: values.to } : {})
	};
}

/** The action log's filter from the query: body, from, to (the date due) and status. */
export function parseActionFilter(params: URLSearchParams, options: FilterOptions): ParsedFilter<ActionFilter> {
	const parsed = parse(params, options, ACTION_STATUSES, 'status', 'Choose a status from the list');
	if (!parsed.ok) return parsed;
	const { values, choice, query } = parsed;
	return {
		ok: true,
		values,
		query,
		filter: {
			...bodyAndDates(values),
			...(choice ? { statuses: [choice] } : {})
		}
	};
}

/** The refusal of a filter as one sentence naming each field, for an export that has no form to show it on. */
export function describeRefusal(errors: FilterErrors): string {
	return Object.entries(errors)
		.map(([field, message]) => `${message} (the "${field}" parameter)`)
		.join('; ');
}

/** The London day after `date`: the end, exclusive, of a range of instants that ends on `date`. */
export function dayAfter(date: string): string {
	return addDays(date, 1);
}
