import { describe, expect, it } from 'vitest';
import { visibleState, type LiveState } from './state';

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
