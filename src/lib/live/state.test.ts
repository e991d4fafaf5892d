import { describe, expect, it } from 'vitest';
import { visibleState, visibleTallies, votingTally, withTallies, type LiveState, type TallyChange } from './state';

const item = (id: string, part: 'A' | 'B') => ({ id, number: id, title: `Item ${id}`, purpose: 'decision' as const, presenter: '', minutesAllotted: 10, part, secondsUsed: 0, discussion: `Discussed ${id}`, papers: [] });
const motion = (id: string, agendaItemId: string) => ({
	id,
	agendaItemId,
	text: `Motion on ${agendaItemId}`,
	category: 'procedural',
	valuePence: '0',
	procedural: true,
	state: 'voting' as const,
	indicative: false,
	countVisibility: 'open' as const,
	opening: null,
	entitlements: [],
	proposedBy: null,
	secret: false,
	secretBallotAllowed: false,
	objections: [],
	tally: null,
	ballots: null,
	decision: null
});

function state(current: string): LiveState {
	return {
		seq: '7',
		meeting: { id: 'm', bodyId: 'b', title: 'June', bodyName: 'The group', status: 'in_progress', startsAt: '', endsAt: '', place: '', videoLink: '' },
		agenda: [item('a1', 'A'), item('b1', 'B'), item('a2', 'A')],
		currentItem: { id: current, startedAt: null },
		attendance: [],
		quorum: { quorate: true, failures: [], explanation: [], counted: 2, votingMembership: 3 },
		declarations: [{ id: 'd', agendaItemId: current, membershipId: 'x', name: 'X', interest: 'an interest', outcome: 'may_take_part' }],
		motions: [motion('mo', current)],
		speakers: [],
		actions: [
			{ id: 'on-b', description: 'on B', ownerName: null, dueOn: null, agendaItemId: 'b1', status: 'open' },
			{ id: 'general', description: 'general', ownerName: null, dueOn: null, agendaItemId: null, status: 'open' }
		],
		withheld: { items: 0, currentItem: false }
	};
}

describe('visibleState', () => {
	it('gives a reader of Part B the state as it is', () => {
		const whole = state('b1');
		expect(visibleState(whole, ['A', 'B'])).toBe(whole);
	});

	it('leaves the Part B item being taken, its motions and declarations out, and says confidential business is under way', () => {
		const seen = visibleState(state('b1'), ['A']);
		expect(seen.agenda.map((i) => i.id)).toEqual(['a1', 'a2']);
		expect(seen.currentItem).toBeNull();
		expect(seen.motions).toEqual([]);
		expect(seen.declarations).toEqual([]);
		expect(seen.actions.map((a) => a.id)).toEqual(['general']);
		expect(seen.withheld).toEqual({ items: 1, currentItem: true });
		expect(JSON.stringify(seen)).not.toContain('Item b1');
	});

	it('keeps a Part A item being taken, with its motions, while leaving the Part B item out of the agenda', () => {
		const seen = visibleState(state('a2'), ['A']);
		expect(seen.currentItem).toEqual({ id: 'a2', startedAt: null });
		expect(seen.motions.map((m) => m.id)).toEqual(['mo']);
		expect(seen.withheld).toEqual({ items: 1, currentItem: false });
	});
});

describe('a tally change in place of the whole state', () => {
	const change = (from: string, seq: string, ballots = 3): TallyChange => ({
		meetingId: 'm',
		from,
		seq,
		tallies: [{ motionId: 'mo', tally: { for: ballots, against: 0, abstain: 0, ballots } }]
	});

	it('turns any state from `from` up to `seq` into the state at `seq`', () => {
		for (const from of ['7', '6']) {
			const next = withTallies(state('a1'), change(from, '9'));
			expect(next).not.toBe('gap');
			expect(next).toMatchObject({ seq: '9', motions: [{ id: 'mo', tally: { for: 3, ballots: 3 } }] });
		}
	});

	it('is ignored by a state as new, and asks for the whole state when changes were missed', () => {
		expect(withTallies(state('a1'), change('6', '7'))).toBe('stale');
		expect(withTallies(state('a1'), change('8', '9'))).toBe('gap');
	});

	it('leaves a motion that is no longer voting as it is', () => {
		const decided = { ...state('a1'), motions: [{ ...state('a1').motions[0]!, state: 'decided' as const, tally: { for: 1, against: 1, abstain: 0, ballots: 2 } }] };
		expect(withTallies(decided, change('7', '8'))).toMatchObject({ seq: '8', motions: [{ tally: { for: 1, against: 1, ballots: 2 } }] });
	});

	it('reaches a reader of Part A only with the motions of the items they may see', () => {
		expect(visibleTallies(change('7', '8'), state('b1'), ['A']).tallies).toEqual([]);
		expect(visibleTallies(change('7', '8'), state('b1'), ['A', 'B']).tallies).toHaveLength(1);
		expect(visibleTallies(change('7', '8'), state('a1'), ['A']).tallies).toHaveLength(1);
	});

	it('shows a hidden count only as how many have voted', () => {
		expect(votingTally({ countVisibility: 'hidden' }, { for: 2, against: 1, abstain: 1 })).toEqual({ for: 0, against: 0, abstain: 0, ballots: 4 });
		expect(votingTally({ countVisibility: 'open' }, { for: 2, against: 1, abstain: 1 })).toEqual({ for: 2, against: 1, abstain: 1, ballots: 4 });
	});
});
