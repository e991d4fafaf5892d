import { describe, expect, it } from 'vitest';
import { matchOptions } from './combobox';

const options = ['NHS Salford CCG', 'NHS Trafford CCG', 'Salford City Council', 'NHS England', 'Côte Health'].map((label, i) => ({ value: String(i), label }));
const labels = (typed: string) => matchOptions(options, typed).map((o) => o.label);

describe('what a combobox offers for what was typed', () => {
	it('offers everything when nothing is typed', () => {
		expect(labels('  ')).toHaveLength(5);
	});

	it('finds every word anywhere, whatever the case or accents, those starting with the first word first', () => {
		expect(labels('salford')).toEqual(['Salford City Council', 'NHS Salford CCG']);
		expect(labels('ccg TRAFF')).toEqual(['NHS Trafford CCG']);
		expect(labels('cote')).toEqual(['Côte Health']);
		expect(labels('nowhere')).toEqual([]);
	});
});
