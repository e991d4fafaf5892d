import { describe, expect, it } from 'vitest';
import { eligibleVoters } from './eligibility';
import type { Organisation } from './membership';
import { newItem, simpleRules, weightedGroup } from './testing';

const weightedRules = simpleRules({
	voting: { basis: 'weighted', thresholds: [{ of: 'eligible_votes', comparison: 'at_least', fraction: '0.75' }] }
});

describe('eligibleVoters', () => {
	it('weights each organisation by its share, absent ones included (worked example 1)', () => {
		const group = weightedGroup(['30', '25', '20', '15', '10']);
		const result = eligibleVoters(newItem({ rules: weightedRules, ...group, attendance: { 'm-e': 'apologies' } }));
		expect(result.eligible).toBe('100');
		expect(result.present).toBe('90');
		expect(result.entitlements.map((vote) => [vote.key, vote.weight, vote.present])).toEqual([
			['a', '30', true],
			['b', '25', true],
			['c', '20', true],
			['d', '15', true],
			['e', '10', false]
		]);
	});

	it('takes a conflicted organisation out of the eligible votes (worked example 1, E conflicted)', () => {
		const group = weightedGroup(['30', '25', '20', '15', '10']);
		const result = eligibleVoters(
			newItem({
				rules: weightedRules,
				...group,
				declarations: [{ memberId: 'm-e', outcome: 'may_not_vote', interest: 'director of the provider' }]
			})
		);
		expect(result.eligible).toBe('90');
		expect(result.excluded).toEqual([
			{ key: 'e', label: 'E CCG', reason: 'Rep E declared an interest (director of the provider) and may not vote on this item' }
		]);
		expect(result.explanation).toContain(
			"E CCG's vote is excluded: Rep E declared an interest (director of the provider) and may not vote on this item."
		);
	});

	it('keeps weights like 33.33 exact', () => {
		const group = weightedGroup(['33.33', '33.33', '33.34']);
		const result = eligibleVoters(newItem({ rules: weightedRules, ...group }));
		expect(result.eligible).toBe('100');
	});

	it('lets a representative cast the vote of each organisation they represent (proxy)', () => {
		const organisations: Organisation[] = [
			{ id: 'bolton', name: 'NHS Bolton CCG', kind: 'ccg' },
			{ id: 'wigan', name: 'NHS Wigan Borough CCG', kind: 'ccg' },
			{ id: 'bury', name: 'NHS Bury CCG', kind: 'ccg' }
		];
		const rules = simpleRules({
			voting: { basis: 'per_organisation', thresholds: [{ of: 'organisations_in_favour', minimum: 2 }] }
		});
		const result = eligibleVoters(
			newItem({
				rules,
				organisations,
				members: [
					{ id: 'mark', name: 'Mark Ainsworth', represents: ['bolton', 'wigan'] },
					{ id: 'jo', name: 'Jo Kay', represents: ['bury'] }
				]
			})
		);
		expect(result.entitlements.map((vote) => [vote.label, vote.casters.map((c) => c.memberId)])).toEqual([
			['NHS Bolton CCG', ['mark']],
			['NHS Wigan Borough CCG', ['mark']],
			['NHS Bury CCG', ['jo']]
		]);
		expect(result.explanation).toContain(
			'Mark Ainsworth may cast the votes of NHS Bolton CCG and NHS Wigan Borough CCG, each separately.'
		);
	});

	it('puts a deputy in the place of an absent member, and not of a present one', () => {
		const members = [
			{ id: 'tom', name: 'Tom Reilly' },
			{ id: 'neil', name: 'Neil Forbes', role: 'deputy' as const, deputyFor: 'tom' }
		];
		const standing = eligibleVoters(newItem({ members, attendance: { tom: 'apologies' } }));
		expect(standing.entitlements[0]?.casters).toEqual([
			{ memberId: 'neil', name: 'Neil Forbes', deputyFor: { memberId: 'tom', name: 'Tom Reilly' } }
		]);
		expect(standing.explanation).toContain('Neil Forbes votes as deputy for Tom Reilly.');
		const both = eligibleVoters(newItem({ members }));
		expect(both.entitlements[0]?.casters).toEqual([{ memberId: 'tom', name: 'Tom Reilly' }]);
	});

	it('keeps an organisation eligible while one of its representatives is free of conflict', () => {
		const organisations: Organisation[] = [{ id: 'nhse', name: 'NHS England', kind: 'nhs_england' }];
		const rules = simpleRules({
			voting: { basis: 'per_organisation', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] }
		});
		const result = eligibleVoters(
			newItem({
				rules,
				organisations,
				members: [
					{ id: 'r1', represents: ['nhse'] },
					{ id: 'r2', represents: ['nhse'] }
				],
				declarations: [{ memberId: 'r1', outcome: 'leaves_for_item' }]
			})
		);
		expect(result.excluded).toEqual([]);
		expect(result.entitlements[0]?.casters.map((c) => c.memberId)).toEqual(['r2']);
	});

	it('gives nobody a vote when every voting member is conflicted', () => {
		const result = eligibleVoters(
			newItem({
				members: [{ id: 'a' }, { id: 'b' }],
				declarations: [
					{ memberId: 'a', outcome: 'may_not_vote' },
					{ memberId: 'b', outcome: 'leaves_for_item' }
				]
			})
		);
		expect(result.entitlements).toEqual([]);
		expect(result.eligible).toBe('0');
		expect(result.excluded).toHaveLength(2);
	});
});
