import { describe, expect, it } from 'vitest';
import { STATE_LABELS } from '$lib/server/decision';
import { DECISION_STATE_GROUPS, dayAfter, describeRefusal, parseActionFilter, parseDecisionFilter } from './register-filter';

const BODY = '0b8f6c1e-3a52-4c1d-9a0e-2f4b6d8e0a11';
const OTHER = '7d2e4f60-1b3c-4d5e-8f90-a1b2c3d4e5f6';
const q = (query: string) => new URLSearchParams(query);
const everywhere = { bodyIds: [BODY, OTHER] };

describe('the decision register filter', () => {
	it('asks for everything when the query is empty or blank', () => {
		expect(parseDecisionFilter(q(''), everywhere)).toEqual({ ok: true, values: { body: '', from: '', to: '', state: '' }, filter: {}, query: '' });
		expect(parseDecisionFilter(q('body=&from=+&to=&state='), everywhere)).toMatchObject({ ok: true, filter: {}, query: '' });
	});

	it('reads a body, a date range and a group of states, and writes the same query back', () => {
		const parsed = parseDecisionFilter(q(`body=${BODY.toUpperCase()}&from=2026-04-01&to=2026-06-30&state=pending&ignored=1`), everywhere);
		expect(parsed).toEqual({
			ok: true,
			values: { body: BODY, from: '2026-04-01', to: '2026-06-30', state: 'pending' },
			filter: { bodyId: BODY, from: '2026-04-01', to: '2026-06-30', states: ['carried_subject_to_ratification', 'under_appeal'] },
			query: `body=${BODY}&from=2026-04-01&to=2026-06-30&state=pending`
		});
		// The query it writes reads back as the same filter: the download links carry the page's filter.
		if (parsed.ok) expect(parseDecisionFilter(q(parsed.query), everywhere)).toEqual(parsed);
	});

	it('takes a range open at either end, and a single day', () => {
		expect(parseDecisionFilter(q('from=2026-04-01'), everywhere)).toMatchObject({ ok: true, filter: { from: '2026-04-01' } });
		expect(parseDecisionFilter(q('to=2026-04-01'), everywhere)).toMatchObject({ ok: true, filter: { to: '2026-04-01' } });
		expect(parseDecisionFilter(q('from=2026-04-01&to=2026-04-01'), everywhere)).toMatchObject({ ok: true, filter: { from: '2026-04-01', to: '2026-04-01' } });
	});

	it('refuses dates that are not real, naming the field, and keeps what was typed', () => {
		for (const bad of ['2026-02-30', '2026-13-01', '1 April 2026', '2026-4-1', 'yesterday']) {
			const parsed = parseDecisionFilter(q(`from=${encodeURIComponent(bad)}`), everywhere);
			expect(parsed, bad).toEqual({ ok: false, values: { body: '', from: bad, to: '', state: '' }, errors: { from: 'From date must be a real date, like 2026-04-01' } });
		}
		expect(parseDecisionFilter(q('to=2026-02-29'), everywhere)).toMatchObject({ ok: false, errors: { to: 'To date must be a real date, like 2026-04-01' } });
		expect(parseDecisionFilter(q('to=2028-02-29'), everywhere)).toMatchObject({ ok: true });
	});

	it('refuses a range that ends before it starts', () => {
		expect(parseDecisionFilter(q('from=2026-05-02&to=2026-05-01'), everywhere)).toMatchObject({ ok: false, errors: { to: 'To date must be the same as or after the from date' } });
	});

	it('refuses a body not on the list and a state not among the groups', () => {
		expect(parseDecisionFilter(q('body=not-a-body&state=carried_binding'), everywhere)).toMatchObject({
			ok: false,
			errors: { body: 'Choose a body from the list', state: 'Choose a state from the list' }
		});
		expect(parseDecisionFilter(q(`body=${BODY}`), { bodyIds: [OTHER] })).toMatchObject({ ok: false, errors: { body: 'Choose a body from the list' } });
	});

	it("ignores the query's body on one body's own page", () => {
		expect(parseDecisionFilter(q(`body=${OTHER}&from=2026-04-01`), { bodyIds: null })).toEqual({
			ok: true,
			values: { body: '', from: '2026-04-01', to: '', state: '' },
			filter: { from: '2026-04-01' },
			query: 'from=2026-04-01'
		});
	});

	it('puts every decision state in exactly one group', () => {
		const grouped = DECISION_STATE_GROUPS.flatMap((g) => g.states as readonly string[]);
		expect([...grouped].sort()).toEqual(Object.keys(STATE_LABELS).sort());
	});

	it('says what was refused, naming each parameter, for an export', () => {
		expect(describeRefusal({ from: 'From date must be a real date, like 2026-04-01', state: 'Choose a state from the list' })).toBe(
			'From date must be a real date, like 2026-04-01 (the "from" parameter); Choose a state from the list (the "state" parameter)'
		);
	});
});

describe('the action log filter', () => {
	it('reads a body, a due-date range and a status', () => {
		expect(parseActionFilter(q(`body=${BODY}&from=2026-04-01&to=2026-04-30&status=open`), everywhere)).toEqual({
			ok: true,
			values: { body: BODY, from: '2026-04-01', to: '2026-04-30', status: 'open' },
			filter: { bodyId: BODY, from: '2026-04-01', to: '2026-04-30', statuses: ['open'] },
			query: `body=${BODY}&from=2026-04-01&to=2026-04-30&status=open`
		});
	});

	it('refuses an unknown status and bad dates, each under its own field', () => {
		expect(parseActionFilter(q('status=closed&from=2026-04-31&to=2026-04-01'), everywhere)).toEqual({
			ok: false,
			values: { body: '', from: '2026-04-31', to: '2026-04-01', status: 'closed' },
			// A from date that is not real leaves nothing to compare the to date with.
			errors: { from: 'From date must be a real date, like 2026-04-01', status: 'Choose a status from the list' }
		});
	});
});

describe('dayAfter', () => {
	it('crosses months, years and leap days', () => {
		expect(dayAfter('2026-04-30')).toBe('2026-05-01');
		expect(dayAfter('2026-12-31')).toBe('2027-01-01');
		expect(dayAfter('2028-02-28')).toBe('2028-02-29');
	});
});
