import { describe, expect, it } from 'vitest';
import { comparePriorities, compareRaci, compareSnapshots, compareTermsOfReference, pounds } from './compare';
import { TERMS_OF_REFERENCE_SECTIONS } from './layout';
import type { RaciSnapshot } from './raci';
import type { PrioritySnapshot, TermsOfReferenceSnapshot, TextBlock } from './snapshots';

const terms = (blocks: Partial<Record<string, TextBlock[]>>, rulesText = ''): TermsOfReferenceSnapshot => ({
	sections: TERMS_OF_REFERENCE_SECTIONS.map(({ key, heading }) => ({ key, heading, blocks: blocks[key] ?? [] })),
	rulesText
});
const p = (text: string): TextBlock => ({ type: 'paragraph', text });
const texts = (changes: { text: string }[]) => changes.map((c) => c.text);

describe('comparing terms of reference', () => {
	it('finds nothing between equal versions', () => {
		const same = terms({ quorum: [p('Half the voting members.')] }, '{"a":1}');
		expect(compareTermsOfReference(same, same)).toEqual([]);
	});

	it('names sections added, removed and changed, in the layout order', () => {
		const before = terms({ purpose: [p('To oversee.')], quorum: [p('Half.'), p('Chair present.')], appeal: [p('Arbitration.')] });
		const after = terms({ purpose: [p('To oversee.')], quorum: [p('Two thirds.'), p('Chair present.'), p('One NHS England member.')], sub_groups: [p('Delivery sub-groups.')] });
		expect(compareTermsOfReference(before, after)).toEqual([
			{ kind: 'changed', text: 'Section “Quorum” changed: 1 block reworded, 1 block added' },
			{ kind: 'added', text: 'Section “Sub-groups” added (1 block)' },
			{ kind: 'removed', text: 'Section “Appeal and arbitration” removed (now empty)' }
		]);
	});

	it('names a section whose only paragraph was reworded', () => {
		expect(texts(compareTermsOfReference(terms({ quorum: [p('Half.')] }), terms({ quorum: [p('Two thirds.')] })))).toEqual(['Section “Quorum” changed: 1 block reworded']);
	});

	it('lists each structured-rules setting that changed when both are JSON, or says the text changed', () => {
		const before = terms({}, JSON.stringify({ schemaVersion: 1, quorum: { minimumCount: 6 }, voting: { basis: 'per_member' } }));
		const after = terms({}, JSON.stringify({ schemaVersion: 1, quorum: { minimumCount: 7, deputiesCount: true }, voting: { basis: 'per_member' } }, null, 2));
		expect(texts(compareTermsOfReference(before, after))).toEqual([
			'Structured rules: quorum.minimumCount changed from 6 to 7',
			'Structured rules: quorum.deputiesCount set to true'
		]);
		expect(texts(compareTermsOfReference(before, terms({}, '{ not json')))).toEqual(['Structured rules text changed']);
		expect(texts(compareTermsOfReference(terms({}), before))).toEqual(['Structured rules added']);
	});
});

const priority = (id: string, title: string, extra: Partial<PrioritySnapshot> = {}): PrioritySnapshot => ({
	id,
	title,
	programme: 'Cancer',
	services: '',
	why: '',
	scores: {},
	category: 'Service review',
	lead: '',
	subGroup: '',
	qippSavingPence: '',
	rag: null,
	ragHistory: [],
	milestones: [],
	...extra
});

describe('comparing priorities plans', () => {
	it('names priorities added and removed, and each field, score, RAG status and milestone changed', () => {
		const before = {
			priorities: [
				priority('p1', 'Cardiac surgery', { scores: { inequity: 1, vulnerability: 2 }, rag: 'amber', qippSavingPence: '10000000', milestones: [{ id: 'm1', title: 'Options appraisal', due: '2015-09-30', done: false }] }),
				priority('p2', 'Renal dialysis', { scores: { inequity: 3, vulnerability: 3 } })
			]
		};
		const after = {
			priorities: [
				priority('p1', 'Adult cardiac surgery', {
					programme: 'Internal Medicine',
					scores: { inequity: 3, vulnerability: 2, high_risk: 2 },
					rag: 'red',
					qippSavingPence: '15000050',
					milestones: [
						{ id: 'm1', title: 'Options appraisal', due: '2015-10-31', done: true },
						{ id: 'm2', title: 'Consultation', due: '2016-01-31', done: false }
					]
				}),
				priority('p3', 'Secure mental health')
			]
		};
		expect(texts(comparePriorities(before, after))).toEqual([
			'Priority “Renal dialysis” removed',
			'Priority “Cardiac surgery” renamed to “Adult cardiac surgery”',
			'Priority “Adult cardiac surgery”: programme of care changed from “Cancer” to “Internal Medicine”',
			'Priority “Adult cardiac surgery”: score for Inequity of access changed from 1 to 3',
			'Priority “Adult cardiac surgery”: score for High risk (legal, media, political, policy, evidence, health impact, financial) set to 2',
			'Priority “Adult cardiac surgery”: total score 3 → 7',
			'Priority “Adult cardiac surgery”: rank 2 → 1',
			'Priority “Adult cardiac surgery”: RAG status amber → red',
			'Priority “Adult cardiac surgery”: QIPP savings target £100,000 → £150,000.50',
			'Priority “Adult cardiac surgery”: milestone “Options appraisal”: due date 2015-09-30 → 2015-10-31',
			'Priority “Adult cardiac surgery”: milestone “Options appraisal” marked done',
			'Priority “Adult cardiac surgery”: milestone “Consultation” added (due 2016-01-31)',
			'Priority “Secure mental health” added (total score 0, ranked 2)'
		]);
	});

	it('writes pence as pounds exactly', () => {
		expect(pounds('5')).toBe('£0.05');
		expect(pounds('123456789')).toBe('£1,234,567.89');
		expect(pounds('')).toBe('not set');
	});
});

describe('comparing RACI matrices', () => {
	const before: RaciSnapshot = {
		rows: [
			{ id: 'needs', stage: 'Planning', activity: 'Needs assessment' },
			{ id: 'procure', stage: 'Specify and procure', activity: 'Procurement' }
		],
		columns: [
			{ id: 'hub', name: 'Specialised commissioning hub' },
			{ id: 'ccgs', name: 'CCGs' },
			{ id: 'ph', name: 'Public health' }
		],
		cells: { 'needs:ccgs': 'C', 'needs:hub': 'A', 'procure:hub': 'R' }
	};

	it('names rows and columns added, removed and renamed, and each cell changed', () => {
		const after: RaciSnapshot = {
			rows: [
				{ id: 'needs', stage: 'Planning', activity: 'Needs assessment' },
				{ id: 'eval', stage: 'Deliver and improve', activity: 'Evaluation' }
			],
			columns: [
				{ id: 'hub', name: 'Hub' },
				{ id: 'ccgs', name: 'CCGs' },
				{ id: 'la', name: 'Local authority' }
			],
			cells: { 'needs:ccgs': 'R', 'eval:hub': 'A' }
		};
		expect(texts(compareRaci(before, after))).toEqual([
			'Activity “Procurement” removed',
			'Activity “Evaluation” added (Deliver and improve)',
			'Stakeholder “Public health” removed',
			'Stakeholder “Specialised commissioning hub” renamed to “Hub”',
			'Stakeholder “Local authority” added',
			'Needs assessment × Hub: A → empty',
			'Needs assessment × CCGs: C → R'
		]);
	});

	it('compares through the tagged snapshots, and refuses two kinds', () => {
		expect(compareSnapshots({ kind: 'raci', content: before }, { kind: 'raci', content: before })).toEqual([]);
		expect(() => compareSnapshots({ kind: 'raci', content: before }, { kind: 'priorities', content: { priorities: [] } })).toThrow(/Cannot compare/);
	});
});
