/**
 * The chair's urgent action: where the rules allow it, the chair (or vice-chair), after consulting members,
 * decides a matter that cannot wait for a meeting. It binds, or is a recommendation to the parent body, as the
 * body's delegated authority decides, exactly as a vote at a meeting would; it goes to the next meeting for
 * ratification and lapses if not ratified within the rules' period.
 *
 * Assumptions, each the safer reading:
 * - notice of an intended binding decision that commits money applies as at a meeting, counted to the day the
 *   action is taken; without it the action cannot be taken as binding (the chair may still wait for a meeting);
 * - only the chair or vice-chair may act, and not on a matter on which they have declared a conflict;
 * - those consulted must be members of the body (any role) other than the one acting, each counted once;
 * - mandates do not arise: no representative commits their organisation, and ratification by the meeting is the
 *   members' say.
 */

import { bindingVoteMayOpen, type Body, type Motion } from './authority';
import { checkOutsideMeetingScope } from './between-meetings';
import { addDays, formatDate } from './calendar';
import { describeRole, listInEnglish, plural } from './explain';
import type { Declaration, Member, Organisation } from './membership';
import { CALENDAR_DAYS, countNoticeDays, describeDayCount, describeIssueDate, describeNoticeBefore } from './notice-days';
import { extendRecommendationPath, type RecommendationPath } from './recommendation-path';
import type { GovernanceRules } from './rules';

/** Everything the engine needs to decide whether an urgent action may be taken, and on what footing. */
export interface UrgentActionContext {
	rules: GovernanceRules;
	body: Body;
	organisations: Organisation[];
	members: Member[];
	declarations: Declaration[];
	motion: Motion;
	/** The member taking the action. */
	takenBy: string;
	/** The London date it is taken, YYYY-MM-DD. */
	takenOn: string;
	/** Why it cannot wait for a meeting. */
	reason: string;
	/** Members consulted before acting. */
	consulted: string[];
}

/** What an urgent action comes to. */
export type UrgentActionEvaluation =
	| {
			ok: true;
			/** carried_binding: within the body's power; recommendation: to its parent body. */
			state: 'carried_binding' | 'recommendation';
			recommendationTo?: string;
			/** Last day the next meeting may ratify it; it lapses after. */
			ratifyBy: string;
			consulted: { id: string; name: string }[];
			/** When the action considered a recommendation made below: the whole path, ending with this body. */
			recommendationPath?: RecommendationPath;
			explanation: string[];
	  }
	| { ok: false; reason: string; problems: string[]; explanation: string[] };

const WHAT = "the chair's urgent action";

/**
 * Decides whether the chair's urgent action may be taken on this matter, and if so whether it binds or is a
 * recommendation, and by when it must be ratified. Every problem is listed, the first being the reason.
 */
export function evaluateUrgentAction(context: UrgentActionContext): UrgentActionEvaluation {
	const { rules, body, motion, members } = context;
	const motionLine = `Chair's urgent action: "${motion.text}".`;
	const problems: string[] = [];
	const lines: string[] = [motionLine];

	const scope = checkOutsideMeetingScope(rules.urgentAction, motion, WHAT);
	if (!scope.ok) problems.push(scope.reason);
	else lines.push(`${scope.detail}.`);

	const actor = members.find((member) => member.id === context.takenBy);
	if (!actor) problems.push(`Urgent action is taken by a member of ${body.name}; ${context.takenBy} is not one`);
	else if (actor.role !== 'chair' && actor.role !== 'vice_chair') {
		problems.push(`Only the chair or vice-chair may take urgent action; ${actor.name} is the ${describeRole(actor.role)}`);
	} else {
		const declaration = context.declarations.find((d) => d.memberId === actor.id && d.outcome !== 'may_take_part');
		if (declaration) {
			problems.push(`${actor.name} declared an interest${declaration.interest ? ` (${declaration.interest})` : ''} in this matter, so may not take urgent action on it`);
		} else {
			lines.push(`Taken by ${actor.name}, ${describeRole(actor.role)}, on ${formatDate(context.takenOn)}.`);
		}
	}

	const reason = context.reason.trim();
	if (reason === '') problems.push('Urgent action must record why the matter cannot wait for a meeting');
	else lines.push(`Why it could not wait: ${reason}`.replace(/([^.!?])$/, '$1.'));

	const consulted: { id: string; name: string }[] = [];
	const unknown: string[] = [];
	for (const id of new Set(context.consulted)) {
		if (id === context.takenBy) continue;
		const member = members.find((m) => m.id === id);
		if (member) consulted.push({ id, name: member.name });
		else unknown.push(id);
	}
	if (unknown.length > 0) problems.push(`Those consulted must sit on ${body.name}; ${listInEnglish(unknown)} ${unknown.length === 1 ? 'does' : 'do'} not`);
	const minimum = rules.urgentAction?.minimumConsulted ?? 0;
	if (scope.ok) {
		if (consulted.length < minimum) {
			problems.push(`The rules require the chair to consult at least ${plural(minimum, 'member')} before urgent action; ${consulted.length === 0 ? 'none was' : `${consulted.length} ${consulted.length === 1 ? 'was' : 'were'}`} consulted`);
		} else {
			lines.push(
				consulted.length === 0
					? 'No member was consulted; the rules require none.'
					: `Consulted: ${listInEnglish(consulted.map((c) => c.name))} (${consulted.length}; the rules require at least ${minimum}).`
			);
		}
	}

	// The same authority rules as a meeting's vote: a body's own power, or its delegations, or a recommendation.
	const opening = bindingVoteMayOpen({
		rules: { ...rules, quorum: { minimumCount: 0, requiredRoles: [], requiredOrganisationKinds: [], deputiesCount: true, remoteAttendanceCounts: true }, notice: { ...CALENDAR_DAYS } },
		body,
		organisations: context.organisations,
		members,
		attendance: [],
		declarations: [],
		mandates: [],
		motion,
		meetingDate: context.takenOn
	});
	const authority = opening.checks.find((check) => check.check === 'authority');
	if (!opening.ok) problems.push(opening.reason);
	const binding = opening.ok && opening.basis === 'binding';
	if (authority) lines.push(`${authority.detail.replace('a decision carried here', 'an action taken here')}.`);

	const requiredDays = rules.notice.bindingFinancialDecisionDays;
	if (binding && requiredDays !== undefined && motion.valuePence > 0) {
		if (motion.noticeGivenOn === undefined) {
			problems.push(`Notice not met: no notice of this intended decision was given, and the rules require at least ${describeDayCount(requiredDays, rules.notice)} before a binding decision that commits money`);
		} else {
			const counted = countNoticeDays(motion.noticeGivenOn, context.takenOn, rules.notice);
			const required = describeDayCount(requiredDays, rules.notice);
			if (!counted.ok) problems.push(counted.reason);
			else if (counted.days < requiredDays) problems.push(`Notice not met: notice was given ${describeNoticeBefore(counted.days, rules.notice, 'before the action')}, and the rules require at least ${required}`);
			else lines.push(`Notice of this intended decision was given on ${describeIssueDate(motion.noticeGivenOn, rules.notice)}, ${describeNoticeBefore(counted.days, rules.notice, 'before')}; the rules require at least ${required}.`);
		}
	}

	if (problems.length > 0) {
		const refusal = `Urgent action refused: ${problems[0]}`;
		return { ok: false, reason: problems[0] ?? refusal, problems, explanation: [motionLine, ...problems.map((p) => `${p}.`), 'No action is taken; the matter waits for a meeting.'] };
	}

	const period = rules.urgentAction?.ratificationPeriodDays ?? 1;
	const ratifyBy = addDays(context.takenOn, period);
	const ratify = `It goes to the next meeting of ${body.name} for ratification, which must be within ${plural(period, 'day')}, by ${formatDate(ratifyBy)}; if not ratified by then it lapses.`;
	if (binding) {
		lines.push(`The action is binding on all members of ${body.name}, subject to ratification. ${ratify}`);
		return { ok: true, state: 'carried_binding', ratifyBy, consulted, ...tracePath('carried_binding'), explanation: lines };
	}
	lines.push(`The action is a recommendation to ${body.parentBodyName}, which holds the decision; it goes on that body's list of matters to decide. ${ratify}`);
	return { ok: true, state: 'recommendation', recommendationTo: body.parentBodyName, ratifyBy, consulted, ...tracePath('recommendation'), explanation: lines };

	function tracePath(state: 'carried_binding' | 'recommendation'): { recommendationPath?: RecommendationPath } {
		const traced = extendRecommendationPath(motion.recommendedBy, { bodyName: body.name, decidedOn: context.takenOn, parentBodyName: body.parentBodyName, state });
		if (!traced) return {};
		lines.push(traced.line);
		return { recommendationPath: traced.path };
	}
}
