import { describe, expect, it } from 'vitest';
import { TERMS_OF_REFERENCE_SECTIONS } from './documents/layout';
import type { PrioritySnapshot } from './documents/snapshots';
import { searchableText } from './search-text';

const priority = (overrides: Partial<PrioritySnapshot>): PrioritySnapshot => ({
	id: 'p1',
	title: '',
	programme: '',
	services: '',
	why: '',
	scores: {},
	category: '',
	lead: '',
	subGroup: '',
	qippSavingPence: '',
	rag: null,
	ragHistory: [],
	milestones: [],
	...overrides
});

describe('the words a co-edited document is searched by', () => {
	it('keeps the minutes’ confidential business (Part B) apart from Part A', () => {
		const text = searchableText({
			kind: 'minutes',
			content: {
				partA: [
					{ type: 'heading', text: 'Minutes of the meeting', level: 2 },
					{ type: 'paragraph', text: 'The group noted the report.', runs: [{ text: 'The group ' }, { text: 'noted', bold: true }, { text: ' the report.' }] }
				],
				partB: [{ type: 'bullet', text: 'The contract with the provider was discussed.', level: 1 }]
			}
		});
		expect(text).toEqual({ A: 'Minutes of the meeting\nThe group noted the report.', B: 'The contract with the provider was discussed.' });
	});

	it('reads the terms of reference section by section, leaving out the empty ones and the rules as typed', () => {
		const sections = TERMS_OF_REFERENCE_SECTIONS.map(({ key, heading }) => ({ key, heading, blocks: [] as { type: 'paragraph'; text: string }[] }));
		sections[0]!.blocks = [{ type: 'paragraph', text: 'To oversee commissioning.' }, { type: 'paragraph', text: '   ' }];
		const text = searchableText({ kind: 'terms-of-reference', content: { sections, rulesText: '{"quorum": {"minimumCount": 3}}' } });
		expect(text).toEqual({ A: `${TERMS_OF_REFERENCE_SECTIONS[0]!.heading}\nTo oversee commissioning.`, B: '' });
	});

	it('reads every written field of every priority, its milestones and the notes of its RAG history', () => {
		const text = searchableText({
			kind: 'priorities',
			content: {
				priorities: [
					priority({
						title: 'Stroke services',
						why: 'Outcomes below the national average',
						lead: 'Jo Bloggs',
						milestones: [{ id: 'm1', title: 'Business case approved', due: '2016-01-01', done: false }],
						ragHistory: [{ status: 'amber', on: '2015-10-01', note: 'Recruitment delayed' }]
					}),
					priority({ title: 'Diabetes' })
				]
			}
		});
		expect(text.A.split('\n')).toEqual(['Stroke services', 'Outcomes below the national average', 'Jo Bloggs', 'Business case approved', 'Recruitment delayed', 'Diabetes']);
		expect(text.B).toBe('');
	});

	it('reads a RACI matrix’s stages, activities and stakeholders, not its letters', () => {
		const text = searchableText({
			kind: 'raci',
			content: { rows: [{ id: 'r1', stage: 'Plan', activity: 'Needs assessment' }], columns: [{ id: 'c1', name: 'NHS England' }], cells: { 'r1:c1': 'A' } }
		});
		expect(text).toEqual({ A: 'Plan\nNeeds assessment\nNHS England', B: '' });
	});
});
