import { describe, expect, it } from 'vitest';
import type { Member, Organisation } from './membership';
import { evaluateQuorum } from './quorum';
import type { GovernanceRulesInput } from './rules';
import { membersNamed, newItem, simpleRules } from './testing';

// DOMAIN example 6: 12 voting members; quorum half, with the chair or vice-chair and one NHS England member.
const example6Rules: GovernanceRulesInput = {
	...simpleRules(),
	quorum: {
		minimumFraction: { fraction: '1/2', comparison: 'at_least' },
		requiredRoles: [{ anyOf: ['chair', 'vice_chair'], minimum: 1 }],
		requiredOrganisationKinds: [{ kind: 'nhs_england', minimum: 1 }],
		deputiesCount: true
	}
};
const organisations: Organisation[] = [
	{ id: 'nhse', name: 'NHS England South (South West)', kind: 'nhs_england' },
	{ id: 'ccg', name: 'NHS Bristol CCG', kind: 'ccg' }
];
const twelve: Array<Partial<Member> & { id: string }> = [
	{ id: 'chair', name: 'Dr Caroline Webb', role: 'chair', represents: ['ccg'] },
	{ id: 'vice', name: 'Michael Tanner', role: 'vice_chair', represents: ['ccg'] },
	{ id: 'nhse', name: 'Julia Fenwick', role: 'voting_member', represents: ['nhse'] },
	...membersNamed(9).map((member) => ({ ...member, represents: ['ccg'] }))
];
const sevenPresent = {
	chair: 'apologies',
	v6: 'apologies',
	v7: 'apologies',
	v8: 'apologies',
	v9: 'apologies'
} as const;

describe('evaluateQuorum — worked example 6', () => {
	it('is quorate with seven present, the vice-chair and the NHS England member among them', () => {
		const result = evaluateQuorum(
			newItem({ rules: example6Rules, organisations, members: twelve, attendance: sevenPresent })
		);
		expect(result.quorate).toBe(true);
		expect(result.votingMembership).toBe(12);
		expect(result.counted).toBe(7);
		expect(result.conditions.map((c) => [c.rule, c.required, c.actual, c.met])).toEqual([
			['minimum_fraction', 6, 7, true],
			['required_role', 1, 1, true],
			['required_organisation_kind', 1, 1, true]
		]);
		expect(result.explanation).toContain('The meeting is quorate for this item.');
	});

	it('is inquorate once the only NHS England member leaves, and says which condition fails', () => {
		const result = evaluateQuorum(
			newItem({
				rules: example6Rules,
				organisations,
				members: twelve,
				attendance: { ...sevenPresent, nhse: { status: 'present', departed: true } }
			})
		);
		expect(result.quorate).toBe(false);
		expect(result.counted).toBe(6);
		// Six of twelve still meets "half"; only the NHS England condition fails.
		expect(result.failures).toEqual(['Quorum not met: no NHS England member present']);
		expect(result.conditions.find((c) => c.rule === 'minimum_fraction')?.met).toBe(true);
		expect(result.notCounted).toContainEqual({
			memberId: 'nhse',
			name: 'Julia Fenwick',
			reason: 'Julia Fenwick has left the meeting (NHS England member)'
		});
		expect(result.explanation).toContain('Quorum not met: no NHS England member present.');
	});

	it('names a missing chair and vice-chair', () => {
		const result = evaluateQuorum(
			newItem({
				rules: example6Rules,
				organisations,
				members: twelve,
				attendance: { ...sevenPresent, vice: 'apologies' }
			})
		);
		expect(result.failures).toEqual(['Quorum not met: no chair or vice-chair present']);
	});

	it('says when the chair is present but conflicted', () => {
		const result = evaluateQuorum(
			newItem({
				rules: example6Rules,
				organisations,
				members: twelve,
				attendance: { vice: 'apologies' },
				declarations: [{ memberId: 'chair', outcome: 'leaves_for_item' }]
			})
		);
		expect(result.failures).toEqual([
			'Quorum not met: no chair or vice-chair present (Dr Caroline Webb has a conflict of interest on this item)'
		]);
	});

	it('reports every failing condition at once', () => {
		const result = evaluateQuorum(
			newItem({
				rules: example6Rules,
				organisations,
				members: twelve,
				attendance: Object.fromEntries(twelve.slice(0, 8).map((m) => [m.id, 'apologies']))
			})
		);
		expect(result.failures).toEqual([
			'Quorum not met: 4 voting members are present and able to take part; the rules need at least half of the 12 voting members, which is 6',
			'Quorum not met: no chair or vice-chair present',
			'Quorum not met: no NHS England member present'
		]);
	});
});

describe('evaluateQuorum — boundaries', () => {
	const ten = membersNamed(10);
	const absent = (count: number) => Object.fromEntries(ten.slice(0, count).map((m) => [m.id, 'absent' as const]));

	it('"at least half" of 10 needs exactly 5', () => {
		const rules = { ...simpleRules(), quorum: { minimumFraction: { fraction: '1/2' }, deputiesCount: true } };
		expect(evaluateQuorum(newItem({ rules, members: ten, attendance: absent(5) })).quorate).toBe(true);
		expect(evaluateQuorum(newItem({ rules, members: ten, attendance: absent(6) })).quorate).toBe(false);
	});

	it('"more than half" of 10 needs 6', () => {
		const rules = {
			...simpleRules(),
			quorum: { minimumFraction: { fraction: '1/2', comparison: 'more_than' as const }, deputiesCount: true }
		};
		expect(evaluateQuorum(newItem({ rules, members: ten, attendance: absent(4) })).quorate).toBe(true);
		const five = evaluateQuorum(newItem({ rules, members: ten, attendance: absent(5) }));
		expect(five.quorate).toBe(false);
		expect(five.conditions[0]).toMatchObject({ required: 6, actual: 5, met: false });
	});

	it('rounds a fractional quorum up: one-third of 10 is 4', () => {
		const rules = { ...simpleRules(), quorum: { minimumFraction: { fraction: '1/3' }, deputiesCount: true } };
		const result = evaluateQuorum(newItem({ rules, members: ten, attendance: absent(7) }));
		expect(result.conditions[0]).toMatchObject({ required: 4, actual: 3, met: false });
	});

	it('applies a count and a fraction together', () => {
		const rules = {
			...simpleRules(),
			quorum: { minimumCount: 7, minimumFraction: { fraction: '1/2' }, deputiesCount: true }
		};
		const result = evaluateQuorum(newItem({ rules, members: ten, attendance: absent(4) }));
		expect(result.conditions.map((c) => c.met)).toEqual([false, true]);
		expect(result.failures).toEqual([
			'Quorum not met: 6 voting members are present and able to take part; the rules need at least 7'
		]);
	});
});

describe('evaluateQuorum — who counts', () => {
	const rules = (deputiesCount: boolean, extra: object = {}) => ({
		...simpleRules(),
		quorum: { minimumCount: 3, deputiesCount, ...extra }
	});
	const members: Array<Partial<Member> & { id: string }> = [
		{ id: 'a', name: 'Ann' },
		{ id: 'b', name: 'Bob' },
		{ id: 'c', name: 'Cat' },
		{ id: 'd', name: 'Dee', role: 'deputy', deputyFor: 'c' },
		{ id: 'adv', name: 'Ada', role: 'adviser' },
		{ id: 'obs', name: 'Otto', role: 'observer' }
	];

	it('counts a deputy for an absent member when the rules allow', () => {
		const result = evaluateQuorum(newItem({ rules: rules(true), members, attendance: { c: 'apologies' } }));
		expect(result.quorate).toBe(true);
		expect(result.countedMembers).toContainEqual({ memberId: 'c', name: 'Cat', deputyId: 'd', deputyName: 'Dee' });
		expect(result.explanation).toContain('Dee is standing in as deputy for Cat.');
	});

	it('does not count a deputy when the rules say deputies do not count', () => {
		const result = evaluateQuorum(newItem({ rules: rules(false), members, attendance: { c: 'apologies' } }));
		expect(result.quorate).toBe(false);
		expect(result.notCounted[0]?.reason).toBe(
			'Dee stands in for Cat, but the rules do not count deputies towards the quorum'
		);
	});

	it('does not count a deputy twice when their member is also present', () => {
		const result = evaluateQuorum(newItem({ rules: rules(true), members }));
		expect(result.counted).toBe(3);
		expect(result.explanation).toContain(
			'Dee attended as deputy for Cat, but Cat is present, so Dee does not count or vote.'
		);
	});

	it('never counts advisers, observers or secretariat', () => {
		const result = evaluateQuorum(newItem({ rules: rules(true), members, attendance: { a: 'absent' } }));
		expect(result.votingMembership).toBe(3);
		expect(result.counted).toBe(2);
		expect(result.quorate).toBe(false);
	});

	it('counts remote attendance unless the rules say otherwise', () => {
		const attendance = { a: 'remote' } as const;
		expect(evaluateQuorum(newItem({ rules: rules(true), members, attendance })).quorate).toBe(true);
		const strict = evaluateQuorum(
			newItem({ rules: rules(true, { remoteAttendanceCounts: false }), members, attendance })
		);
		expect(strict.quorate).toBe(false);
		expect(strict.notCounted[0]?.reason).toBe('Ann joined remotely, which the rules do not count as present');
	});

	it('leaves a conflicted member out of the count, whether they stay or leave (worked example 7)', () => {
		const stays = evaluateQuorum(
			newItem({
				rules: rules(true),
				members,
				declarations: [{ memberId: 'b', outcome: 'may_not_vote', interest: 'employed by an affected provider' }]
			})
		);
		expect(stays.counted).toBe(2);
		expect(stays.notCounted[0]?.reason).toBe(
			'Bob declared an interest (employed by an affected provider) and may not vote on this item'
		);
		const mayTakePart = evaluateQuorum(
			newItem({ rules: rules(true), members, declarations: [{ memberId: 'b', outcome: 'may_take_part' }] })
		);
		expect(mayTakePart.counted).toBe(3);
	});

	it('counts a PPV representative only when the rules give them a vote', () => {
		const withPpv = [...members, { id: 'p', name: 'Pat', role: 'ppv_representative' as const }];
		const without = evaluateQuorum(newItem({ rules: rules(true), members: withPpv }));
		expect(without.votingMembership).toBe(3);
		const withVote = evaluateQuorum(
			newItem({
				rules: { ...rules(true), voting: { ...simpleRules().voting, ppvRepresentativesVote: true } },
				members: withPpv
			})
		);
		expect(withVote.votingMembership).toBe(4);
	});
});

describe('evaluateQuorum — a clinician among those present', () => {
	const rules: GovernanceRulesInput = { ...simpleRules(), quorum: { minimumCount: 2, requiredClinicians: 1, deputiesCount: true } };
	const members: Array<Partial<Member> & { id: string }> = [
		{ id: 'chair', name: 'Dr Asha Rao', role: 'chair', clinician: true },
		{ id: 'm1', name: 'Ben Lowe', role: 'voting_member' },
		{ id: 'm2', name: 'Cara Holt', role: 'voting_member' }
	];

	it('is quorate with the clinical chair present', () => {
		const result = evaluateQuorum(newItem({ rules, members, attendance: { m2: 'apologies' } }));
		expect(result.quorate).toBe(true);
		expect(result.conditions.find((c) => c.rule === 'required_clinician')).toMatchObject({ required: 1, actual: 1, met: true });
	});

	it('says so when no clinician is present', () => {
		const result = evaluateQuorum(newItem({ rules, members, attendance: { chair: 'apologies' } }));
		expect(result.quorate).toBe(false);
		expect(result.failures).toEqual(['Quorum not met: no clinician present']);
	});
});
