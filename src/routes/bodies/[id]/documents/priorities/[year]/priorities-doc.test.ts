import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readPriorities } from '$lib/documents/snapshot';
import { penceToPounds, poundsToPence } from './money';
import { milestoneStatus, progressOf, sortPriorities, withRanks } from './plan-view';
import * as plan from './priorities-doc';

describe('priorities plan writes', () => {
	it('adds a priority with every field of the layout, and scores it', () => {
		const doc = new Y.Doc();
		const id = plan.addPriority(doc, 'Consolidate adult cardiac surgery');
		plan.setScore(doc, id, 'vulnerability', 3);
		plan.setScore(doc, id, 'inequity', 2);
		plan.setScore(doc, id, 'inequity', null);
		plan.setText(doc, id, 'qippSavingPence', '125000000');
		const [priority] = readPriorities(doc).priorities;
		expect(priority).toMatchObject({ id, title: 'Consolidate adult cardiac surgery', scores: { vulnerability: 3 }, qippSavingPence: '125000000', rag: null });
	});

	it('records each RAG change in its history', () => {
		const doc = new Y.Doc();
		const id = plan.addPriority(doc, 'Review paediatric neurosurgery');
		plan.changeRag(doc, id, 'amber', 'Two centres yet to agree', '2015-07-01');
		plan.changeRag(doc, id, 'green', '', '2015-09-01');
		const [priority] = readPriorities(doc).priorities;
		expect(priority!.rag).toBe('green');
		expect(priority!.ragHistory).toEqual([
			{ status: 'amber', on: '2015-07-01', note: 'Two centres yet to agree' },
			{ status: 'green', on: '2015-09-01', note: '' }
		]);
	});

	it('adds, ticks and removes milestones', () => {
		const doc = new Y.Doc();
		const id = plan.addPriority(doc, 'Plan');
		plan.addMilestone(doc, id, 'Options appraisal', '2015-06-30');
		plan.addMilestone(doc, id, 'Consultation', '');
		const [first, second] = readPriorities(doc).priorities[0]!.milestones;
		plan.setMilestone(doc, id, first!.id, 'done', true);
		plan.removeMilestone(doc, id, second!.id);
		expect(readPriorities(doc).priorities[0]!.milestones).toEqual([{ id: first!.id, title: 'Options appraisal', due: '2015-06-30', done: true }]);
	});
});

describe('the plan as it is looked at', () => {
	it('ranks by total and sorts red first when asked', () => {
		const doc = new Y.Doc();
		const low = plan.addPriority(doc, 'A low one');
		const high = plan.addPriority(doc, 'B high one');
		plan.setScore(doc, high, 'high_risk', 3);
		plan.changeRag(doc, low, 'red', '', '2015-05-01');
		const ranked = withRanks(readPriorities(doc).priorities);
		expect(sortPriorities(ranked, 'rank').map((p) => p.title)).toEqual(['B high one', 'A low one']);
		expect(sortPriorities(ranked, 'rag').map((p) => p.title)).toEqual(['A low one', 'B high one']);
		expect(sortPriorities(ranked, 'title').map((p) => p.title)).toEqual(['A low one', 'B high one']);
	});

	it('calls a milestone overdue once its date has passed and it is not done', () => {
		const milestone = { id: 'm', title: 'Options appraisal', due: '2015-06-30', done: false };
		expect(milestoneStatus(milestone, '2015-06-30')).toBe('upcoming');
		expect(milestoneStatus(milestone, '2015-07-01')).toBe('overdue');
		expect(milestoneStatus({ ...milestone, done: true }, '2016-01-01')).toBe('done');
		expect(milestoneStatus({ ...milestone, due: '' }, '2016-01-01')).toBe('upcoming');
		const progress = progressOf({ milestones: [milestone, { ...milestone, id: 'n', due: '' }] } as never, '2015-07-01');
		expect(progress.overdue.map((m) => m.id)).toEqual(['m']);
		expect(progress.upcoming.map((m) => m.id)).toEqual(['n']);
	});

	it('reads pounds as typed into whole pence, and back', () => {
		expect(poundsToPence('£1,250,000')).toBe('125000000');
		expect(poundsToPence('12.5')).toBe('1250');
		expect(poundsToPence('12.505')).toBeNull();
		expect(poundsToPence('-5')).toBeNull();
		expect(penceToPounds('125000000')).toBe('1,250,000');
		expect(penceToPounds('1250')).toBe('12.50');
	});
});
