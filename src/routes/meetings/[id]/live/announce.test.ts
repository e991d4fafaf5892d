import { describe, expect, it } from 'vitest';
import type { LiveMotion, LiveState } from '$lib/live/state';
import { announcementsFor } from './announce';
import { isNewer } from './live-meeting.svelte';
import { poundsToPence } from './words';

const ITEM = '00000000-0000-0000-0000-0000000000a1';

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
		entitlements: [],
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
		agenda: [{ id: ITEM, number: '6', title: 'Cardiac surgery', purpose: 'decision', presenter: '', minutesAllotted: 10, part: 'A', secondsUsed: 0, discussion: '', papers: [] }],
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

describe('announcementsFor', () => {
	it('says nothing about the first state the page receives', () => {
		expect(announcementsFor(null, newState({ motions: [newMotion({ state: 'voting' })] }))).toEqual([]);
	});

	it('announces a vote opening, then its closing with the outcome in words', () => {
		const proposed = newState({ motions: [newMotion()] });
		const voting = newState({ seq: '2', motions: [newMotion({ state: 'voting' })] });
		const decided = newState({ seq: '3', motions: [newMotion({ state: 'decided', decision: { state: 'carried_binding', explanation: [] } })] });
		expect(announcementsFor(proposed, voting)).toEqual(['Vote opened on: Approve the cardiac surgery review']);
		expect(announcementsFor(voting, decided)).toEqual(['Vote closed on: Approve the cardiac surgery review. Outcome: carried, binding']);
	});

	it('announces what happened while disconnected: a vote opened and closed in between', () => {
		const before = newState({ motions: [newMotion()] });
		const after = newState({ seq: '9', motions: [newMotion({ state: 'decided', decision: { state: 'not_carried', explanation: [] } })] });
		expect(announcementsFor(before, after)).toEqual(['Decided on: Approve the cardiac surgery review. Outcome: not carried']);
	});

	it('does not announce the motions of a new item as proposed, but says which item the meeting is on', () => {
		const before = newState({ currentItem: null });
		const after = newState({ motions: [newMotion()] });
		expect(announcementsFor(before, after)).toEqual(['Now on item 6: Cardiac surgery']);
	});

	it('announces quorum lost with the condition that failed', () => {
		const before = newState();
		const after = newState({ quorum: { quorate: false, failures: ['Quorum not met: no NHS England member present'], explanation: [], counted: 2, votingMembership: 5 } });
		expect(announcementsFor(before, after)).toEqual(['Quorum lost. Quorum not met: no NHS England member present']);
	});
});

describe('isNewer', () => {
	it('compares the change counter as a whole number, not as text', () => {
		expect(isNewer(newState({ seq: '10' }), newState({ seq: '9' }))).toBe(true);
		expect(isNewer(newState({ seq: '9' }), newState({ seq: '10' }))).toBe(false);
		expect(isNewer(newState({ seq: '9007199254740993' }), newState({ seq: '9007199254740992' }))).toBe(true);
	});
});

describe('poundsToPence', () => {
	it('reads pounds as typed into whole pence without floating point', () => {
		expect(poundsToPence('2,000,000')).toBe('200000000');
		expect(poundsToPence('£1,250.5')).toBe('125050');
		expect(poundsToPence('')).toBe('0');
		expect(poundsToPence('0.07')).toBe('7');
		expect(poundsToPence('12.345')).toBeNull();
		expect(poundsToPence('two million')).toBeNull();
	});
});
