import { describe, expect, it } from 'vitest';
import type { Body } from './authority';
import type { Mandate } from './mandates';
import type { Member, Organisation } from './membership';
import { decideConsensus, decideVote, type Ballot, type Choice, type DecisionOutcome, type DecisionReached } from './outcome';
import type { GovernanceRulesInput, Threshold } from './rules';
import { ballotsOf, membersNamed, newItem, simpleRules, weightedGroup, type NewItemOptions } from './testing';

function reached(outcome: DecisionOutcome): DecisionReached {
	if (!outcome.ok) throw new Error(`Expected a decision, got a refusal: ${outcome.reason}`);
	return outcome;
}

const delegated: Body = {
	id: 'scg',
	name: 'Northern SCG',
	parentBodyName: 'NHS England North regional team',
	delegations: [{ categories: ['service_investment'], financialLimitPence: 500_000_000, validFrom: '2016-04-01', validTo: '2017-03-31' }]
};

// ── Worked example 1: weighted, 75% of eligible votes ──────────────────────────
describe('worked example 1: weighted vote, at least 75% of eligible votes', () => {
	const rules: GovernanceRulesInput = simpleRules({
		voting: { basis: 'weighted', thresholds: [{ of: 'eligible_votes', comparison: 'at_least', fraction: '0.75' }] },
		notice: { bindingFinancialDecisionDays: 30 }
	});
	const item = (extra: Partial<NewItemOptions> = {}) =>
		newItem({
			rules,
			...weightedGroup(['30', '25', '20', '15', '10']),
			attendance: { 'm-e': 'apologies' },
			body: delegated,
			meetingDate: '2016-07-14',
			motion: { category: 'service_investment', valuePence: 120_000_000, noticeGivenOn: '2016-06-01' },
			...extra
		});

	it('carries on 75 of 100 eligible votes: exactly 75% is at least 75%', () => {
		const outcome = reached(
			decideVote(item(), { ballots: ballotsOf({ 'm-a': 'for', 'm-b': 'for', 'm-c': 'for', 'm-d': 'against' }) })
		);
		expect(outcome.state).toBe('carried_binding');
		expect(outcome.figures).toMatchObject({ inFavour: '75', against: '15', abstain: '0', eligible: '100', present: '90', notCast: '10' });
		expect(outcome.figures.thresholds).toEqual([
			{
				rule: 'eligible_votes',
				description: 'at least 75% of eligible votes',
				comparison: 'at_least',
				required: '3/4',
				actual: '3/4',
				numerator: '75',
				denominator: '100',
				actualPercent: '75.0%',
				met: true
			}
		]);
		expect(outcome.explanation).toContain(
			'Rule: at least 75% of eligible votes — 75 of the 100 eligible votes in favour (75.0%): met.'
		);
		expect(outcome.explanation).toContain(
			'The motion is carried. The decision is binding on all members of Northern SCG, including D CCG, which voted against, and E CCG, which did not vote for or against.'
		);
	});

	it('does not carry if C abstains: 55%', () => {
		const outcome = reached(
			decideVote(item(), { ballots: ballotsOf({ 'm-a': 'for', 'm-b': 'for', 'm-c': 'abstain', 'm-d': 'against' }) })
		);
		expect(outcome.state).toBe('not_carried');
		expect(outcome.figures.thresholds[0]).toMatchObject({ actualPercent: '55.0%', met: false });
		expect(outcome.explanation).toContain(
			'The proposal lapses as a collaborative commissioning decision; each member organisation makes its own interim arrangements until an acceptable alternative is agreed.'
		);
	});

	it('carries on 75 of 90 if E has declared a conflict (83.3%)', () => {
		const outcome = reached(
			decideVote(
				item({ attendance: {}, declarations: [{ memberId: 'm-e', outcome: 'may_not_vote' }] }),
				{ ballots: ballotsOf({ 'm-a': 'for', 'm-b': 'for', 'm-c': 'for', 'm-d': 'against' }) }
			)
		);
		expect(outcome.state).toBe('carried_binding');
		expect(outcome.figures.eligible).toBe('90');
		expect(outcome.figures.thresholds[0]).toMatchObject({ numerator: '75', denominator: '90', actual: '5/6', actualPercent: '83.3%', met: true });
	});
});

// ── Worked example 2: at least 6 of 8 organisations ───────────────────────────
describe('worked example 2: at least 6 of 8 organisations in favour', () => {
	const names = ['Brent', 'Ealing', 'Hammersmith', 'Harrow', 'Hillingdon', 'Hounslow', 'Kensington', 'Westminster'];
	const organisations: Organisation[] = names.map((name) => ({ id: name.toLowerCase(), name: `${name} PCT`, kind: 'ccg' }));
	const members = names.map((name) => ({ id: `rep-${name.toLowerCase()}`, represents: [name.toLowerCase()] }));
	const rules = simpleRules({
		voting: { basis: 'per_organisation', thresholds: [{ of: 'organisations_in_favour', minimum: 6 }] }
	});
	const vote = (against: string[]) =>
		decideVote(newItem({ rules, organisations, members, body: { ...delegated, name: 'NWL LSCG', delegations: [{ ...delegated.delegations[0]!, categories: ['risk_sharing'] }] }, motion: { category: 'risk_sharing' } }), {
			ballots: names.map((name) => ({ voterId: `rep-${name.toLowerCase()}`, choice: against.includes(name) ? 'against' : 'for' }))
		});

	it('binds all eight, including the two that voted against, when six agree', () => {
		const outcome = reached(vote(['Ealing', 'Hounslow']));
		expect(outcome.state).toBe('carried_binding');
		expect(outcome.figures.organisationsInFavour).toBe(6);
		expect(outcome.figures.thresholds[0]).toMatchObject({ required: '6', actual: '6', met: true });
		expect(outcome.explanation).toContain(
			'The motion is carried. The decision is binding on all members of NWL LSCG, including Ealing PCT and Hounslow PCT, which voted against.'
		);
	});

	it('does not carry on five', () => {
		const outcome = reached(vote(['Ealing', 'Hounslow', 'Brent']));
		expect(outcome.state).toBe('not_carried');
		expect(outcome.explanation).toContain('Rule: at least 6 organisations in favour — 5 in favour: not met.');
	});
});

// ── Worked example 3: no delegation → recommendation ──────────────────────────
describe('worked example 3: no delegated authority', () => {
	it('makes a carried motion a recommendation to the parent body', () => {
		const outcome = reached(
			decideVote(
				newItem({
					members: membersNamed(9),
					body: { id: 'nw', name: 'North West oversight group', parentBodyName: 'NHS England North regional team', delegations: [] },
					motion: { text: 'Consolidate cardiac surgery into three centres', category: 'service_reconfiguration' }
				}),
				{ ballots: ballotsOf({ v1: 'for', v2: 'for', v3: 'for', v4: 'for', v5: 'for', v6: 'for', v7: 'against', v8: 'against', v9: 'abstain' }) }
			)
		);
		expect(outcome.state).toBe('recommendation');
		expect(outcome.recommendationTo).toBe('NHS England North regional team');
		expect(outcome.explanation).toContain(
			'North West oversight group holds no delegated authority from NHS England North regional team, so a decision carried here is a recommendation to NHS England North regional team.'
		);
		expect(outcome.explanation).toContain(
			"The motion is carried as a recommendation to NHS England North regional team, which holds the decision; it goes on that body's list of matters to decide."
		);
	});
});

// ── Worked example 4: notice ──────────────────────────────────────────────────
describe('worked example 4: £2m with 20 days notice where 30 are needed', () => {
	const item = newItem({
		rules: simpleRules({ notice: { bindingFinancialDecisionDays: 30 } }),
		members: membersNamed(5),
		body: delegated,
		meetingDate: '2016-09-21',
		motion: { category: 'service_investment', valuePence: 200_000_000, noticeGivenOn: '2016-09-01' }
	});
	const ballots = ballotsOf({ v1: 'for', v2: 'for', v3: 'for', v4: 'against', v5: 'abstain' });

	it('will not open the vote as binding', () => {
		const outcome = decideVote(item, { ballots });
		expect(outcome).toMatchObject({
			ok: false,
			reason: 'Notice not met: notice was given 20 days before the meeting, and the rules require at least 30 days',
			alternatives: ['defer', 'indicative_vote']
		});
	});

	it('records an indicative vote as non-binding', () => {
		const outcome = reached(decideVote(item, { ballots, indicative: true }));
		expect(outcome.state).toBe('indicative');
		expect(outcome.footing).toBe('indicative');
		expect(outcome.indicativeResult).toBe('carried');
		expect(outcome.appealBy).toBeUndefined();
		expect(outcome.explanation).toContain('The chair held an indicative vote, recorded as non-binding.');
		expect(outcome.explanation).toContain(
			'Indicative only: the motion would have carried. No decision is taken; the result is recorded as non-binding.'
		);
	});
});

// ── Worked example 5: mandate ─────────────────────────────────────────────────
describe('worked example 5: a vote beyond its mandate', () => {
	const organisations: Organisation[] = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => ({ id, name: `${id.toUpperCase()} CCG`, kind: 'ccg' }));
	const members = organisations.map((o) => ({ id: `m-${o.id}`, name: `Rep ${o.id.toUpperCase()}`, represents: [o.id] }));
	const mandate = (memberId: string, organisationId: string, limit: number): Mandate => ({
		memberId,
		organisationId,
		categories: ['service_investment'],
		financialLimitPence: limit,
		expiresOn: '2017-03-31'
	});
	const mandates = organisations.map((o) => mandate(`m-${o.id}`, o.id, o.id === 'b' ? 25_000_000 : 200_000_000));
	const rules = simpleRules({
		voting: {
			basis: 'per_organisation',
			thresholds: [{ of: 'eligible_votes', comparison: 'at_least', fraction: '2/3' }],
			mandatesRequired: true
		},
		ratificationPeriodDays: 28
	});
	const item = (extra: Partial<NewItemOptions> = {}) =>
		newItem({ rules, organisations, members, mandates, body: delegated, meetingDate: '2016-11-09', motion: { category: 'service_investment', valuePence: 100_000_000 }, ...extra });

	it('carries subject to ratification by the CCG whose rep had only a £250k mandate', () => {
		const outcome = reached(
			decideVote(item(), { ballots: ballotsOf({ 'm-a': 'for', 'm-b': 'for', 'm-c': 'for', 'm-d': 'for', 'm-e': 'for', 'm-f': 'against', 'm-g': 'against' }) })
		);
		expect(outcome.state).toBe('carried_subject_to_ratification');
		expect(outcome.ratifyingOrganisations).toEqual([{ id: 'b', name: 'B CCG' }]);
		expect(outcome.ratifyBy).toBe('2016-12-07');
		expect(outcome.withoutUnmandatedVotes).toMatchObject({ inFavour: '4', carried: false });
		expect(outcome.ballots.find((b) => b.voterId === 'm-b')).toMatchObject({
			mandated: false,
			mandateProblems: ['the mandate from B CCG allows up to £250,000 and this decision commits £1,000,000']
		});
		expect(outcome.explanation).toContain(
			'Rep B voted for B CCG without a sufficient mandate: the mandate from B CCG allows up to £250,000 and this decision commits £1,000,000.'
		);
		expect(outcome.explanation).toContain(
			'The motion is carried subject to ratification by B CCG. It becomes binding once it ratifies within 28 days, by 7 December 2016, and lapses if it does not.'
		);
	});

	it('is binding when the motion carries even without the unmandated vote', () => {
		const outcome = reached(
			decideVote(item(), { ballots: ballotsOf({ 'm-a': 'for', 'm-b': 'for', 'm-c': 'for', 'm-d': 'for', 'm-e': 'for', 'm-f': 'for', 'm-g': 'against' }) })
		);
		expect(outcome.state).toBe('carried_binding');
		expect(outcome.withoutUnmandatedVotes).toMatchObject({ inFavour: '5', carried: true });
	});

	it('treats an expired mandate, a missing one, or one for another category as insufficient', () => {
		const outcome = reached(
			decideVote(
				item({
					mandates: [
						mandate('m-a', 'a', 200_000_000),
						{ ...mandate('m-c', 'c', 200_000_000), expiresOn: '2016-11-08' },
						{ ...mandate('m-d', 'd', 200_000_000), categories: ['service_review'] },
						mandate('m-e', 'e', 200_000_000)
					]
				}),
				{ ballots: ballotsOf({ 'm-a': 'for', 'm-b': 'for', 'm-c': 'for', 'm-d': 'for', 'm-e': 'for' }) }
			)
		);
		expect(outcome.state).toBe('carried_subject_to_ratification');
		expect(outcome.ratifyingOrganisations?.map((o) => o.id)).toEqual(['b', 'c', 'd']);
		expect(outcome.ballots.map((b) => b.mandateProblems?.[0])).toEqual([
			undefined,
			'no mandate from B CCG is recorded',
			'the mandate from C CCG expired on 8 November 2016',
			'the mandate from D CCG does not cover service investment',
			undefined
		]);
	});

	it('asks no mandate for procedural business or a recommendation', () => {
		const ballots = ballotsOf({ 'm-a': 'for', 'm-b': 'for', 'm-c': 'for', 'm-d': 'for', 'm-e': 'for' });
		expect(reached(decideVote(item({ mandates: [], motion: { procedural: true } }), { ballots })).state).toBe('carried_binding');
		expect(reached(decideVote(item({ mandates: [], body: { ...delegated, delegations: [] } }), { ballots })).state).toBe('recommendation');
	});
});

// ── Worked example 6: quorum ──────────────────────────────────────────────────
describe('worked example 6: no vote opens while inquorate', () => {
	it('refuses the vote and names the failing condition', () => {
		const organisations: Organisation[] = [
			{ id: 'nhse', name: 'NHS England', kind: 'nhs_england' },
			{ id: 'ccg', name: 'A CCG', kind: 'ccg' }
		];
		const members: Array<Partial<Member> & { id: string }> = [
			{ id: 'chair', role: 'chair', represents: ['ccg'] },
			{ id: 'vice', role: 'vice_chair', represents: ['ccg'] },
			{ id: 'nhse', represents: ['nhse'] },
			...membersNamed(9).map((m) => ({ ...m, represents: ['ccg'] }))
		];
		const outcome = decideVote(
			newItem({
				rules: simpleRules({
					quorum: {
						minimumFraction: { fraction: '1/2' },
						requiredRoles: [{ anyOf: ['chair', 'vice_chair'] }],
						requiredOrganisationKinds: [{ kind: 'nhs_england' }],
						deputiesCount: true
					}
				}),
				organisations,
				members,
				attendance: { chair: 'apologies', v6: 'apologies', v7: 'apologies', v8: 'apologies', v9: 'absent', nhse: { status: 'present', departed: true } }
			}),
			{ ballots: ballotsOf({ vice: 'for', v1: 'for', v2: 'for', v3: 'for', v4: 'for' }), indicative: true }
		);
		expect(outcome).toMatchObject({ ok: false, reason: 'Quorum not met: no NHS England member present', alternatives: ['defer'] });
	});
});

// ── Worked example 7: conflict ────────────────────────────────────────────────
describe('worked example 7: a declared conflict', () => {
	it('takes the member out of the vote, sets aside any ballot they cast, and minutes it', () => {
		const outcome = reached(
			decideVote(
				newItem({
					members: [{ id: 'ravi', name: 'Dr Ravi Chandra' }, ...membersNamed(4)],
					declarations: [{ memberId: 'ravi', outcome: 'leaves_for_item', interest: 'employed by an affected provider' }]
				}),
				{ ballots: ballotsOf({ ravi: 'for', v1: 'for', v2: 'against', v3: 'against' }) }
			)
		);
		expect(outcome.state).toBe('not_carried');
		expect(outcome.figures).toMatchObject({ inFavour: '1', against: '2', eligible: '4' });
		expect(outcome.setAside).toEqual([
			{
				voterId: 'ravi',
				choice: 'for',
				reason: 'Dr Ravi Chandra declared an interest (employed by an affected provider) and left the meeting for this item'
			}
		]);
		expect(outcome.explanation).toContain(
			'Dr Ravi Chandra declared an interest (employed by an affected provider) and left the meeting for this item, so is not eligible to vote.'
		);
	});
});

// ── Worked example 8: sub-delegation ──────────────────────────────────────────
describe('worked example 8: sub-delegation beyond what the group holds', () => {
	it('refuses the vote on the motion, with the reason', () => {
		const outcome = decideVote(
			newItem({
				members: membersNamed(3),
				body: { ...delegated, delegations: [{ ...delegated.delegations[0]!, financialLimitPence: 50_000_000 }] },
				meetingDate: '2016-05-24',
				motion: {
					procedural: true,
					subDelegation: {
						subGroupName: 'the sub-group',
						delegation: { categories: ['service_investment'], financialLimitPence: 100_000_000, validFrom: '2016-06-01', validTo: '2017-03-31' }
					}
				}
			}),
			{ ballots: ballotsOf({ v1: 'for', v2: 'for', v3: 'for' }) }
		);
		expect(outcome.ok).toBe(false);
		expect(outcome.ok ? '' : outcome.reason).toBe(
			'Sub-delegation to the sub-group refused: Northern SCG holds £500,000 per decision for service investment and cannot delegate more than it holds (proposed: £1,000,000)'
		);
	});
});

// ── Worked example 9: casting vote ────────────────────────────────────────────
describe('worked example 9: tie and casting vote', () => {
	const members = [{ id: 'chair', name: 'Dr Helen Marsh', role: 'chair' as const }, ...membersNamed(7)];
	const ballots = ballotsOf({ chair: 'for', v1: 'for', v2: 'for', v3: 'for', v4: 'against', v5: 'against', v6: 'against', v7: 'against' });
	const item = (castingVote: 'chair' | 'none') =>
		newItem({
			rules: simpleRules({
				voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }], castingVote }
			}),
			members,
			motion: { procedural: true, text: 'Adopt the priorities plan for 2016/17' }
		});

	it("carries on the chair's casting vote, and says so", () => {
		const outcome = reached(decideVote(item('chair'), { ballots, castingVote: 'for' }));
		expect(outcome.state).toBe('carried_binding');
		expect(outcome.figures).toMatchObject({
			inFavour: '5',
			against: '4',
			cast: '9',
			castingVote: { memberId: 'chair', name: 'Dr Helen Marsh', choice: 'for' }
		});
		expect(outcome.explanation).toContain(
			'The votes were tied, 4 for and 4 against. The rules give the chair a casting vote, and the chair, Dr Helen Marsh, cast it for the motion, making 5 for and 4 against.'
		);
		expect(outcome.explanation).toContain('Rule: more than half of votes cast — 5 of the 9 votes cast in favour (55.6%): met.');
	});

	it('is not carried on a tie when the chair casts against, or does not use the casting vote', () => {
		expect(reached(decideVote(item('chair'), { ballots, castingVote: 'against' })).state).toBe('not_carried');
		const unused = reached(decideVote(item('chair'), { ballots }));
		expect(unused.state).toBe('not_carried');
		expect(unused.explanation).toContain(
			'The votes were tied, 4 for and 4 against. The rules give the chair a casting vote; the chair, Dr Helen Marsh, did not use it.'
		);
	});

	it('is not carried on a tie when the rules give no casting vote', () => {
		const outcome = reached(decideVote(item('none'), { ballots, castingVote: 'for' }));
		expect(outcome.state).toBe('not_carried');
		expect(outcome.figures.castingVote).toBeUndefined();
		expect(outcome.explanation).toContain('The votes were tied, 4 for and 4 against. The rules give the chair no casting vote.');
	});

	it('ignores a casting vote when the votes are not tied', () => {
		const outcome = reached(decideVote(item('chair'), { ballots: ballotsOf({ chair: 'for', v1: 'against', v2: 'against' }), castingVote: 'for' }));
		expect(outcome.state).toBe('not_carried');
		expect(outcome.explanation).toContain('The votes were not tied, so no casting vote applies.');
	});

	it('gives the casting vote to the vice-chair presiding when the chair is away', () => {
		const outcome = reached(
			decideVote(
				newItem({
					rules: simpleRules({ voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }], castingVote: 'chair' } }),
					members: [{ id: 'chair', role: 'chair' }, { id: 'vice', name: 'Vic', role: 'vice_chair' }, { id: 'x' }],
					attendance: { chair: 'apologies' },
					motion: { procedural: true }
				}),
				{ ballots: ballotsOf({ vice: 'for', x: 'against' }), castingVote: 'for' }
			)
		);
		expect(outcome.state).toBe('carried_binding');
		expect(outcome.figures.castingVote?.name).toBe('Vic');
	});

	it('breaks a weighted tie without adding weight', () => {
		const outcome = reached(
			decideVote(
				newItem({
					rules: simpleRules({ voting: { basis: 'weighted', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }], castingVote: 'chair' } }),
					...weightedGroup(['50', '50']),
					members: [
						{ id: 'm-a', role: 'chair', represents: ['a'] },
						{ id: 'm-b', represents: ['b'] }
					],
					motion: { procedural: true }
				}),
				{ ballots: ballotsOf({ 'm-a': 'for', 'm-b': 'against' }), castingVote: 'for' }
			)
		);
		expect(outcome.state).toBe('carried_binding');
		expect(outcome.figures).toMatchObject({ inFavour: '50', against: '50' });
	});
});

// ── Boundaries ────────────────────────────────────────────────────────────────
describe('thresholds at the boundary, exactly as the rule words it', () => {
	const weighted = (threshold: Threshold, forWeight: number) =>
		reached(
			decideVote(
				newItem({
					rules: simpleRules({ voting: { basis: 'weighted', thresholds: [threshold] } }),
					...weightedGroup([String(forWeight), String(100 - forWeight)])
				}),
				{ ballots: ballotsOf({ 'm-a': 'for', 'm-b': 'against' }) }
			)
		).figures.thresholds[0]?.met;

	it('"at least 75%" of eligible: 74 no, 75 yes, 76 yes', () => {
		const rule: Threshold = { of: 'eligible_votes', comparison: 'at_least', fraction: '0.75' };
		expect([74, 75, 76].map((w) => weighted(rule, w))).toEqual([false, true, true]);
	});

	it('"more than 75%" of eligible: 74 no, 75 no, 76 yes', () => {
		const rule: Threshold = { of: 'eligible_votes', comparison: 'more_than', fraction: '75%' };
		expect([74, 75, 76].map((w) => weighted(rule, w))).toEqual([false, false, true]);
	});

	it('"at least half" and "more than half" of votes cast at 49, 50 and 51', () => {
		expect([49, 50, 51].map((w) => weighted({ of: 'votes_cast', comparison: 'at_least', fraction: '1/2' }, w))).toEqual([false, true, true]);
		expect([49, 50, 51].map((w) => weighted({ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }, w))).toEqual([false, false, true]);
	});

	it('two-thirds of 9 members present: 5 no, 6 yes (at least), 6 no, 7 yes (more than)', () => {
		const run = (comparison: 'at_least' | 'more_than', inFavour: number) => {
			const members = membersNamed(10);
			const choices = Object.fromEntries(members.slice(0, 9).map((m, index) => [m.id, index < inFavour ? 'for' : 'abstain'])) as Record<string, Choice>;
			return reached(
				decideVote(
					newItem({
						rules: simpleRules({ voting: { basis: 'per_member', thresholds: [{ of: 'members_present', comparison, fraction: '2/3' }] } }),
						members,
						attendance: { v10: 'apologies' }
					}),
					{ ballots: ballotsOf(choices) }
				)
			).figures.thresholds[0];
		};
		expect([5, 6].map((n) => run('at_least', n)?.met)).toEqual([false, true]);
		expect([6, 7].map((n) => run('more_than', n)?.met)).toEqual([false, true]);
		expect(run('at_least', 6)).toMatchObject({ numerator: '6', denominator: '9', actual: '2/3', actualPercent: '66.7%' });
	});

	it('does not drift on weights like 33.33', () => {
		const outcome = reached(
			decideVote(
				newItem({
					rules: simpleRules({ voting: { basis: 'weighted', thresholds: [{ of: 'eligible_votes', comparison: 'at_least', fraction: '0.6667' }] } }),
					...weightedGroup(['33.33', '33.34', '33.33']),
					motion: { procedural: true }
				}),
				{ ballots: ballotsOf({ 'm-a': 'for', 'm-b': 'for', 'm-c': 'against' }) }
			)
		);
		expect(outcome.figures.inFavour).toBe('66.67');
		expect(outcome.figures.thresholds[0]).toMatchObject({ actual: '6667/10000', met: true });
		expect(outcome.state).toBe('carried_binding');
	});
});

describe('votes nobody could carry', () => {
	it('is not carried when everyone abstains', () => {
		const outcome = reached(decideVote(newItem({ members: membersNamed(3) }), { ballots: ballotsOf({ v1: 'abstain', v2: 'abstain', v3: 'abstain' }) }));
		expect(outcome.state).toBe('not_carried');
		expect(outcome.figures).toMatchObject({ inFavour: '0', against: '0', abstain: '3', cast: '0' });
		expect(outcome.figures.thresholds[0]).toMatchObject({ actual: 'none', met: false });
		expect(outcome.explanation).toContain('Rule: more than half of votes cast — no votes were cast for or against: not met.');
	});

	it('is not carried when nobody is eligible', () => {
		const outcome = reached(
			decideVote(
				newItem({
					rules: simpleRules({ quorum: { minimumCount: 0, deputiesCount: true } }),
					members: membersNamed(2),
					declarations: [
						{ memberId: 'v1', outcome: 'may_not_vote' },
						{ memberId: 'v2', outcome: 'may_not_vote' }
					]
				}),
				{ ballots: ballotsOf({ v1: 'for', v2: 'for' }) }
			)
		);
		expect(outcome.state).toBe('not_carried');
		expect(outcome.figures.eligible).toBe('0');
		expect(outcome.setAside).toHaveLength(2);
		expect(outcome.explanation).toContain('No member was eligible to vote on this item.');
	});
});

describe('who casts which ballot', () => {
	const organisations: Organisation[] = [
		{ id: 'bolton', name: 'NHS Bolton CCG', kind: 'ccg' },
		{ id: 'wigan', name: 'NHS Wigan Borough CCG', kind: 'ccg' },
		{ id: 'bury', name: 'NHS Bury CCG', kind: 'ccg' }
	];
	const perOrganisation = simpleRules({
		voting: { basis: 'per_organisation', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] }
	});
	const members = [
		{ id: 'mark', name: 'Mark', represents: ['bolton', 'wigan'] },
		{ id: 'jo', name: 'Jo', represents: ['bury'] }
	];

	it('counts a member who is both voter and proxy once for each organisation, separately', () => {
		const ballots: Ballot[] = [
			{ voterId: 'mark', organisationId: 'bolton', choice: 'for' },
			{ voterId: 'mark', organisationId: 'wigan', choice: 'against' },
			{ voterId: 'jo', choice: 'for' }
		];
		const outcome = reached(decideVote(newItem({ rules: perOrganisation, organisations, members }), { ballots }));
		expect(outcome.figures).toMatchObject({ inFavour: '2', against: '1', cast: '3', organisationsInFavour: 2 });
		expect(outcome.state).toBe('recommendation');
	});

	it('gives that member one vote only under per-member voting', () => {
		const outcome = decideVote(newItem({ organisations, members }), {
			ballots: [
				{ voterId: 'mark', organisationId: 'bolton', choice: 'for' },
				{ voterId: 'mark', organisationId: 'wigan', choice: 'for' }
			]
		});
		expect(outcome).toMatchObject({ ok: false, alternatives: ['vote'] });
		expect(outcome.ok ? '' : outcome.reason).toBe('The ballots cannot be counted: Mark has 2 ballots (Mark: for and Mark: for)');
	});

	it('sets aside a ballot that does not say which of several organisations it is for', () => {
		const outcome = reached(decideVote(newItem({ rules: perOrganisation, organisations, members }), { ballots: ballotsOf({ mark: 'for', jo: 'for' }) }));
		expect(outcome.setAside[0]?.reason).toBe('Mark may cast the votes of NHS Bolton CCG and NHS Wigan Borough CCG, and the ballot does not say which');
	});

	it('sets aside a ballot for an organisation the voter does not represent', () => {
		const outcome = reached(
			decideVote(newItem({ rules: perOrganisation, organisations, members }), {
				ballots: [{ voterId: 'jo', organisationId: 'bolton', choice: 'for' }]
			})
		);
		expect(outcome.setAside[0]?.reason).toBe('Jo does not cast the vote of NHS Bolton CCG');
	});

	it('counts a deputy for an absent member, and sets aside a deputy whose member is present', () => {
		const deputyMembers = [{ id: 'tom', name: 'Tom' }, { id: 'neil', name: 'Neil', role: 'deputy' as const, deputyFor: 'tom' }, { id: 'ann', name: 'Ann' }];
		const standingIn = reached(
			decideVote(newItem({ members: deputyMembers, attendance: { tom: 'apologies' } }), { ballots: ballotsOf({ neil: 'for', ann: 'against', tom: 'against' }) })
		);
		expect(standingIn.ballots.map((b) => [b.voterId, b.voteKey, b.deputyFor])).toEqual([
			['neil', 'tom', 'tom'],
			['ann', 'ann', undefined]
		]);
		expect(standingIn.setAside).toEqual([{ voterId: 'tom', choice: 'against', reason: 'Tom is not present; Neil stands in as deputy' }]);
		expect(standingIn.explanation).toContain('For: 1 (Neil (deputy for Tom)).');

		const bothPresent = reached(decideVote(newItem({ members: deputyMembers }), { ballots: ballotsOf({ neil: 'for', tom: 'against', ann: 'against' }) }));
		expect(bothPresent.figures).toMatchObject({ inFavour: '0', against: '2' });
		expect(bothPresent.setAside).toEqual([
			{ voterId: 'neil', choice: 'for', reason: 'Neil attended as deputy for Tom, but Tom is present, so Neil does not count or vote' }
		]);
	});

	it('sets aside ballots from those without a vote', () => {
		const outcome = reached(
			decideVote(
				newItem({
					rules: simpleRules({ quorum: { minimumCount: 0, deputiesCount: true } }),
					members: [{ id: 'a', name: 'Ann' }, { id: 'ada', name: 'Ada', role: 'adviser' }, { id: 'pat', name: 'Pat', role: 'ppv_representative' }, { id: 'sam', name: 'Sam', role: 'secretariat' }],
					attendance: { a: 'apologies' }
				}),
				{ ballots: ballotsOf({ a: 'for', ada: 'for', pat: 'for', sam: 'for' }) }
			)
		);
		expect(outcome.setAside.map((b) => b.reason)).toEqual([
			'Ann sent apologies',
			'Ada is an adviser and does not hold a vote',
			'Pat is a patient and public voice representative, and the rules do not give patient and public voice representatives a vote',
			'Sam is a member of the secretariat and does not hold a vote'
		]);
	});
});

describe('decideConsensus', () => {
	const members = [{ id: 'a', name: 'Ann' }, { id: 'b', name: 'Bob' }, { id: 'ada', name: 'Ada', role: 'adviser' as const }];

	it('records a decision when no voting member objects', () => {
		const outcome = reached(decideConsensus(newItem({ members, motion: { procedural: true } }), { objections: [] }));
		expect(outcome).toMatchObject({ method: 'consensus', state: 'carried_binding' });
		expect(outcome.figures).toMatchObject({ inFavour: '2', against: '0', eligible: '2' });
		expect(outcome.explanation).toContain(
			'The chair asked whether any voting member objected; none did, so the motion is agreed by consensus of the 2 voting members present.'
		);
	});

	it('sends the motion to a vote on any objection from a voting member', () => {
		const outcome = decideConsensus(newItem({ members }), { objections: ['b'] });
		expect(outcome).toMatchObject({ ok: false, reason: 'Consensus not reached: Bob objected', alternatives: ['vote'] });
	});

	it('notes but does not count an objection from someone without a vote', () => {
		const outcome = reached(decideConsensus(newItem({ members }), { objections: ['ada'] }));
		expect(outcome.state).toBe('recommendation');
		expect(outcome.explanation).toContain('An objection from Ada was noted; Ada has no vote on this item.');
	});

	it('needs ratification by an organisation whose rep agreed without a mandate', () => {
		const organisations: Organisation[] = [
			{ id: 'x', name: 'X CCG', kind: 'ccg' },
			{ id: 'y', name: 'Y CCG', kind: 'ccg' }
		];
		const outcome = reached(
			decideConsensus(
				newItem({
					rules: simpleRules({ voting: { basis: 'per_organisation', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }], mandatesRequired: true } }),
					organisations,
					members: [{ id: 'rx', name: 'Rex', represents: ['x'] }, { id: 'ry', name: 'Rya', represents: ['y'] }],
					mandates: [{ memberId: 'rx', organisationId: 'x', categories: ['service_investment'], financialLimitPence: 100_000_000, expiresOn: '2017-03-31' }],
					body: delegated,
					motion: { category: 'service_investment', valuePence: 10_000_000 }
				}),
				{ objections: [] }
			)
		);
		expect(outcome.state).toBe('carried_subject_to_ratification');
		expect(outcome.ratifyingOrganisations).toEqual([{ id: 'y', name: 'Y CCG' }]);
	});
});

describe('appeal and arbitration', () => {
	it('sets the appeal date and routes a large dispute to arbitration', () => {
		const outcome = reached(
			decideVote(
				newItem({
					rules: simpleRules({ appealPeriodDays: 28, arbitrationAboveValuePence: 10_000_000 }),
					members: membersNamed(3),
					body: delegated,
					meetingDate: '2016-07-14',
					motion: { category: 'service_investment', valuePence: 10_000_001 }
				}),
				{ ballots: ballotsOf({ v1: 'for', v2: 'for', v3: 'against' }) }
			)
		);
		expect(outcome).toMatchObject({ state: 'carried_binding', appealBy: '2016-08-11', arbitrationApplies: true });
		expect(outcome.explanation).toContain('A member organisation may appeal within 28 days, by 11 August 2016.');
	});

	it('does not route a dispute exactly at the arbitration value to arbitration', () => {
		const outcome = reached(
			decideVote(
				newItem({ rules: simpleRules({ arbitrationAboveValuePence: 10_000_000 }), members: membersNamed(1), body: delegated, meetingDate: '2016-07-14', motion: { category: 'service_investment', valuePence: 10_000_000 } }),
				{ ballots: ballotsOf({ v1: 'for' }) }
			)
		);
		expect(outcome.arbitrationApplies).toBe(false);
	});
});

// ── Secret ballots ────────────────────────────────────────────────────────────
describe('a secret ballot: counts and who voted, never how', () => {
	const item = newItem({
		rules: simpleRules({ voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }], secretBallotsAllowed: true } }),
		members: [{ id: 'Alice' }, { id: 'Bob' }, { id: 'Carol' }, { id: 'Dan' }]
	});
	const ballots = ballotsOf({ Alice: 'for', Bob: 'for', Carol: 'against' });

	it('reaches the same outcome as an open vote', () => {
		expect(reached(decideVote(item, { ballots, secret: true })).state).toBe(reached(decideVote(item, { ballots })).state);
	});

	it('words the count without naming anyone beside a choice, and lists who voted apart from it', () => {
		const outcome = reached(decideVote(item, { ballots, secret: true }));
		const counts = outcome.explanation.filter((line) => /^(For|Against|Abstained):/.test(line));
		expect(counts).toEqual(['For: 2.', 'Against: 1.', 'Abstained: none.']);
		expect(outcome.explanation).toContain('Voted, by secret ballot: Alice, Bob and Carol.');
		expect(outcome.explanation).toContain('Did not vote: Dan (present, no ballot).');
		// The open vote names them: the test would pass for the wrong reason if the names never appeared at all.
		expect(reached(decideVote(item, { ballots })).explanation).toContain('For: 2 (Alice and Bob).');
	});
});
