import { votesToCast, type LiveAgendaItem, type LiveMotion, type LiveState } from '$lib/live/state';
import { PURPOSE_LABELS, outcomeInWords } from '../live/words';

/**
 * What the room's screen says of a live meeting, worked out from the state the server sends (the reader's own: Part B
 * is already left out for a reader who may not see it). Pure, so each sentence is tested without a browser; the page
 * only lays it out in large type.
 */
export interface ScreenView {
	/** The item being taken, or one sentence saying why there is none. */
	now:
		| { kind: 'headline'; text: string }
		| { kind: 'item'; heading: string; position: string; purpose: string; presenter: string; item: LiveAgendaItem; startedAt: string | null };
	/** Whether the meeting is quorate and, when not, what is missing; null once the meeting is over. */
	quorum: { state: 'quorate' | 'inquorate' | 'unknown'; headline: string; details: string[] } | null;
	/** The motion the room is deciding, or the one it decided last on the item; null when there is neither. */
	vote: {
		heading: string;
		text: string;
		/** What kind of vote it is, in words: indicative, secret, the count withheld. */
		notes: string[];
		/** "Vote open — 2 of 5 have voted" while the count is hidden; "2 of 5 have voted" beside a shown count. */
		progress: string | null;
		count: { for: number; against: number; abstain: number } | null;
		outcome: { words: string; sentence: string } | null;
	} | null;
}

export function screenView(state: LiveState): ScreenView {
	return { now: nowShowing(state), quorum: quorumInWords(state), vote: voteInWords(state) };
}

function nowShowing(state: LiveState): ScreenView['now'] {
	const index = state.currentItem ? state.agenda.findIndex((i) => i.id === state.currentItem?.id) : -1;
	const item = index >= 0 ? state.agenda[index] : undefined;
	if (item && state.currentItem) {
		return {
			kind: 'item',
			heading: `Item ${item.number}: ${item.title}`,
			// Counted among the items this reader sees, as their agenda lists them.
			position: `Item ${index + 1} of ${state.agenda.length} on the agenda`,
			purpose: PURPOSE_LABELS[item.purpose] ?? item.purpose,
			presenter: item.presenter || 'Not named',
			item,
			startedAt: state.currentItem.startedAt
		};
	}
	const headline = (text: string) => ({ kind: 'headline' as const, text });
	switch (state.meeting.status) {
		case 'scheduled':
			return headline('The meeting has not started');
		case 'closed':
			return headline('The meeting has closed');
		case 'cancelled':
			return headline('The meeting was cancelled');
	}
	return headline(state.withheld.currentItem ? 'Confidential business under way' : 'No item is being taken');
}

function quorumInWords(state: LiveState): ScreenView['quorum'] {
	if (state.meeting.status === 'closed' || state.meeting.status === 'cancelled') return null;
	const { quorum } = state;
	if ('unavailable' in quorum) return { state: 'unknown', headline: 'Quorum cannot be checked', details: [quorum.unavailable] };
	const present = `${quorum.counted} of ${quorum.votingMembership} voting ${quorum.votingMembership === 1 ? 'member' : 'members'} present`;
	return quorum.quorate
		? { state: 'quorate', headline: 'Quorate', details: [present] }
		: { state: 'inquorate', headline: 'Not quorate', details: [...quorum.failures, present] };
}

/** The motion on show: a vote open, else a consensus being asked for, else the last one decided on the item. */
function motionOnShow(motions: LiveMotion[]): LiveMotion | undefined {
	return motions.find((m) => m.state === 'voting') ?? motions.find((m) => m.state === 'consensus_called') ?? motions.findLast((m) => m.state === 'decided');
}

/**
 * The sentence of the engine's explanation that says what the outcome is ("The motion is carried. The decision is
 * binding on …"): the explanation opens with the motion itself, and says how it was reached before it settles.
 */
function settlingSentence(explanation: string[]): string | undefined {
	return explanation.findLast((line) => line.startsWith('The motion is ') || line.startsWith('Indicative only:'));
}

function voteInWords(state: LiveState): ScreenView['vote'] {
	const motion = motionOnShow(state.motions);
	if (!motion) return null;
	const notes = [
		...(motion.indicative ? ['Indicative vote: not binding'] : []),
		...(motion.secret ? ['Secret ballot'] : [])
	];
	if (motion.state === 'consensus_called') {
		return { heading: 'Consensus called', text: motion.text, notes: [...notes, 'Any member entitled to vote may object, which sends the motion to a vote'], progress: null, count: null, outcome: null };
	}
	if (motion.state === 'voting') {
		// A hidden count arrives as zeros beside the number of ballots: only the number may be shown.
		const hidden = motion.countVisibility === 'hidden' || motion.secret;
		const voted = `${motion.tally?.ballots ?? 0} of ${votesToCast(motion)} have voted`;
		return hidden || !motion.tally
			? { heading: 'Vote open', text: motion.text, notes: [...notes, 'The count is shown when the vote closes'], progress: `Vote open — ${voted}`, count: null, outcome: null }
			: { heading: 'Vote open', text: motion.text, notes, progress: voted, count: countOf(motion.tally), outcome: null };
	}
	const decision = motion.decision;
	const words = decision ? outcomeInWords(decision.state) : 'decided';
	const sentence = (decision && settlingSentence(decision.explanation)) ?? `The motion is ${words}.`;
	// A consensus has no ballots to count; its decision says so in the settling sentence.
	const byConsensus = sentence.includes('by consensus');
	return {
		heading: byConsensus ? 'Agreed by consensus' : 'Vote closed',
		text: motion.text,
		notes,
		progress: null,
		count: byConsensus || !motion.tally ? null : countOf(motion.tally),
		outcome: { words: `Outcome: ${words}`, sentence }
	};
}

const countOf = (tally: NonNullable<LiveMotion['tally']>) => ({ for: tally.for, against: tally.against, abstain: tally.abstain });
