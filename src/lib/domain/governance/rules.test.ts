import { describe, expect, it } from 'vitest';
import { parseRules, parseRulesText } from './rules';
import { simpleRules } from './testing';

const northern = {
	schemaVersion: 1,
	quorum: { minimumFraction: { fraction: '1/2' }, deputiesCount: true },
	voting: {
		basis: 'weighted',
		thresholds: [{ of: 'eligible_votes', comparison: 'at_least', fraction: '0.75' }]
	},
	notice: { bindingFinancialDecisionDays: 30 },
	appealPeriodDays: 28,
	arbitrationAboveValuePence: 10_000_000
};

describe('parseRules', () => {
	it('accepts a valid rules document and fills in defaults', () => {
		const parsed = parseRules(northern);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.rules.quorum.minimumFraction).toEqual({ fraction: '1/2', comparison: 'at_least' });
		expect(parsed.rules.quorum.requiredRoles).toEqual([]);
		expect(parsed.rules.quorum.remoteAttendanceCounts).toBe(true);
		expect(parsed.rules.voting.castingVote).toBe('none');
		expect(parsed.rules.voting.ppvRepresentativesVote).toBe(false);
		expect(parsed.rules.voting.mandatesRequired).toBe(false);
	});

	it('accepts every kind of threshold together', () => {
		const parsed = parseRules({
			...northern,
			voting: {
				basis: 'per_organisation',
				thresholds: [
					{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' },
					{ of: 'members_present', comparison: 'at_least', fraction: '2/3' },
					{ of: 'eligible_votes', comparison: 'at_least', fraction: '75%' },
					{ of: 'organisations_in_favour', minimum: 6 }
				],
				castingVote: 'chair',
				ppvRepresentativesVote: true
			}
		});
		expect(parsed.ok).toBe(true);
	});

	it('lists every problem with its path, not just the first', () => {
		const parsed = parseRules({
			schemaVersion: 2,
			quorum: {
				minimumFraction: { fraction: '3/2' },
				requiredOrganisationKinds: [{ kind: 'nhs_scotland' }],
				deputiesCount: 'yes'
			},
			voting: {
				basis: 'by_show_of_hands',
				thresholds: [
					{ of: 'votes_cast', comparison: 'at_least', fraction: 'most' },
					{ of: 'organisations_in_favour', minimum: 0 }
				]
			},
			notice: { papersDays: -1 },
			arbitrationAboveValuePence: 100.5,
			quorom: {}
		});
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.problems).toEqual(
			expect.arrayContaining([
				'schemaVersion: This engine reads rules with schemaVersion 1',
				'quorum.minimumFraction.fraction: A fraction must be between 0 and 1; "3/2" is not',
				expect.stringMatching(/^quorum\.requiredOrganisationKinds\[0\]\.kind: /),
				expect.stringMatching(/^quorum\.deputiesCount: .*boolean/),
				expect.stringMatching(/^voting\.basis: /),
				expect.stringMatching(/^voting\.thresholds\[0\]\.fraction: Expected a fraction like "2\/3"/),
				expect.stringMatching(/^voting\.thresholds\[1\]\.minimum: /),
				expect.stringMatching(/^notice\.papersDays: /),
				'arbitrationAboveValuePence: Expected a whole number of pence',
				'(document): Unrecognized key: "quorom"'
			])
		);
		expect(parsed.problems).toHaveLength(10);
	});

	it('insists on a quorum count or fraction, even alongside other problems', () => {
		const parsed = parseRules({ ...northern, quorum: { deputiesCount: 'no' } });
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.problems).toEqual([
			expect.stringMatching(/^quorum\.deputiesCount: /),
			'quorum: A quorum needs a minimumCount, a minimumFraction of the voting membership, or both'
		]);
	});

	it('requires at least one voting threshold', () => {
		const parsed = parseRules({ ...northern, voting: { basis: 'per_member', thresholds: [] } });
		expect(parsed).toEqual({ ok: false, problems: ['voting.thresholds: Give at least one threshold'] });
	});

	it('rejects a document that is not an object at all', () => {
		const parsed = parseRules('quorum is half');
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.problems[0]).toMatch(/^\(document\): /);
	});
});

describe('parseRulesText', () => {
	const valid = JSON.stringify(simpleRules());

	it('reads rules written as JSON and keeps what was written', () => {
		const read = parseRulesText(valid);
		expect(read.ok).toBe(true);
		if (read.ok) expect(read.input).toEqual(JSON.parse(valid));
	});

	it('says empty text is empty, so the caller can say what to do', () => {
		expect(parseRulesText('  \n')).toEqual({ ok: false, empty: true, problems: ['There are no structured rules'] });
	});

	it('says where text that is not JSON goes wrong', () => {
		const read = parseRulesText('{"schemaVersion": 1,');
		expect(read).toMatchObject({ ok: false, empty: false, problems: [expect.stringMatching(/^The rules are not valid JSON: /)] });
	});

	it('lists every way JSON breaks the rules', () => {
		const read = parseRulesText(JSON.stringify({ schemaVersion: 1, quorum: { minimumCount: -1 } }));
		expect(read.ok).toBe(false);
		if (!read.ok) expect(read.problems.length).toBeGreaterThan(1);
	});
});

describe('secret ballots in the rules', () => {
	const voting = (extra: Record<string, unknown>) => ({
		schemaVersion: 1,
		quorum: { minimumCount: 1, deputiesCount: true },
		voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }], ...extra }
	});

	it('are off unless the rules allow them', () => {
		const parsed = parseRules(voting({}));
		expect(parsed.ok && parsed.rules.voting.secretBallotsAllowed).toBe(false);
	});

	it('are refused with a vote per organisation or within mandates, naming the field and why', () => {
		expect(parseRules(voting({ secretBallotsAllowed: true, basis: 'weighted' }))).toEqual({
			ok: false,
			problems: ['voting.secretBallotsAllowed: Secret ballots are held only with one vote per member']
		});
		const mandated = parseRules(voting({ secretBallotsAllowed: true, mandatesRequired: true }));
		expect(mandated.ok ? [] : mandated.problems).toEqual([expect.stringMatching(/^voting\.secretBallotsAllowed: .*would say how each voted/)]);
	});
});
