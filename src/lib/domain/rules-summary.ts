/**
 * A body's structured rules of procedure in plain English, as the rules page and the terms of reference show them:
 * "Quorum: at least half of voting members, including the chair or vice-chair and 1 NHS England member; deputies
 * count". Pure: it words the rules and decides nothing.
 */

import {
	describeFraction,
	describeOrganisationKind,
	describeRole,
	formatMoney,
	listInEnglish,
	plural
} from './governance/explain';
import { describeScope } from './governance/between-meetings';
import { describeDayCount, describeNoticeRule, type NoticeCounting } from './governance/notice-days';
import type { GovernanceRules, Threshold } from './governance/rules';

/** One topic of the rules and what they say about it. */
export interface RuleLine {
	topic: string;
	text: string;
}

const BASIS_WORDS: Record<GovernanceRules['voting']['basis'], string> = {
	per_member: 'one vote per voting member',
	per_organisation: 'one vote per organisation',
	weighted: "one vote per organisation, weighted by the organisation's weight"
};

const comparisonWords = (comparison: 'at_least' | 'more_than') => (comparison === 'at_least' ? 'at least' : 'more than');

/** "more than half of votes cast are in favour", "at least 6 organisations are in favour". */
export function describeThreshold(threshold: Threshold): string {
	switch (threshold.of) {
		case 'organisations_in_favour':
			return `at least ${plural(threshold.minimum, 'organisation')} ${threshold.minimum === 1 ? 'is' : 'are'} in favour`;
		case 'votes_cast':
			return `${comparisonWords(threshold.comparison)} ${describeFraction(threshold.fraction)} of votes cast are in favour`;
		case 'members_present':
			return `${comparisonWords(threshold.comparison)} ${describeFraction(threshold.fraction)} of the votes of members present are in favour`;
		case 'eligible_votes':
			return `${comparisonWords(threshold.comparison)} ${describeFraction(threshold.fraction)} of eligible votes (every vote entitled to be cast, absent members' included) are in favour`;
	}
}

/** "at least half of voting members, including the chair or vice-chair and 1 NHS England member; deputies count". */
export function describeQuorum(quorum: GovernanceRules['quorum']): string {
	const sizes: string[] = [];
	if (quorum.minimumCount !== undefined) sizes.push(`at least ${plural(quorum.minimumCount, 'voting member')}`);
	if (quorum.minimumFraction) {
		sizes.push(`${comparisonWords(quorum.minimumFraction.comparison)} ${describeFraction(quorum.minimumFraction.fraction)} of voting members`);
	}
	const including = [
		...quorum.requiredRoles.map((requirement) => {
			const roles = requirement.anyOf.map(describeRole);
			const either = roles.length === 1 ? roles[0]! : `${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]}`;
			return requirement.minimum === 1 ? `the ${either}` : `at least ${requirement.minimum} of the ${either}`;
		}),
		...quorum.requiredOrganisationKinds.map((requirement) => plural(requirement.minimum, `${describeOrganisationKind(requirement.kind)} member`)),
		...(quorum.requiredClinicians ? [plural(quorum.requiredClinicians, 'clinician')] : [])
	];
	let text = sizes.join(' and ');
	if (including.length > 0) text += `, including ${listInEnglish(including)}`;
	text += quorum.deputiesCount ? '; deputies count' : '; deputies do not count';
	if (!quorum.remoteAttendanceCounts) text += '; members joining remotely do not count';
	return text;
}

/** "one vote per organisation; carried when more than half of votes cast are in favour". */
export function describeVoting(voting: GovernanceRules['voting']): string {
	return `${BASIS_WORDS[voting.basis]}; carried when ${listInEnglish(voting.thresholds.map(describeThreshold))}`;
}

/** "allowed for service review, up to £250,000 per decision; in place of a quorum, at least 5 votes returned; …". */
export function describeWrittenResolutions(rules: GovernanceRules): string {
	const written = rules.writtenResolutions;
	if (!written?.allowed) return 'not allowed: every decision is taken at a meeting';
	const response = written.minimumResponse ?? {};
	const needs = [
		...(response.minimumCount !== undefined ? [`at least ${plural(response.minimumCount, 'eligible vote')} returned`] : []),
		...(response.minimumFraction
			? [`${comparisonWords(response.minimumFraction.comparison)} ${describeFraction(response.minimumFraction.fraction)} of the eligible votes returned`]
			: [])
	];
	const carried = written.thresholds
		? `carried when ${listInEnglish(written.thresholds.map(describeThreshold))}`
		: 'carried as at a meeting';
	return `allowed for ${describeScope(written)}${limitWords(written.financialLimitPence)}; in place of a quorum, ${listInEnglish(needs)}; ${carried}; reported to the next meeting for noting`;
}

/** "the chair or vice-chair may act on service review, after consulting at least 2 members; …". */
export function describeUrgentAction(rules: GovernanceRules): string {
	const urgent = rules.urgentAction;
	if (!urgent?.allowed) return 'not allowed: urgent business waits for a meeting';
	const consult = urgent.minimumConsulted ? `after consulting at least ${plural(urgent.minimumConsulted, 'member')}` : 'without a required consultation';
	return `the chair or vice-chair may act on ${describeScope(urgent)}${limitWords(urgent.financialLimitPence)}, ${consult}, recording why it cannot wait; binding or a recommendation as the body's authority decides; ratified at the next meeting within ${plural(urgent.ratificationPeriodDays ?? 0, 'day')}, or it lapses`;
}

const limitWords = (pence: number | undefined) => (pence === undefined ? '' : `, up to ${formatMoney(pence)} per decision`);

/** What the notice counting leaves out: ", not counting weekends or bank holidays in England and Wales". */
function describeExclusions(rule: NoticeCounting): string {
	const words = describeNoticeRule(rule);
	return rule.excludeBankHolidays ? `${words} in England and Wales` : words;
}

/** The exclusions, and what a clear day is the first time the summary uses the words. */
function describeCounting(rule: NoticeCounting): string {
	const clear = rule.counting === 'clear' ? ' (clear days: neither the day notice goes out nor the day of the meeting counts)' : '';
	return `${describeExclusions(rule)}${clear}`;
}

/** Every topic of the rules, in the order the terms of reference set them out. */
export function summariseRules(rules: GovernanceRules): RuleLine[] {
	const lines: RuleLine[] = [
		{ topic: 'Quorum', text: describeQuorum(rules.quorum) },
		{ topic: 'Voting', text: describeVoting(rules.voting) },
		{
			topic: 'Casting vote',
			text: rules.voting.castingVote === 'chair' ? 'the chair has a casting vote on a tie' : 'none: a tied vote is not carried'
		},
		{
			topic: 'Patient and public voice representatives',
			text: rules.voting.ppvRepresentativesVote ? 'vote' : 'take part but do not vote'
		},
		{
			topic: 'Mandates',
			text: rules.voting.mandatesRequired
				? "a representative commits their organisation only within its mandate; a decision carried only by votes beyond a mandate needs that organisation's ratification"
				: 'not checked: a representative\'s vote commits their organisation'
		},
		{
			topic: 'Secret ballots',
			text: rules.voting.secretBallotsAllowed
				? 'the chair may hold a vote by secret ballot: the counts and who voted are recorded, never how anyone voted'
				: 'not held: the minutes record how each member voted'
		},
		{
			topic: 'Notice of meetings',
			text:
				rules.notice.papersDays !== undefined
					? `agenda and papers go out at least ${describeDayCount(rules.notice.papersDays, rules.notice)} before the meeting${describeCounting(rules.notice)}`
					: 'the rules set no notice period for agenda and papers'
		},
		{
			topic: 'Notice of binding financial decisions',
			text:
				rules.notice.bindingFinancialDecisionDays !== undefined
					? `member organisations get at least ${describeDayCount(rules.notice.bindingFinancialDecisionDays, rules.notice)}' notice of an intended binding decision that commits money${rules.notice.papersDays === undefined ? describeCounting(rules.notice) : describeExclusions(rules.notice)}; without it the vote cannot open as binding`
					: 'the rules set no notice period for binding decisions that commit money'
		},
		{
			topic: 'Ratification',
			text:
				rules.ratificationPeriodDays !== undefined
					? `organisations ratify a decision carried subject to ratification within ${plural(rules.ratificationPeriodDays, 'day')}, or it lapses`
					: 'the rules set no period for ratification'
		},
		{
			topic: 'Appeal',
			text:
				rules.appealPeriodDays !== undefined
					? `a member organisation may appeal a decision within ${plural(rules.appealPeriodDays, 'day')}`
					: 'the rules set no period for appeals'
		},
		{
			topic: 'Arbitration',
			text:
				rules.arbitrationAboveValuePence !== undefined
					? `a dispute over a decision worth more than ${formatMoney(rules.arbitrationAboveValuePence)} goes first to a facilitated meeting, then to an arbitration panel whose decision is binding`
					: 'the rules set no value above which disputes go to arbitration'
		},
		{ topic: 'Written resolutions', text: describeWrittenResolutions(rules) },
		{ topic: "Chair's urgent action", text: describeUrgentAction(rules) }
	];
	return lines;
}

/** The summary as sentences: "Quorum: at least half of voting members, …". */
export function rulesInSentences(rules: GovernanceRules): string[] {
	return summariseRules(rules).map((line) => `${line.topic}: ${line.text}`);
}

/** A starting point for a body with no rules yet: simple majority, half the members quorate with the chair. */
export const RULES_TEMPLATE = {
	schemaVersion: 1,
	quorum: {
		minimumFraction: { fraction: '1/2', comparison: 'at_least' },
		requiredRoles: [{ anyOf: ['chair', 'vice_chair'], minimum: 1 }],
		requiredOrganisationKinds: [{ kind: 'nhs_england', minimum: 1 }],
		deputiesCount: true,
		remoteAttendanceCounts: true
	},
	voting: {
		basis: 'per_organisation',
		thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }],
		castingVote: 'chair',
		ppvRepresentativesVote: false,
		mandatesRequired: false
	},
	notice: { papersDays: 7, bindingFinancialDecisionDays: 30 },
	ratificationPeriodDays: 28,
	appealPeriodDays: 28,
	arbitrationAboveValuePence: 10_000_000
} as const;
