/**
 * The outcome of a consensus call or a vote: binding, subject to ratification,
 * a recommendation to the parent body, not carried, or indicative only, with
 * every figure behind it and a minute that explains it.
 */

import {
	bindingVoteMayOpen,
	describeAlternatives,
	type ChairAlternative,
	type ItemContext,
	type VoteOpening
} from './authority';
import { indicativeAllowed } from './casting';
import { addDays, formatDate } from './calendar';
import { eligibleVoters, type Eligibility, type VoteEntitlement } from './eligibility';
import {
	describeFraction,
	describeRole,
	formatMoney,
	formatPercentBeside,
	formatVotes,
	listInEnglish,
	plural
} from './explain';
import { checkMandate } from './mandates';
import {
	describeConflict,
	describeSeatAbsence,
	holdsVote,
	indexByMember,
	isAttending,
	seatMembers,
	type Member
} from './membership';
import { Rational, sum } from './rational';
import { extendRecommendationPath, type RecommendationPath } from './recommendation-path';
import type { Comparison, Threshold } from './rules';

export const CHOICES = ['for', 'against', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

/** One ballot as cast. */
export interface Ballot {
	voterId: string;
	/** Whose vote this is, for per-organisation and weighted voting; may be left out when the voter represents one organisation. */
	organisationId?: string;
	choice: Choice;
}

/** A vote as the chair ran it. */
export interface VoteRecord {
	ballots: Ballot[];
	/** The presiding chair's casting vote, used only on a tie and only if the rules give one. */
	castingVote?: 'for' | 'against';
	/** The chair holds an indicative vote, recorded as non-binding. */
	indicative?: boolean;
	/** A secret ballot: the explanation gives the counts and who voted, never how anyone voted. */
	secret?: boolean;
}

/** A consensus call: the voting members who objected, if any. */
export interface ConsensusRecord {
	objections: string[];
	indicative?: boolean;
}

export type OutcomeState =
	| 'carried_binding'
	| 'carried_subject_to_ratification'
	| 'recommendation'
	| 'not_carried'
	| 'indicative';

/** One threshold tested against the count. */
export interface ThresholdResult {
	rule: Threshold['of'];
	/** The rule in words: "at least 75% of eligible votes". */
	description: string;
	comparison: Comparison;
	/** The required fraction ("3/4") or number of organisations ("6"), exact. */
	required: string;
	/** The achieved fraction ("3/4") or number of organisations, exact; "none" when nothing to divide by. */
	actual: string;
	numerator?: string;
	denominator?: string;
	/** For display, one decimal place: "75.0%". */
	actualPercent?: string;
	met: boolean;
}

/** Every figure behind an outcome; totals are exact decimal (or "p/q") strings. */
export interface VoteFigures {
	basis: Eligibility['basis'];
	inFavour: string;
	against: string;
	abstain: string;
	/** For plus against (abstentions are not votes cast). */
	cast: string;
	/** Eligible votes not cast at all: absent, or present and silent. */
	notCast: string;
	present: string;
	eligible: string;
	organisationsInFavour: number;
	castingVote?: { memberId: string; name: string; choice: 'for' | 'against' };
	thresholds: ThresholdResult[];
}

/** A ballot that counted. */
export interface CountedBallot {
	voterId: string;
	voterName: string;
	/** The entitlement it was cast for (member id or organisation id). */
	voteKey: string;
	voteLabel: string;
	weight: string;
	choice: Choice;
	deputyFor?: string;
	/** Set when mandates are checked: whether this vote committed its organisations. */
	mandated?: boolean;
	mandateProblems?: string[];
}

/** A ballot that did not count, and why. */
export interface SetAsideBallot {
	voterId: string;
	organisationId?: string;
	choice: Choice;
	reason: string;
}

/** An organisation that must ratify. */
export interface OrganisationRef {
	id: string;
	name: string;
}

/** A decision the meeting reached, with its figures and its minute. */
export interface DecisionReached {
	ok: true;
	method: 'vote' | 'consensus';
	state: OutcomeState;
	/** binding: within the body's power; recommendation: to the parent; indicative: non-binding. */
	footing: 'binding' | 'recommendation' | 'indicative';
	/** For an indicative vote, how it went. */
	indicativeResult?: 'carried' | 'not_carried';
	figures: VoteFigures;
	ballots: CountedBallot[];
	setAside: SetAsideBallot[];
	ratifyingOrganisations?: OrganisationRef[];
	/** Last day to ratify, when the rules set a period. */
	ratifyBy?: string;
	recommendationTo?: string;
	/** Last day a member organisation may appeal, when the rules set a period. */
	appealBy?: string;
	/** Whether a dispute over the decision would go to facilitation and arbitration. */
	arbitrationApplies?: boolean;
	/** The count with the unmandated votes left out, when that decided the state. */
	withoutUnmandatedVotes?: { inFavour: string; thresholds: ThresholdResult[]; carried: boolean };
	/** When the motion considered a recommendation made below: the whole path, ending with this body. */
	recommendationPath?: RecommendationPath;
	explanation: string[];
}

/** No decision: the vote could not open, or the consensus call failed. */
export interface DecisionRefused {
	ok: false;
	reason: string;
	alternatives: ChairAlternative[];
	explanation: string[];
}

export type DecisionOutcome = DecisionReached | DecisionRefused;

type Footing = DecisionReached['footing'];

/**
 * Decides the outcome of a vote on an item: checks the vote may open, counts
 * the ballots that are entitled to count (setting aside, with a reason, any
 * cast by someone not entitled: conflicted, absent, non-voting), applies every
 * threshold exactly and the chair's casting vote on a tie, then settles whether
 * the result binds, needs ratification for want of mandate, or is a recommendation.
 */
export function decideVote(item: ItemContext, vote: VoteRecord): DecisionOutcome {
	const opening = bindingVoteMayOpen(item);
	const footing = footingFor(opening, vote.indicative ?? false);
	if (!footing) return refuse(opening);

	const eligibility = eligibleVoters(item);
	const assigned = assignBallots(item, eligibility, vote.ballots);
	if (assigned.duplicates.length > 0) {
		const reason = `The ballots cannot be counted: ${assigned.duplicates.join('; ')}`;
		return {
			ok: false,
			reason,
			alternatives: ['vote'],
			explanation: [`${reason}.`, 'Each vote may be cast once. The chair may take the vote again.']
		};
	}
	const { counted, setAside } = assigned;
	const presiding = presidingMember(item);

	const count = countVotes(item, eligibility, counted, vote.castingVote, presiding, vote.secret ?? false);
	const carried = count.thresholds.every((threshold) => threshold.met);

	let state: OutcomeState;
	let withoutUnmandated: DecisionReached['withoutUnmandatedVotes'];
	let ratifying: OrganisationRef[] = [];
	const mandateLines: string[] = [];

	if (footing === 'binding' && item.rules.voting.mandatesRequired && !item.motion.procedural) {
		for (const ballot of counted) {
			if (ballot.choice !== 'for') continue;
			const problems = mandateProblems(item, eligibility, ballot);
			ballot.mandated = problems.length === 0;
			if (problems.length > 0) ballot.mandateProblems = problems.map((problem) => problem.reason);
		}
		const unmandated = counted.filter((ballot) => ballot.mandated === false);
		if (carried && unmandated.length > 0) {
			for (const ballot of unmandated) {
				mandateLines.push(
					`${ballot.voterName} voted for ${eligibility.basis === 'per_member' ? 'the motion' : ballot.voteLabel} without a sufficient mandate: ${listInEnglish(ballot.mandateProblems ?? [])}.`
				);
			}
			const recount = countVotes(
				item,
				eligibility,
				counted.filter((ballot) => ballot.mandated !== false),
				vote.castingVote,
				presiding
			);
			const recountCarried = recount.thresholds.every((threshold) => threshold.met);
			withoutUnmandated = {
				inFavour: recount.figures.inFavour,
				thresholds: recount.thresholds,
				carried: recountCarried
			};
			const those = unmandated.length === 1 ? 'that vote' : 'those votes';
			if (recountCarried) {
				mandateLines.push(
					`Without ${those} the motion still carries (${recount.thresholds.map(describeThresholdShort).join('; ')}), so the decision binds all members regardless.`
				);
			} else {
				const failed = recount.thresholds.filter((threshold) => !threshold.met);
				mandateLines.push(
					`Without ${those} the motion would not carry: ${failed.map(describeThresholdShort).join('; ')}.`
				);
				ratifying = organisationsToRatify(item, eligibility, unmandated);
			}
		} else if (unmandated.length > 0) {
			for (const ballot of unmandated) {
				mandateLines.push(
					`${ballot.voterName} voted for ${eligibility.basis === 'per_member' ? 'the motion' : ballot.voteLabel} without a sufficient mandate (${listInEnglish(ballot.mandateProblems ?? [])}); the motion was not carried in any case.`
				);
			}
		}
	}

	if (!carried) state = footing === 'indicative' ? 'indicative' : 'not_carried';
	else if (footing === 'indicative') state = 'indicative';
	else if (footing === 'recommendation') state = 'recommendation';
	else state = ratifying.length > 0 ? 'carried_subject_to_ratification' : 'carried_binding';

	const explanation: string[] = [`Motion: "${item.motion.text}".`];
	explanation.push(...describeOpening(opening, footing));
	explanation.push(...eligibility.explanation);
	explanation.push(...count.lines);
	for (const ballot of setAside) explanation.push(`Not counted: the ballot of ${memberName(item, ballot.voterId)} — ${ballot.reason}.`);
	explanation.push(...count.thresholds.map(describeThresholdLine));
	explanation.push(...mandateLines);

	const reached: DecisionReached = {
		ok: true,
		method: 'vote',
		state,
		footing,
		...(footing === 'indicative' ? { indicativeResult: carried ? ('carried' as const) : ('not_carried' as const) } : {}),
		figures: count.figures,
		ballots: counted,
		setAside,
		...(withoutUnmandated ? { withoutUnmandatedVotes: withoutUnmandated } : {}),
		explanation
	};
	settle(item, reached, eligibility, ratifying, opening);
	tracePath(item, reached);
	return reached;
}

/**
 * Records a decision by consensus when no voting member objects; any
 * objection from someone entitled to vote sends the motion to a vote. Objections
 * from those without a vote on the item are minuted but do not block.
 */
export function decideConsensus(item: ItemContext, consensus: ConsensusRecord): DecisionOutcome {
	const opening = bindingVoteMayOpen(item);
	const footing = footingFor(opening, consensus.indicative ?? false);
	if (!footing) return refuse(opening);

	const eligibility = eligibleVoters(item);
	const casters = new Set(eligibility.entitlements.flatMap((vote) => vote.casters.map((c) => c.memberId)));
	const objectors = unique(consensus.objections).filter((id) => casters.has(id));
	const noted = unique(consensus.objections).filter((id) => !casters.has(id));
	const notedLines = noted.map(
		(id) => `An objection from ${memberName(item, id)} was noted; ${memberName(item, id)} has no vote on this item.`
	);

	if (objectors.length > 0) {
		const reason = `Consensus not reached: ${listInEnglish(objectors.map((id) => memberName(item, id)))} objected`;
		return {
			ok: false,
			reason,
			alternatives: ['vote'],
			explanation: [`${reason}.`, ...notedLines, 'The motion goes to a vote.']
		};
	}
	const present = eligibility.entitlements.filter((vote) => vote.present);
	if (present.length === 0) {
		const reason = 'No member entitled to vote on this item is present to agree it';
		return { ok: false, reason, alternatives: ['defer'], explanation: [`${reason}.`] };
	}

	const presentTotal = Rational.from(eligibility.present);
	const eligibleTotal = Rational.from(eligibility.eligible);
	const figures: VoteFigures = {
		basis: eligibility.basis,
		inFavour: presentTotal.toString(),
		against: '0',
		abstain: '0',
		cast: presentTotal.toString(),
		notCast: eligibleTotal.sub(presentTotal).toString(),
		present: eligibility.present,
		eligible: eligibility.eligible,
		organisationsInFavour: unique(present.flatMap((vote) => vote.organisationIds)).length,
		thresholds: []
	};

	let ratifying: OrganisationRef[] = [];
	const mandateLines: string[] = [];
	if (footing === 'binding' && item.rules.voting.mandatesRequired && !item.motion.procedural) {
		// With no count to fall back on, an organisation agrees by consensus only
		// through a representative mandated to agree; otherwise it must ratify.
		const lacking = new Map<string, string[]>();
		for (const vote of present) {
			for (const organisationId of vote.organisationIds) {
				const organisation = organisationRef(item, organisationId);
				const checks = vote.casters.map((c) => ({ c, check: mandateFor(item, c.memberId, organisation) }));
				if (checks.some(({ check }) => check.ok)) continue;
				lacking.set(
					organisation.id,
					checks.map(({ c, check }) => `for ${c.name}, ${check.ok ? 'a mandate is held' : check.reason}`)
				);
			}
		}
		ratifying = item.organisations.filter((o) => lacking.has(o.id)).map((o) => ({ id: o.id, name: o.name }));
		for (const organisation of ratifying) {
			mandateLines.push(
				`${organisation.name} agreed without a sufficient mandate: ${listInEnglish(lacking.get(organisation.id) ?? [])}.`
			);
		}
	}

	const state: OutcomeState =
		footing === 'indicative'
			? 'indicative'
			: footing === 'recommendation'
				? 'recommendation'
				: ratifying.length > 0
					? 'carried_subject_to_ratification'
					: 'carried_binding';

	const explanation: string[] = [`Motion: "${item.motion.text}".`];
	explanation.push(...describeOpening(opening, footing));
	explanation.push(...eligibility.explanation);
	explanation.push(
		`The chair asked whether any voting member objected; none did, so the motion is agreed by consensus of the ${describePresentVotes(eligibility, present)} present.`
	);
	explanation.push(...notedLines, ...mandateLines);

	const reached: DecisionReached = {
		ok: true,
		method: 'consensus',
		state,
		footing,
		...(footing === 'indicative' ? { indicativeResult: 'carried' as const } : {}),
		figures,
		ballots: [],
		setAside: [],
		explanation
	};
	settle(item, reached, eligibility, ratifying, opening);
	tracePath(item, reached);
	return reached;
}

// An indicative vote is the chair's way round a binding vote that cannot open,
// but never round the quorum: while inquorate no vote of any kind opens.
function footingFor(opening: VoteOpening, indicative: boolean): Footing | undefined {
	if (opening.ok) return indicative ? 'indicative' : opening.basis;
	return indicative && indicativeAllowed(opening) ? 'indicative' : undefined;
}

function refuse(opening: VoteOpening): DecisionRefused {
	const reason = opening.ok ? 'The vote could not open' : opening.reason;
	const alternatives = opening.ok ? [] : opening.alternatives;
	return { ok: false, reason, alternatives, explanation: opening.explanation };
}

function describeOpening(opening: VoteOpening, footing: Footing): string[] {
	const lines = opening.checks.map((check) => `${check.detail}.`);
	if (footing === 'indicative') {
		if (!opening.ok) lines.push(`The vote could not open as binding. ${opening.reasons.join('. ')}.`);
		lines.push('The chair held an indicative vote, recorded as non-binding.');
	}
	return lines;
}

interface Assigned {
	counted: CountedBallot[];
	setAside: SetAsideBallot[];
	duplicates: string[];
}

// Ballots are sorted into the order of the entitlements and the membership, so
// the order they arrived in cannot change a figure or a word of the minute.
function assignBallots(item: ItemContext, eligibility: Eligibility, ballots: readonly Ballot[]): Assigned {
	const memberOrder = new Map(item.members.map((member, index) => [member.id, index]));
	const voteOrder = new Map(eligibility.entitlements.map((vote, index) => [vote.key, index]));
	const byKey = new Map(eligibility.entitlements.map((vote) => [vote.key, vote]));
	const counted: CountedBallot[] = [];
	const setAside: SetAsideBallot[] = [];

	for (const ballot of ballots) {
		const target = resolveTarget(item, eligibility, ballot);
		if (!target.ok) {
			setAside.push({
				voterId: ballot.voterId,
				...(ballot.organisationId ? { organisationId: ballot.organisationId } : {}),
				choice: ballot.choice,
				reason: target.reason
			});
			continue;
		}
		const vote = byKey.get(target.key) as VoteEntitlement;
		const caster = vote.casters.find((c) => c.memberId === ballot.voterId);
		counted.push({
			voterId: ballot.voterId,
			voterName: caster?.name ?? ballot.voterId,
			voteKey: vote.key,
			voteLabel: vote.label,
			weight: vote.weight,
			choice: ballot.choice,
			...(caster?.deputyFor ? { deputyFor: caster.deputyFor.memberId } : {})
		});
	}

	const rank = (id: string) => memberOrder.get(id) ?? Number.MAX_SAFE_INTEGER;
	counted.sort(
		(a, b) =>
			(voteOrder.get(a.voteKey) ?? 0) - (voteOrder.get(b.voteKey) ?? 0) ||
			rank(a.voterId) - rank(b.voterId) ||
			CHOICES.indexOf(a.choice) - CHOICES.indexOf(b.choice)
	);
	setAside.sort(
		(a, b) =>
			rank(a.voterId) - rank(b.voterId) ||
			(a.organisationId ?? '').localeCompare(b.organisationId ?? '') ||
			CHOICES.indexOf(a.choice) - CHOICES.indexOf(b.choice)
	);

	const duplicates: string[] = [];
	for (const vote of eligibility.entitlements) {
		const cast = counted.filter((ballot) => ballot.voteKey === vote.key);
		if (cast.length > 1) {
			duplicates.push(
				`${vote.kind === 'member' ? vote.label : `${vote.label}'s vote`} has ${cast.length} ballots (${listInEnglish(cast.map((ballot) => `${ballot.voterName}: ${ballot.choice}`))})`
			);
		}
	}
	return { counted, setAside, duplicates };
}

type Target = { ok: true; key: string } | { ok: false; reason: string };

function resolveTarget(item: ItemContext, eligibility: Eligibility, ballot: Ballot): Target {
	const castable = eligibility.entitlements.filter((vote) =>
		vote.casters.some((c) => c.memberId === ballot.voterId)
	);
	if (eligibility.basis === 'per_member') {
		const vote = castable[0];
		return vote ? { ok: true, key: vote.key } : { ok: false, reason: whyCannotVote(item, ballot.voterId) };
	}
	if (ballot.organisationId === undefined) {
		if (castable.length === 1 && castable[0]) return { ok: true, key: castable[0].key };
		if (castable.length === 0) return { ok: false, reason: whyCannotVote(item, ballot.voterId) };
		return {
			ok: false,
			reason: `${memberName(item, ballot.voterId)} may cast the votes of ${listInEnglish(castable.map((vote) => vote.label))}, and the ballot does not say which`
		};
	}
	const vote = castable.find((candidate) => candidate.key === ballot.organisationId);
	if (vote) return { ok: true, key: vote.key };
	const organisation = item.organisations.find((o) => o.id === ballot.organisationId);
	const excluded = eligibility.excluded.find((e) => e.key === ballot.organisationId);
	if (excluded) return { ok: false, reason: `${excluded.label}'s vote is excluded: ${excluded.reason}` };
	if (castable.length > 0) {
		return {
			ok: false,
			reason: `${memberName(item, ballot.voterId)} does not cast the vote of ${organisation?.name ?? ballot.organisationId}`
		};
	}
	return { ok: false, reason: whyCannotVote(item, ballot.voterId) };
}

function whyCannotVote(item: ItemContext, memberId: string): string {
	const member = item.members.find((m) => m.id === memberId);
	if (!member) return `${memberId} is not a member of ${item.body.name}`;
	const seating = seatMembers(item);
	const idle = seating.idleDeputies.find((deputy) => deputy.member.id === memberId);
	if (idle) return idle.reason;
	if (member.role === 'deputy') {
		const seat = seating.seats.find((s) => s.occupant?.id === memberId);
		if (seat?.conflicted) return describeConflict(member, seat.declaration);
		return `${member.name} is a deputy not present in anyone's place`;
	}
	if (member.role === 'ppv_representative' && !holdsVote(member.role, item.rules)) {
		return `${member.name} is a ${describeRole(member.role)}, and the rules do not give patient and public voice representatives a vote`;
	}
	if (!holdsVote(member.role, item.rules)) {
		const role = member.role === 'secretariat' ? 'a member of the secretariat' : `${/^[aeiou]/.test(describeRole(member.role)) ? 'an' : 'a'} ${describeRole(member.role)}`;
		return `${member.name} is ${role} and does not hold a vote`;
	}
	const seat = seating.seats.find((s) => s.member.id === memberId);
	if (seat) {
		const record = item.attendance.find((a) => a.memberId === memberId);
		if (seat.occupant && seat.occupant.id !== memberId && !isAttending(record, item.rules)) {
			return `${member.name} is not present; ${seat.occupant.name} stands in as deputy`;
		}
		const absence = describeSeatAbsence(seat);
		if (absence) return absence;
	}
	if (item.rules.voting.basis !== 'per_member' && member.represents.length === 0) {
		return `${member.name} represents no organisation, and voting is by organisation`;
	}
	return `${member.name} may not cast this vote`;
}

interface Count {
	figures: VoteFigures;
	thresholds: ThresholdResult[];
	lines: string[];
}

// A casting vote is a second vote for the chair on a tie. Under per-member and
// per-organisation voting it counts as one more vote; under weighted voting no
// weight is the chair's to add, so it breaks the tie and no more: a figure that
// lands exactly on a boundary because of the tie goes the chair's way.
function countVotes(
	item: ItemContext,
	eligibility: Eligibility,
	counted: readonly CountedBallot[],
	castingChoice: 'for' | 'against' | undefined,
	presiding: Member | undefined,
	secret = false
): Count {
	const weightOf = (choice: Choice) =>
		sum(counted.filter((ballot) => ballot.choice === choice).map((ballot) => Rational.from(ballot.weight)));
	let inFavour = weightOf('for');
	let against = weightOf('against');
	const abstain = weightOf('abstain');
	const lines: string[] = [];
	lines.push(...describeBallots(eligibility, counted, inFavour, against, abstain, secret));

	const tie = inFavour.equals(against) && !inFavour.isZero();
	let tieBreak: 'for' | 'against' | undefined;
	let casting: VoteFigures['castingVote'];
	if (tie) {
		const tied = `The votes were tied, ${formatVotes(inFavour)} for and ${formatVotes(against)} against.`;
		if (item.rules.voting.castingVote === 'none') {
			lines.push(`${tied} The rules give the chair no casting vote.`);
		} else if (!presiding) {
			lines.push(`${tied} The rules give the chair a casting vote, but neither the chair nor the vice-chair is presiding free of conflict.`);
		} else if (!castingChoice) {
			lines.push(`${tied} The rules give the chair a casting vote; the chair, ${presiding.name}, did not use it.`);
		} else {
			casting = { memberId: presiding.id, name: presiding.name, choice: castingChoice };
			if (eligibility.basis === 'weighted') {
				tieBreak = castingChoice;
			} else if (castingChoice === 'for') {
				inFavour = inFavour.add(Rational.one);
			} else {
				against = against.add(Rational.one);
			}
			const effect =
				eligibility.basis === 'weighted'
					? 'which decides the tie'
					: `making ${formatVotes(inFavour)} for and ${formatVotes(against)} against`;
			lines.push(
				`${tied} The rules give the chair a casting vote, and the chair, ${presiding.name}, cast it ${castingChoice} the motion, ${effect}.`
			);
		}
	} else if (castingChoice) {
		lines.push('The votes were not tied, so no casting vote applies.');
	}

	const cast = inFavour.add(against);
	const eligible = Rational.from(eligibility.eligible);
	const present = Rational.from(eligibility.present);
	const organisationsInFavour = countOrganisationsInFavour(eligibility, counted);
	const ballotsCast = sum(counted.map((ballot) => Rational.from(ballot.weight)));

	const thresholds = item.rules.voting.thresholds.map((threshold) =>
		testThreshold(threshold, { inFavour, cast, present, eligible, organisationsInFavour, tieBreak })
	);
	return {
		figures: {
			basis: eligibility.basis,
			inFavour: inFavour.toString(),
			against: against.toString(),
			abstain: abstain.toString(),
			cast: cast.toString(),
			notCast: eligible.sub(ballotsCast).toString(),
			present: present.toString(),
			eligible: eligible.toString(),
			organisationsInFavour,
			...(casting ? { castingVote: casting } : {}),
			thresholds
		},
		thresholds,
		lines
	};
}

interface Totals {
	inFavour: Rational;
	cast: Rational;
	present: Rational;
	eligible: Rational;
	organisationsInFavour: number;
	tieBreak: 'for' | 'against' | undefined;
}

const BASE_WORDS: Record<Exclude<Threshold['of'], 'organisations_in_favour'>, string> = {
	votes_cast: 'votes cast',
	members_present: 'the votes of members present',
	eligible_votes: 'eligible votes'
};

/** Tests one threshold exactly, at the boundary as the rule words it. */
function testThreshold(threshold: Threshold, totals: Totals): ThresholdResult {
	if (threshold.of === 'organisations_in_favour') {
		const met = totals.organisationsInFavour >= threshold.minimum;
		return {
			rule: threshold.of,
			description: `at least ${plural(threshold.minimum, 'organisation')} in favour`,
			comparison: 'at_least',
			required: String(threshold.minimum),
			actual: String(totals.organisationsInFavour),
			met
		};
	}
	const fraction = Rational.from(threshold.fraction);
	const denominator =
		threshold.of === 'votes_cast' ? totals.cast : threshold.of === 'members_present' ? totals.present : totals.eligible;
	const description = `${threshold.comparison === 'at_least' ? 'at least' : 'more than'} ${describeFraction(threshold.fraction)} of ${BASE_WORDS[threshold.of]}`;
	const base = {
		rule: threshold.of,
		description,
		comparison: threshold.comparison,
		required: fraction.toFraction(),
		numerator: totals.inFavour.toString(),
		denominator: denominator.toString()
	};
	if (denominator.isZero()) {
		return { ...base, actual: 'none', met: false };
	}
	// inFavour − fraction × denominator, then the tie-break's infinitesimal share:
	// for votes cast it joins both sides of the ratio, otherwise only the numerator.
	const margin = totals.inFavour.sub(fraction.mul(denominator));
	let sign = margin.compare(Rational.zero) as number;
	if (sign === 0 && totals.tieBreak) {
		const epsilonNumerator = totals.tieBreak === 'for' ? Rational.one : Rational.zero;
		const epsilonDenominator = threshold.of === 'votes_cast' ? Rational.one : Rational.zero;
		sign = epsilonNumerator.sub(fraction.mul(epsilonDenominator)).compare(Rational.zero);
	}
	const met = threshold.comparison === 'at_least' ? sign >= 0 : sign > 0;
	const actual = totals.inFavour.div(denominator);
	return {
		...base,
		actual: actual.toFraction(),
		actualPercent: formatPercentBeside(actual, fraction),
		met
	};
}

function describeThresholdLine(result: ThresholdResult): string {
	return `Rule: ${result.description} — ${describeActual(result)}: ${result.met ? 'met' : 'not met'}.`;
}

function describeThresholdShort(result: ThresholdResult): string {
	return `${describeActual(result)}, where the rule is ${result.description}`;
}

function describeActual(result: ThresholdResult): string {
	if (result.rule === 'organisations_in_favour') return `${result.actual} in favour`;
	if (result.actual === 'none') {
		return result.rule === 'votes_cast' ? 'no votes were cast for or against' : `there were no ${BASE_WORDS[result.rule]}`;
	}
	const of =
		result.rule === 'votes_cast'
			? 'votes cast'
			: result.rule === 'members_present'
				? 'votes of members present'
				: 'eligible votes';
	return `${result.numerator} of the ${result.denominator} ${of} in favour (${result.actualPercent})`;
}

function describeBallots(
	eligibility: Eligibility,
	counted: readonly CountedBallot[],
	inFavour: Rational,
	against: Rational,
	abstain: Rational,
	secret: boolean
): string[] {
	const voterName = (ballot: CountedBallot) => (ballot.deputyFor ? `${ballot.voterName} (deputy for ${ballot.voteLabel})` : ballot.voterName);
	const names = (choice: Choice) =>
		counted
			.filter((ballot) => ballot.choice === choice)
			.map((ballot) => {
				const who =
					eligibility.basis === 'per_member'
						? ballot.deputyFor
							? `${ballot.voterName} (deputy for ${ballot.voteLabel})`
							: ballot.voterName
						: ballot.voteLabel;
				return eligibility.basis === 'weighted' ? `${who} ${ballot.weight}` : who;
			});
	const line = (label: string, choice: Choice, total: Rational) => {
		const who = names(choice);
		if (who.length === 0) return `${label}: none.`;
		return secret ? `${label}: ${formatVotes(total)}.` : `${label}: ${formatVotes(total)} (${listInEnglish(who)}).`;
	};
	const lines = [line('For', 'for', inFavour), line('Against', 'against', against), line('Abstained', 'abstain', abstain)];
	// Who voted, in the order of the register, apart from the counts: nothing lines a name up with a choice.
	if (secret && counted.length > 0) {
		const order = new Map(eligibility.entitlements.map((vote, i) => [vote.key, i]));
		const voters = [...counted].sort((a, b) => (order.get(a.voteKey) ?? 0) - (order.get(b.voteKey) ?? 0)).map(voterName);
		lines.push(`Voted, by secret ballot: ${listInEnglish(voters)}.`);
	}
	const voted = new Set(counted.map((ballot) => ballot.voteKey));
	const silent = eligibility.entitlements.filter((vote) => !voted.has(vote.key));
	if (silent.length > 0) {
		const absent = silent.filter((vote) => !vote.present);
		const quiet = silent.filter((vote) => vote.present);
		const parts: string[] = [];
		if (absent.length > 0) parts.push(`${listInEnglish(absent.map((vote) => labelWithWeight(eligibility, vote)))} (not present)`);
		if (quiet.length > 0) parts.push(`${listInEnglish(quiet.map((vote) => labelWithWeight(eligibility, vote)))} (present, no ballot)`);
		lines.push(`Did not vote: ${parts.join('; ')}.`);
	}
	if (eligibility.entitlements.length === 0) lines.push('No member was eligible to vote on this item.');
	return lines;
}

function labelWithWeight(eligibility: Eligibility, vote: VoteEntitlement): string {
	return eligibility.basis === 'weighted' ? `${vote.label} ${vote.weight}` : vote.label;
}

// Under per-member voting an organisation is in favour when more of its
// representatives who voted were for than against.
function countOrganisationsInFavour(eligibility: Eligibility, counted: readonly CountedBallot[]): number {
	if (eligibility.basis !== 'per_member') {
		return new Set(counted.filter((ballot) => ballot.choice === 'for').map((ballot) => ballot.voteKey)).size;
	}
	const byKey = new Map(eligibility.entitlements.map((vote) => [vote.key, vote]));
	const balance = new Map<string, number>();
	for (const ballot of counted) {
		if (ballot.choice === 'abstain') continue;
		for (const organisationId of byKey.get(ballot.voteKey)?.organisationIds ?? []) {
			balance.set(organisationId, (balance.get(organisationId) ?? 0) + (ballot.choice === 'for' ? 1 : -1));
		}
	}
	return [...balance.values()].filter((value) => value > 0).length;
}

function presidingMember(item: ItemContext): Member | undefined {
	const attendance = indexByMember(item.attendance);
	const declarations = indexByMember(item.declarations);
	const free = (member: Member) =>
		isAttending(attendance.get(member.id), item.rules) &&
		(declarations.get(member.id)?.outcome ?? 'may_take_part') === 'may_take_part';
	return (
		item.members.find((member) => member.role === 'chair' && free(member)) ??
		item.members.find((member) => member.role === 'vice_chair' && free(member))
	);
}

function organisationRef(item: ItemContext, id: string): OrganisationRef {
	const organisation = item.organisations.find((o) => o.id === id);
	return { id, name: organisation?.name ?? id };
}

function mandateFor(item: ItemContext, memberId: string, organisation: OrganisationRef) {
	return checkMandate(item.mandates, memberId, organisation, {
		category: item.motion.category,
		valuePence: item.motion.valuePence,
		date: item.meetingDate
	});
}

function mandateProblems(
	item: ItemContext,
	eligibility: Eligibility,
	ballot: CountedBallot
): { organisation: OrganisationRef; reason: string }[] {
	const vote = eligibility.entitlements.find((entitlement) => entitlement.key === ballot.voteKey);
	const problems: { organisation: OrganisationRef; reason: string }[] = [];
	for (const organisationId of vote?.organisationIds ?? []) {
		const organisation = organisationRef(item, organisationId);
		const check = mandateFor(item, ballot.voterId, organisation);
		if (!check.ok) problems.push({ organisation, reason: check.reason });
	}
	return problems;
}

function organisationsToRatify(
	item: ItemContext,
	eligibility: Eligibility,
	unmandated: readonly CountedBallot[]
): OrganisationRef[] {
	const ids = new Set(
		unmandated.flatMap((ballot) => mandateProblems(item, eligibility, ballot).map((p) => p.organisation.id))
	);
	return item.organisations.filter((o) => ids.has(o.id)).map((o) => ({ id: o.id, name: o.name }));
}

// Settled last, because who must ratify, who may appeal and by when all depend
// on the state, and the minute closes on them.
function settle(
	item: ItemContext,
	reached: DecisionReached,
	eligibility: Eligibility,
	ratifying: OrganisationRef[],
	opening: VoteOpening
): void {
	const { body, rules, meetingDate, motion } = item;
	const lines = reached.explanation;
	const how = reached.method === 'consensus' ? 'agreed by consensus' : 'carried';
	switch (reached.state) {
		case 'carried_binding': {
			lines.push(`The motion is ${how}. The decision is binding on all members of ${body.name}${describeBoundRegardless(eligibility, reached)}.`);
			break;
		}
		case 'carried_subject_to_ratification': {
			const names = listInEnglish(ratifying.map((o) => o.name));
			reached.ratifyingOrganisations = ratifying;
			const period = rules.ratificationPeriodDays;
			if (period !== undefined) reached.ratifyBy = addDays(meetingDate, period);
			const one = ratifying.length === 1;
			const deadline = reached.ratifyBy ? ` within ${plural(period ?? 0, 'day')}, by ${formatDate(reached.ratifyBy)}` : '';
			lines.push(
				`The motion is ${how} subject to ratification by ${names}. It becomes binding once ${one ? 'it ratifies' : 'each ratifies'}${deadline}, and lapses if ${one ? 'it does' : 'any does'} not.`
			);
			break;
		}
		case 'recommendation': {
			reached.recommendationTo = body.parentBodyName;
			lines.push(
				`The motion is ${how} as a recommendation to ${body.parentBodyName}, which holds the decision; it goes on that body's list of matters to decide.`
			);
			break;
		}
		case 'not_carried': {
			lines.push('The motion is not carried.');
			if (reached.footing === 'binding' && !motion.procedural) {
				lines.push(
					'The proposal lapses as a collaborative commissioning decision; each member organisation makes its own interim arrangements until an acceptable alternative is agreed.'
				);
			}
			break;
		}
		case 'indicative': {
			const result = reached.indicativeResult === 'carried' ? 'would have carried' : 'would not have carried';
			lines.push(`Indicative only: the motion ${result}. No decision is taken; the result is recorded as non-binding.`);
			if (!opening.ok) lines.push(describeAlternatives(opening.alternatives.filter((a) => a !== 'indicative_vote')));
			break;
		}
	}
	if (reached.state === 'carried_binding' || reached.state === 'carried_subject_to_ratification') {
		if (rules.appealPeriodDays !== undefined) {
			reached.appealBy = addDays(meetingDate, rules.appealPeriodDays);
			lines.push(
				`A member organisation may appeal within ${plural(rules.appealPeriodDays, 'day')}, by ${formatDate(reached.appealBy)}.`
			);
		}
		if (rules.arbitrationAboveValuePence !== undefined) {
			reached.arbitrationApplies = motion.valuePence > rules.arbitrationAboveValuePence;
			if (reached.arbitrationApplies) {
				lines.push(
					`As the decision is worth more than ${formatMoney(rules.arbitrationAboveValuePence)}, a dispute about it goes first to a facilitated meeting and then to an arbitration panel, whose decision is binding.`
				);
			}
		}
	}
}

// Last of all: the path is a record of where the matter came from and goes,
// and never alters what was decided here.
function tracePath(item: ItemContext, reached: DecisionReached): void {
	const traced = extendRecommendationPath(item.motion.recommendedBy, {
		bodyName: item.body.name,
		decidedOn: item.meetingDate,
		parentBodyName: item.body.parentBodyName,
		state: reached.state
	});
	if (!traced) return;
	reached.recommendationPath = traced.path;
	reached.explanation.push(traced.line);
}

function describeBoundRegardless(eligibility: Eligibility, reached: DecisionReached): string {
	if (reached.method === 'consensus') return '';
	const against = reached.ballots.filter((ballot) => ballot.choice === 'against').map((ballot) => ballot.voteLabel);
	const voted = new Set(reached.ballots.filter((ballot) => ballot.choice !== 'abstain').map((ballot) => ballot.voteKey));
	const others = eligibility.entitlements.filter((vote) => !voted.has(vote.key)).map((vote) => vote.label);
	const excluded = eligibility.excluded.map((vote) => vote.label);
	const parts: string[] = [];
	if (against.length > 0) parts.push(`${listInEnglish(unique(against))}, which voted against`);
	if (others.length + excluded.length > 0) parts.push(`${listInEnglish([...others, ...excluded])}, which did not vote for or against`);
	if (parts.length === 0) return '';
	const who = eligibility.basis === 'per_member' ? parts.map((part) => part.replace(', which', ', who')) : parts;
	return `, including ${who.join(', and ')}`;
}

function describePresentVotes(eligibility: Eligibility, present: readonly VoteEntitlement[]): string {
	if (eligibility.basis === 'per_member') return plural(present.length, 'voting member');
	if (eligibility.basis === 'per_organisation') return plural(present.length, 'organisation');
	return `${plural(present.length, 'organisation')}, carrying ${plural(eligibility.present, 'vote')},`;
}

function memberName(item: ItemContext, id: string): string {
	return item.members.find((member) => member.id === id)?.name ?? id;
}

function unique<T>(items: readonly T[]): T[] {
	return [...new Set(items)];
}

