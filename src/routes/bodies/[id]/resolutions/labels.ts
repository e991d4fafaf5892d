/** What became of a written resolution, in words. */
export const OUTCOME_LABELS: Record<string, string> = {
	carried_binding: 'Carried: binding',
	carried_subject_to_ratification: 'Carried subject to ratification',
	recommendation: 'Recommendation to the parent body',
	not_carried: 'Not carried',
	no_decision: 'No decision: too few responses, or the rules did not allow it'
};

export const URGENT_STATUS_LABELS: Record<string, string> = {
	awaiting_ratification: 'Awaiting ratification',
	ratified: 'Ratified',
	lapsed: 'Lapsed: not ratified in time'
};
