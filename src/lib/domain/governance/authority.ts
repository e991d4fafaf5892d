/**
 * What a body may decide for itself: the delegations it holds from its parent,
 * what it may pass on to a sub-group, notice of intended decisions, and whether
 * a binding vote may open on an item at all.
 */

import { compareDates, formatDate } from './calendar';
import { describeCategory, formatMoney, listInEnglish, plural } from './explain';
import type { Mandate } from './mandates';
import { countNoticeDays, describeDayCount, describeIssueDate, describeNoticeBefore, type NoticeCounting } from './notice-days';
import type { Sitting } from './membership';
import type { BodyAbove, RecommendationStep } from './recommendation-path';
import { evaluateQuorum, type QuorumResult } from './quorum';
import type { GovernanceRules } from './rules';

/** Authority a body holds from its parent (or gives a sub-group). */
export interface Delegation {
	/** Decision categories delegated, e.g. "service_investment", "service_review". */
	categories: string[];
	/** The most one decision under this delegation may commit, in pence. */
	financialLimitPence: number;
	/** First day the delegation is valid, YYYY-MM-DD. */
	validFrom: string;
	/** Last day it is valid (inclusive); open-ended if absent. */
	validTo?: string;
	/** The delegating body, as the minutes name it. */
	from?: string;
}

/** A decision-making body: an oversight group, an SCG, a delivery sub-group. */
export interface Body {
	id: string;
	name: string;
	/** Where its recommendations go, e.g. "NHS England North regional team". */
	parentBodyName: string;
	delegations: Delegation[];
	/** The bodies above, nearest (the parent) first, when known; a record only, never consulted for authority. */
	above?: BodyAbove[];
}

/** A proposal to set up a sub-group with delegated authority. */
export interface SubDelegationProposal {
	subGroupName: string;
	delegation: Delegation;
}

/** The question put to the meeting. */
export interface Motion {
	text: string;
	/** Decision category, matched exactly against delegations and mandates. */
	category: string;
	/** What the decision commits, in pence; 0 if it commits no money. */
	valuePence: number;
	/** Procedural business (minutes, agenda, actions, a sub-group within own authority, the priorities plan). */
	procedural: boolean;
	/** Date notice of the intended decision went to member organisations, YYYY-MM-DD. */
	noticeGivenOn?: string;
	/** Date the agenda and papers were issued, YYYY-MM-DD. */
	papersIssuedOn?: string;
	/** When the motion sets up a sub-group: what it would delegate. */
	subDelegation?: SubDelegationProposal;
	/** When the motion considers a recommendation made below: the earlier levels, oldest first. */
	recommendedBy?: RecommendationStep[];
}

/** Everything the engine needs to decide one agenda item. */
export interface ItemContext extends Sitting {
	body: Body;
	motion: Motion;
	mandates: Mandate[];
	/** The meeting date, YYYY-MM-DD (Europe/London). */
	meetingDate: string;
}

/** Whether a decision falls within the body's delegated authority. */
export type AuthorityCheck =
	| { ok: true; delegation: Delegation; detail: string }
	| { ok: false; reason: string };

/**
 * Finds a delegation covering the decision's category, value and date.
 * A decision at exactly the financial limit is within it.
 */
export function findDelegatedAuthority(
	body: Body,
	decision: { category: string; valuePence: number; date: string }
): AuthorityCheck {
	const category = describeCategory(decision.category);
	const parent = body.parentBodyName;
	if (body.delegations.length === 0) {
		return { ok: false, reason: `${body.name} holds no delegated authority from ${parent}` };
	}
	const forCategory = body.delegations.filter((delegation) => delegation.categories.includes(decision.category));
	if (forCategory.length === 0) {
		return { ok: false, reason: `${body.name} holds no delegated authority for ${category}` };
	}
	const current = forCategory.filter((delegation) => isValidOn(delegation, decision.date));
	if (current.length === 0) {
		const periods = listInEnglish(forCategory.map(describePeriod));
		return {
			ok: false,
			reason: `${body.name}'s delegated authority for ${category} is not valid on ${formatDate(decision.date)} (it runs ${periods})`
		};
	}
	const within = current
		.filter((delegation) => decision.valuePence <= delegation.financialLimitPence)
		.sort((a, b) => b.financialLimitPence - a.financialLimitPence)[0];
	if (!within) {
		const highest = Math.max(...current.map((delegation) => delegation.financialLimitPence));
		return {
			ok: false,
			reason: `${body.name}'s delegated limit for ${category} is ${formatMoney(highest)} per decision, and this decision commits ${formatMoney(decision.valuePence)}`
		};
	}
	const held = `${body.name} holds delegated authority from ${within.from ?? parent} for ${category} up to ${formatMoney(within.financialLimitPence)} per decision (${describePeriod(within)})`;
	const value =
		decision.valuePence === 0 ? 'this decision commits no money and' : `this decision, at ${formatMoney(decision.valuePence)},`;
	return { ok: true, delegation: within, detail: `${held}; ${value} is within it` };
}

/** What the delegating body is asked to pass on. */
export interface SubDelegationRequest {
	delegatingBody: { name: string; delegations: Delegation[] };
	subGroupName: string;
	proposed: Delegation;
}

/** Whether a sub-delegation may be given, and if not, every reason. */
export type SubDelegationCheck =
	| { ok: true; explanation: string[] }
	| { ok: false; reason: string; problems: string[]; explanation: string[] };

/**
 * Refuses a delegation to a sub-group that exceeds what the delegating body
 * holds: each category must be one it holds, for the whole period proposed, at a
 * financial limit no higher than its own.
 */
export function checkSubDelegation(request: SubDelegationRequest): SubDelegationCheck {
	const { delegatingBody, subGroupName, proposed } = request;
	const problems: string[] = [];
	const covered: string[] = [];
	for (const code of proposed.categories) {
		const category = describeCategory(code);
		const held = delegatingBody.delegations.filter((delegation) => delegation.categories.includes(code));
		if (held.length === 0) {
			problems.push(`${delegatingBody.name} holds no delegated authority for ${category} itself, so cannot delegate it`);
			continue;
		}
		const spanning = held.filter((delegation) => covers(delegation, proposed));
		if (spanning.length === 0) {
			problems.push(
				`${delegatingBody.name}'s own authority for ${category} runs ${listInEnglish(held.map(describePeriod))}, and it cannot delegate beyond that (proposed: ${describePeriod(proposed)})`
			);
			continue;
		}
		const limit = Math.max(...spanning.map((delegation) => delegation.financialLimitPence));
		if (proposed.financialLimitPence > limit) {
			problems.push(
				`${delegatingBody.name} holds ${formatMoney(limit)} per decision for ${category} and cannot delegate more than it holds (proposed: ${formatMoney(proposed.financialLimitPence)})`
			);
			continue;
		}
		covered.push(category);
	}
	if (problems.length > 0) {
		const reason = `Sub-delegation to ${subGroupName} refused: ${problems.join('; ')}`;
		return { ok: false, reason, problems, explanation: [`${reason}.`] };
	}
	return {
		ok: true,
		explanation: [
			`${delegatingBody.name} may delegate to ${subGroupName} authority for ${listInEnglish(covered)} up to ${formatMoney(proposed.financialLimitPence)} per decision (${describePeriod(proposed)}): it holds at least that itself.`
		]
	};
}

/** Whether notice of an intended decision was long enough. */
export interface NoticeCheck {
	/** Whether the rules require notice for this decision at all. */
	applies: boolean;
	met: boolean;
	requiredDays?: number;
	/** Days of notice as the rules count them; absent when none was given or it could not be counted. */
	givenDays?: number;
	detail: string;
	/** When not met: why, as the refusal of a binding vote says it ("Notice not met: …"). */
	reason?: string;
}

/**
 * Notice of an intended binding decision that commits money (Carter para 77;
 * Northern SCG: at least 30 days). Days are counted from the date notice went
 * out to the meeting date as the rules' notice counting says (calendar days by
 * default, see notice-days.ts); notice of exactly the required days is enough.
 */
export function checkDecisionNotice(rules: GovernanceRules, motion: Motion, meetingDate: string): NoticeCheck {
	const requiredDays = rules.notice.bindingFinancialDecisionDays;
	if (requiredDays === undefined || motion.valuePence === 0) {
		return {
			applies: false,
			met: true,
			detail:
				requiredDays === undefined
					? 'The rules set no notice period for binding decisions'
					: 'This decision commits no money, so no notice of it is required'
		};
	}
	const rule = rules.notice;
	const required = describeDayCount(requiredDays, rule);
	if (motion.noticeGivenOn === undefined) {
		return {
			applies: true,
			met: false,
			requiredDays,
			detail: `No notice of this intended decision was given; the rules require notice at least ${required} before a binding decision that commits money`,
			reason: `Notice not met: no notice of this intended decision was given, and the rules require at least ${required}`
		};
	}
	const counted = countNoticeDays(motion.noticeGivenOn, meetingDate, rule);
	if (!counted.ok) return { applies: true, met: false, requiredDays, detail: counted.reason, reason: counted.reason };
	const givenDays = counted.days;
	const met = givenDays >= requiredDays;
	const given = describeDaysBefore(motion.noticeGivenOn, meetingDate, givenDays, rule);
	return {
		applies: true,
		met,
		requiredDays,
		givenDays,
		detail: `Notice of this intended decision was given on ${describeIssueDate(motion.noticeGivenOn, rule)}, ${given}; the rules require at least ${required} for a binding decision that commits money`,
		...(met ? {} : { reason: `Notice not met: notice was given ${given}, and the rules require at least ${required}` })
	};
}

/**
 * Whether the agenda papers went out in time. Advisory: late papers do not stop
 * a vote, but the minutes should record that the meeting agreed to take them.
 */
export function checkPapersNotice(rules: GovernanceRules, motion: Motion, meetingDate: string): NoticeCheck {
	const requiredDays = rules.notice.papersDays;
	if (requiredDays === undefined || motion.papersIssuedOn === undefined) {
		return { applies: false, met: true, detail: 'No papers deadline to check' };
	}
	const rule = rules.notice;
	const counted = countNoticeDays(motion.papersIssuedOn, meetingDate, rule);
	if (!counted.ok) return { applies: true, met: false, requiredDays, detail: counted.reason, reason: counted.reason };
	const givenDays = counted.days;
	const met = givenDays >= requiredDays;
	return {
		applies: true,
		met,
		requiredDays,
		givenDays,
		detail: `Papers were issued on ${describeIssueDate(motion.papersIssuedOn, rule)}, ${describeDaysBefore(motion.papersIssuedOn, meetingDate, givenDays, rule)}; the rules ask for ${describeDayCount(requiredDays, rule)}${met ? '' : ', so the minutes should record that the meeting agreed to take them late'}`
	};
}

/** What the chair may do when a binding vote cannot open. */
export type ChairAlternative = 'defer' | 'indicative_vote' | 'amend_motion' | 'vote';

/** One check made before a vote opens. */
export interface OpeningCheck {
	check: 'quorum' | 'sub_delegation' | 'authority' | 'notice' | 'papers';
	met: boolean;
	/** Whether failing it stops a binding vote. */
	blocking: boolean;
	detail: string;
}

/** Whether a vote may open on the item, and on what footing. */
export type VoteOpening =
	| {
			ok: true;
			/** binding: within the body's power; recommendation: to its parent body. */
			basis: 'binding';
			procedural: boolean;
			delegation?: Delegation;
			quorum: QuorumResult;
			checks: OpeningCheck[];
			explanation: string[];
	  }
	| {
			ok: true;
			basis: 'recommendation';
			recommendationTo: string;
			quorum: QuorumResult;
			checks: OpeningCheck[];
			explanation: string[];
	  }
	| {
			ok: false;
			/** The first rule that stops the vote, in words. */
			reason: string;
			reasons: string[];
			alternatives: ChairAlternative[];
			quorum: QuorumResult;
			checks: OpeningCheck[];
			explanation: string[];
	  };

/**
 * Decides whether a binding vote may open on the item: the meeting must be
 * quorate; the decision must be within the body's own power (procedural) or its
 * delegated authority, else a vote may open only as a recommendation to the
 * parent body; and a binding decision that commits money needs notice. When a
 * binding vote cannot open, says what the chair may do instead.
 */
export function bindingVoteMayOpen(item: ItemContext): VoteOpening {
	const { body, motion, rules, meetingDate } = item;
	const quorum = evaluateQuorum(item);
	const checks: OpeningCheck[] = [
		{
			check: 'quorum',
			met: quorum.quorate,
			blocking: true,
			detail: quorum.quorate ? 'The meeting is quorate for this item' : quorum.failures.join('; ')
		}
	];
	const reasons: string[] = [];
	const alternatives = new Set<ChairAlternative>();
	if (!quorum.quorate) {
		reasons.push(...quorum.failures);
		alternatives.add('defer');
	}

	if (motion.subDelegation) {
		const subDelegation = checkSubDelegation({
			delegatingBody: body,
			subGroupName: motion.subDelegation.subGroupName,
			proposed: motion.subDelegation.delegation
		});
		checks.push({
			check: 'sub_delegation',
			met: subDelegation.ok,
			blocking: true,
			detail: subDelegation.ok ? (subDelegation.explanation[0] ?? '').replace(/\.$/, '') : subDelegation.reason
		});
		if (!subDelegation.ok) {
			reasons.push(subDelegation.reason);
			alternatives.add('amend_motion');
			alternatives.add('defer');
		}
	}

	let authority: AuthorityCheck | undefined;
	if (motion.procedural) {
		checks.push({
			check: 'authority',
			met: true,
			blocking: false,
			detail: motion.subDelegation
				? `Setting up a sub-group is procedural business, within ${body.name}'s own power so long as it delegates no more than it holds`
				: `This is procedural business, always within ${body.name}'s own power`
		});
	} else {
		authority = findDelegatedAuthority(body, {
			category: motion.category,
			valuePence: motion.valuePence,
			date: meetingDate
		});
		checks.push({
			check: 'authority',
			met: authority.ok,
			// Outside its authority a body can still vote, but only to recommend.
			blocking: false,
			detail: authority.ok
				? authority.detail
				: `${authority.reason}, so a decision carried here is a recommendation to ${body.parentBodyName}`
		});
	}
	const binding = motion.procedural || (authority?.ok ?? false);

	if (binding) {
		const notice = checkDecisionNotice(rules, motion, meetingDate);
		if (notice.applies) {
			checks.push({ check: 'notice', met: notice.met, blocking: true, detail: notice.detail });
			if (!notice.met) {
				reasons.push(notice.reason ?? notice.detail);
				alternatives.add('defer');
				alternatives.add('indicative_vote');
			}
		}
	}

	const papers = checkPapersNotice(rules, motion, meetingDate);
	if (papers.applies) checks.push({ check: 'papers', met: papers.met, blocking: false, detail: papers.detail });

	const explanation = checks.map((check) => `${check.detail}.`);
	if (reasons.length > 0) {
		const order: ChairAlternative[] = ['amend_motion', 'defer', 'indicative_vote', 'vote'];
		const offered = order.filter((alternative) => alternatives.has(alternative));
		explanation.push(
			`${quorum.quorate ? 'The vote cannot open as binding' : 'No vote may open'}. ${reasons.join('. ')}.`,
			describeAlternatives(offered)
		);
		return {
			ok: false,
			reason: reasons[0] ?? 'The vote cannot open',
			reasons,
			alternatives: offered,
			quorum,
			checks,
			explanation
		};
	}
	if (binding) {
		explanation.push(`A vote may open. If carried, the decision is binding on all members of ${body.name}.`);
		return {
			ok: true,
			basis: 'binding',
			procedural: motion.procedural,
			...(authority?.ok ? { delegation: authority.delegation } : {}),
			quorum,
			checks,
			explanation
		};
	}
	explanation.push(`A vote may open. If carried, the decision is a recommendation to ${body.parentBodyName}.`);
	return { ok: true, basis: 'recommendation', recommendationTo: body.parentBodyName, quorum, checks, explanation };
}

const ALTERNATIVE_WORDS: Record<ChairAlternative, string> = {
	amend_motion: 'amend the motion to stay within what the body holds',
	defer: 'defer the item to a later meeting',
	indicative_vote: 'hold an indicative vote, recorded as non-binding',
	vote: 'put the motion to a vote'
};

/** "The chair may defer the item to a later meeting, or hold an indicative vote, recorded as non-binding." */
export function describeAlternatives(alternatives: readonly ChairAlternative[]): string {
	const words = alternatives.map((alternative) => ALTERNATIVE_WORDS[alternative]);
	if (words.length === 0) return 'The chair has no alternative under the rules.';
	if (words.length === 1) return `The chair may ${words[0]}.`;
	return `The chair may ${words.slice(0, -1).join(', ')}, or ${words[words.length - 1]}.`;
}

function isValidOn(delegation: Delegation, date: string): boolean {
	return (
		compareDates(delegation.validFrom, date) <= 0 &&
		(delegation.validTo === undefined || compareDates(date, delegation.validTo) <= 0)
	);
}

function covers(holder: Delegation, proposed: Delegation): boolean {
	if (compareDates(holder.validFrom, proposed.validFrom) > 0) return false;
	if (holder.validTo === undefined) return true;
	return proposed.validTo !== undefined && compareDates(proposed.validTo, holder.validTo) <= 0;
}

function describePeriod(delegation: Delegation): string {
	return delegation.validTo === undefined
		? `from ${formatDate(delegation.validFrom)} with no end date`
		: `from ${formatDate(delegation.validFrom)} to ${formatDate(delegation.validTo)}`;
}

function describeDaysBefore(issuedOn: string, meetingDate: string, days: number, rule: NoticeCounting): string {
	const order = compareDates(issuedOn, meetingDate);
	if (order === 0) return 'the day of the meeting';
	// Notice dated after the meeting counts as the calendar difference, whatever the rule (notice-days.ts).
	return order < 0 ? describeNoticeBefore(days, rule, 'before the meeting') : `${plural(-days, 'day')} after the meeting date`;
}
