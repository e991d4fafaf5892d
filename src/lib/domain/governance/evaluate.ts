/**
 * Runs every evaluation on one case and gathers the results and the minute:
 * what the `governance evaluate` command prints, and what a meeting screen
 * shows for an item.
 */

import {
	bindingVoteMayOpen,
	checkSubDelegation,
	describeAlternatives,
	type ItemContext,
	type SubDelegationCheck,
	type VoteOpening
} from './authority';
import type { EvaluationCase } from './case';
import { eligibleVoters, type Eligibility } from './eligibility';
import { formatMoney } from './explain';
import { decideConsensus, decideVote, type DecisionOutcome } from './outcome';
import { evaluateQuorum, type QuorumResult } from './quorum';

/** A {@link VoteOpening} without its quorum result, which the evaluation reports once, beside it. */
export type OpeningWithoutQuorum = VoteOpening extends infer T ? (T extends unknown ? Omit<T, 'quorum'> : never) : never;

/** Everything the engine concludes about one case. */
export interface CaseEvaluation {
	title?: string;
	meetingDate: string;
	motion: { text: string; category: string; valuePence: number; value: string; procedural: boolean };
	quorum: QuorumResult;
	eligibility: Eligibility;
	/** Whether a vote may open, and on what footing (quorum reported separately above). */
	opening: OpeningWithoutQuorum;
	subDelegation?: SubDelegationCheck;
	/** The decision, when the case records a vote or a consensus call. */
	outcome?: DecisionOutcome;
	/** What the chair did when a binding vote could not open. */
	chairAction?: 'deferred' | 'indicative_vote';
	/** The whole minute for the item, in order. */
	explanation: string[];
}

/** The item as the engine sees it: the case without its envelope. */
export function itemFromCase(evaluationCase: EvaluationCase): ItemContext {
	return {
		rules: evaluationCase.rules,
		body: evaluationCase.body,
		organisations: evaluationCase.organisations,
		members: evaluationCase.members,
		attendance: evaluationCase.attendance,
		declarations: evaluationCase.declarations,
		mandates: evaluationCase.mandates,
		motion: evaluationCase.motion,
		meetingDate: evaluationCase.meetingDate
	};
}

/**
 * Evaluates a case: quorum, eligibility, whether a binding vote may open, any
 * proposed sub-delegation, and the outcome of the recorded vote or consensus
 * call. When a binding vote cannot open, follows the chair's recorded choice:
 * defer, or hold an indicative vote recorded as non-binding.
 */
export function evaluateCase(evaluationCase: EvaluationCase): CaseEvaluation {
	const item = itemFromCase(evaluationCase);
	const quorum = evaluateQuorum(item);
	const eligibility = eligibleVoters(item);
	const { quorum: _quorum, ...opening } = bindingVoteMayOpen(item);
	const subDelegation = item.motion.subDelegation
		? checkSubDelegation({
				delegatingBody: item.body,
				subGroupName: item.motion.subDelegation.subGroupName,
				proposed: item.motion.subDelegation.delegation
			})
		: undefined;

	const evaluation: Omit<CaseEvaluation, 'explanation'> = {
		...(evaluationCase.title ? { title: evaluationCase.title } : {}),
		meetingDate: item.meetingDate,
		motion: {
			text: item.motion.text,
			category: item.motion.category,
			valuePence: item.motion.valuePence,
			value: formatMoney(item.motion.valuePence),
			procedural: item.motion.procedural
		},
		quorum,
		eligibility,
		opening,
		...(subDelegation ? { subDelegation } : {})
	};
	const motionLine = `Motion: "${item.motion.text}".`;

	const decision = evaluationCase.decision;
	if (!decision) {
		return {
			...evaluation,
			explanation: unique([motionLine, ...quorum.explanation, ...opening.explanation, ...eligibility.explanation])
		};
	}

	const indicative =
		!opening.ok &&
		quorum.quorate &&
		decision.ifBindingVoteCannotOpen === 'indicative_vote' &&
		opening.alternatives.includes('indicative_vote');
	const outcome =
		decision.method === 'vote'
			? decideVote(item, {
					ballots: decision.ballots,
					...(decision.castingVote ? { castingVote: decision.castingVote } : {}),
					indicative
				})
			: decideConsensus(item, { objections: decision.objections, indicative });

	const lines = [motionLine, ...quorum.explanation, ...outcome.explanation];
	if (indicative) {
		return { ...evaluation, outcome, chairAction: 'indicative_vote', explanation: unique(lines) };
	}
	if (!outcome.ok && !opening.ok) {
		const offered = describeAlternatives(opening.alternatives);
		return {
			...evaluation,
			outcome,
			chairAction: 'deferred',
			explanation: unique([...lines.filter((line) => line !== offered), 'The chair deferred the item.'])
		};
	}
	return { ...evaluation, outcome, explanation: unique(lines) };
}

// The quorum's own minute and the opening checks both end on the quorum; say it once.
function unique(lines: readonly string[]): string[] {
	return [...new Set(lines)];
}
