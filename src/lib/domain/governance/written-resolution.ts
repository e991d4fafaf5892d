/**
 * Written resolutions: a motion put to a body's members with a closing time and voted on outside a meeting.
 *
 * The count is the meeting's own (`decideVote`): the same eligibility, conflicts, deputies, thresholds, delegated
 * authority and mandates. What differs is said once here:
 * - the rules must allow a written resolution for this decision (`rules.writtenResolutions`);
 * - a minimum response stands in for the quorum: ballots returned in time, for, against or abstain;
 * - "present" means having returned a ballot in time, so a `members_present` threshold is of the votes returned;
 * - thresholds are the written-resolution ones when the rules give them, else the meeting's;
 * - notice of a binding decision that commits money is counted to the day the resolution is put, not the day it
 *   closes, so every member has the full notice before anyone can vote;
 * - authority, mandates, ratification and appeal periods are judged on the London date it closes, when the
 *   decision is taken;
 * - a ballot that arrives at or after the closing time never counts, whatever it says;
 * - there is no presiding chair, so no casting vote, and no secret ballot.
 */

import { bindingVoteMayOpen, type Body, type ItemContext, type Motion } from './authority';
import { checkOutsideMeetingScope } from './between-meetings';
import { formatDate } from './calendar';
import { eligibleVoters, type Eligibility } from './eligibility';
import { describeFraction, formatPercentBeside, formatVotes, listInEnglish, plural } from './explain';
import { formatLondon, londonClock, londonDate } from '../london-time';
import type { Mandate } from './mandates';
import { countNoticeDays, describeDayCount, describeIssueDate, describeNoticeBefore } from './notice-days';
import type { AttendanceRecord, Declaration, Member, Organisation } from './membership';
import { decideVote, type Choice, type DecisionOutcome, type SetAsideBallot } from './outcome';
import { Rational, sum } from './rational';
import type { GovernanceRules } from './rules';

/** Everything the engine needs to decide a written resolution. */
export interface WrittenResolutionContext {
	rules: GovernanceRules;
	body: Body;
	organisations: Organisation[];
	members: Member[];
	/** Interests declared on the resolution; a conflicted member's vote is excluded, as at a meeting. */
	declarations: Declaration[];
	mandates: Mandate[];
	motion: Motion;
	/** When the resolution was put, an ISO 8601 instant. */
	openedAt: string;
	/** When voting closes, an ISO 8601 instant; a ballot at or after it does not count. */
	closesAt: string;
}

/** A ballot returned on a written resolution, with when it arrived. */
export interface ResolutionBallot {
	voterId: string;
	organisationId?: string;
	choice: Choice;
	/** When the portal received it, an ISO 8601 instant. */
	castAt: string;
}

/** Whether a written resolution may be put: the rules, the closing time and notice. */
export type PutCheck =
	| { ok: true; footing: 'binding' | 'recommendation'; explanation: string[] }
	| { ok: false; reason: string; explanation: string[] };

/** One condition of the minimum response. */
export interface ResponseCondition {
	rule: 'minimum_count' | 'minimum_fraction';
	description: string;
	required: string;
	actual: string;
	met: boolean;
}

/** The response that stands in for quorum. */
export interface ResponseCheck {
	met: boolean;
	/** Eligible votes returned in time (each counting one). */
	returned: number;
	/** Their total, by weight under weighted voting (exact). */
	returnedVotes: string;
	/** Eligible votes, absent responses included, conflicted excluded (each counting one). */
	eligibleCount: number;
	/** Their total, by weight (exact). */
	eligibleVotes: string;
	conditions: ResponseCondition[];
	detail: string;
}

export type WrittenResolutionState =
	| 'carried_binding'
	| 'carried_subject_to_ratification'
	| 'recommendation'
	| 'not_carried'
	/** No decision: the rules did not allow it, notice was short, or too few responded. */
	| 'no_decision';

/** What a written resolution came to when it closed. */
export interface WrittenResolutionEvaluation {
	state: WrittenResolutionState;
	/** When no decision was reached, the rule that stopped it. */
	reason?: string;
	/** The London date it closed: the date of the decision. */
	decidedOn: string;
	put: PutCheck;
	response?: ResponseCheck;
	/** The count, as a meeting's vote would give it. */
	outcome?: DecisionOutcome;
	/** Ballots that arrived at or after the closing time, set aside whatever they say. */
	late: SetAsideBallot[];
	ratifyBy?: string;
	appealBy?: string;
	recommendationTo?: string;
	explanation: string[];
}

/** "Thursday 9 July 2026, 5:00pm (17:00:00 London time)". */
export function describeClosingTime(closesAt: string): string {
	const at = new Date(closesAt);
	return `${formatLondon(at)} (${londonClock(at)} London time)`;
}

/** Whether `at` is before the closing time: a ballot at the very second of closing is too late. */
export function isBeforeClose(closesAt: string, at: string): boolean {
	return Date.parse(at) < Date.parse(closesAt);
}

/**
 * Whether a written resolution may be put: the rules must allow it for this decision, the closing time must come
 * after the opening, and a binding decision that commits money needs the notice the rules set, counted to the day
 * it is put. Says whether a decision carried would bind or be a recommendation to the parent body.
 */
export function mayPutWrittenResolution(context: WrittenResolutionContext): PutCheck {
	const { rules, motion, body } = context;
	const scope = checkOutsideMeetingScope(rules.writtenResolutions, motion, 'a written resolution');
	if (!scope.ok) return { ok: false, reason: scope.reason, explanation: [`${scope.reason}.`] };
	const explanation = [`${scope.detail}.`];
	if (Date.parse(context.closesAt) <= Date.parse(context.openedAt)) {
		const reason = `The closing time, ${describeClosingTime(context.closesAt)}, must be after the resolution is put`;
		return { ok: false, reason, explanation: [...explanation, `${reason}.`] };
	}

	const opening = bindingVoteMayOpen(meetingLike(context, [], londonDate(new Date(context.closesAt))));
	const authority = opening.checks.find((check) => check.check === 'authority');
	if (authority) explanation.push(`${authority.detail}.`);
	if (!opening.ok) {
		// Only the sub-delegation check can stop it here: quorum and notice are out of the borrowed meeting rules.
		return { ok: false, reason: opening.reason, explanation: [...explanation, `${opening.reason}.`] };
	}
	if (opening.basis === 'recommendation') {
		return { ok: true, footing: 'recommendation', explanation };
	}

	const requiredDays = rules.notice.bindingFinancialDecisionDays;
	if (requiredDays !== undefined && motion.valuePence > 0) {
		const putOn = londonDate(new Date(context.openedAt));
		if (motion.noticeGivenOn === undefined) {
			const reason = `Notice not met: no notice of this intended decision was given, and the rules require at least ${describeDayCount(requiredDays, rules.notice)} before a binding decision that commits money is put`;
			return { ok: false, reason, explanation: [...explanation, `${reason}.`] };
		}
		const counted = countNoticeDays(motion.noticeGivenOn, putOn, rules.notice);
		if (!counted.ok) return { ok: false, reason: counted.reason, explanation: [...explanation, `${counted.reason}.`] };
		const given = describeNoticeBefore(counted.days, rules.notice, 'before the resolution was put');
		const required = describeDayCount(requiredDays, rules.notice);
		const detail = `Notice of this intended decision was given on ${describeIssueDate(motion.noticeGivenOn, rules.notice)}, ${given} on ${formatDate(putOn)}; the rules require at least ${required} for a binding decision that commits money`;
		if (counted.days < requiredDays) {
			const reason = `Notice not met: notice was given ${given}, and the rules require at least ${required}`;
			return { ok: false, reason, explanation: [...explanation, `${detail}.`, `${reason}.`] };
		}
		explanation.push(`${detail}.`);
	}
	return { ok: true, footing: 'binding', explanation };
}

/**
 * Who may vote on a written resolution: every vote entitled to be cast, as if every member were present, conflicted
 * members out. The notice of a resolution goes to each caster listed; a deputy may cast their member's vote when
 * the member has not.
 */
export function writtenResolutionElectorate(context: WrittenResolutionContext): Eligibility {
	return eligibleVoters(meetingLike(context, context.members.map((member) => member.id), londonDate(new Date(context.closesAt))));
}

/** Which vote a ballot from `voterId` would be: its seat (member or organisation), or why they may not vote. */
export type CastTarget = { ok: true; key: string; label: string; deputyFor?: string } | { ok: false; reason: string };

/**
 * Whether `voterId` may return a ballot at `at`, and for which vote: refused at or after the closing time (naming
 * it in London time), and for anyone the engine would not count. A deputy may cast only their member's vote.
 */
export function mayCastWrittenResolution(
	context: WrittenResolutionContext,
	voter: { voterId: string; organisationId?: string },
	at: string
): CastTarget {
	if (!isBeforeClose(context.closesAt, at)) {
		return { ok: false, reason: `Voting closed at ${describeClosingTime(context.closesAt)}; a ballot after the closing time cannot be counted` };
	}
	if (Date.parse(at) < Date.parse(context.openedAt)) return { ok: false, reason: 'The resolution has not yet been put' };
	const item = meetingLike(context, [voter.voterId], londonDate(new Date(context.closesAt)));
	const eligibility = eligibleVoters(item);
	const castable = eligibility.entitlements.filter((vote) => vote.casters.some((c) => c.memberId === voter.voterId));
	const member = context.members.find((m) => m.id === voter.voterId);
	if (castable.length === 0) {
		const excluded = eligibility.excluded.find((vote) => vote.key === voter.voterId || member?.represents.includes(vote.key));
		if (!member) return { ok: false, reason: `You are not a member of ${context.body.name}` };
		if (excluded) return { ok: false, reason: `${excluded.reason}, so may not vote on this resolution` };
		return { ok: false, reason: `${member.name} holds no vote on ${context.body.name} under its rules` };
	}
	const chosen =
		voter.organisationId === undefined
			? castable.length === 1
				? castable[0]
				: undefined
			: castable.find((vote) => vote.key === voter.organisationId);
	if (!chosen) {
		return {
			ok: false,
			reason:
				voter.organisationId === undefined
					? `Say which vote this ballot is: you may cast the votes of ${listInEnglish(castable.map((vote) => vote.label))}`
					: `You do not cast the vote of ${context.organisations.find((o) => o.id === voter.organisationId)?.name ?? voter.organisationId}`
		};
	}
	const caster = chosen.casters.find((c) => c.memberId === voter.voterId);
	return { ok: true, key: chosen.key, label: chosen.label, ...(caster?.deputyFor ? { deputyFor: caster.deputyFor.memberId } : {}) };
}

/**
 * Decides a written resolution from the ballots returned: late ones set aside, the minimum response tested in
 * place of quorum, then the meeting's count and authority, mandate and notice rules. The order ballots arrived in
 * changes nothing; a ballot at or after the closing time changes nothing.
 */
export function evaluateWrittenResolution(
	context: WrittenResolutionContext,
	ballots: readonly ResolutionBallot[]
): WrittenResolutionEvaluation {
	const decidedOn = londonDate(new Date(context.closesAt));
	const motionLine = `Written resolution: "${context.motion.text}".`;
	const timing = `Put on ${formatLondon(new Date(context.openedAt))}; voting closed at ${describeClosingTime(context.closesAt)}.`;
	const put = mayPutWrittenResolution(context);
	if (!put.ok) {
		return { state: 'no_decision', reason: put.reason, decidedOn, put, late: [], explanation: [motionLine, timing, ...put.explanation, 'No decision is taken.'] };
	}

	const inTime = ballots.filter((ballot) => isBeforeClose(context.closesAt, ballot.castAt) && Date.parse(ballot.castAt) >= Date.parse(context.openedAt));
	const late: SetAsideBallot[] = ballots
		.filter((ballot) => !inTime.includes(ballot))
		.map((ballot) => ({
			voterId: ballot.voterId,
			...(ballot.organisationId ? { organisationId: ballot.organisationId } : {}),
			choice: ballot.choice,
			reason: isBeforeClose(context.closesAt, ballot.castAt)
				? 'it arrived before the resolution was put'
				: `it arrived at ${londonClock(new Date(ballot.castAt))} on ${formatDate(londonDate(new Date(ballot.castAt)))}, after voting closed`
		}))
		.sort((a, b) => memberRank(context, a.voterId) - memberRank(context, b.voterId));
	const lateLines = late.map((ballot) => `Not counted: the ballot of ${memberName(context, ballot.voterId)}, as ${ballot.reason}.`);

	const voters = [...new Set(inTime.map((ballot) => ballot.voterId))];
	const item = meetingLike(context, voters, decidedOn);
	const electorate = writtenResolutionElectorate(context);
	const outcome = decideVote(item, {
		ballots: inTime.map(({ voterId, organisationId, choice }) => ({ voterId, choice, ...(organisationId ? { organisationId } : {}) }))
	});
	if (!outcome.ok) {
		return {
			state: 'no_decision',
			reason: outcome.reason,
			decidedOn,
			put,
			outcome,
			late,
			explanation: [motionLine, timing, ...put.explanation, ...lateLines, ...outcome.explanation, 'No decision is taken.']
		};
	}

	const returnedKeys = new Set(outcome.ballots.map((ballot) => ballot.voteKey));
	const response = testResponse(context.rules, electorate, returnedKeys);
	const counting = outcome.explanation.filter(keepForWritten).map(rewordForWritten);
	if (!response.met) {
		const reason = `Too few responses: ${response.conditions.filter((c) => !c.met).map((c) => `${c.actual} returned, where the rules need ${c.description}`).join('; ')}`;
		return {
			state: 'no_decision',
			reason,
			decidedOn,
			put,
			response,
			late,
			explanation: [
				motionLine,
				timing,
				...put.explanation,
				...electorate.explanation.filter((line) => !line.startsWith('Eligible to vote on this item:')),
				`${response.detail}.`,
				...lateLines,
				`${reason}. The resolution falls and no decision is taken; the matter may go to the next meeting.`
			]
		};
	}

	const state = outcome.state === 'indicative' ? 'not_carried' : outcome.state;
	return {
		state,
		decidedOn,
		put,
		response,
		outcome,
		late,
		...(outcome.ratifyBy ? { ratifyBy: outcome.ratifyBy } : {}),
		...(outcome.appealBy ? { appealBy: outcome.appealBy } : {}),
		...(outcome.recommendationTo ? { recommendationTo: outcome.recommendationTo } : {}),
		explanation: unique([motionLine, timing, ...put.explanation, `${response.detail}.`, ...lateLines, ...counting.slice(1)])
	};
}

// The meeting's count, worded for a vote outside a meeting: its quorum and notice lines are replaced by the
// response and the notice counted to the day of putting, said above.
function keepForWritten(line: string): boolean {
	return line !== 'The meeting is quorate for this item.' && !line.startsWith('Eligible to vote on this item:') && !line.startsWith('The rules allow a written resolution');
}

function rewordForWritten(line: string): string {
	return line.startsWith('Did not vote:') ? line.replace(/ \(not present\)/g, ' (no ballot returned)') : line;
}

function testResponse(rules: GovernanceRules, electorate: Eligibility, returnedKeys: ReadonlySet<string>): ResponseCheck {
	const minimum = rules.writtenResolutions?.minimumResponse ?? {};
	const returned = electorate.entitlements.filter((vote) => returnedKeys.has(vote.key));
	const returnedVotes = sum(returned.map((vote) => Rational.from(vote.weight)));
	const eligibleVotes = Rational.from(electorate.eligible);
	const weighted = electorate.basis === 'weighted';
	const conditions: ResponseCondition[] = [];
	if (minimum.minimumCount !== undefined) {
		conditions.push({
			rule: 'minimum_count',
			description: `at least ${plural(minimum.minimumCount, weighted ? 'eligible organisation' : 'eligible vote')} returned`,
			required: String(minimum.minimumCount),
			actual: String(returned.length),
			met: returned.length >= minimum.minimumCount
		});
	}
	if (minimum.minimumFraction) {
		const fraction = Rational.from(minimum.minimumFraction.fraction);
		const margin = returnedVotes.sub(fraction.mul(eligibleVotes)).compare(Rational.zero);
		const met = !eligibleVotes.isZero() && (minimum.minimumFraction.comparison === 'at_least' ? margin >= 0 : margin > 0);
		const share = eligibleVotes.isZero() ? 'none' : formatPercentBeside(returnedVotes.div(eligibleVotes), fraction);
		conditions.push({
			rule: 'minimum_fraction',
			description: `${minimum.minimumFraction.comparison === 'at_least' ? 'at least' : 'more than'} ${describeFraction(minimum.minimumFraction.fraction)} of the eligible votes returned`,
			required: fraction.toFraction(),
			actual: `${formatVotes(returnedVotes)} of ${formatVotes(eligibleVotes)} (${share})`,
			met
		});
	}
	const met = conditions.every((condition) => condition.met);
	const what = weighted
		? `${plural(returned.length, 'organisation')} of ${electorate.entitlements.length}, carrying ${formatVotes(returnedVotes)} of the ${formatVotes(eligibleVotes)} eligible votes`
		: `${returned.length} of the ${plural(electorate.entitlements.length, 'eligible vote')}`;
	const rules_ = conditions.map((c) => `${c.description} (${c.met ? 'met' : 'not met'})`);
	return {
		met,
		returned: returned.length,
		returnedVotes: returnedVotes.toString(),
		eligibleCount: electorate.entitlements.length,
		eligibleVotes: eligibleVotes.toString(),
		conditions,
		detail: `Ballots returned in time: ${what}. In place of a quorum the rules need ${listInEnglish(rules_)}`
	};
}

/**
 * The resolution as the meeting engine reads an item: those who returned a ballot in time "present", everyone else
 * absent; no quorum beyond the response (tested apart); the written-resolution thresholds; no casting vote; notice
 * checked apart, to the day it was put.
 */
function meetingLike(context: WrittenResolutionContext, presentIds: readonly string[], decidedOn: string): ItemContext {
	const { rules } = context;
	const written = rules.writtenResolutions;
	const present = new Set(presentIds);
	const { papersIssuedOn: _papers, ...motion } = context.motion;
	const attendance: AttendanceRecord[] = context.members.map((member) => ({
		memberId: member.id,
		status: present.has(member.id) ? 'present' : 'absent'
	}));
	return {
		rules: {
			...rules,
			quorum: {
				minimumCount: 0,
				requiredRoles: [],
				requiredOrganisationKinds: [],
				deputiesCount: rules.quorum.deputiesCount,
				remoteAttendanceCounts: true
			},
			voting: {
				...rules.voting,
				thresholds: written?.thresholds ?? rules.voting.thresholds,
				castingVote: 'none',
				secretBallotsAllowed: false
			},
			notice: {
				counting: rules.notice.counting,
				excludeWeekends: rules.notice.excludeWeekends,
				excludeBankHolidays: rules.notice.excludeBankHolidays,
				...(rules.notice.papersDays !== undefined ? { papersDays: rules.notice.papersDays } : {})
			}
		},
		body: context.body,
		organisations: context.organisations,
		members: context.members,
		attendance,
		declarations: context.declarations,
		mandates: context.mandates,
		motion,
		meetingDate: decidedOn
	};
}

function memberName(context: WrittenResolutionContext, id: string): string {
	return context.members.find((member) => member.id === id)?.name ?? id;
}

function memberRank(context: WrittenResolutionContext, id: string): number {
	const index = context.members.findIndex((member) => member.id === id);
	return index < 0 ? Number.MAX_SAFE_INTEGER : index;
}

function unique(lines: readonly string[]): string[] {
	return [...new Set(lines)];
}

