import { describe, expect, it } from 'vitest';
import type { TextBlock } from './documents/snapshots';
import { draftMinutes, resolutionLine, type MeetingRecord, type MinutesDecision } from './minutes';

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

function decision(overrides: Partial<MinutesDecision> & Pick<MinutesDecision, 'agendaItemId' | 'motionText'>): MinutesDecision {
	return { state: 'carried_binding', stateLabel: 'Carried: binding', method: 'vote', votes: null, recommendationToName: null, explanation: [], ...overrides };
}

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
			decision({
				agendaItemId: 'i4',
				motionText: 'That cardiac surgery be consolidated into three centres.',
				state: 'recommendation',
				stateLabel: 'Recommendation to the parent body',
				votes: { inFavour: '3', against: '1', abstain: '1' },
				recommendationToName: 'the NHS England North regional team',
				explanation: ['Votes cast: 3 for, 1 against, 1 abstention.', 'The group holds no delegated authority, so this is a recommendation.']
			}),
			decision({ agendaItemId: 'i5', motionText: 'Settle the dispute.', explanation: ['Carried by 6 votes to 0.'], votes: { inFavour: '6', against: '0', abstain: '0' } })
		],
		actions: [
			{ agendaItemId: 'i4', description: 'Write to the regional team', ownerName: 'Jo Secretariat', dueOn: '2015-07-08' },
			{ agendaItemId: 'i5', description: 'Instruct solicitors', ownerName: null, dueOn: null },
			{ agendaItemId: null, description: 'Book the next room', ownerName: 'Jo Secretariat', dueOn: null }
		],
		...overrides
	};
}

/** The blocks as lines of text, "### " before a heading of level 3, "- " before a list item: easy to read in a test. */
function lines(blocks: TextBlock[]): string[] {
	return blocks.map((b) => (b.type === 'heading' ? `${'#'.repeat(b.level ?? 1)} ${b.text}` : b.type === 'paragraph' ? b.text : `- ${b.text}`));
}

/** The lines under a heading, up to the next heading. */
function under(all: string[], title: string): string[] {
	const start = all.findIndex((line) => line.replace(/^#+ /, '') === title);
	expect(start, `heading ${title}`).toBeGreaterThanOrEqual(0);
	const end = all.findIndex((line, i) => i > start && line.startsWith('#'));
	return all.slice(start + 1, end < 0 ? undefined : end);
}

describe('draft minutes', () => {
	const draft = draftMinutes(record());
	const partA = lines(draft.partA);
	const partB = lines(draft.partB);

	it('opens with the body, meeting and London time', () => {
		expect(partA.slice(0, 3)).toEqual(['North West Oversight Group: minutes of June meeting', 'Held on Tuesday 9 June 2015, 2:00pm to 4:00pm.', 'Place: Room 3, Manchester.']);
	});

	it('says the meeting was also held by video, never the link itself: approved minutes are published, and the link lets anyone in', () => {
		const online = record({ meeting: { ...record().meeting, videoLink: 'https://meet.example/secret-room?pwd=123' } });
		const text = lines(draftMinutes(online).partA).join('\n');
		expect(text).not.toContain('meet.example');
		expect(text).toContain('Also held by video link.');
	});

	it('lists who was present, in attendance, sent apologies and was absent, with deputies', () => {
		expect(under(partA, 'Present')).toEqual([
			'- Ann Chair, Chair',
			'- Farid Deputy, deputy for Carol Member',
			'- Nina NHSE, Voting member (joined remotely; left during the meeting)'
		]);
		expect(under(partA, 'In attendance')).toEqual(['- Jo Secretariat, Secretariat', '- Olly Observer, Observer (observer)']);
		expect(under(partA, 'Apologies')).toEqual(['- Carol Member, Voting member (represented by Farid Deputy, deputy)']);
		expect(under(partA, 'Absent')).toEqual(['- Sam Silent, Voting member']);
	});

	it('records declarations and what follows from them, in the list and under the item', () => {
		expect(under(partA, 'Declarations of interest')).toEqual([
			'- Item 4, Cardiac surgery: Nina NHSE declared an interest: employed by a provider affected. Nina NHSE may take part in the discussion but not vote.'
		]);
		expect(under(partA, '4. Cardiac surgery').slice(0, 2)).toEqual([
			'For decision. Presented by Dr Patel.',
			'Nina NHSE declared an interest: employed by a provider affected. Nina NHSE may take part in the discussion but not vote.'
		]);
	});

	it('gives each decision one plain RESOLVED line with its figures, and actions under their item', () => {
		expect(under(partA, '4. Cardiac surgery').slice(2)).toEqual([
			'Members discussed the options.',
			'RESOLVED: to recommend to the NHS England North regional team that cardiac surgery be consolidated into three centres; carried 3–1, 1 abstention.',
			'- Action: Write to the regional team (owner: Jo Secretariat; due 8 July 2015)'
		]);
		expect(draft.partA.find((b) => b.text.startsWith('RESOLVED'))!.runs![0]).toEqual({ text: 'RESOLVED:', bold: true });
		expect(under(partA, '4.1. Centre locations')).toEqual(['For discussion.']);
		expect(partA).toContain('#### 4.1. Centre locations');
		expect(under(partA, 'Other actions')).toEqual(['- Action: Book the next room (owner: Jo Secretariat; no due date)']);
	});

	it("keeps the engine's full explanation in an annex, not in the item", () => {
		expect(under(partA, '4. Cardiac surgery').join('\n')).not.toContain('delegated authority');
		expect(under(partA, 'Item 4: Cardiac surgery')).toEqual([
			'Outcome: Recommendation to the parent body.',
			'Votes cast: 3 for, 1 against, 1 abstention.',
			'The group holds no delegated authority, so this is a recommendation.'
		]);
		expect(partA.indexOf('### Annex: how each decision was reached')).toBeGreaterThan(partA.indexOf('### Other actions'));
	});

	it('keeps Part B business, its declarations and its annex in a part of its own', () => {
		const everythingA = partA.join('\n');
		expect(everythingA).not.toMatch(/Provider contract dispute|Confidential legal advice|Instruct solicitors|spouse works|settle the dispute/);
		expect(partB[0]).toBe('### Part B: confidential business');
		expect(under(partB, '5. Provider contract dispute')).toContain('RESOLVED: to settle the dispute; carried 6–0.');
		expect(under(partB, 'Declarations of interest')).toEqual([
			'- Item 5, Provider contract dispute: Ann Chair declared an interest: spouse works for the provider. Ann Chair leaves the meeting for the item.'
		]);
		expect(under(partB, 'Item 5: Provider contract dispute')).toContain('Carried by 6 votes to 0.');
	});

	it('writes no instructions to the minute-taker', () => {
		expect([...partA, ...partB].join('\n')).not.toMatch(/\[|edit|regenerate|keep the lines|marker/i);
	});

	it('says so when nothing was recorded, and has no Part B without Part B items', () => {
		const empty = draftMinutes(record({ attendance: [], declarations: [], decisions: [], actions: [], items: [item('i1', '1', 'Welcome')] }));
		const text = lines(empty.partA);
		expect(under(text, 'Present')).toEqual(['No members were recorded as present.']);
		expect(under(text, 'Apologies')).toEqual(['None received.']);
		expect(under(text, 'Declarations of interest')).toEqual(['No interests were declared.']);
		expect(text.join('\n')).not.toMatch(/Other actions|Annex|Absent/);
		expect(empty.partB).toEqual([]);
	});
});

describe('a resolution line', () => {
	const base = decision({ agendaItemId: 'i', motionText: 'Approve the minutes of the May meeting as an accurate record.', votes: { inFavour: '5', against: '0', abstain: '0' } });

	it('reads as minutes read, whatever the motion starts with', () => {
		expect(resolutionLine(base)).toBe('RESOLVED: to approve the minutes of the May meeting as an accurate record; carried 5–0.');
		expect(resolutionLine({ ...base, motionText: 'NHS England leads the procurement' })).toBe('RESOLVED: that NHS England leads the procurement; carried 5–0.');
		expect(resolutionLine({ ...base, motionText: 'That the plan be adopted.' })).toBe('RESOLVED: that the plan be adopted; carried 5–0.');
	});

	it('says how each kind of outcome was reached', () => {
		expect(resolutionLine({ ...base, method: 'consensus', votes: null })).toBe('RESOLVED: to approve the minutes of the May meeting as an accurate record; agreed by consensus.');
		expect(resolutionLine({ ...base, state: 'not_carried', votes: { inFavour: '2', against: '3', abstain: '2' } })).toBe(
			'NOT CARRIED: to approve the minutes of the May meeting as an accurate record; not carried 2–3, 2 abstentions.'
		);
		expect(resolutionLine({ ...base, state: 'carried_subject_to_ratification' })).toMatch(/^RESOLVED, subject to ratification: to approve/);
		expect(resolutionLine({ ...base, state: 'indicative' })).toMatch(/^INDICATIVE VOTE, not binding: .*; 5–0\.$/);
		expect(resolutionLine({ ...base, state: 'recommendation', recommendationToName: 'the CCG Collaborative', motionText: 'Fund the pilot.' })).toBe(
			'RESOLVED: to recommend to the CCG Collaborative that it fund the pilot; carried 5–0.'
		);
	});
});
