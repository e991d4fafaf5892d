import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import example10 from '../../../../docs/examples/10-written-resolution-carried.json';
import example11 from '../../../../docs/examples/11-written-resolution-too-few-responses.json';
import example12 from '../../../../docs/examples/12-urgent-action-binding.json';
import example13 from '../../../../docs/examples/13-urgent-action-recommendation.json';
import example1 from '../../../../docs/examples/01-weighted-75-percent.json';
import {
	evaluateAnyCase,
	evaluateUrgentAction,
	evaluateWrittenResolution,
	mayCastWrittenResolution,
	mayPutWrittenResolution,
	parseAnyCase,
	parseRules,
	type AnyEvaluation,
	type ResolutionBallot,
	type WrittenResolutionContext
} from './index';
import { newRules, simpleRules, weightedGroup } from './testing';
import type { Choice } from './outcome';

function evaluate(input: unknown): AnyEvaluation {
	const parsed = parseAnyCase(input);
	if (!parsed.ok) throw new Error(`Example does not parse:\n${parsed.problems.join('\n')}`);
	return evaluateAnyCase(parsed);
}

const OPENED = '2026-06-01T09:00:00+01:00';
const CLOSES = '2026-06-08T17:00:00+01:00';

function resolution(overrides: Partial<WrittenResolutionContext> = {}, written: Record<string, unknown> = {}): WrittenResolutionContext {
	return {
		rules: newRules(
			simpleRules({
				writtenResolutions: {
					allowed: true,
					categories: ['service_review'],
					minimumResponse: { minimumFraction: { fraction: '1/2', comparison: 'at_least' } },
					...written
				}
			})
		),
		body: { id: 'body', name: 'The group', parentBodyName: 'The regional team', delegations: [{ categories: ['service_review'], financialLimitPence: 100_000_00, validFrom: '2026-04-01' }] },
		organisations: [],
		members: ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'].map((id) => ({ id, name: id.toUpperCase(), role: 'voting_member' as const, represents: [] })),
		declarations: [],
		mandates: [],
		motion: { text: 'That the service be reviewed', category: 'service_review', valuePence: 0, procedural: false },
		openedAt: OPENED,
		closesAt: CLOSES,
		...overrides
	};
}

const ballot = (voterId: string, choice: Choice, castAt = '2026-06-02T10:00:00+01:00'): ResolutionBallot => ({ voterId, choice, castAt });

describe('the worked examples of decisions between meetings', () => {
	it('a written resolution carried on 5 of 7 eligible votes; the ballot a minute after closing is not counted', () => {
		const evaluation = evaluate(example10);
		expect(evaluation).toMatchObject({ kind: 'written_resolution', state: 'carried_binding', appealBy: '2018-02-15' });
		if (evaluation.kind !== 'written_resolution') throw new Error('wrong kind');
		expect(evaluation.late.map((b) => b.voterId)).toEqual(['yh-wak']);
		expect(evaluation.response).toMatchObject({ returned: 6, eligibleCount: 7, met: true });
		expect(evaluation.explanation).toContain('Rule: more than half of eligible votes — 5 of the 7 eligible votes in favour (71.4%): met.');
		expect(evaluation.explanation).toContain('Not counted: the ballot of Tom Greaves, as it arrived at 17:01:00 on 18 January 2018, after voting closed.');
		expect(evaluation.explanation[1]).toBe('Put on Thursday 11 January 2018, 9:00am; voting closed at Thursday 18 January 2018, 5:00pm (17:00:00 London time).');
	});

	it('a written resolution refused: 4 of 7 returned, where two-thirds are needed in place of a quorum', () => {
		const evaluation = evaluate(example11);
		expect(evaluation).toMatchObject({
			kind: 'written_resolution',
			state: 'no_decision',
			reason: 'Too few responses: 4 of 7 (57.1%) returned, where the rules need at least two-thirds of the eligible votes returned'
		});
	});

	it("the chair's urgent action within delegated authority binds, for ratification within 42 days", () => {
		const evaluation = evaluate(example12);
		expect(evaluation).toMatchObject({ kind: 'urgent_action', ok: true, state: 'carried_binding', ratifyBy: '2018-04-06' });
		expect(evaluation.explanation).toContain('Consulted: Imran Hussain and Dr Sarah Booth (2; the rules require at least 2).');
	});

	it("the chair's urgent action without delegated authority is a recommendation to the parent body", () => {
		const evaluation = evaluate(example13);
		expect(evaluation).toMatchObject({ kind: 'urgent_action', ok: true, state: 'recommendation', recommendationTo: 'NHS England North regional team', ratifyBy: '2016-01-01' });
	});

	it('a meeting case still reads as one, tagged as a meeting', () => {
		expect(evaluate(example1)).toMatchObject({ kind: 'meeting', outcome: { state: 'carried_binding' } });
	});

	it('lists every problem in a written-resolution case', () => {
		const parsed = parseAnyCase({ ...example10, closesAt: 'next Tuesday', ballots: [{ voterId: 'nobody', choice: 'for', castAt: '2018-01-12T10:00:00Z' }] });
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.problems).toContain('closesAt: Expected a date and time with its offset, e.g. "2026-07-09T17:00:00+01:00"');
		expect(parsed.problems).toContain('ballots[0].voterId: No member has the id "nobody"');
	});
});

describe('the rules for decisions between meetings', () => {
	it('rules written before the new sections parse, and allow neither', () => {
		const rules = newRules(simpleRules());
		expect(rules.writtenResolutions).toBeUndefined();
		const put = mayPutWrittenResolution({ ...resolution(), rules });
		expect(put).toMatchObject({ ok: false, reason: 'The rules make no provision for a written resolution, so it is not allowed' });
		const urgent = evaluateUrgentAction({ ...urgentContext(), rules });
		expect(urgent).toMatchObject({ ok: false, reason: "The rules make no provision for the chair's urgent action, so it is not allowed" });
	});

	it('refuses a section that is allowed but allows nothing, or has no minimum response or ratification period', () => {
		const parsed = parseRules(
			simpleRules({ writtenResolutions: { allowed: true }, urgentAction: { allowed: true, categories: ['x'] } } as never)
		);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.problems).toEqual(
			expect.arrayContaining([
				'writtenResolutions.categories: Name at least one category of decision, or allow procedural business, or it allows nothing',
				expect.stringMatching(/^writtenResolutions\.minimumResponse: A written resolution needs a minimum response/),
				expect.stringMatching(/^urgentAction\.minimumConsulted: /),
				expect.stringMatching(/^urgentAction\.ratificationPeriodDays: /)
			])
		);
	});

	it('allows a written resolution only for the categories, procedural business and value the rules name', () => {
		expect(mayPutWrittenResolution(resolution({ motion: { text: 'T', category: 'designation', valuePence: 0, procedural: false } }))).toMatchObject({
			ok: false,
			reason: 'The rules allow a written resolution only for service review, not designation'
		});
		expect(mayPutWrittenResolution(resolution({ motion: { text: 'T', category: 'minutes', valuePence: 0, procedural: true } }))).toMatchObject({
			ok: false,
			reason: 'The rules allow a written resolution only for service review, not procedural business'
		});
		expect(
			mayPutWrittenResolution(resolution({ motion: { text: 'T', category: 'service_review', valuePence: 50_000_01, procedural: false } }, { financialLimitPence: 50_000_00 }))
		).toMatchObject({ ok: false, reason: 'The rules allow a written resolution for decisions of up to £50,000, and this decision commits £50,000.01' });
	});

	it('counts notice of a binding financial decision to the day the resolution is put', () => {
		const rules = newRules(
			simpleRules({
				notice: { bindingFinancialDecisionDays: 30 },
				writtenResolutions: { allowed: true, categories: ['service_review'], minimumResponse: { minimumCount: 1 } }
			})
		);
		const motion = { text: 'T', category: 'service_review', valuePence: 1_000_00, procedural: false, noticeGivenOn: '2026-05-05' };
		// 27 days to the day it is put, 34 to the day it closes: not enough.
		expect(mayPutWrittenResolution(resolution({ rules, motion }))).toMatchObject({
			ok: false,
			reason: 'Notice not met: notice was given 27 days before the resolution was put, and the rules require at least 30 days'
		});
		expect(mayPutWrittenResolution(resolution({ rules, motion: { ...motion, noticeGivenOn: '2026-05-02' } }))).toMatchObject({ ok: true, footing: 'binding' });
	});

	it('counts that notice as the rules count notice: in clear days, when they say so', () => {
		const rules = newRules(
			simpleRules({
				notice: { bindingFinancialDecisionDays: 30, counting: 'clear' },
				writtenResolutions: { allowed: true, categories: ['service_review'], minimumResponse: { minimumCount: 1 } }
			})
		);
		const motion = { text: 'T', category: 'service_review', valuePence: 1_000_00, procedural: false, noticeGivenOn: '2026-05-02' };
		// 30 calendar days to Monday 1 June, so 29 clear days: one short.
		expect(mayPutWrittenResolution(resolution({ rules, motion }))).toMatchObject({
			ok: false,
			reason: 'Notice not met: notice was given 29 clear days before the resolution was put, and the rules require at least 30 clear days'
		});
		const put = mayPutWrittenResolution(resolution({ rules, motion: { ...motion, noticeGivenOn: '2026-05-01' } }));
		expect(put).toMatchObject({ ok: true, footing: 'binding' });
		expect(put.explanation).toContain(
			'Notice of this intended decision was given on Friday 1 May 2026, 30 clear days before the resolution was put on 1 June 2026; the rules require at least 30 clear days for a binding decision that commits money.'
		);
	});

	it('a closing time not after the opening is refused', () => {
		expect(mayPutWrittenResolution(resolution({ closesAt: OPENED }))).toMatchObject({ ok: false, reason: expect.stringMatching(/^The closing time, .* must be after the resolution is put$/) });
	});
});

describe('a written resolution', () => {
	it('uses the meeting thresholds unless the rules give its own', () => {
		const ballots = [ballot('v1', 'for'), ballot('v2', 'for'), ballot('v3', 'against')];
		// Meeting rule: more than half of votes cast (2 of 3): carried.
		expect(evaluateWrittenResolution(resolution(), ballots).state).toBe('carried_binding');
		// Its own: more than half of eligible votes (2 of 6): not carried.
		const own = resolution({}, { thresholds: [{ of: 'eligible_votes', comparison: 'more_than', fraction: '1/2' }] });
		expect(evaluateWrittenResolution(own, ballots).state).toBe('not_carried');
	});

	it('takes "members present" as those who returned a ballot', () => {
		const context = resolution({}, { thresholds: [{ of: 'members_present', comparison: 'at_least', fraction: '2/3' }] });
		const evaluation = evaluateWrittenResolution(context, [ballot('v1', 'for'), ballot('v2', 'for'), ballot('v3', 'abstain')]);
		expect(evaluation.state).toBe('carried_binding');
		expect(evaluation.explanation).toContain('Rule: at least two-thirds of the votes of members present — 2 of the 3 votes of members present in favour (66.7%): met.');
	});

	it('a ballot at the very second of closing is too late', () => {
		expect(mayCastWrittenResolution(resolution(), { voterId: 'v1' }, CLOSES)).toEqual({
			ok: false,
			reason: 'Voting closed at Monday 8 June 2026, 5:00pm (17:00:00 London time); a ballot after the closing time cannot be counted'
		});
		expect(mayCastWrittenResolution(resolution(), { voterId: 'v1' }, '2026-06-08T16:59:59+01:00')).toMatchObject({ ok: true, key: 'v1' });
	});

	it('refuses a ballot from a conflicted member or someone with no vote, naming why', () => {
		const context = resolution({
			members: [...resolution().members, { id: 'sec', name: 'Sec', role: 'secretariat', represents: [] }],
			declarations: [{ memberId: 'v2', outcome: 'may_not_vote', interest: 'a director of the provider' }]
		});
		expect(mayCastWrittenResolution(context, { voterId: 'v2' }, OPENED)).toEqual({
			ok: false,
			reason: 'V2 declared an interest (a director of the provider) and may not vote on this item, so may not vote on this resolution'
		});
		expect(mayCastWrittenResolution(context, { voterId: 'sec' }, OPENED)).toEqual({ ok: false, reason: 'Sec holds no vote on The group under its rules' });
	});

	it('lets a deputy cast their absent member\'s vote under weighted voting, for that organisation', () => {
		const group = weightedGroup(['60', '40']);
		const context = resolution({
			rules: newRules(simpleRules({ voting: { basis: 'weighted', thresholds: [{ of: 'eligible_votes', comparison: 'more_than', fraction: '1/2' }] }, writtenResolutions: { allowed: true, categories: ['service_review'], minimumResponse: { minimumFraction: { fraction: '1/2' } } } })),
			organisations: group.organisations,
			members: [...group.members, { id: 'd-a', name: 'Deputy A', role: 'deputy', deputyFor: 'm-a', represents: ['a'] }]
		});
		expect(mayCastWrittenResolution(context, { voterId: 'd-a' }, OPENED)).toMatchObject({ ok: true, key: 'a', deputyFor: 'm-a' });
		const evaluation = evaluateWrittenResolution(context, [ballot('d-a', 'for')]);
		expect(evaluation).toMatchObject({ state: 'carried_binding', response: { returnedVotes: '60', eligibleVotes: '100', met: true } });
	});

	it('a decision outside delegated authority is a recommendation', () => {
		const context = resolution({ body: { id: 'b', name: 'The group', parentBodyName: 'The regional team', delegations: [] } });
		expect(evaluateWrittenResolution(context, [ballot('v1', 'for'), ballot('v2', 'for'), ballot('v3', 'for')])).toMatchObject({ state: 'recommendation', recommendationTo: 'The regional team' });
	});

	it('a mandate short of the value leaves it subject to ratification, as at a meeting', () => {
		const group = weightedGroup(['1', '1', '1']);
		const context = resolution({
			rules: newRules(simpleRules({ voting: { basis: 'per_organisation', thresholds: [{ of: 'eligible_votes', comparison: 'at_least', fraction: '2/3' }], mandatesRequired: true }, ratificationPeriodDays: 14, writtenResolutions: { allowed: true, categories: ['service_review'], minimumResponse: { minimumCount: 2 } } })),
			organisations: group.organisations,
			members: group.members,
			motion: { text: 'T', category: 'service_review', valuePence: 1_000_00, procedural: false },
			mandates: [
				{ memberId: 'm-a', organisationId: 'a', categories: ['service_review'], financialLimitPence: 1_000_00, expiresOn: '2027-03-31' },
				{ memberId: 'm-b', organisationId: 'b', categories: ['service_review'], financialLimitPence: 10_00, expiresOn: '2027-03-31' }
			]
		});
		const evaluation = evaluateWrittenResolution(context, [ballot('m-a', 'for'), ballot('m-b', 'for')]);
		// Judged on the London date it closed, 8 June 2026; 14 days to ratify.
		expect(evaluation).toMatchObject({ state: 'carried_subject_to_ratification', decidedOn: '2026-06-08', ratifyBy: '2026-06-22' });
	});
});

describe('written resolutions: invariants', () => {
	const choices = fc.array(fc.constantFrom<Choice | 'none'>('for', 'against', 'abstain', 'none'), { minLength: 6, maxLength: 6 });
	const thresholds = fc.constantFrom(
		[{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }],
		[{ of: 'eligible_votes', comparison: 'at_least', fraction: '2/3' }],
		[{ of: 'members_present', comparison: 'more_than', fraction: '1/2' }]
	);
	const minutesBefore = fc.integer({ min: 1, max: 7 * 24 * 60 });
	const at = (minutes: number) => new Date(Date.parse(CLOSES) - minutes * 60_000).toISOString();
	const essence = (e: ReturnType<typeof evaluateWrittenResolution>) => ({ state: e.state, reason: e.reason, response: e.response, figures: e.outcome?.ok ? e.outcome.figures : undefined });

	it('a ballot arriving at or after the closing time never changes the outcome', () => {
		fc.assert(
			fc.property(choices, thresholds, fc.array(minutesBefore, { minLength: 6, maxLength: 6 }), fc.integer({ min: 0, max: 5 }), fc.constantFrom<Choice>('for', 'against', 'abstain'), fc.integer({ min: 0, max: 10_000 }), (stances, rule, times, lateIndex, lateChoice, lateBy) => {
				const context = resolution({}, { thresholds: rule });
				const ballots = stances.flatMap((choice, i) => (choice === 'none' ? [] : [ballot(`v${i + 1}`, choice, at(times[i] ?? 1))]));
				const lateVoter = `v${lateIndex + 1}`;
				const late = { voterId: lateVoter, choice: lateChoice, castAt: new Date(Date.parse(CLOSES) + lateBy * 1000).toISOString() };
				const withoutLate = evaluateWrittenResolution(context, ballots.filter((b) => b.voterId !== lateVoter));
				const withLate = evaluateWrittenResolution(context, [...ballots.filter((b) => b.voterId !== lateVoter), late]);
				expect(essence(withLate)).toEqual(essence(withoutLate));
				expect(withLate.late).toHaveLength(1);
			})
		);
	});

	it('the order ballots arrive in does not matter', () => {
		fc.assert(
			fc.property(choices, thresholds, fc.array(minutesBefore, { minLength: 6, maxLength: 6 }), (stances, rule, times) => {
				const context = resolution({}, { thresholds: rule });
				const ballots = stances.flatMap((choice, i) => (choice === 'none' ? [] : [ballot(`v${i + 1}`, choice, at(times[i] ?? 1))]));
				const forward = evaluateWrittenResolution(context, ballots);
				const backward = evaluateWrittenResolution(context, [...ballots].reverse());
				expect(backward).toEqual(forward);
			})
		);
	});

	it('a further response never turns enough responses into too few', () => {
		fc.assert(
			fc.property(choices, fc.constantFrom<Choice>('for', 'against', 'abstain'), (stances, extra) => {
				const context = resolution();
				const ballots = stances.flatMap((choice, i) => (choice === 'none' ? [] : [ballot(`v${i + 1}`, choice)]));
				const silent = stances.findIndex((choice) => choice === 'none');
				if (silent < 0) return;
				const before = evaluateWrittenResolution(context, ballots).response?.met ?? false;
				const after = evaluateWrittenResolution(context, [...ballots, ballot(`v${silent + 1}`, extra)]).response?.met ?? false;
				expect(before && !after).toBe(false);
			})
		);
	});
});

function urgentContext() {
	return {
		rules: newRules(simpleRules({ urgentAction: { allowed: true, categories: ['service_review'], minimumConsulted: 2, ratificationPeriodDays: 28 } })),
		body: { id: 'body', name: 'The group', parentBodyName: 'The regional team', delegations: [{ categories: ['service_review'], financialLimitPence: 100_000_00, validFrom: '2026-04-01' }] },
		organisations: [],
		members: [
			{ id: 'c', name: 'Chair', role: 'chair' as const, represents: [] },
			{ id: 'v', name: 'Vice', role: 'vice_chair' as const, represents: [] },
			{ id: 'm', name: 'Member', role: 'voting_member' as const, represents: [] }
		],
		declarations: [],
		motion: { text: 'That the service be reviewed', category: 'service_review', valuePence: 0, procedural: false },
		takenBy: 'c',
		takenOn: '2026-06-10',
		reason: 'The provider has given a week’s notice',
		consulted: ['v', 'm']
	};
}

describe("the chair's urgent action", () => {
	it('binds within delegated authority, with a ratification date', () => {
		expect(evaluateUrgentAction(urgentContext())).toMatchObject({ ok: true, state: 'carried_binding', ratifyBy: '2026-07-08' });
	});

	it('needs a reason, enough members consulted, each on the body, and the chair or vice-chair acting', () => {
		const refused = evaluateUrgentAction({ ...urgentContext(), takenBy: 'm', reason: '  ', consulted: ['c', 'c', 'stranger'] });
		expect(refused.ok).toBe(false);
		if (refused.ok) return;
		expect(refused.problems).toEqual([
			'Only the chair or vice-chair may take urgent action; Member is the voting member',
			'Urgent action must record why the matter cannot wait for a meeting',
			'Those consulted must sit on The group; stranger does not',
			"The rules require the chair to consult at least 2 members before urgent action; 1 was consulted"
		]);
	});

	it('is refused outside the categories and value the rules allow', () => {
		const context = urgentContext();
		expect(evaluateUrgentAction({ ...context, motion: { ...context.motion, category: 'designation' } })).toMatchObject({
			ok: false,
			reason: "The rules allow the chair's urgent action only for service review, not designation"
		});
	});

	it('counts notice to the day it is taken as the rules count notice, weekends and bank holidays left out', () => {
		const context = urgentContext();
		const rules = newRules(
			simpleRules({
				notice: { bindingFinancialDecisionDays: 5, excludeWeekends: true, excludeBankHolidays: true },
				urgentAction: { allowed: true, categories: ['service_review'], minimumConsulted: 0, ratificationPeriodDays: 28 }
			})
		);
		const motion = { ...context.motion, valuePence: 5_000_00 };
		// Taken on Friday 29 May 2026; Monday 25 May was the spring bank holiday: from Friday 22 May only 26–29 May count.
		const taken = { ...context, rules, takenOn: '2026-05-29', consulted: [] };
		expect(evaluateUrgentAction({ ...taken, motion: { ...motion, noticeGivenOn: '2026-05-22' } })).toMatchObject({
			ok: false,
			reason: 'Notice not met: notice was given 4 days before the action, not counting weekends or bank holidays, and the rules require at least 5 days'
		});
		const bound = evaluateUrgentAction({ ...taken, motion: { ...motion, noticeGivenOn: '2026-05-21' } });
		expect(bound).toMatchObject({ ok: true, state: 'carried_binding' });
		expect(bound.explanation).toContain('Notice of this intended decision was given on Thursday 21 May 2026, 5 days before, not counting weekends or bank holidays; the rules require at least 5 days.');
	});

	it('cannot bind on money without the notice the rules set', () => {
		const context = urgentContext();
		const rules = newRules(simpleRules({ notice: { bindingFinancialDecisionDays: 30 }, urgentAction: { allowed: true, categories: ['service_review'], minimumConsulted: 0, ratificationPeriodDays: 28 } }));
		expect(evaluateUrgentAction({ ...context, rules, motion: { ...context.motion, valuePence: 5_000_00 } })).toMatchObject({
			ok: false,
			reason: 'Notice not met: no notice of this intended decision was given, and the rules require at least 30 days before a binding decision that commits money'
		});
	});
});
