import { describe, expect, it } from 'vitest';
import example1 from '../../../docs/examples/01-weighted-75-percent.json';
import example1b from '../../../docs/examples/01b-weighted-c-abstains.json';
import example1c from '../../../docs/examples/01c-weighted-e-conflicted.json';
import example2 from '../../../docs/examples/02-six-of-eight-organisations.json';
import example3 from '../../../docs/examples/03-no-delegation-recommendation.json';
import example6 from '../../../docs/examples/06-quorum-nhs-england-leaves.json';
import example7 from '../../../docs/examples/07-conflict-of-interest.json';
import example9 from '../../../docs/examples/09-casting-vote.json';
import { evaluateCase, parseCase, type CaseEvaluation, type EvaluationCase, type GovernanceRules } from './governance';
import {
	describeOutcome,
	everyoneAttends,
	everyoneVotes,
	motionCategories,
	newScenario,
	simulate,
	type MemberScenario,
	type SimulatorBody,
	type SimulatorScenario
} from './rules-simulator';

function parsed(input: unknown): EvaluationCase {
	const read = parseCase(input);
	if (!read.ok) throw new Error(`Example does not parse:\n${read.problems.join('\n')}`);
	return read.evaluationCase;
}

/** A worked example's body as the simulator holds it: the body on the meeting's day. */
function bodyOf(example: EvaluationCase): SimulatorBody {
	return {
		id: example.body.id,
		name: example.body.name,
		parentBodyName: example.body.parentBodyName,
		onDate: example.meetingDate,
		delegations: example.body.delegations,
		organisations: example.organisations,
		members: example.members,
		mandates: example.mandates
	};
}

/**
 * A worked example's meeting as a secretariat would enter it in the simulator: per member, how they attend, any
 * interest they declare and how they vote; then the motion.
 */
function scenarioOf(example: EvaluationCase): SimulatorScenario {
	const decision = example.decision?.method === 'vote' ? example.decision : undefined;
	const members: Record<string, MemberScenario> = {};
	for (const member of example.members) {
		const record = example.attendance.find((a) => a.memberId === member.id);
		const declaration = example.declarations.find((d) => d.memberId === member.id);
		const ballots = decision?.ballots.filter((b) => b.voterId === member.id) ?? [];
		const status = record?.status;
		members[member.id] = {
			attendance: record?.departed
				? 'left'
				: status === 'present' || status === 'remote' || status === 'apologies'
					? status
					: status === 'in_attendance' || status === 'observer'
						? 'present'
						: 'absent',
			...(record?.deputyFor ? { deputyFor: record.deputyFor } : {}),
			declaration: declaration?.outcome ?? 'none',
			...(declaration?.interest ? { interest: declaration.interest } : {}),
			ballot: ballots[0]?.choice ?? 'not_voting'
		};
	}
	return {
		meetingDate: example.meetingDate,
		members,
		motion: {
			text: example.motion.text,
			category: example.motion.category,
			value: poundsOf(example.motion.valuePence),
			procedural: example.motion.procedural,
			noticeGivenOn: example.motion.noticeGivenOn ?? '',
			papersIssuedOn: example.motion.papersIssuedOn ?? ''
		},
		...(decision?.castingVote ? { castingVote: decision.castingVote } : {}),
		ifBindingVoteCannotOpen: example.decision?.ifBindingVoteCannotOpen ?? 'defer'
	};
}

/** 120000000 pence as a secretariat types it: "1,200,000". */
function poundsOf(pence: number): string {
	const pounds = Math.floor(pence / 100).toLocaleString('en-GB');
	return pence % 100 === 0 ? pounds : `${pounds}.${String(pence % 100).padStart(2, '0')}`;
}

function simulated(example: EvaluationCase, scenario = scenarioOf(example)): CaseEvaluation {
	const result = simulate(example.rules, bodyOf(example), scenario);
	if (!result.ok) throw new Error(`Simulation refused:\n${result.problems.map((p) => `${p.field}: ${p.message}`).join('\n')}`);
	return result.evaluation;
}

const stateOf = (evaluation: CaseEvaluation) => (evaluation.outcome?.ok ? evaluation.outcome.state : undefined);

/** The engine's conclusion on the example file itself, without the title the file carries and a simulation does not. */
function engineOn(example: EvaluationCase): CaseEvaluation {
	const { title: _title, ...evaluation } = evaluateCase(example);
	return evaluation;
}

describe('the worked examples, rebuilt in the simulator, reach the engine’s conclusion on the example file', () => {
	const examples: [string, unknown, (evaluation: CaseEvaluation) => void][] = [
		['1: weighted, 75 of 100 eligible: carried', example1, (e) => expect(stateOf(e)).toBe('carried_binding')],
		['1b: C abstains, 55%: not carried', example1b, (e) => expect(stateOf(e)).toBe('not_carried')],
		[
			'1c: E conflicted, 75 of 90: carried',
			example1c,
			(e) => {
				expect(stateOf(e)).toBe('carried_binding');
				expect(e.eligibility.eligible).toBe('90');
			}
		],
		[
			'2: at least 6 of 8 organisations: binding',
			example2,
			(e) => {
				expect(stateOf(e)).toBe('carried_binding');
				expect(e.outcome?.ok && e.outcome.figures.organisationsInFavour).toBe(6);
			}
		],
		[
			'3: no delegation: a recommendation to the regional team',
			example3,
			(e) => {
				expect(stateOf(e)).toBe('recommendation');
				expect(e.outcome?.ok && e.outcome.recommendationTo).toBe('NHS England North regional team');
			}
		],
		[
			'6: the only NHS England member has left: inquorate, no vote opens',
			example6,
			(e) => {
				expect(e.quorum.quorate).toBe(false);
				expect(e.opening.ok).toBe(false);
				expect(e.outcome?.ok).toBe(false);
			}
		],
		[
			'7: a conflicted member is out of the item’s vote and quorum',
			example7,
			(e) => {
				expect(e.quorum.notCounted.map((entry) => entry.memberId)).toContain('sw-som');
				expect(e.explanation.join('\n')).toMatch(/Dr Ravi Chandra declared an interest/);
			}
		],
		[
			'9: 4–4, the chair’s casting vote for: carried, and the explanation says so',
			example9,
			(e) => {
				expect(stateOf(e)).toBe('carried_binding');
				expect(e.explanation.join('\n')).toMatch(/casting vote/);
			}
		]
	];

	for (const [name, input, domainSays] of examples) {
		it(name, () => {
			const example = parsed(input);
			const evaluation = simulated(example);
			expect(evaluation).toEqual(engineOn(example));
			domainSays(evaluation);
		});
	}

	it('changes its conclusion as the scenario changes: example 1 with C abstaining is example 1b', () => {
		const example = parsed(example1);
		const scenario = scenarioOf(example);
		scenario.members['m-c'] = { ...scenario.members['m-c']!, ballot: 'abstain' };
		expect(simulated(example, scenario).explanation).toEqual(engineOn(parsed(example1b)).explanation);
	});

	it('example 1 entered by hand reads as a secretariat would enter it', () => {
		const example = parsed(example1);
		const scenario: SimulatorScenario = {
			meetingDate: '2016-07-14',
			members: {
				'm-a': { attendance: 'present', ballot: 'for' },
				'm-b': { attendance: 'present', ballot: 'for' },
				'm-c': { attendance: 'present', ballot: 'for' },
				'm-d': { attendance: 'remote', ballot: 'against' },
				'm-e': { attendance: 'apologies', ballot: 'not_voting' },
				'm-sec': { attendance: 'present', ballot: 'not_voting' }
			},
			motion: {
				text: example.motion.text,
				category: 'service_investment',
				value: '£1,200,000',
				noticeGivenOn: '2016-06-01',
				papersIssuedOn: '2016-07-05'
			}
		};
		expect(simulated(example, scenario)).toEqual(engineOn(example));
	});
});

describe('a scenario with no ballots', () => {
	it('says whether a vote may open, without deciding anything', () => {
		const example = parsed(example3);
		const scenario = scenarioOf(example);
		for (const id of Object.keys(scenario.members)) scenario.members[id] = { ...scenario.members[id]!, ballot: 'not_voting' };
		const evaluation = simulated(example, scenario);
		expect(evaluation.outcome).toBeUndefined();
		expect(evaluation.opening).toMatchObject({ ok: true, basis: 'recommendation' });
	});
});

describe('a representative of two organisations under a vote per organisation', () => {
	const rules = parsed(example2).rules;
	const body: SimulatorBody = {
		id: 'b',
		name: 'The group',
		parentBodyName: 'The regional team',
		onDate: '2016-06-15',
		delegations: [],
		organisations: [
			{ id: 'x', name: 'X CCG', kind: 'ccg' },
			{ id: 'y', name: 'Y CCG', kind: 'ccg' }
		],
		members: [{ id: 'rep', name: 'Rep', role: 'voting_member', represents: ['x', 'y'] }],
		mandates: []
	};
	const scenario = (member: MemberScenario): SimulatorScenario => ({
		meetingDate: '2016-06-15',
		members: { rep: member },
		motion: { text: 'The motion', category: 'service_review', value: '' }
	});
	const ballots = (member: MemberScenario) => {
		const result = simulate(rules, body, scenario(member));
		return result.ok ? result.evaluationCase.decision : undefined;
	};

	it('casts each organisation’s vote with the one choice given', () => {
		expect(ballots({ attendance: 'present', ballot: 'for' })).toMatchObject({
			ballots: [
				{ voterId: 'rep', organisationId: 'x', choice: 'for' },
				{ voterId: 'rep', organisationId: 'y', choice: 'for' }
			]
		});
	});

	it('casts them apart when told how each organisation votes', () => {
		expect(ballots({ attendance: 'present', ballot: 'for', organisationBallots: { y: 'against' } })).toMatchObject({
			ballots: [
				{ voterId: 'rep', organisationId: 'x', choice: 'for' },
				{ voterId: 'rep', organisationId: 'y', choice: 'against' }
			]
		});
	});
});

describe('bad scenario input', () => {
	const example = parsed(example1);
	const body = bodyOf(example);
	const problems = (change: (scenario: SimulatorScenario) => void) => {
		const scenario = scenarioOf(example);
		change(scenario);
		const result = simulate(example.rules, body, scenario);
		return result.ok ? [] : result.problems;
	};

	it('names the field and says what to enter', () => {
		expect(problems((s) => (s.motion.value = 'a lot'))).toEqual([
			{ field: 'motion.value', message: 'Value of the decision: enter an amount in pounds, like 250000 or 1,200,000.50, or leave it empty' }
		]);
		expect(problems((s) => (s.motion.text = ' '))).toEqual([{ field: 'motion.text', message: 'Motion: enter the motion' }]);
		expect(problems((s) => (s.motion.category = ''))).toEqual([{ field: 'motion.category', message: 'Decision category: choose the kind of decision' }]);
		expect(problems((s) => (s.meetingDate = '2016-02-30'))).toEqual([
			{ field: 'meetingDate', message: 'Meeting date: enter a real date, like 14 July 2016' }
		]);
		expect(problems((s) => (s.motion.noticeGivenOn = '2016-08-01'))).toEqual([
			{ field: 'motion.noticeGivenOn', message: 'Date notice was given: enter a date on or before the meeting date, or leave it empty' }
		]);
	});

	it('names the member a problem is about', () => {
		expect(problems((s) => (s.members['m-a'] = { attendance: 'asleep' as never, ballot: 'for' }))).toEqual([
			{ field: 'members.m-a.attendance', message: 'Attendance of Dr Alison Reed: choose present, remote, apologies, absent or left the meeting' }
		]);
		expect(problems((s) => (s.members['m-b'] = { attendance: 'present', ballot: 'yes' as never }))).toEqual([
			{ field: 'members.m-b.ballot', message: 'Vote of Brian Hall: choose for, against, abstain or not voting' }
		]);
		expect(problems((s) => (s.members['m-b'] = { attendance: 'present', deputyFor: 'm-a', ballot: 'for' }))).toEqual([
			{ field: 'members.m-b.deputyFor', message: 'Brian Hall stands in for: only a deputy stands in for another member' }
		]);
		expect(problems((s) => (s.members['nobody'] = { attendance: 'present', ballot: 'for' }))).toEqual([
			{ field: 'members.nobody', message: 'No member of Northern Specialised Commissioning Group has the id "nobody"' }
		]);
	});

	it('says which organisation needs a weight when voting is weighted', () => {
		const weightless = { ...body, organisations: body.organisations.map((o) => (o.id === 'gateshead' ? { id: o.id, name: o.name, kind: o.kind } : o)) };
		const result = simulate(example.rules, weightless, scenarioOf(example));
		expect(result.ok ? [] : result.problems).toEqual([
			{ field: 'body', message: 'NHS Gateshead CCG: Voting is weighted, so every organisation represented by a voting member needs a weight' }
		]);
	});
});

describe('starting and quick fills', () => {
	const example = parsed(example9);
	const body = bodyOf(example);
	const rules: GovernanceRules = example.rules;

	it('starts with everyone present, nobody conflicted, no votes, on the body’s day', () => {
		const scenario = newScenario(body);
		expect(scenario.meetingDate).toBe(body.onDate);
		expect(Object.values(scenario.members).every((m) => m.attendance === 'present' && m.ballot === 'not_voting')).toBe(true);
	});

	it('everyone in favour: each member who holds a vote under the rules votes for', () => {
		const scenario = everyoneVotes(rules, body, everyoneAttends(body, newScenario(body), 'present'), 'for');
		const result = simulate(rules, body, { ...scenario, motion: { text: 'To adopt the plan', category: 'priorities_plan', value: '', procedural: true } });
		expect(result.ok && result.evaluation.outcome?.ok && result.evaluation.outcome.figures.inFavour).toBe('8');
	});
});

describe('motionCategories', () => {
	it('lists the body’s delegated categories first, then the standard ones, each once', () => {
		const categories = motionCategories([
			{ categories: ['service_review', 'risk_sharing'] },
			{ categories: ['risk_sharing'] }
		]);
		expect(categories.slice(0, 2)).toEqual([
			{ value: 'service_review', label: 'Service review' },
			{ value: 'risk_sharing', label: 'Risk sharing' }
		]);
		expect(categories.map((c) => c.value)).toContain('procurement');
		expect(new Set(categories.map((c) => c.value)).size).toBe(categories.length);
	});
});

describe('describeOutcome', () => {
	const sentence = (input: unknown, change: (scenario: SimulatorScenario) => void = () => {}) => {
		const example = parsed(input);
		const scenario = scenarioOf(example);
		change(scenario);
		return describeOutcome(simulated(example, scenario));
	};

	it('says what was decided and on what footing', () => {
		expect(sentence(example1)).toBe('Carried, and binding on every member, including those who voted against.');
		expect(sentence(example1b)).toBe('Not carried.');
		expect(sentence(example3)).toBe('Carried as a recommendation to NHS England North regional team.');
	});

	it('says why nothing was decided, and what the chair did', () => {
		expect(sentence(example6)).toMatch(/^No decision: Quorum not met: .*NHS England.* The chair deferred the item\.$/);
	});

	it('says whether a vote may open when no ballots are entered', () => {
		const noBallots = (scenario: SimulatorScenario) => {
			for (const id of Object.keys(scenario.members)) scenario.members[id]!.ballot = 'not_voting';
		};
		expect(sentence(example3, noBallots)).toBe(
			'No ballots entered. A vote may open as a recommendation to NHS England North regional team; enter the ballots to see how it goes.'
		);
		expect(sentence(example1, noBallots)).toBe('No ballots entered. A binding vote may open; enter the ballots to see how it goes.');
		expect(sentence(example6, noBallots)).toMatch(/^No ballots entered\. No binding vote may open: Quorum not met/);
	});
});
