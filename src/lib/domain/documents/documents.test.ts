import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRIORITY_CRITERIA } from './layout';
import { financialYearOf, parseScore, rankPriorities } from './priorities';
import { checkRaci, type RaciSnapshot } from './raci';

const matrix = (cells: Record<string, 'R' | 'A' | 'C' | 'I'>): RaciSnapshot => ({
	rows: [{ id: 'r1', stage: 'Planning', activity: 'Needs assessment' }],
	columns: [
		{ id: 'c1', name: 'NHS England regional team' },
		{ id: 'c2', name: 'Oversight group' },
		{ id: 'c3', name: 'CCGs' }
	],
	cells
});

describe('RACI matrix rule: exactly one A and at least one R per row', () => {
	it('accepts a row with one A and one R', () => {
		expect(checkRaci(matrix({ 'r1:c1': 'A', 'r1:c2': 'R', 'r1:c3': 'C' }))).toEqual([]);
	});
	it('names a row with no A and no R', () => {
		expect(checkRaci(matrix({ 'r1:c1': 'C' }))).toEqual([
			{
				rowId: 'r1',
				activity: 'Needs assessment',
				problems: ['Needs assessment has no one accountable (A): exactly one is needed', 'Needs assessment has no one responsible (R): at least one is needed']
			}
		]);
	});
	it('names a row with two As', () => {
		expect(checkRaci(matrix({ 'r1:c1': 'A', 'r1:c2': 'A', 'r1:c3': 'R' }))[0]?.problems).toEqual(['Needs assessment has 2 accountable (A): exactly one is needed']);
	});
	it('ignores cells of columns that were removed', () => {
		expect(checkRaci(matrix({ 'r1:c1': 'A', 'r1:c2': 'R', 'r1:gone': 'A' }))).toEqual([]);
	});
});

describe('priorities plan scoring', () => {
	it('sums the criteria and ranks highest first, ties sharing a rank', () => {
		const ranked = rankPriorities([
			{ id: 'a', title: 'Paediatric cardiac surgery', scores: { vulnerability: 3, inequity: 2 } },
			{ id: 'b', title: 'Neonatal critical care', scores: { increasing_need: 3, high_risk: 3 } },
			{ id: 'c', title: 'Specialised orthopaedics', scores: { financial_risk: 3, inequity: 2 } }
		]);
		expect(ranked).toEqual([
			{ id: 'b', title: 'Neonatal critical care', total: 6, rank: 1 },
			{ id: 'a', title: 'Paediatric cardiac surgery', total: 5, rank: 2 },
			{ id: 'c', title: 'Specialised orthopaedics', total: 5, rank: 2 }
		]);
	});
	it('counts a score outside 0–3 as not scored', () => {
		expect(parseScore('4')).toBeNull();
		expect(parseScore('2')).toBe(2);
		expect(parseScore(1.5)).toBeNull();
		expect(rankPriorities([{ id: 'x', title: 'X', scores: { vulnerability: 9 } }])[0]?.total).toBe(0);
	});
	it('never ranks a priority below one with a lower total', () => {
		const scores = fc.record(Object.fromEntries(PRIORITY_CRITERIA.map((c) => [c.key, fc.integer({ min: 0, max: 3 })])));
		const property = fc.property(fc.array(scores, { maxLength: 12 }), (all) => {
			const ranked = rankPriorities(all.map((s, i) => ({ id: String(i), title: String(i), scores: s })));
			return ranked.every((p, i) => i === 0 || (ranked[i - 1]!.total >= p.total && ranked[i - 1]!.rank <= p.rank));
		});
		expect(() => fc.assert(property)).not.toThrow();
	});
	it('places dates in their financial year', () => {
		expect(financialYearOf('2015-04-01')).toEqual({ label: '2015/16', key: '2015-16' });
		expect(financialYearOf('2016-03-31')).toEqual({ label: '2015/16', key: '2015-16' });
		expect(financialYearOf('1999-12-01')).toEqual({ label: '1999/00', key: '1999-00' });
	});
});
