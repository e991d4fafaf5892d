import type { AttendanceStatus, Choice, DeclarationOutcome } from '$lib/domain/governance';
import type { MeetingStatus, MotionState, Purpose } from '$lib/domain/meeting-words';
import type { Part } from '$lib/domain/policy';

/**
 * What a live meeting's screen shows, as the server sends it in `state` and the browser reads it. Shared by both
 * sides (src/lib/live/), so neither restates it.
 */

export type { MotionState };

/** What a motion is, as stored and as shown: the server's row and the live state both carry these. */
export interface MotionFields {
	id: string;
	agendaItemId: string;
	text: string;
	category: string;
	/** Whole pence, as text (bigint). */
	valuePence: string;
	procedural: boolean;
	state: MotionState;
	indicative: boolean;
	countVisibility: 'open' | 'hidden';
	/** A secret ballot: counts and who voted, never how. */
	secret: boolean;
}

/** A motion as everybody in the meeting sees it. */
export interface LiveMotion extends MotionFields {
	/** Whether a binding vote may open now, and if not why and what the chair may do instead. */
	opening: { ok: boolean; basis: string | null; reason: string | null; alternatives: string[]; explanation: string[] } | null;
	/** Who may cast which vote on the item: organisation or member, with who can cast it. */
	entitlements: { key: string; kind: 'member' | 'organisation'; label: string; weight: string; casters: string[] }[];
	/** Who proposed it, by name, when a member did. */
	proposedBy: string | null;
	objections: string[];
	/** The running count while voting is open and the count is shown; after closing, always. */
	tally: { for: number; against: number; abstain: number; ballots: number } | null;
	/** Who voted how, shown once the vote is closed, as the minutes record it; after a secret ballot, who voted (choice null). */
	ballots: { voterMembershipId: string; organisationId: string | null; organisationName: string | null; choice: Choice | null }[] | null;
	/** Whether the rules let the chair hold this vote by secret ballot. */
	secretBallotAllowed: boolean;
	decision: { state: string; explanation: string[] } | null;
}

/**
 * How many votes can be cast on the motion now: those someone present may cast. An absent member's vote (no one
 * present to cast it) still counts in an "eligible votes" test, but the room does not wait for it.
 */
export function votesToCast(motion: Pick<LiveMotion, 'entitlements'>): number {
	return motion.entitlements.filter((vote) => vote.casters.length > 0).length;
}

export interface LiveAgendaItem {
	id: string;
	number: string;
	title: string;
	purpose: Purpose;
	presenter: string;
	minutesAllotted: number;
	part: Part;
	secondsUsed: number;
	discussion: string;
	/** The item's papers, to open from the console. */
	papers: { id: string; filename: string }[];
}

export interface LiveState {
	seq: string;
	meeting: { id: string; bodyId: string; title: string; bodyName: string; status: MeetingStatus; startsAt: string; endsAt: string; place: string; videoLink: string };
	agenda: LiveAgendaItem[];
	currentItem: { id: string; startedAt: string | null } | null;
	attendance: { membershipId: string; name: string; role: string; status: AttendanceStatus | null; deputyFor: string | null; departed: boolean }[];
	/** Quorum for the current item (or the meeting as a whole before an item is taken). */
	quorum: { quorate: boolean; failures: string[]; explanation: string[]; counted: number; votingMembership: number } | { unavailable: string };
	declarations: { id: string; agendaItemId: string; membershipId: string; name: string; interest: string; outcome: DeclarationOutcome }[];
	motions: LiveMotion[];
	speakers: { membershipId: string; name: string }[];
	actions: { id: string; description: string; ownerName: string | null; dueOn: string | null; agendaItemId: string | null; status: string }[];
	/** What this reader's state leaves out: how many agenda items, and whether the item being taken is one of them. */
	withheld: { items: number; currentItem: boolean };
}

/**
 * The state as a reader who may see only `parts` may see it: Part B items, and the motions, declarations and
 * actions on them, are left out, and a Part B item being taken shows only as confidential business under way.
 * The server sends each audience its own (server/meetings), so Part B never reaches a follower who may not read it.
 */
export function visibleState(state: LiveState, parts: readonly Part[]): LiveState {
	if (parts.includes('B')) return state;
	const hidden = new Set(state.agenda.filter((item) => !parts.includes(item.part)).map((item) => item.id));
	if (hidden.size === 0) return state;
	const shown = (itemId: string | null) => itemId === null || !hidden.has(itemId);
	const currentHidden = state.currentItem !== null && hidden.has(state.currentItem.id);
	return {
		...state,
		agenda: state.agenda.filter((item) => shown(item.id)),
		currentItem: currentHidden ? null : state.currentItem,
		declarations: state.declarations.filter((d) => shown(d.agendaItemId)),
		motions: state.motions.filter((m) => shown(m.agendaItemId)),
		actions: state.actions.filter((a) => shown(a.agendaItemId)),
		withheld: { items: state.withheld.items + hidden.size, currentItem: currentHidden }
	};
}

/** The counts of an open vote's ballots. */
export interface Counts {
	for: number;
	against: number;
	abstain: number;
}

/**
 * An open vote's tally as the room sees it: the running count when the count is shown, otherwise (a hidden count,
 * a secret ballot) only how many have voted.
 */
export function votingTally(motion: Pick<MotionFields, 'countVisibility'>, counts: Counts): NonNullable<LiveMotion['tally']> {
	const ballots = counts.for + counts.against + counts.abstain;
	return motion.countVisibility === 'open' ? { ...counts, ballots } : { for: 0, against: 0, abstain: 0, ballots };
}

/**
 * Ballots cast and nothing else: the tallies of open votes as they stand at `seq`, sent in place of the whole state
 * when every change since `from` was a ballot. Absolute counts, not increments, so applying one twice is harmless.
 */
export interface TallyChange {
	meetingId: string;
	/** The state this change follows: any state from `from` up to `seq` becomes the state at `seq`. */
	from: string;
	seq: string;
	tallies: { motionId: string; tally: NonNullable<LiveMotion['tally']> }[];
}

/**
 * The state after a tally change: `stale` when the state is already as new, `gap` when changes between the two
 * were missed (the client asks for the whole state again: `sync`).
 */
export function withTallies(state: LiveState, change: TallyChange): LiveState | 'stale' | 'gap' {
	const seq = BigInt(state.seq);
	if (seq >= BigInt(change.seq)) return 'stale';
	if (seq < BigInt(change.from)) return 'gap';
	const tallies = new Map(change.tallies.map((t) => [t.motionId, t.tally]));
	return {
		...state,
		seq: change.seq,
		motions: state.motions.map((m) => (tallies.has(m.id) && m.state === 'voting' ? { ...m, tally: tallies.get(m.id)! } : m))
	};
}

/** The tally change as a reader who may see only `parts` may see it: the motions of the items they may see. */
export function visibleTallies(change: TallyChange, state: LiveState, parts: readonly Part[]): TallyChange {
	const shown = new Set(visibleState(state, parts).motions.map((m) => m.id));
	return { ...change, tallies: change.tallies.filter((t) => shown.has(t.motionId)) };
}
