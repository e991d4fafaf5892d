import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCase } from './case';
import { decideConsensus, decideVote, type DecisionReached } from './outcome';
import type { RecommendationStep } from './recommendation-path';
import { ballotsOf, membersNamed, newItem } from './testing';

const subGroup: RecommendationStep = { bodyName: 'Cardiac Delivery Sub-group', decidedOn: '2017-05-03', outcome: 'recommendation' };
const oversight = { name: 'North West oversight group', parentBodyName: 'NHS England North regional team' };
const withinAuthority = {
	...oversight,
	delegations: [{ categories: ['service_reconfiguration'], financialLimitPence: 0, validFrom: '2017-04-01' }]
};

function reached(outcome: ReturnType<typeof decideVote>): DecisionReached {
	if (!outcome.ok) throw new Error(outcome.reason);
	return outcome;
}

const item = (options: { body?: object; recommendedBy?: RecommendationStep[] } = {}) =>
	newItem({
		members: membersNamed(3),
		body: { ...oversight, ...options.body },
		motion: { category: 'service_reconfiguration', ...(options.recommendedBy ? { recommendedBy: options.recommendedBy } : {}) },
		meetingDate: '2017-06-14'
	});

describe('a recommendation that travels up', () => {
	it('carried without authority here, it is recommended onward to the parent, and the minute names the whole path', () => {
		const outcome = reached(decideVote(item({ recommendedBy: [subGroup] }), { ballots: ballotsOf({ v1: 'for', v2: 'for', v3: 'against' }) }));
		expect(outcome.state).toBe('recommendation');
		expect(outcome.recommendationTo).toBe('NHS England North regional team');
		expect(outcome.explanation.at(-1)).toBe(
			'Recommended by Cardiac Delivery Sub-group on 3 May 2017; recommended onward by North West oversight group on 14 June 2017 to NHS England North regional team.'
		);
		expect(outcome.recommendationPath).toEqual({
			levels: [
				{ bodyName: 'Cardiac Delivery Sub-group', decidedOn: '2017-05-03', outcome: 'recommendation' },
				{ bodyName: 'North West oversight group', decidedOn: '2017-06-14', outcome: 'recommendation' }
			],
			onwardTo: 'NHS England North regional team'
		});
	});

	it('carried within authority here, it decides the sub-group’s recommendation', () => {
		const outcome = reached(decideVote(item({ body: withinAuthority, recommendedBy: [subGroup] }), { ballots: ballotsOf({ v1: 'for', v2: 'for' }) }));
		expect(outcome.state).toBe('carried_binding');
		expect(outcome.explanation.at(-1)).toBe(
			'Recommended by Cardiac Delivery Sub-group on 3 May 2017; decided by North West oversight group on 14 June 2017.'
		);
		expect(outcome.recommendationPath?.levels.at(-1)).toEqual({ bodyName: 'North West oversight group', decidedOn: '2017-06-14', outcome: 'decided' });
		expect(outcome.recommendationPath?.onwardTo).toBeUndefined();
	});

	it('not carried, the recommendation falls here', () => {
		const outcome = reached(decideVote(item({ recommendedBy: [subGroup] }), { ballots: ballotsOf({ v1: 'against', v2: 'against', v3: 'for' }) }));
		expect(outcome.state).toBe('not_carried');
		expect(outcome.explanation.at(-1)).toBe(
			'Recommended by Cardiac Delivery Sub-group on 3 May 2017; not carried by North West oversight group on 14 June 2017, so the recommendation falls here.'
		);
		expect(outcome.recommendationPath?.levels.at(-1)?.outcome).toBe('fell');
	});

	it('names every earlier level in order, each recommending onward to the next', () => {
		const path: RecommendationStep[] = [
			{ bodyName: 'Wirral cardiac network', decidedOn: '2017-04-20', outcome: 'recommendation' },
			subGroup
		];
		const outcome = reached(decideConsensus(item({ recommendedBy: path }), { objections: [] }));
		expect(outcome.explanation.at(-1)).toBe(
			'Recommended by Wirral cardiac network on 20 April 2017; recommended onward by Cardiac Delivery Sub-group on 3 May 2017; recommended onward by North West oversight group on 14 June 2017 to NHS England North regional team.'
		);
	});

	it('says nothing of a path when the motion has none', () => {
		const outcome = reached(decideVote(item(), { ballots: ballotsOf({ v1: 'for' }) }));
		expect(outcome.recommendationPath).toBeUndefined();
		expect(outcome.explanation.join(' ')).not.toContain('Recommended by');
	});
});

describe('parseCase: the recommendation path', () => {
	const base = {
		schemaVersion: 1,
		meetingDate: '2017-06-14',
		rules: { schemaVersion: 1, quorum: { minimumCount: 1, deputiesCount: true }, voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] } },
		body: { id: 'nw', ...oversight },
		members: [{ id: 'm1', name: 'M1', role: 'chair' }],
		motion: { text: 'T', category: 'service_reconfiguration', recommendedBy: [subGroup] }
	};

	it('reads a path and the chain of bodies above', () => {
		const parsed = parseCase({ ...base, body: { ...base.body, above: [{ name: 'NHS England North regional team', delegations: [] }] } });
		expect(parsed.ok).toBe(true);
	});

	it('lists every problem: a level after this meeting, out of order, repeated, this body itself, or a chain above that does not start at the parent', () => {
		const parsed = parseCase({
			...base,
			body: { ...base.body, above: [{ name: 'Somewhere else', delegations: [] }] },
			motion: {
				...base.motion,
				recommendedBy: [
					{ bodyName: 'A', decidedOn: '2017-05-03', outcome: 'recommendation' },
					{ bodyName: 'B', decidedOn: '2017-05-01', outcome: 'recommendation' },
					{ bodyName: 'A', decidedOn: '2017-05-04', outcome: 'recommendation' },
					{ bodyName: 'North West oversight group', decidedOn: '2017-07-01', outcome: 'recommendation' },
					{ bodyName: 'C', decidedOn: '2017-05-05', outcome: 'binding' }
				]
			}
		});
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.problems).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^motion\.recommendedBy\[4\]\.outcome: /),
				'motion.recommendedBy[1].decidedOn: A level of the path cannot be decided before the one below it (1 May 2017 is before 3 May 2017)',
				'motion.recommendedBy[2].bodyName: "A" appears twice in the path',
				'motion.recommendedBy[3].bodyName: The path lists the bodies below North West oversight group, not the body itself',
				'motion.recommendedBy[3].decidedOn: A level of the path cannot be decided after this meeting (1 July 2017 is after 14 June 2017)',
				'motion.recommendedBy[4].decidedOn: A level of the path cannot be decided before the one below it (5 May 2017 is before 1 July 2017)',
				'body.above[0].name: The first body above is the parent, NHS England North regional team'
			])
		);
		expect(parsed.problems).toHaveLength(7);
	});
});

// Names distinct by construction, so that finding one in the minute finds that level.
const levels = fc
	.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 5 })
	.map((gaps) => {
		let day = 1;
		return gaps.map((gap, index): RecommendationStep => {
			day = Math.min(day + gap, 13 + 31 + 30);
			const date = new Date(Date.UTC(2017, 2, day)).toISOString().slice(0, 10);
			return { bodyName: `Level ${index + 1} group`, decidedOn: date, outcome: 'recommendation' };
		});
	});
const stances = fc.array(fc.constantFrom('for' as const, 'against' as const, 'abstain' as const), { minLength: 3, maxLength: 3 });

describe('properties of the recommendation path', () => {
	it('the minute lists every earlier level once, in order', () => {
		fc.assert(
			fc.property(levels, stances, fc.boolean(), (path, choices, authority) => {
				const outcome = decideVote(item({ recommendedBy: path, ...(authority ? { body: withinAuthority } : {}) }), {
					ballots: ballotsOf({ v1: choices[0]!, v2: choices[1]!, v3: choices[2]! })
				});
				if (!outcome.ok) return;
				const line = outcome.explanation.at(-1) ?? '';
				const positions = path.map((level) => line.indexOf(`${level.bodyName} on `));
				for (const [index, level] of path.entries()) {
					expect(line.split(level.bodyName)).toHaveLength(2);
					if (index > 0) expect(positions[index]!).toBeGreaterThan(positions[index - 1]!);
				}
				expect(line.indexOf(oversight.name)).toBeGreaterThan(positions.at(-1)!);
			})
		);
	});

	it('a path never changes the quorum, eligibility, thresholds or whether it binds', () => {
		fc.assert(
			fc.property(levels, stances, fc.boolean(), fc.boolean(), (path, choices, authority, consensus) => {
				const body = authority ? withinAuthority : {};
				const ballots = ballotsOf({ v1: choices[0]!, v2: choices[1]!, v3: choices[2]! });
				const decide = (recommendedBy?: RecommendationStep[]) =>
					consensus ? decideConsensus(item({ body, recommendedBy }), { objections: [] }) : decideVote(item({ body, recommendedBy }), { ballots });
				const without = decide();
				const withPath = decide(path);
				expect(withPath.ok).toBe(without.ok);
				if (!without.ok || !withPath.ok) return;
				const { recommendationPath, explanation, ...rest } = withPath;
				const { explanation: plain, ...restWithout } = without;
				expect(rest).toEqual(restWithout);
				expect(recommendationPath).toBeDefined();
				expect(explanation.slice(0, plain.length)).toEqual(plain);
				expect(explanation).toHaveLength(plain.length + 1);
			})
		);
	});
});

describe('a recommendation taken up between meetings', () => {
	it('a chair’s urgent action without authority recommends it onward and names the path', async () => {
		const { default: example13 } = await import('../../../../docs/examples/13-urgent-action-recommendation.json');
		const { evaluateAnyCase, parseAnyCase } = await import('./between-meetings-case');
		const input = structuredClone(example13);
		Object.assign(input.motion, { recommendedBy: [{ bodyName: 'Vascular Delivery Sub-group', decidedOn: '2015-12-01', outcome: 'recommendation' }] });
		const parsed = parseAnyCase(input);
		if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
		const evaluation = evaluateAnyCase(parsed);
		expect(evaluation.explanation.at(-1)).toBe(
			'Recommended by Vascular Delivery Sub-group on 1 December 2015; recommended onward by North West collaborative commissioning oversight group on 4 December 2015 to NHS England North regional team.'
		);
	});
});
