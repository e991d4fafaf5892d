import { describe, expect, it } from 'vitest';
import { TERMS_OF_REFERENCE_SECTIONS } from './layout';
import type { RaciSnapshot } from './raci';
import { changeSegments, countWords, diffText, redlinePriorities, redlineRaci, redlineSnapshots, redlineTermsOfReference, type Segment } from './redline';
import type { PrioritySnapshot, TermsOfReferenceSnapshot, TextBlock } from './snapshots';

const terms = (blocks: Partial<Record<string, TextBlock[]>>, rulesText = ''): TermsOfReferenceSnapshot => ({
	sections: TERMS_OF_REFERENCE_SECTIONS.map(({ key, heading }) => ({ key, heading, blocks: blocks[key] ?? [] })),
	rulesText
});
const p = (text: string): TextBlock => ({ type: 'paragraph', text });
const section = (redline: ReturnType<typeof redlineTermsOfReference>, key: string) => redline.sections.find((s) => s.key === key)!;
/** Segments as one string: [+inserted+] and [-deleted-], as a reviewer would mark them by hand. */
const marked = (segments: Segment[]) => segments.map((s) => (s.kind === 'inserted' ? `[+${s.text}+]` : s.kind === 'deleted' ? `[-${s.text}-]` : s.text)).join('');

const priority = (fields: Partial<PrioritySnapshot> & { id: string }): PrioritySnapshot => ({
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
	...fields
});

const matrix = (overrides: Partial<RaciSnapshot> = {}): RaciSnapshot => ({
	rows: [
		{ id: 'needs', stage: 'Planning', activity: 'Needs assessment' },
		{ id: 'priority', stage: 'Planning', activity: 'Priority setting' },
		{ id: 'procure', stage: 'Specify and procure', activity: 'Procurement' }
	],
	columns: [
		{ id: 'hub', name: 'Specialised commissioning hub' },
		{ id: 'ccgs', name: 'CCGs' }
	],
	cells: { 'needs:hub': 'A', 'needs:ccgs': 'R', 'priority:hub': 'A', 'priority:ccgs': 'C', 'procure:hub': 'R' },
	...overrides
});

describe('word diffs', () => {
	it('marks the words inserted and deleted, keeping the rest', () => {
		expect(marked(diffText('Half of the voting members.', 'Two thirds of the voting members, including the chair.'))).toBe(
			'[-Half-][+Two thirds+] of the voting members[+, including the chair+].'
		);
	});

	it('finds no difference in whitespace alone, and nothing in two empty texts', () => {
		expect(diffText('a  b c', 'a b  c').every((s) => s.kind === 'same')).toBe(true);
		expect(diffText('', '')).toEqual([]);
	});

	it('marks a value changed as the old struck out and the new after it', () => {
		expect(marked(changeSegments('C', 'R'))).toBe('[-C-] [+R+]');
		expect(marked(changeSegments('', 'A'))).toBe('[+A+]');
		expect(marked(changeSegments('2', ''))).toBe('[-2-]');
		expect(changeSegments('A', 'A')).toEqual([{ kind: 'same', text: 'A' }]);
	});

	it('shows texts rewritten through and through as one deleted and the other inserted', () => {
		const words = (prefix: string) => Array.from({ length: 600 }, (_, i) => `${prefix}${i}`).join(' ');
		expect(diffText(words('a'), words('b')).map((s) => s.kind)).toEqual(['deleted', 'inserted']);
	});

	it('counts words as a reader would', () => {
		expect(countWords('the vice-chair and £1,250,000 by 2015-06-30')).toBe(6);
		expect(countWords(', ')).toBe(1);
		expect(countWords('  ')).toBe(0);
	});
});

describe('redlining terms of reference', () => {
	it('gives no differences between equal versions', () => {
		const same = terms({ quorum: [p('Half the voting members.')] }, '{"a":1}');
		const redline = redlineTermsOfReference(same, structuredClone(same));
		expect(redline.summary).toMatchObject({ same: true, text: 'No differences.', wordsInserted: 0, wordsDeleted: 0 });
		expect(redline.sections.every((s) => s.status === 'same')).toBe(true);
		expect(redline.rules.status).toBe('same');
	});

	it('word-diffs a reworded paragraph and counts the words and sections', () => {
		const redline = redlineTermsOfReference(
			terms({ quorum: [p('Half of the voting members.')], purpose: [p('To oversee.')] }),
			terms({ quorum: [p('Two thirds of the voting members.')], purpose: [p('To oversee.')] })
		);
		const quorum = section(redline, 'quorum');
		expect(quorum.status).toBe('changed');
		expect(quorum.blocks).toHaveLength(1);
		expect(quorum.blocks[0]).toMatchObject({ status: 'changed', type: 'paragraph' });
		expect(marked(quorum.blocks[0]!.segments)).toBe('[-Half-][+Two thirds+] of the voting members.');
		expect(section(redline, 'purpose').status).toBe('same');
		expect(redline.summary).toMatchObject({ same: false, wordsInserted: 2, wordsDeleted: 1, text: '2 words inserted and 1 deleted, in 1 section.' });
	});

	it('marks whole blocks added and removed, and pairs only blocks that read alike', () => {
		const before = terms({
			quorum: [p('Quorum is half of the voting members.'), p('Deputies count towards the quorum.'), p('The chair must be present.')]
		});
		const after = terms({
			quorum: [p('Quorum is two thirds of the voting members.'), p('An NHS England member must attend.'), p('The chair must be present.')]
		});
		const blocks = section(redlineTermsOfReference(before, after), 'quorum').blocks;
		expect(blocks.map((b) => [b.status, marked(b.segments)])).toEqual([
			['changed', 'Quorum is [-half-][+two thirds+] of the voting members.'],
			['deleted', '[-Deputies count towards the quorum.-]'],
			['inserted', '[+An NHS England member must attend.+]'],
			['same', 'The chair must be present.']
		]);
	});

	it('marks a section filled in as inserted and one emptied as deleted, and leaves empty paragraphs out', () => {
		const redline = redlineTermsOfReference(
			terms({ appeal: [p('Disputes go to arbitration.')], quorum: [p('Half.'), p('  ')] }),
			terms({ sub_groups: [p('Delivery sub-groups report monthly.')], quorum: [p('Half.')] })
		);
		expect(section(redline, 'sub_groups')).toMatchObject({ status: 'inserted', blocks: [{ status: 'inserted' }] });
		expect(section(redline, 'appeal')).toMatchObject({ status: 'deleted', blocks: [{ status: 'deleted' }] });
		expect(section(redline, 'quorum').status).toBe('same');
		expect(redline.summary.text).toBe('4 words inserted and 4 deleted, in 2 sections.');
	});

	it('notes a paragraph made a heading, with the same words', () => {
		const blocks = section(redlineTermsOfReference(terms({ purpose: [p('Functions')] }), terms({ purpose: [{ type: 'heading', level: 3, text: 'Functions' }] })), 'purpose').blocks;
		expect(blocks).toEqual([{ status: 'changed', type: 'heading', level: 3, was: { type: 'paragraph' }, segments: [{ kind: 'same', text: 'Functions' }] }]);
	});

	it('keeps a section a later layout no longer has, as deleted, after the others', () => {
		const before = terms({ purpose: [p('To oversee.')] });
		before.sections.push({ key: 'retired' as never, heading: 'Retired section', blocks: [p('Old words.')] });
		const redline = redlineTermsOfReference(before, terms({ purpose: [p('To oversee.')] }));
		expect(redline.sections.at(-1)).toMatchObject({ key: 'retired', heading: 'Retired section', status: 'deleted' });
	});

	it('diffs the structured rules word by word, pretty-printed, so reformatting alone is no difference', () => {
		const compact = JSON.stringify({ schemaVersion: 1, quorum: { minimumCount: 3 } });
		const spread = JSON.stringify({ schemaVersion: 1, quorum: { minimumCount: 3 } }, null, 4);
		expect(redlineTermsOfReference(terms({}, compact), terms({}, spread)).summary.same).toBe(true);

		const rules = redlineTermsOfReference(terms({}, compact), terms({}, JSON.stringify({ schemaVersion: 1, quorum: { minimumCount: 2 } }))).rules;
		expect(rules.status).toBe('changed');
		expect(rules.segments.filter((s) => s.kind !== 'same')).toEqual([
			{ kind: 'deleted', text: '3' },
			{ kind: 'inserted', text: '2' }
		]);
		expect(redlineTermsOfReference(terms({}, ''), terms({}, '{"a": 1}')).rules.status).toBe('inserted');
		expect(redlineTermsOfReference(terms({}, '{"a": '), terms({}, '')).summary.text).toBe('1 word deleted, in the structured rules.');
	});

	it('refuses to redline two kinds of document', () => {
		expect(() => redlineSnapshots({ kind: 'raci', content: matrix() }, { kind: 'priorities', content: { priorities: [] } })).toThrow(/Cannot redline/);
	});
});

describe('redlining a priorities plan', () => {
	const cardiac = priority({
		id: 'cardiac',
		title: 'Consolidate adult cardiac surgery',
		lead: 'Dr Ann Chair',
		scores: { vulnerability: 3, increasing_need: 2 },
		rag: 'amber',
		milestones: [{ id: 'm1', title: 'Options appraisal', due: '2015-06-30', done: false }]
	});
	const neuro = priority({ id: 'neuro', title: 'Review paediatric neurosurgery', scores: { inequity: 3 } });

	it('gives no differences between equal plans, nor when only the order they were added in differs', () => {
		const plan = { priorities: [cardiac, neuro] };
		expect(redlinePriorities(plan, structuredClone(plan)).summary).toMatchObject({ same: true, text: 'No differences.' });
		expect(redlinePriorities(plan, { priorities: [neuro, cardiac] }).summary.same).toBe(true);
	});

	it('word-diffs each field of a priority matched by id, and shows scores, RAG and milestones as values changed', () => {
		const after = {
			...cardiac,
			title: 'Consolidate adult and paediatric cardiac surgery',
			lead: 'Dr Ben Lead',
			scores: { vulnerability: 3, increasing_need: 3, inequity: 1 },
			rag: 'green' as const,
			milestones: [
				{ id: 'm1', title: 'Options appraisal', due: '2015-07-31', done: true },
				{ id: 'm2', title: 'Public consultation', due: '', done: false }
			]
		};
		const redline = redlinePriorities({ priorities: [cardiac, neuro] }, { priorities: [neuro, after] });
		const row = redline.priorities.find((x) => x.id === 'cardiac')!;
		expect(row.status).toBe('changed');
		expect(marked(row.title)).toBe('Consolidate adult [+and paediatric +]cardiac surgery');
		expect(marked(row.fields.find((f) => f.key === 'lead')!.segments)).toBe('Dr [-Ann Chair-][+Ben Lead+]');
		expect(row.fields.find((f) => f.key === 'why')).toMatchObject({ changed: false, segments: [] });
		expect(row.scores.filter((s) => s.changed).map((s) => [s.key, s.before, s.after])).toEqual([
			['increasing_need', 2, 3],
			['inequity', null, 1]
		]);
		expect(row.total).toEqual({ before: 5, after: 7, changed: true });
		expect(row.rag).toEqual({ before: 'amber', after: 'green', changed: true });
		expect(row.milestones.map((m) => [m.id, m.status, m.due.changed, m.done.changed])).toEqual([
			['m1', 'changed', true, true],
			['m2', 'inserted', true, true]
		]);
		expect(redline.priorities.find((x) => x.id === 'neuro')!.status).toBe('same');
		expect(redline.summary.text).toBe(
			'4 words inserted, 2 deleted, 2 scores changed, 1 RAG status changed, 1 due date changed, 1 milestone marked done and 1 milestone added, in 1 priority.'
		);
	});

	it('marks whole priorities added and removed, keeping a removed one where it ranked', () => {
		const stroke = priority({ id: 'stroke', title: 'Hyper-acute stroke units', scores: { high_risk: 1 } });
		const redline = redlinePriorities({ priorities: [cardiac, neuro] }, { priorities: [neuro, stroke] });
		expect(redline.priorities.map((x) => [x.id, x.status])).toEqual([
			['cardiac', 'deleted'],
			['neuro', 'same'],
			['stroke', 'inserted']
		]);
		const removed = redline.priorities[0]!;
		expect(marked(removed.title)).toBe('[-Consolidate adult cardiac surgery-]');
		expect(removed.rag).toEqual({ before: 'amber', after: null, changed: true });
		expect(removed.milestones[0]!.status).toBe('deleted');
		// neuro moved from rank 2 to 1: shown, but a rank follows from the others and is no difference of its own.
		expect(redline.priorities[1]!.rank).toEqual({ before: 2, after: 1, changed: true });
		expect(redline.summary.text).toBe('1 priority added and 1 priority removed, in 2 priorities.');
	});

	it('marks RAG history entries added', () => {
		const entry = { status: 'amber' as const, on: '2015-05-01', note: 'Two centres yet to agree' };
		const later = { ...cardiac, ragHistory: [entry, { status: 'green' as const, on: '2015-06-01', note: '' }] };
		const row = redlinePriorities({ priorities: [{ ...cardiac, ragHistory: [entry] }] }, { priorities: [later] }).priorities[0]!;
		expect(row.ragHistory.map((h) => h.status)).toEqual(['same', 'inserted']);
	});
});

describe('redlining a RACI matrix', () => {
	it('gives no differences between equal matrices', () => {
		const redline = redlineRaci(matrix(), matrix());
		expect(redline.summary.text).toBe('No differences.');
		expect(redline.rows.flatMap((r) => r.cells).some((c) => c.changed)).toBe(false);
	});

	it('shows each cell’s letters before and after, and word-diffs renamed activities and stakeholders', () => {
		const after = matrix({
			rows: [
				{ id: 'needs', stage: 'Planning', activity: 'Joint needs assessment' },
				{ id: 'priority', stage: 'Planning', activity: 'Priority setting' },
				{ id: 'procure', stage: 'Specify and procure', activity: 'Procurement' }
			],
			columns: [
				{ id: 'hub', name: 'Specialised commissioning hub' },
				{ id: 'ccgs', name: 'Clinical commissioning groups' }
			],
			cells: { 'needs:hub': 'A', 'needs:ccgs': 'R', 'priority:hub': 'A', 'priority:ccgs': 'R', 'procure:hub': 'R', 'procure:ccgs': 'I' }
		});
		const redline = redlineRaci(matrix(), after);
		expect(redline.rows.map((r) => [r.id, r.status])).toEqual([
			['needs', 'changed'],
			['priority', 'changed'],
			['procure', 'changed']
		]);
		expect(marked(redline.rows[0]!.activity)).toBe('[-Needs-][+Joint needs+] assessment');
		expect(redline.rows[1]!.cells.find((c) => c.columnId === 'ccgs')).toEqual({ columnId: 'ccgs', before: 'C', after: 'R', changed: true });
		expect(redline.rows[2]!.cells.find((c) => c.columnId === 'ccgs')).toEqual({ columnId: 'ccgs', before: null, after: 'I', changed: true });
		expect(marked(redline.columns[1]!.name)).toBe('[-CCGs-][+Clinical commissioning groups+]');
		expect(redline.summary.text).toBe('5 words inserted, 2 deleted and 2 cells changed, in 3 activities and 1 stakeholder.');
	});

	it('marks whole activities and stakeholders added and removed', () => {
		const after = matrix({
			rows: [
				{ id: 'needs', stage: 'Planning', activity: 'Needs assessment' },
				{ id: 'procure', stage: 'Specify and procure', activity: 'Procurement' },
				{ id: 'review', stage: 'Deliver and improve', activity: 'Service review' }
			],
			columns: [
				{ id: 'hub', name: 'Specialised commissioning hub' },
				{ id: 'ccgs', name: 'CCGs' },
				{ id: 'ppv', name: 'Patients and public' }
			],
			cells: { 'needs:hub': 'A', 'needs:ccgs': 'R', 'procure:hub': 'R', 'review:hub': 'A', 'needs:ppv': 'I' }
		});
		const redline = redlineRaci(matrix(), after);
		expect(redline.rows.map((r) => [r.id, r.status])).toEqual([
			['needs', 'same'],
			['priority', 'deleted'],
			['procure', 'same'],
			['review', 'inserted']
		]);
		expect(redline.columns.map((c) => [c.id, c.status])).toEqual([
			['hub', 'same'],
			['ccgs', 'same'],
			['ppv', 'inserted']
		]);
		expect(redline.rows[1]!.cells.map((c) => [c.before, c.after])).toEqual([
			['A', null],
			['C', null],
			[null, null]
		]);
		expect(redline.rows[0]!.cells[2]).toEqual({ columnId: 'ppv', before: null, after: 'I', changed: true });
		expect(redline.summary.text).toBe('1 activity added, 1 activity removed and 1 stakeholder added, in 2 activities and 1 stakeholder.');
	});

	it('marks reordered activities as moved, with their cells unchanged', () => {
		const before = matrix();
		const after = matrix({ rows: [before.rows[1]!, before.rows[0]!, before.rows[2]!] });
		const redline = redlineRaci(before, after);
		expect(redline.rows.map((r) => [r.id, r.status, r.moved])).toEqual([
			['priority', 'same', false],
			['needs', 'same', true],
			['procure', 'same', false]
		]);
		expect(redline.rows.flatMap((r) => r.cells).some((c) => c.changed)).toBe(false);
		expect(redline.summary).toMatchObject({ same: false, text: '1 activity moved, in 1 activity.' });
	});

	it('is the same redline every time for the same two matrices', () => {
		const after = matrix({ rows: [...matrix().rows].reverse(), cells: {} });
		expect(redlineRaci(matrix(), after)).toEqual(redlineRaci(matrix(), structuredClone(after)));
	});
});
