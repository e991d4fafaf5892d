import { describe, expect, it } from 'vitest';
import type { LiveMotion, LiveState } from '$lib/live/state';
import { screenView } from './screen-view';

const ITEM = '00000000-0000-0000-0000-0000000000a1';
const OTHER = '00000000-0000-0000-0000-0000000000a2';

const entitlement = (key: string) => ({ key, kind: 'member' as const, label: key, weight: '1', casters: [key] });

function newMotion(overrides: Partial<LiveMotion> = {}): LiveMotion {
	return {
		id: 'm1',
		agendaItemId: ITEM,
		text: 'Approve the cardiac surgery review',
		category: 'service_review',
		valuePence: '0',
		procedural: false,
		state: 'proposed',
		indicative: false,
		countVisibility: 'open',
		opening: { ok: true, basis: 'binding', reason: null, alternatives: [], explanation: [] },
		entitlements: [entitlement('a'), entitlement('b'), entitlement('c')],
		proposedBy: null,
		secret: false,
		secretBallotAllowed: false,
		objections: [],
		tally: null,
		ballots: null,
		decision: null,
		...overrides
	};
}

function newState(overrides: Partial<LiveState> = {}): LiveState {
	return {
		seq: '1',
		meeting: { id: 'meeting', bodyId: 'body', title: 'June meeting', bodyName: 'The group', status: 'in_progress', startsAt: '', endsAt: '', place: '', videoLink: '' },
		agenda: [
			{ id: ITEM, number: '6', title: 'Cardiac surgery', purpose: 'decision', presenter: 'Dr Ann Lead', minutesAllotted: 10, part: 'A', secondsUsed: 0, discussion: '', papers: [] },
			{ id: OTHER, number: '7', title: 'Any other business', purpose: 'information', presenter: '', minutesAllotted: 5, part: 'A', secondsUsed: 0, discussion: '', papers: [] }
		],
		currentItem: { id: ITEM, startedAt: null },
		attendance: [],
		quorum: { quorate: true, failures: [], explanation: [], counted: 3, votingMembership: 5 },
		declarations: [],
		motions: [],
		withheld: { items: 0, currentItem: false },
		speakers: [],
		actions: [],
		...overrides
	};
}

const meeting = (status: LiveState['meeting']['status']) => ({ ...newState().meeting, status });

describe('screenView: where the meeting stands', () => {
	it('says the meeting has not started, has closed or was cancelled, with no item', () => {
		expect(screenView(newState({ meeting: meeting('scheduled'), currentItem: null })).now).toEqual({ kind: 'headline', text: 'The meeting has not started' });
		expect(screenView(newState({ meeting: meeting('closed'), currentItem: null })).now).toEqual({ kind: 'headline', text: 'The meeting has closed' });
		expect(screenView(newState({ meeting: meeting('cancelled'), currentItem: null })).now).toEqual({ kind: 'headline', text: 'The meeting was cancelled' });
	});

	it('gives the item being taken: its number, title, purpose, presenter, place on the agenda and allotment', () => {
		expect(screenView(newState()).now).toEqual({
			kind: 'item',
			heading: 'Item 6: Cardiac surgery',
			position: 'Item 1 of 2 on the agenda',
			purpose: 'For decision',
			presenter: 'Dr Ann Lead',
			item: newState().agenda[0],
			startedAt: null
		});
	});

	it('says so when a meeting under way is between items, and names no presenter as such', () => {
		expect(screenView(newState({ currentItem: null })).now).toEqual({ kind: 'headline', text: 'No item is being taken' });
		const now = screenView(newState({ currentItem: { id: OTHER, startedAt: '2016-06-01T10:00:00.000Z' } })).now;
		expect(now).toMatchObject({ kind: 'item', presenter: 'Not named', position: 'Item 2 of 2 on the agenda', startedAt: '2016-06-01T10:00:00.000Z' });
	});

	it('shows only "Confidential business under way" while a Part B item the reader may not read is taken', () => {
		const view = screenView(newState({ currentItem: null, motions: [], withheld: { items: 1, currentItem: true } }));
		expect(view.now).toEqual({ kind: 'headline', text: 'Confidential business under way' });
		expect(view.vote).toBeNull();
	});
});

describe('screenView: quorum', () => {
	it('says the meeting is quorate and how many voting members are counted present', () => {
		expect(screenView(newState()).quorum).toEqual({ state: 'quorate', headline: 'Quorate', details: ['3 of 5 voting members present'] });
	});

	it('says what is missing when the meeting is not quorate', () => {
		const quorum = { quorate: false, failures: ['Quorum not met: no NHS England member present'], explanation: [], counted: 1, votingMembership: 5 };
		expect(screenView(newState({ quorum })).quorum).toEqual({
			state: 'inquorate',
			headline: 'Not quorate',
			details: ['Quorum not met: no NHS England member present', '1 of 5 voting members present']
		});
	});

	it('says why quorum cannot be checked, and shows none once the meeting is over', () => {
		expect(screenView(newState({ quorum: { unavailable: 'The body has no rules of procedure' } })).quorum).toEqual({
			state: 'unknown',
			headline: 'Quorum cannot be checked',
			details: ['The body has no rules of procedure']
		});
		expect(screenView(newState({ meeting: meeting('closed'), currentItem: null })).quorum).toBeNull();
	});
});

describe('screenView: the vote', () => {
	it('shows no vote while no motion is being voted on or has been decided', () => {
		expect(screenView(newState({ motions: [newMotion()] })).vote).toBeNull();
		expect(screenView(newState({ motions: [newMotion({ state: 'withdrawn' })] })).vote).toBeNull();
	});

	it('shows the running count of an open vote whose count is shown, and how many have voted', () => {
		const voting = newMotion({ state: 'voting', tally: { for: 2, against: 1, abstain: 0, ballots: 3 } });
		expect(screenView(newState({ motions: [voting] })).vote).toEqual({
			heading: 'Vote open',
			text: 'Approve the cardiac surgery review',
			notes: [],
			progress: '3 of 3 have voted',
			count: { for: 2, against: 1, abstain: 0 },
			outcome: null
		});
	});

	it('counts only the votes someone present can cast: an absent member is not awaited', () => {
		const away = { ...entitlement('d'), casters: [] };
		const voting = newMotion({ state: 'voting', countVisibility: 'hidden', entitlements: [entitlement('a'), entitlement('b'), away], tally: { for: 0, against: 0, abstain: 0, ballots: 1 } });
		expect(screenView(newState({ motions: [voting] })).vote).toMatchObject({ progress: 'Vote open — 1 of 2 have voted' });
	});

	it('shows only how many have voted while the count is hidden, never the zeros standing in for the count', () => {
		const hidden = newMotion({ state: 'voting', countVisibility: 'hidden', tally: { for: 0, against: 0, abstain: 0, ballots: 1 } });
		const vote = screenView(newState({ motions: [hidden] })).vote;
		expect(vote).toMatchObject({ heading: 'Vote open', progress: 'Vote open — 1 of 3 have voted', count: null, outcome: null });
		expect(vote?.notes).toEqual(['The count is shown when the vote closes']);
		const secret = newMotion({ state: 'voting', secret: true, tally: { for: 0, against: 0, abstain: 0, ballots: 2 } });
		expect(screenView(newState({ motions: [secret] })).vote).toMatchObject({ progress: 'Vote open — 2 of 3 have voted', count: null, notes: ['Secret ballot', 'The count is shown when the vote closes'] });
	});

	it('puts the open vote before a motion decided earlier on the item, and says an indicative vote does not bind', () => {
		const decided = newMotion({ id: 'm0', text: 'Earlier', state: 'decided', tally: { for: 1, against: 0, abstain: 0, ballots: 1 }, decision: { state: 'carried_binding', explanation: [] } });
		const voting = newMotion({ state: 'voting', indicative: true, tally: { for: 0, against: 0, abstain: 0, ballots: 0 } });
		const vote = screenView(newState({ motions: [voting, decided] })).vote;
		expect(vote).toMatchObject({ text: 'Approve the cardiac surgery review', notes: ['Indicative vote: not binding'] });
	});

	it('once decided gives the outcome in words, the sentence that settles it and the final count', () => {
		const explanation = [
			'Motion: "Approve the cardiac surgery review".',
			'For: 2 (A, B). Against: 1 (C).',
			'The threshold of more than half of votes cast: met (2 of 3).',
			'The motion is carried. The decision is binding on all members of The group.'
		];
		const decided = newMotion({ state: 'decided', countVisibility: 'hidden', entitlements: [], tally: { for: 2, against: 1, abstain: 0, ballots: 3 }, decision: { state: 'carried_binding', explanation } });
		expect(screenView(newState({ motions: [decided] })).vote).toEqual({
			heading: 'Vote closed',
			text: 'Approve the cardiac surgery review',
			notes: [],
			progress: null,
			count: { for: 2, against: 1, abstain: 0 },
			outcome: { words: 'Outcome: carried, binding', sentence: 'The motion is carried. The decision is binding on all members of The group.' }
		});
	});

	it('shows the latest motion decided when no vote is open; by consensus, with no count', () => {
		const first = newMotion({ id: 'm0', text: 'First', state: 'decided', tally: { for: 1, against: 0, abstain: 0, ballots: 1 }, decision: { state: 'not_carried', explanation: ['The motion is not carried.'] } });
		const second = newMotion({
			id: 'm1',
			text: 'Second',
			state: 'decided',
			tally: { for: 0, against: 0, abstain: 0, ballots: 0 },
			decision: { state: 'carried_binding', explanation: ['The chair asked whether any voting member objected; none did.', 'The motion is agreed by consensus. The decision is binding on all members of The group.'] }
		});
		expect(screenView(newState({ motions: [first, second] })).vote).toEqual({
			heading: 'Agreed by consensus',
			text: 'Second',
			notes: [],
			progress: null,
			count: null,
			outcome: { words: 'Outcome: carried, binding', sentence: 'The motion is agreed by consensus. The decision is binding on all members of The group.' }
		});
	});

	it('falls back on the outcome in words when the explanation has no settling sentence; says an indicative result binds nobody', () => {
		const decided = newMotion({ state: 'decided', tally: { for: 0, against: 2, abstain: 0, ballots: 2 }, decision: { state: 'not_carried', explanation: [] } });
		expect(screenView(newState({ motions: [decided] })).vote?.outcome).toEqual({ words: 'Outcome: not carried', sentence: 'The motion is not carried.' });
		const indicative = newMotion({
			state: 'decided',
			indicative: true,
			tally: { for: 2, against: 0, abstain: 0, ballots: 2 },
			decision: { state: 'indicative', explanation: ['Indicative only: the motion would have carried. No decision is taken; the result is recorded as non-binding.'] }
		});
		expect(screenView(newState({ motions: [indicative] })).vote?.outcome?.sentence).toBe('Indicative only: the motion would have carried. No decision is taken; the result is recorded as non-binding.');
	});

	it('shows a consensus being asked for, which anyone entitled to vote may object to', () => {
		const asked = newMotion({ state: 'consensus_called' });
		expect(screenView(newState({ motions: [asked] })).vote).toEqual({
			heading: 'Consensus called',
			text: 'Approve the cardiac surgery review',
			notes: ['Any member entitled to vote may object, which sends the motion to a vote'],
			progress: null,
			count: null,
			outcome: null
		});
	});
});
