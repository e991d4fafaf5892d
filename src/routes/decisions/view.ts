/** A decision as the register shows it: labels, money and dates in words, figures as required against actual. */
export interface DecisionView {
	id: string;
	bodyId: string;
	bodyName: string;
	/** Null for a decision taken between meetings, by written resolution or urgent action (meetingTitle says which). */
	meetingId: string | null;
	/** For members, the written resolution's or urgent action's page, for a decision taken between meetings. */
	betweenMeetingsPath: string | null;
	meetingTitle: string;
	itemTitle: string;
	part: 'A' | 'B';
	motionText: string;
	category: string;
	value: string | null;
	method: 'vote' | 'consensus' | 'written_resolution' | 'urgent_action';
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
	/** The recommendations this decision took up, oldest first: the levels below it. */
	path: { id: string; bodyName: string; decidedOn: string }[];
	/** The decisions of bodies above that took this recommendation up. */
	takenUpBy: { id: string; bodyName: string; decidedOn: string; stateLabel: string }[];
}

/** Who a register page is for: members signed in, or the public, whose pages live under /public and show no Part B. */
export type Audience = 'members' | 'public';

/** Where a decision's links lead for each audience: the public's stay within the public record. */
export const DECISION_LINKS: Record<Audience, { decision: (id: string) => string; body: (id: string) => string; meeting: (id: string) => string; bodyDecisions: (id: string) => string }> = {
	members: {
		decision: (id) => `/decisions/${id}`,
		body: (id) => `/bodies/${id}`,
		meeting: (id) => `/meetings/${id}`,
		bodyDecisions: (id) => `/bodies/${id}/decisions`
	},
	public: {
		decision: (id) => `/public/decisions/${id}`,
		body: (id) => `/public/bodies/${id}`,
		meeting: (id) => `/public/meetings/${id}`,
		bodyDecisions: (id) => `/public/decisions?body=${id}`
	}
};
