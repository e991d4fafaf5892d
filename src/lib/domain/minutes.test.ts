import { describe, expect, it } from 'vitest';
import { PART_B_BEGINS, PART_B_ENDS, PART_B_WITHHELD, draftMinutes, withoutPartB, type MeetingRecord } from './minutes';

const item = (id: string, number: string, title: string, extra: Partial<MeetingRecord['items'][number]> = {}) => ({
	id,
	number,
	title,
	purposeLabel: 'For information',
	presenter: '',
	part: 'A' as const,
	discussion: '',
	...extra
});

function record(overrides: Partial<MeetingRecord> = {}): MeetingRecord {
	return {
		bodyName: 'North West Oversight Group',
		meeting: {
			title: 'June meeting',
			// 14:00 to 16:00 British Summer Time.
			startsAt: new Date('2015-06-09T13:00:00Z'),
			endsAt: new Date('2015-06-09T15:00:00Z'),
			place: 'Room 3, Manchester',
			videoLink: ''
		},
		attendance: [
			{ name: 'Ann Chair', role: 'chair', status: 'present', deputyForName: null },
			{ name: 'Carol Member', role: 'voting_member', status: 'apologies', deputyForName: null },
			{ name: 'Farid Deputy', role: 'deputy', status: 'present', deputyForName: 'Carol Member' },
			{ name: 'Nina NHSE', role: 'voting_member', status: 'remote', deputyForName: null, departed: true },
			{ name: 'Jo Secretariat', role: 'secretariat', status: 'present', deputyForName: null },
			{ name: 'Olly Observer', role: 'observer', status: 'observer', deputyForName: null },
			{ name: 'Sam Silent', role: 'voting_member', status: null, deputyForName: null }
		],
		items: [
			item('i1', '1', 'Welcome and apologies', { discussion: 'The chair welcomed members.' }),
			item('i4', '4', 'Cardiac surgery', { purposeLabel: 'For decision', presenter: 'Dr Patel', discussion: 'Members discussed the options.' }),
			item('i41', '4.1', 'Centre locations', { purposeLabel: 'For discussion' }),
			item('i5', '5', 'Provider contract dispute', { part: 'B', purposeLabel: 'For decision', discussion: 'Confidential legal advice was considered.' })
		],
		declarations: [
			{ agendaItemId: 'i4', name: 'Nina NHSE', interest: 'employed by a provider affected', follows: 'may take part in the discussion but not vote' },
			{ agendaItemId: 'i5', name: 'Ann Chair', interest: 'spouse works for the provider', follows: 'leaves the meeting for the item' }
		],
		decisions: [
			{
				agendaItemId: 'i4',
				motionText: 'To recommend consolidating cardiac surgery into three centres.',
				stateLabel: 'Recommendation to the parent body',
				explanation: ['Votes cast: 5 for, 1 against.', 'The group holds no delegated authority, so this is a recommendation.']
			},
			{ agendaItemId: 'i5', motionText: 'To settle the dispute.', stateLabel: 'Carried: binding', explanation: ['Carried by 6 votes to 0.'] }
		],
		actions: [
			{ agendaItemId: 'i4', description: 'Write to the regional team', ownerName: 'Jo Secretariat', dueOn: '2015-07-08' },
			{ agendaItemId: 'i5', description: 'Instruct solicitors', ownerName: null, dueOn: null },
			{ agendaItemId: null, description: 'Book the next room', ownerName: 'Jo Secretariat', dueOn: null }
		],
		...overrides
	};
}

describe('draft minutes', () => {
	const text = draftMinutes(record());

	it('opens with the body, meeting and London time', () => {
		expect(text.split('\n').slice(0, 4)).toEqual([
			'North West Oversight Group',
			'Minutes of the meeting: June meeting',
			'Held on Tuesday 9 June 2015, 2:00pm to 4:00pm',
			'Place: Room 3, Manchester'
		]);
	});

	it('lists who was present, in attendance and sent apologies, with deputies', () => {
		const block = (heading: string) => {
			const lines = text.split('\n');
			const start = lines.indexOf(heading);
			return lines.slice(start + 1, lines.indexOf('', start));
		};
		expect(block('Present')).toEqual([
			'- Ann Chair, Chair',
			'- Farid Deputy, deputy for Carol Member',
			'- Nina NHSE, Voting member (joined remotely; left during the meeting)'
		]);
		expect(block('In attendance')).toEqual(['- Jo Secretariat, Secretariat', '- Olly Observer, Observer (observer)']);
		expect(block('Apologies')).toEqual(['- Carol Member, Voting member (represented by Farid Deputy, deputy)']);
		expect(text).not.toContain('Sam Silent');
	});

	it('records declarations and what follows from them, in the list and under the item', () => {
		expect(text).toContain(
			'- Item 4, Cardiac surgery: Nina NHSE declared an interest: employed by a provider affected. Nina NHSE may take part in the discussion but not vote.'
		);
		expect(text).toMatch(/4\. Cardiac surgery \(For decision\)\nPresented by Dr Patel\.\nNina NHSE declared an interest/);
	});

	it('numbers each item with its discussion, decisions with every explanation sentence, and actions', () => {
		expect(text).toContain('1. Welcome and apologies (For information)\nThe chair welcomed members.');
		expect(text).toContain('4.1. Centre locations (For discussion)\nNo discussion recorded.');
		expect(text).toContain(
			[
				'Decision: To recommend consolidating cardiac surgery into three centres.',
				'Outcome: Recommendation to the parent body.',
				'Votes cast: 5 for, 1 against.',
				'The group holds no delegated authority, so this is a recommendation.',
				'Actions:',
				'- Action: Write to the regional team (owner: Jo Secretariat; due 8 July 2015)'
			].join('\n')
		);
		expect(text).toContain('Other actions\n- Action: Book the next room (owner: Jo Secretariat; no due date)');
	});

	it('fences Part B business so the published minutes leave it out', () => {
		expect(text).toContain(`${PART_B_BEGINS}\n5. Provider contract dispute (For decision, Part B: confidential)`);
		const published = withoutPartB(text);
		expect(published).not.toMatch(/Provider contract dispute|Confidential legal advice|Instruct solicitors|spouse works|To settle the dispute/);
		expect(published).toContain(PART_B_WITHHELD);
		expect(published).toContain('Cardiac surgery');
		expect(published).not.toContain(PART_B_ENDS);
	});

	it('withholds to the end when an end marker was deleted by hand, and leaves Part A-only text alone', () => {
		expect(withoutPartB(`Open\n${PART_B_BEGINS}\nSecret\nMore secret`)).toBe(`Open\n${PART_B_WITHHELD}`);
		expect(withoutPartB('Just Part A\n')).toBe('Just Part A\n');
	});

	it('says so when nothing was recorded', () => {
		const empty = draftMinutes(record({ attendance: [], declarations: [], decisions: [], actions: [], items: [item('i1', '1', 'Welcome')] }));
		expect(empty).toContain('Present\nNo members were recorded as present.');
		expect(empty).toContain('Apologies\nNone received.');
		expect(empty).toContain('Declarations of interest\nNo interests were declared.');
		expect(empty).not.toContain('Other actions');
	});
});
