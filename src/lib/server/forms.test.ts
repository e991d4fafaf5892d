import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { labelErrors, parseForm, requiredText, withLabel } from './forms';

const form = (entries: [string, string][]) => {
	const data = new FormData();
	for (const [key, value] of entries) data.append(key, value);
	return data;
};

describe('error messages name their field', () => {
	it('puts the label first, then what to do', () => {
		expect(withLabel('Agenda item title', 'Enter at most 200 characters')).toBe('Agenda item title: enter at most 200 characters');
		expect(withLabel('Organisation', 'ODS code already taken')).toBe('Organisation: ODS code already taken');
		expect(withLabel('Start date', 'Start date: enter a real date')).toBe('Start date: enter a real date');
		expect(withLabel(undefined, 'Enter a title')).toBe('Enter a title');
		expect(labelErrors({ a: 'Choose one', b: 'Enter one' }, { a: 'Role' })).toEqual({ a: 'Role: choose one', b: 'Enter one' });
	});

	it('labels each field parseForm refuses, including those a refinement adds, and keeps the arrays option', () => {
		const schema = z
			.object({ title: requiredText('Enter a title', 10), from: z.string(), to: z.string(), ids: z.array(z.string()) })
			.superRefine((v, ctx) => {
				if (v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end must be after the start' });
				if (v.ids.length === 0) ctx.addIssue({ code: 'custom', path: ['ids'], message: 'Choose at least one' });
			});
		const parsed = parseForm(schema, form([['title', 'far too long a title'], ['from', 'b'], ['to', 'a']]), {
			arrays: ['ids'],
			labels: { title: 'Agenda item title', to: 'End', ids: 'Organisations represented' }
		});
		expect(parsed).toMatchObject({
			ok: false,
			errors: { title: 'Agenda item title: enter at most 10 characters', to: 'End: the end must be after the start', ids: 'Organisations represented: choose at least one' },
			values: { ids: [] }
		});
		expect(parseForm(z.object({ ids: z.array(z.string()) }), form([['ids', 'x'], ['ids', 'y']]), ['ids'])).toEqual({ ok: true, data: { ids: ['x', 'y'] } });
	});
});
