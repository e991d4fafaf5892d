import { describe, expect, it } from 'vitest';
import example1 from '../../../../docs/examples/01-weighted-75-percent.json';
import example1b from '../../../../docs/examples/01b-weighted-c-abstains.json';
import example1c from '../../../../docs/examples/01c-weighted-e-conflicted.json';
import example2 from '../../../../docs/examples/02-six-of-eight-organisations.json';
import example3 from '../../../../docs/examples/03-no-delegation-recommendation.json';
import example4 from '../../../../docs/examples/04-notice-indicative-vote.json';
import example5 from '../../../../docs/examples/05-mandate-ratification.json';
import example6 from '../../../../docs/examples/06-quorum-nhs-england-leaves.json';
import example7 from '../../../../docs/examples/07-conflict-of-interest.json';
import example8 from '../../../../docs/examples/08-sub-delegation-refused.json';
import example9 from '../../../../docs/examples/09-casting-vote.json';
import example14 from '../../../../docs/examples/14-notice-clear-days-boundary.json';
import example14b from '../../../../docs/examples/14b-notice-clear-days-one-short.json';
import example15 from '../../../../docs/examples/15-notice-working-days-bank-holiday.json';
import example15b from '../../../../docs/examples/15b-notice-working-days-one-short.json';
import example16 from '../../../../docs/examples/16-recommendation-travels-up.json';
import example17 from '../../../../docs/examples/17-recommendation-decided-within-authority.json';
import { evaluateCase, parseCase, type CaseEvaluation } from './index';

function evaluate(input: unknown): CaseEvaluation {
	const parsed = parseCase(input);
	if (!parsed.ok) throw new Error(`Example does not parse:\n${parsed.problems.join('\n')}`);
	return evaluateCase(parsed.evaluationCase);
}

const state = (evaluation: CaseEvaluation) => (evaluation.outcome?.ok ? evaluation.outcome.state : undefined);

describe('the worked examples shipped in docs/examples', () => {
	it('1: carried, binding, on 75 of 100 eligible votes', () => {
		const evaluation = evaluate(example1);
		expect(state(evaluation)).toBe('carried_binding');
		expect(evaluation.explanation).toContain(
			'Rule: at least 75% of eligible votes — 75 of the 100 eligible votes in favour (75.0%): met.'
		);
	});

	it('1b: not carried when C abstains (55%)', () => {
		const evaluation = evaluate(example1b);
		expect(state(evaluation)).toBe('not_carried');
		expect(evaluation.explanation).toContain(
			'Rule: at least 75% of eligible votes — 55 of the 100 eligible votes in favour (55.0%): not met.'
		);
	});

	it('1c: carried on 75 of 90 when E is conflicted (83.3%)', () => {
		const evaluation = evaluate(example1c);
		expect(state(evaluation)).toBe('carried_binding');
		expect(evaluation.eligibility.eligible).toBe('90');
		expect(evaluation.explanation).toContain(
			'Rule: at least 75% of eligible votes — 75 of the 100 eligible votes in favour (75.0%): met.'.replace('100', '90').replace('75.0%', '83.3%')
		);
	});

	it('2: binding on the two PCTs that voted against', () => {
		const evaluation = evaluate(example2);
		expect(state(evaluation)).toBe('carried_binding');
		expect(evaluation.explanation.join(' ')).toContain('including Ealing PCT and Hounslow PCT, which voted against');
	});

	it('3: a recommendation to the NHS England North regional team', () => {
		const evaluation = evaluate(example3);
		expect(state(evaluation)).toBe('recommendation');
		expect(evaluation.outcome).toMatchObject({ recommendationTo: 'NHS England North regional team' });
	});

	it('4: an indicative vote, recorded as non-binding, for want of notice', () => {
		const evaluation = evaluate(example4);
		expect(evaluation.opening.ok).toBe(false);
		expect(evaluation.chairAction).toBe('indicative_vote');
		expect(evaluation.outcome).toMatchObject({ ok: true, state: 'indicative', indicativeResult: 'carried' });
	});

	it('5: subject to ratification by NHS Leicester City CCG', () => {
		const evaluation = evaluate(example5);
		expect(evaluation.outcome).toMatchObject({
			state: 'carried_subject_to_ratification',
			ratifyingOrganisations: [{ id: 'leicester-city', name: 'NHS Leicester City CCG' }],
			ratifyBy: '2016-12-07'
		});
	});

	it('6: inquorate, no NHS England member present, and the item deferred', () => {
		const evaluation = evaluate(example6);
		expect(evaluation.quorum.failures).toEqual(['Quorum not met: no NHS England member present']);
		expect(evaluation.outcome).toMatchObject({ ok: false, reason: 'Quorum not met: no NHS England member present' });
		expect(evaluation.chairAction).toBe('deferred');
		expect(evaluation.explanation.at(-1)).toBe('The chair deferred the item.');
	});

	it('7: the conflicted member is out of the vote and the quorum count, and minuted', () => {
		const evaluation = evaluate(example7);
		expect(evaluation.quorum.counted).toBe(9);
		expect(evaluation.eligibility.excluded.map((vote) => vote.key)).toEqual(['sw-som']);
		expect(evaluation.explanation.join(' ')).toContain(
			'Dr Ravi Chandra declared an interest (employed by University Hospitals Bristol NHS Foundation Trust, a provider affected by this item) and left the meeting for this item'
		);
	});

	it('8: the sub-delegation is refused', () => {
		const evaluation = evaluate(example8);
		expect(evaluation.subDelegation).toMatchObject({ ok: false });
		expect(evaluation.opening).toMatchObject({ ok: false, alternatives: ['amend_motion', 'defer'] });
		expect(evaluation.outcome).toBeUndefined();
	});

	it('9: carried on the casting vote', () => {
		const evaluation = evaluate(example9);
		expect(state(evaluation)).toBe('carried_binding');
		expect(evaluation.outcome?.ok && evaluation.outcome.figures.castingVote).toEqual({
			memberId: 'cv-chair',
			name: 'Dr Helen Marsh',
			choice: 'for'
		});
	});

	it('16: the sub-group’s recommendation, carried without authority, travels on to the regional team', () => {
		const evaluation = evaluate(example16);
		expect(evaluation.outcome).toMatchObject({
			state: 'recommendation',
			recommendationTo: 'NHS England North regional team',
			recommendationPath: {
				levels: [
					{ bodyName: 'Cardiac Delivery Sub-group', decidedOn: '2017-05-03', outcome: 'recommendation' },
					{ bodyName: 'North West collaborative commissioning oversight group', decidedOn: '2017-06-14', outcome: 'recommendation' }
				],
				onwardTo: 'NHS England North regional team'
			}
		});
		expect(evaluation.explanation.at(-1)).toBe(
			'Recommended by Cardiac Delivery Sub-group on 3 May 2017; recommended onward by North West collaborative commissioning oversight group on 14 June 2017 to NHS England North regional team.'
		);
	});

	it('17: carried within authority, it decides the sub-group’s recommendation', () => {
		const evaluation = evaluate(example17);
		expect(state(evaluation)).toBe('carried_binding');
		expect(evaluation.explanation.at(-1)).toBe(
			'Recommended by Cardiac Delivery Sub-group on 3 May 2017; decided by North West collaborative commissioning oversight group on 14 June 2017.'
		);
	});
});

describe('the worked examples of counting notice (issue 16)', () => {
	const notice = (evaluation: CaseEvaluation) => evaluation.opening.checks.find((check) => check.check === 'notice');

	it('14: exactly 30 clear days of notice is enough: binding', () => {
		const evaluation = evaluate(example14);
		expect(evaluation.opening).toMatchObject({ ok: true, basis: 'binding' });
		expect(state(evaluation)).toBe('carried_binding');
		expect(notice(evaluation)?.detail).toBe(
			'Notice of this intended decision was given on Monday 12 September 2016, 30 clear days before the meeting; the rules require at least 30 clear days for a binding decision that commits money'
		);
	});

	it('14b: a day later, 30 calendar days are only 29 clear days: indicative', () => {
		const evaluation = evaluate(example14b);
		expect(evaluation.opening).toMatchObject({
			ok: false,
			reason: 'Notice not met: notice was given 29 clear days before the meeting, and the rules require at least 30 clear days'
		});
		expect(state(evaluation)).toBe('indicative');
		// Counted in calendar days, as the rules did before they could say otherwise, the same notice is enough.
		const { papersDays, bindingFinancialDecisionDays } = example14b.rules.notice;
		const calendar = { ...example14b, rules: { ...example14b.rules, notice: { papersDays, bindingFinancialDecisionDays } } };
		expect(state(evaluate(calendar))).toBe('carried_binding');
	});

	it('15: exactly 10 clear days across Christmas, not counting weekends or bank holidays: binding', () => {
		const evaluation = evaluate(example15);
		expect(state(evaluation)).toBe('carried_binding');
		expect(notice(evaluation)?.detail).toBe(
			'Notice of this intended decision was given on Wednesday 16 December 2015, 10 clear days before the meeting, not counting weekends or bank holidays; the rules require at least 10 clear days for a binding decision that commits money'
		);
	});

	it('15b: a day later, 9: indicative, and the minute says how the days were counted', () => {
		const evaluation = evaluate(example15b);
		expect(state(evaluation)).toBe('indicative');
		expect(evaluation.explanation).toContain(
			'The vote could not open as binding. Notice not met: notice was given 9 clear days before the meeting, not counting weekends or bank holidays, and the rules require at least 10 clear days.'
		);
	});
});

describe('parseCase', () => {
	it('lists every problem, from the schema and from references that do not resolve', () => {
		const broken = structuredClone(example1) as Record<string, unknown> & typeof example1;
		broken.meetingDate = '14/07/2016';
		broken.members[1]!.represents = ['nowhere'];
		broken.organisations[4]!.weight = undefined as unknown as string;
		broken.attendance.push({ memberId: 'ghost', status: 'present' });
		(broken.decision.ballots[0] as { choice: string }).choice = 'aye';
		broken.decision.ballots.push({ voterId: 'm-b', organisationId: 'sunderland', choice: 'for' });
		broken.rules = { ...broken.rules, voting: { ...broken.rules.voting, thresholds: [] } };
		const parsed = parseCase(broken);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.problems).toEqual(
			expect.arrayContaining([
				'meetingDate: Expected a real date written YYYY-MM-DD',
				'rules.voting.thresholds: Give at least one threshold',
				expect.stringMatching(/^decision\.ballots\[0\]\.choice: /),
				'members[1].represents[0]: No organisation has the id "nowhere"',
				'attendance[6].memberId: No member has the id "ghost"',
				'decision.ballots[4]: A second ballot from the same voter for the same vote',
				'organisations[4].weight: Voting is weighted, so every organisation represented by a voting member needs a weight'
			])
		);
		expect(parsed.problems).toHaveLength(7);
	});

	it('refuses a deputy arrangement for a member who is not a deputy', () => {
		const broken = structuredClone(example2);
		broken.attendance[0] = { memberId: 'rep-brent', status: 'present', deputyFor: 'rep-ealing' };
		const parsed = parseCase(broken);
		expect(parsed).toEqual({
			ok: false,
			problems: ['attendance[0].deputyFor: Only a member with the role "deputy" stands in for another']
		});
	});

	it('refuses duplicate ids and money that is not whole pence', () => {
		const broken = structuredClone(example9);
		broken.members.push({ ...broken.members[0]! });
		(broken.motion as { valuePence: number }).valuePence = 12.5;
		const parsed = parseCase(broken);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.problems).toEqual([
			'motion.valuePence: Expected a whole number of pence',
			'members[8].id: A second member "cv-chair"'
		]);
	});

	it('rejects a case written for another schema version', () => {
		const parsed = parseCase({ ...example9, schemaVersion: 2 });
		expect(parsed).toEqual({ ok: false, problems: ['schemaVersion: This engine reads cases with schemaVersion 1'] });
	});
});
