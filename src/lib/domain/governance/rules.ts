/**
 * The structured rules of a body's terms of reference: quorum, voting, notice,
 * ratification, appeal and arbitration. Versioned, so an adopted (frozen) set of
 * rules keeps meaning what it meant when the body adopted it.
 */

import { z } from 'zod';
import { MEMBERSHIP_ROLES, ORGANISATION_KINDS, type MembershipRole, type OrganisationKind } from '../roles';
import { Rational } from './rational';

/** The rules schema version this engine reads. */
export const RULES_SCHEMA_VERSION = 1;

/** Roles in a body; the same list the membership records use. */
export const MEMBER_ROLES = MEMBERSHIP_ROLES;
export { ORGANISATION_KINDS };
export type MemberRole = MembershipRole;
export type { OrganisationKind };

/** Whether a figure must reach the boundary ("at least") or pass it ("more than"). */
export const ComparisonSchema = z.enum(['at_least', 'more_than']);
export type Comparison = z.output<typeof ComparisonSchema>;

/** A fraction between 0 and 1 written "2/3", "0.75" or "75%"; kept as text so the terms of reference read as written. */
export const FractionSchema = z.string().check(
	z.superRefine((text, ctx) => {
		const parsed = Rational.parse(text);
		if (!parsed.ok) {
			ctx.addIssue({ code: 'custom', message: `Expected a fraction like "2/3", "0.75" or "75%"; ${parsed.reason}` });
		} else if (parsed.value.compare(Rational.zero) < 0 || parsed.value.compare(Rational.one) > 0) {
			ctx.addIssue({ code: 'custom', message: `A fraction must be between 0 and 1; "${text}" is not` });
		}
	})
);

/** A sum of money in pence: a whole, non-negative, exactly representable number. */
export const PenceSchema = z
	.int({ error: 'Expected a whole number of pence' })
	.min(0, { error: 'An amount of money cannot be negative' });

const RoleRequirementSchema = z.strictObject({
	/** Any of these roles satisfies the requirement ("chair or vice-chair"). */
	anyOf: z.array(z.enum(MEMBER_ROLES)).min(1, { error: 'Name at least one role' }),
	minimum: z.int().min(1).default(1)
});

const KindRequirementSchema = z.strictObject({
	kind: z.enum(ORGANISATION_KINDS),
	minimum: z.int().min(1).default(1)
});

export const QuorumRulesSchema = z
	.strictObject({
		/** At least this many voting members counted present. */
		minimumCount: z.int().min(0).optional(),
		/** A fraction of the whole voting membership (absent and conflicted members included). */
		minimumFraction: z
			.strictObject({ fraction: FractionSchema, comparison: ComparisonSchema.default('at_least') })
			.optional(),
		/** Roles that must be present and free of conflict, e.g. chair or vice-chair. */
		requiredRoles: z.array(RoleRequirementSchema).default([]),
		/** Kinds of organisation that voting members present must represent, e.g. one NHS England member. */
		requiredOrganisationKinds: z.array(KindRequirementSchema).default([]),
		/** At least this many clinicians among the voting members counted present (a clinical quorum). */
		requiredClinicians: z.int().min(1).optional(),
		/** Whether a deputy standing in for an absent member counts for that member. */
		deputiesCount: z.boolean(),
		/** Whether members joining remotely count as present (for quorum and voting). */
		remoteAttendanceCounts: z.boolean().default(true)
	})
	.check(
		z.superRefine(
			(quorum, ctx) => {
				if (typeof quorum !== 'object' || quorum === null) return;
				if (quorum.minimumCount === undefined && quorum.minimumFraction === undefined) {
					ctx.addIssue({
						code: 'custom',
						message: 'A quorum needs a minimumCount, a minimumFraction of the voting membership, or both'
					});
				}
			},
			{ when: () => true }
		)
	);

const FractionThresholdSchema = (of: 'votes_cast' | 'members_present' | 'eligible_votes') =>
	z.strictObject({
		of: z.literal(of),
		comparison: ComparisonSchema,
		fraction: FractionSchema
	});

/**
 * One test a vote must pass. All of a body's thresholds must hold.
 * - votes_cast: votes in favour as a fraction of votes for and against (abstentions ignored);
 * - members_present: of the votes that members present on the item could cast;
 * - eligible_votes: of every vote entitled to be cast on the item, absent ones included, conflicted ones excluded;
 * - organisations_in_favour: at least this many organisations in favour.
 */
export const ThresholdSchema = z.discriminatedUnion('of', [
	FractionThresholdSchema('votes_cast'),
	FractionThresholdSchema('members_present'),
	FractionThresholdSchema('eligible_votes'),
	z.strictObject({ of: z.literal('organisations_in_favour'), minimum: z.int().min(1) })
]);
export type Threshold = z.output<typeof ThresholdSchema>;

export const VotingRulesSchema = z.strictObject({
	/** One vote per member; one per organisation represented; or one per organisation, weighted by its weight. */
	basis: z.enum(['per_member', 'per_organisation', 'weighted']),
	thresholds: z.array(ThresholdSchema).min(1, { error: 'Give at least one threshold' }),
	/** Whether the chair has a second, casting vote on a tie. */
	castingVote: z.enum(['chair', 'none']).default('none'),
	ppvRepresentativesVote: z.boolean().default(false),
	/** Whether a representative commits their organisation only within a mandate (Carter Rec. 9). */
	mandatesRequired: z.boolean().default(false),
	/**
	 * Whether the chair may hold a vote by secret ballot: counts and who voted are recorded, never how anyone voted.
	 * Only one vote per member: a vote per organisation is its representatives' to account for, and a mandate check
	 * would say how a representative voted.
	 */
	secretBallotsAllowed: z.boolean().default(false)
}).check(
	z.superRefine(
		(voting, ctx) => {
			if (typeof voting !== 'object' || voting === null || !voting.secretBallotsAllowed) return;
			if (voting.basis !== 'per_member') ctx.addIssue({ code: 'custom', path: ['secretBallotsAllowed'], message: 'Secret ballots are held only with one vote per member' });
			if (voting.mandatesRequired) ctx.addIssue({ code: 'custom', path: ['secretBallotsAllowed'], message: 'Secret ballots cannot be held where votes must be within a mandate: checking the mandate would say how each voted' });
		},
		{ when: () => true }
	)
);

export const NoticeRulesSchema = z.strictObject({
	/** Days before the meeting that agenda and papers go out. */
	papersDays: z.int().min(0).optional(),
	/** Days of notice of an intended binding decision that commits money (Northern SCG: 30). */
	bindingFinancialDecisionDays: z.int().min(0).optional(),
	/**
	 * How both periods are counted: `calendar` days from the day after issue to the meeting day (1 to 21 September is
	 * 20 days), or `clear` days, neither the day of issue nor the meeting day counted (19). See notice-days.ts.
	 */
	counting: z.enum(['calendar', 'clear']).default('calendar'),
	/** Whether Saturdays and Sundays are left out of the count. */
	excludeWeekends: z.boolean().default(false),
	/** Whether bank holidays in England and Wales are left out of the count (known for 2014 to 2030). */
	excludeBankHolidays: z.boolean().default(false)
});

/** Which decisions may be taken outside a meeting: categories of decision, procedural business, a limit per decision. */
const OutsideMeetingScope = {
	/** Decision categories that may be decided this way, matched exactly as delegations are. */
	categories: z.array(z.string().min(1, { error: 'A category cannot be empty' })).default([]),
	/** Whether procedural business (minutes, actions, a sub-group within the body's power) may be decided this way. */
	procedural: z.boolean().default(false),
	/** The most one decision taken this way may commit, in pence; no limit when absent. */
	financialLimitPence: PenceSchema.optional()
};

function requireScope(scope: { allowed?: unknown; categories?: unknown; procedural?: unknown }, ctx: z.core.$RefinementCtx<unknown>) {
	const categories = Array.isArray(scope.categories) ? scope.categories : [];
	if (scope.allowed === true && categories.length === 0 && scope.procedural !== true) {
		ctx.addIssue({ code: 'custom', path: ['categories'], message: 'Name at least one category of decision, or allow procedural business, or it allows nothing' });
	}
}

/**
 * Written resolutions: a motion put to the members with a closing time and voted on in the portal. Absent from a
 * body's rules, none may be put: a decision outside a meeting is an exception the terms of reference must make.
 */
export const WrittenResolutionRulesSchema = z
	.strictObject({
		allowed: z.boolean(),
		...OutsideMeetingScope,
		/** The response that stands in for quorum: ballots returned (for, against or abstain) out of the eligible votes. */
		minimumResponse: z
			.strictObject({
				/** At least this many eligible votes returned, each member's or organisation's counting one whatever its weight. */
				minimumCount: z.int().min(1).optional(),
				/** A fraction of the eligible votes returned, by weight when voting is weighted. */
				minimumFraction: z
					.strictObject({ fraction: FractionSchema, comparison: ComparisonSchema.default('at_least') })
					.optional()
			})
			.optional(),
		/** The tests a written resolution must pass; the meeting's thresholds when absent. */
		thresholds: z.array(ThresholdSchema).min(1, { error: 'Give at least one threshold, or leave them out to use the meeting rules' }).optional()
	})
	.check(
		z.superRefine(
			(written, ctx) => {
				if (typeof written !== 'object' || written === null) return;
				requireScope(written, ctx);
				if (written.allowed !== true) return;
				const response = written.minimumResponse;
				if (!response || (response.minimumCount === undefined && response.minimumFraction === undefined)) {
					ctx.addIssue({
						code: 'custom',
						path: ['minimumResponse'],
						message: 'A written resolution needs a minimum response in place of a quorum: a minimumCount of votes returned, a minimumFraction of the eligible votes, or both'
					});
				}
			},
			{ when: () => true }
		)
	);

/**
 * The chair's urgent action on a matter that cannot wait for a meeting. Absent from a body's rules, it may not be
 * taken.
 */
export const UrgentActionRulesSchema = z
	.strictObject({
		allowed: z.boolean(),
		...OutsideMeetingScope,
		/** Members the chair must consult before acting (the chair not counted). */
		minimumConsulted: z.int().min(0).optional(),
		/** Days within which the next meeting must ratify the action, or it lapses. */
		ratificationPeriodDays: z.int().min(1).optional()
	})
	.check(
		z.superRefine(
			(urgent, ctx) => {
				if (typeof urgent !== 'object' || urgent === null) return;
				requireScope(urgent, ctx);
				if (urgent.allowed !== true) return;
				if (urgent.minimumConsulted === undefined) {
					ctx.addIssue({ code: 'custom', path: ['minimumConsulted'], message: 'Say how many members the chair must consult before taking urgent action (0 for none)' });
				}
				if (urgent.ratificationPeriodDays === undefined) {
					ctx.addIssue({ code: 'custom', path: ['ratificationPeriodDays'], message: 'Say within how many days urgent action must be ratified' });
				}
			},
			{ when: () => true }
		)
	);

/** Version 1 of a body's structured rules. */
export const RulesSchema = z.strictObject({
	schemaVersion: z.literal(RULES_SCHEMA_VERSION, {
		error: `This engine reads rules with schemaVersion ${RULES_SCHEMA_VERSION}`
	}),
	quorum: QuorumRulesSchema,
	voting: VotingRulesSchema,
	notice: NoticeRulesSchema.default({ counting: 'calendar', excludeWeekends: false, excludeBankHolidays: false }),
	/** Days within which organisations must ratify a decision carried subject to ratification. */
	ratificationPeriodDays: z.int().min(1).optional(),
	/** Days within which a member organisation may appeal a decision. */
	appealPeriodDays: z.int().min(1).optional(),
	/** A dispute above this value goes to facilitation, then arbitration (London SCG: £100k). */
	arbitrationAboveValuePence: PenceSchema.optional(),
	/** Decisions by written resolution between meetings; none when absent. */
	writtenResolutions: WrittenResolutionRulesSchema.optional(),
	/** The chair's urgent action between meetings; none when absent. */
	urgentAction: UrgentActionRulesSchema.optional()
});

/** A body's rules after parsing, defaults filled in. */
export type GovernanceRules = z.output<typeof RulesSchema>;
/** A body's rules as written, before defaults. */
export type GovernanceRulesInput = z.input<typeof RulesSchema>;
export type QuorumRules = GovernanceRules['quorum'];
export type VotingRules = GovernanceRules['voting'];
export type WrittenResolutionRules = z.output<typeof WrittenResolutionRulesSchema>;
export type UrgentActionRules = z.output<typeof UrgentActionRulesSchema>;

/** What parsing a rules document gives: the rules, or every problem with its path. */
export type RulesParse = { ok: true; rules: GovernanceRules } | { ok: false; problems: string[] };

/**
 * Parses a rules document (already read from JSON), listing every problem found,
 * each as "path: message", rather than stopping at the first.
 */
export function parseRules(input: unknown): RulesParse {
	const result = RulesSchema.safeParse(input);
	if (result.success) return { ok: true, rules: result.data };
	return { ok: false, problems: describeIssues(result.error.issues) };
}

/** Rules written as text, as the terms of reference and the rules page hold them, read and checked. */
export type RulesTextParse = { ok: true; rules: GovernanceRules; input: unknown } | { ok: false; empty: boolean; problems: string[] };

/**
 * Reads rules written as JSON text and checks them against the schema: the one place rules text is parsed. Empty
 * text is refused as `empty`, so each caller can say what to do about it; text that is not JSON says why, naming
 * where the JSON goes wrong; JSON that breaks the rules lists every problem.
 */
export function parseRulesText(text: string): RulesTextParse {
	if (text.trim() === '') return { ok: false, empty: true, problems: ['There are no structured rules'] };
	let input: unknown;
	try {
		input = JSON.parse(text);
	} catch (problem) {
		return { ok: false, empty: false, problems: [`The rules are not valid JSON: ${problem instanceof Error ? problem.message : 'they could not be read'}`] };
	}
	const parsed = parseRules(input);
	return parsed.ok ? { ok: true, rules: parsed.rules, input } : { ok: false, empty: false, problems: parsed.problems };
}

/** Zod issues as "voting.thresholds[1].fraction: message" lines. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
	return issues.map((issue) => `${formatPath([...prefix, ...issue.path])}: ${issue.message}`);
}

/** A path as it would be written in JavaScript: members[2].represents[0]. */
export function formatPath(path: readonly PropertyKey[]): string {
	if (path.length === 0) return '(document)';
	return path
		.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
		.join('');
}
