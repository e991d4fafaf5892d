/**
 * The tag colour of each decision state: binding green; subject to ratification or under appeal yellow; a
 * recommendation blue; not carried red; indicative grey. Restated from decision.ts's states so browser code need not
 * reach into server modules.
 */
export const STATE_TAGS: Record<string, string> = {
	carried_binding: 'nhsuk-tag--green',
	ratified: 'nhsuk-tag--green',
	upheld: 'nhsuk-tag--green',
	implemented: 'nhsuk-tag--green',
	carried_subject_to_ratification: 'nhsuk-tag--yellow',
	under_appeal: 'nhsuk-tag--yellow',
	recommendation: 'nhsuk-tag--blue',
	not_carried: 'nhsuk-tag--red',
	overturned: 'nhsuk-tag--red',
	lapsed: 'nhsuk-tag--red',
	indicative: 'nhsuk-tag--grey'
};
