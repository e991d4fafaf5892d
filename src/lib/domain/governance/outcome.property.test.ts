import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mandate } from './mandates';
import { decideVote, type Ballot, type DecisionOutcome } from './outcome';
import { Rational } from './rational';
import type { Threshold } from './rules';
import { newItem, weightedGroup } from './testing';

type Stance = 'for' | 'against' | 'abstain' | 'silent' | 'absent';

interface Scenario {
	basis: 'per_member' | 'per_organisation' | 'weighted';
	weights: string[];
	stances: Stance[];
	mandated: boolean[];
	thresholds: Threshold[];
	castingRule: 'chair' | 'none';
	casting: 'for' | 'against' | undefined;
	mandatesRequired: boolean;
}

// Weights with up to two decimal places, as capitation shares are written.
const weight = fc.integer({ min: 0, max: 10_000 }).map((hundredths) => `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`);
const fraction = fc.integer({ min: 0, max: 12 }).map((twelfths) => `${twelfths}/12`);
const threshold = (members: number): fc.Arbitrary<Threshold> =>
	fc.oneof(
		fc.record({
			of: fc.constantFrom('votes_cast' as const, 'members_present' as const, 'eligible_votes' as const),
			comparison: fc.constantFrom('at_least' as const, 'more_than' as const),
			fraction
		}),
		fc.record({ of: fc.constant('organisations_in_favour' as const), minimum: fc.integer({ min: 1, max: members }) })
	);

const scenario: fc.Arbitrary<Scenario> = fc.integer({ min: 1, max: 8 }).chain((n) =>
	fc.record({
		basis: fc.constantFrom('per_member' as const, 'per_organisation' as const, 'weighted' as const),
		weights: fc.array(weight, { minLength: n, maxLength: n }),
		stances: fc.array(fc.constantFrom<Stance>('for', 'against', 'abstain', 'silent', 'absent'), { minLength: n, maxLength: n }),
		mandated: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
		thresholds: fc.array(threshold(n), { minLength: 1, maxLength: 3 }),
		castingRule: fc.constantFrom('chair' as const, 'none' as const),
		casting: fc.constantFrom('for' as const, 'against' as const, undefined),
		mandatesRequired: fc.boolean()
	})
);

function itemFor(s: Scenario, extra: { conflicted?: number } = {}) {
	const group = weightedGroup(s.weights);
	const members = group.members.map((member, index) => (index === 0 ? { ...member, role: 'chair' as const } : member));
	const mandates: Mandate[] = members.flatMap((member, index) =>
		s.mandated[index]
			? [{ memberId: member.id, organisationId: member.represents[0] ?? '', categories: ['service_investment'], financialLimitPence: 100_000_000, expiresOn: '2017-03-31' }]
			: []
	);
	return newItem({
		rules: {
			schemaVersion: 1,
			quorum: { minimumCount: 0, deputiesCount: true },
			voting: { basis: s.basis, thresholds: s.thresholds, castingVote: s.castingRule, mandatesRequired: s.mandatesRequired }
		},
		organisations: group.organisations,
		members,
		attendance: Object.fromEntries(members.map((member, index) => [member.id, s.stances[index] === 'absent' ? 'apologies' : 'present'])),
		declarations: extra.conflicted === undefined ? [] : [{ memberId: members[extra.conflicted]?.id ?? '', outcome: 'may_not_vote' }],
		mandates,
		body: {
			delegations: [{ categories: ['service_investment'], financialLimitPence: 500_000_000, validFrom: '2016-04-01', validTo: '2017-03-31' }]
		},
		meetingDate: '2016-09-21',
		motion: { category: 'service_investment', valuePence: 50_000_000 }
	});
}

function ballotsFor(s: Scenario): Ballot[] {
	return s.stances.flatMap((stance, index) =>
		stance === 'for' || stance === 'against' || stance === 'abstain'
			? [{ voterId: `m-${String.fromCharCode(97 + index)}`, choice: stance }]
			: []
	);
}

function carried(outcome: DecisionOutcome): boolean {
	return outcome.ok && ['carried_binding', 'carried_subject_to_ratification', 'recommendation'].includes(outcome.state);
}

describe('properties of decideVote', () => {
	it('does not depend on the order of the ballots', () => {
		fc.assert(
			fc.property(
				scenario.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(ballotsFor(s), { minLength: ballotsFor(s).length }))),
				([s, shuffled]) => {
					const item = itemFor(s);
					const casting = s.casting ? { castingVote: s.casting } : {};
					expect(decideVote(item, { ballots: shuffled, ...casting })).toEqual(decideVote(item, { ballots: ballotsFor(s), ...casting }));
				}
			),
			{ numRuns: 300 }
		);
	});

	it('never turns carried into not carried when one ballot switches from against to for', () => {
		fc.assert(
			fc.property(
				scenario.filter((s) => s.stances.includes('against')).chain((s) =>
					fc.tuple(
						fc.constant(s),
						fc.constantFrom(...s.stances.flatMap((stance, index) => (stance === 'against' ? [index] : [])))
					)
				),
				([s, index]) => {
					const switched: Scenario = { ...s, stances: s.stances.map((stance, i) => (i === index ? 'for' : stance)) };
					const casting = s.casting ? { castingVote: s.casting } : {};
					const before = decideVote(itemFor(s), { ballots: ballotsFor(s), ...casting });
					const after = decideVote(itemFor(switched), { ballots: ballotsFor(switched), ...casting });
					if (carried(before)) expect(carried(after)).toBe(true);
					else expect(before.ok).toBe(true);
				}
			),
			{ numRuns: 500 }
		);
	});

	it('is unchanged when every weight is scaled by the same factor', () => {
		fc.assert(
			fc.property(
				scenario.map((s) => ({ ...s, basis: 'weighted' as const })),
				fc.integer({ min: 1, max: 100_000 }).map((hundredths) => Rational.of(hundredths, 100)),
				(s, factor) => {
					const scaled: Scenario = { ...s, weights: s.weights.map((w) => Rational.from(w).mul(factor).toString()) };
					const casting = s.casting ? { castingVote: s.casting } : {};
					const original = decideVote(itemFor(s), { ballots: ballotsFor(s), ...casting });
					const rescaled = decideVote(itemFor(scaled), { ballots: ballotsFor(scaled), ...casting });
					expect(rescaled.ok && rescaled.state).toBe(original.ok && original.state);
					if (!original.ok || !rescaled.ok) return;
					expect(rescaled.figures.thresholds.map((t) => [t.met, t.actual])).toEqual(
						original.figures.thresholds.map((t) => [t.met, t.actual])
					);
					expect(Rational.from(rescaled.figures.inFavour).equals(Rational.from(original.figures.inFavour).mul(factor))).toBe(true);
				}
			),
			{ numRuns: 300 }
		);
	});

	it("never counts a conflicted member's ballot, whatever it says", () => {
		fc.assert(
			fc.property(
				scenario.chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.stances.length - 1 }), fc.constantFrom('for' as const, 'against' as const, 'abstain' as const))),
				([s, conflicted, choice]) => {
					const item = itemFor(s, { conflicted });
					const voterId = `m-${String.fromCharCode(97 + conflicted)}`;
					const others = ballotsFor(s).filter((ballot) => ballot.voterId !== voterId);
					const casting = s.casting ? { castingVote: s.casting } : {};
					const without = decideVote(item, { ballots: others, ...casting });
					const withBallot = decideVote(item, { ballots: [...others, { voterId, choice }], ...casting });
					expect(withBallot.ok).toBe(without.ok);
					if (!withBallot.ok || !without.ok) return;
					expect(withBallot.state).toBe(without.state);
					expect(withBallot.figures).toEqual(without.figures);
					expect(withBallot.ballots).toEqual(without.ballots);
					expect(withBallot.setAside.map((ballot) => ballot.voterId)).toEqual([voterId]);
				}
			),
			{ numRuns: 300 }
		);
	});
});
