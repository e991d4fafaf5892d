import { DECISION_STATE_GROUPS, type DecisionStateGroup } from '$lib/domain/register-filter';

/**
 * The tag colour of each group of decision states, which is the group a reader filters the register by: binding
 * green; waiting for ratification or under appeal yellow; a recommendation blue; not carried, lapsed or overturned
 * red; indicative grey.
 */
const GROUP_TAGS: Record<DecisionStateGroup, string> = {
	binding: 'nhsuk-tag--green',
	pending: 'nhsuk-tag--yellow',
	recommendation: 'nhsuk-tag--blue',
	fell: 'nhsuk-tag--red',
	indicative: 'nhsuk-tag--grey'
};

/** The tag colour of each decision state, as decision.ts names them. */
export const STATE_TAGS: Record<string, string> = Object.fromEntries(DECISION_STATE_GROUPS.flatMap((g) => g.states.map((state) => [state, GROUP_TAGS[g.key]])));

/** The choices of the register's state filter. */
export const STATE_GROUP_OPTIONS = DECISION_STATE_GROUPS.map((g) => ({ value: g.key, label: g.label }));
