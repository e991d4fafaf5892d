/** A decision as the register shows it: labels, money and dates in words, figures as required against actual. */
export interface DecisionView {
	id: string;
	bodyId: string;
	bodyName: string;
	meetingId: string;
	meetingTitle: string;
	itemTitle: string;
	part: 'A' | 'B';
	motionText: string;
	category: string;
	value: string | null;
	method: 'vote' | 'consensus';
	/** As decision.ts names it: carried_binding, recommendation... */
	state: string;
	stateLabel: string;
	recommendationTo: { id: string; name: string } | null;
	decidedOn: string;
	votes: { inFavour: string; against: string; abstain: string; eligible: string; present: string } | null;
	castingVote: string | null;
	thresholds: { description: string; required: string; actual: string; met: boolean }[];
	explanation: string[];
	ratifying: { id: string; name: string; ratified: boolean }[];
	ratifyBy: string | null;
	appealBy: string | null;
	events: { text: string; on: string; note: string }[];
}
