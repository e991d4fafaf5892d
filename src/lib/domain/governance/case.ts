/**
 * An evaluation case: one agenda item with everything the engine needs (rules,
 * body and delegations, members, attendance, declarations, mandates, motion and
 * ballots), as the `governance evaluate` command reads it from JSON.
 */

import { z } from 'zod';
import { isIsoDate } from './calendar';
import { ATTENDANCE_STATUSES, DECLARATION_OUTCOMES } from './membership';
import { CHOICES } from './outcome';
import { checkRecommendationPath } from './recommendation-path';
import { describeIssues, formatPath, MEMBER_ROLES, ORGANISATION_KINDS, PenceSchema, RulesSchema } from './rules';

/** The case schema version this engine reads. */
export const CASE_SCHEMA_VERSION = 1;

const IdSchema = z.string().min(1, { error: 'An id cannot be empty' });
const TextSchema = z.string().min(1, { error: 'Cannot be empty' });

export const IsoDateSchema = z.string().check(
	z.refine(isIsoDate, { error: 'Expected a real date written YYYY-MM-DD' })
);

const WeightSchema = z
	.string()
	.regex(/^\d+(\.\d+)?$/, { error: 'Expected a weight as a decimal string, e.g. "33.33"' });

export const OrganisationSchema = z.strictObject({
	id: IdSchema,
	name: TextSchema,
	kind: z.enum(ORGANISATION_KINDS),
	weight: WeightSchema.optional()
});

export const MemberSchema = z.strictObject({
	id: IdSchema,
	name: TextSchema,
	role: z.enum(MEMBER_ROLES),
	deputyFor: IdSchema.optional(),
	represents: z.array(IdSchema).default([]),
	clinician: z.boolean().optional()
});

export const AttendanceSchema = z.strictObject({
	memberId: IdSchema,
	status: z.enum(ATTENDANCE_STATUSES),
	deputyFor: IdSchema.optional(),
	departed: z.boolean().optional()
});

export const DeclarationSchema = z.strictObject({
	memberId: IdSchema,
	outcome: z.enum(DECLARATION_OUTCOMES),
	interest: z.string().optional()
});

export const MandateSchema = z.strictObject({
	memberId: IdSchema,
	organisationId: IdSchema,
	categories: z.array(TextSchema).min(1, { error: 'A mandate covers at least one category' }),
	financialLimitPence: PenceSchema,
	expiresOn: IsoDateSchema
});

export const DelegationSchema = z.strictObject({
	categories: z.array(TextSchema).min(1, { error: 'A delegation covers at least one category' }),
	financialLimitPence: PenceSchema,
	validFrom: IsoDateSchema,
	validTo: IsoDateSchema.optional(),
	from: z.string().optional()
});

export const BodyAboveSchema = z.strictObject({
	name: TextSchema,
	delegations: z.array(DelegationSchema).default([])
});

export const BodySchema = z.strictObject({
	id: IdSchema,
	name: TextSchema,
	parentBodyName: TextSchema,
	delegations: z.array(DelegationSchema).default([]),
	above: z.array(BodyAboveSchema).optional()
});

export const RecommendationStepSchema = z.strictObject({
	bodyName: TextSchema,
	decidedOn: IsoDateSchema,
	outcome: z.literal('recommendation', { error: 'Each earlier level carried the matter as a recommendation: "recommendation"' }),
	delegations: z.array(DelegationSchema).optional()
});

export const MotionSchema = z.strictObject({
	text: TextSchema,
	category: TextSchema,
	valuePence: PenceSchema.default(0),
	procedural: z.boolean().default(false),
	noticeGivenOn: IsoDateSchema.optional(),
	papersIssuedOn: IsoDateSchema.optional(),
	subDelegation: z.strictObject({ subGroupName: TextSchema, delegation: DelegationSchema }).optional(),
	recommendedBy: z.array(RecommendationStepSchema).min(1, { error: 'A path names at least one earlier level' }).optional()
});

export const BallotSchema = z.strictObject({
	voterId: IdSchema,
	organisationId: IdSchema.optional(),
	choice: z.enum(CHOICES)
});

/** What the chair does when a binding vote cannot open (e.g. for want of notice). */
const IfCannotOpenSchema = z.enum(['defer', 'indicative_vote']).default('defer');

export const DecisionSchema = z.discriminatedUnion('method', [
	z.strictObject({
		method: z.literal('vote'),
		ballots: z.array(BallotSchema),
		castingVote: z.enum(['for', 'against']).optional(),
		ifBindingVoteCannotOpen: IfCannotOpenSchema
	}),
	z.strictObject({
		method: z.literal('consensus'),
		objections: z.array(IdSchema).default([]),
		ifBindingVoteCannotOpen: IfCannotOpenSchema
	})
]);

/**
 * Version 1 of an evaluation case: its shape. References between its parts are
 * checked by {@link parseCase}, which should be used to read a case.
 */
export const CaseSchema = z.strictObject({
	schemaVersion: z.literal(CASE_SCHEMA_VERSION, {
		error: `This engine reads cases with schemaVersion ${CASE_SCHEMA_VERSION}`
	}),
	title: z.string().optional(),
	description: z.string().optional(),
	/** The meeting date, YYYY-MM-DD; notice, validity and mandates are judged on it. */
	meetingDate: IsoDateSchema,
	rules: RulesSchema,
	body: BodySchema,
	organisations: z.array(OrganisationSchema).default([]),
	members: z.array(MemberSchema).min(1, { error: 'A body has at least one member' }),
	attendance: z.array(AttendanceSchema).default([]),
	declarations: z.array(DeclarationSchema).default([]),
	mandates: z.array(MandateSchema).default([]),
	motion: MotionSchema,
	decision: DecisionSchema.optional()
});

export type EvaluationCase = z.output<typeof CaseSchema>;
export type EvaluationCaseInput = z.input<typeof CaseSchema>;

/** What parsing a case gives: the case, or every problem with its path. */
export type CaseParse = { ok: true; evaluationCase: EvaluationCase } | { ok: false; problems: string[] };

/**
 * Parses an evaluation case (already read from JSON), listing every problem:
 * shape and type errors from the schema, and references that do not resolve
 * (a ballot from an unknown member, a deputy for nobody, a weightless organisation
 * under weighted voting).
 */
export function parseCase(input: unknown): CaseParse {
	const result = CaseSchema.safeParse(input);
	// References are checked on the raw input even when the shape is wrong (a zod
	// refinement would be skipped after some errors), so one attempt lists everything.
	const problems = [
		...(result.success ? [] : describeIssues(result.error.issues)),
		...checkReferences(input),
		...checkRecommendationPath(input, record(input)?.meetingDate)
	];
	if (result.success && problems.length === 0) return { ok: true, evaluationCase: result.data };
	return { ok: false, problems };
}

/**
 * Checks the references between a case's parts (members, organisations, deputies, mandates, ballots), reading the
 * raw input defensively: it may have any shape at all. Shared with the cases of decisions between meetings.
 */
export function checkReferences(raw: unknown): string[] {
	const doc = record(raw);
	if (!doc) return [];
	const problems: string[] = [];
	const problem = (path: PropertyKey[], message: string) => problems.push(`${formatPath(path)}: ${message}`);

	const organisations = list(doc.organisations);
	const members = list(doc.members);
	const organisationIds = idsOf(organisations, 'id', ['organisations'], 'organisation', problem);
	const memberIds = idsOf(members, 'id', ['members'], 'member', problem);
	const roleOf = new Map<string, unknown>();
	members.forEach((m) => {
		const member = record(m);
		if (typeof member?.id === 'string') roleOf.set(member.id, member.role);
	});

	const needOrganisation = (value: unknown, path: PropertyKey[]) => {
		if (typeof value === 'string' && !organisationIds.has(value)) {
			problem(path, `No organisation has the id "${value}"`);
		}
	};
	const needMember = (value: unknown, path: PropertyKey[]) => {
		if (typeof value === 'string' && !memberIds.has(value)) problem(path, `No member has the id "${value}"`);
	};

	members.forEach((m, index) => {
		const member = record(m);
		if (!member) return;
		list(member.represents).forEach((id, i) => needOrganisation(id, ['members', index, 'represents', i]));
		if (member.deputyFor !== undefined) {
			needMember(member.deputyFor, ['members', index, 'deputyFor']);
			if (member.role !== 'deputy') problem(['members', index, 'deputyFor'], 'Only a member with the role "deputy" stands in for another');
		}
	});

	const attendance = list(doc.attendance);
	idsOf(attendance, 'memberId', ['attendance'], 'attendance record for member', problem);
	attendance.forEach((a, index) => {
		const item = record(a);
		if (!item) return;
		needMember(item.memberId, ['attendance', index, 'memberId']);
		if (item.deputyFor !== undefined) {
			needMember(item.deputyFor, ['attendance', index, 'deputyFor']);
			if (typeof item.memberId === 'string' && roleOf.has(item.memberId) && roleOf.get(item.memberId) !== 'deputy') {
				problem(['attendance', index, 'deputyFor'], 'Only a member with the role "deputy" stands in for another');
			}
		}
	});

	const declarations = list(doc.declarations);
	idsOf(declarations, 'memberId', ['declarations'], 'declaration for member', problem);
	declarations.forEach((d, index) => needMember(record(d)?.memberId, ['declarations', index, 'memberId']));

	list(doc.mandates).forEach((m, index) => {
		const mandate = record(m);
		needMember(mandate?.memberId, ['mandates', index, 'memberId']);
		needOrganisation(mandate?.organisationId, ['mandates', index, 'organisationId']);
	});

	const decision = record(doc.decision);
	if (decision) {
		const seen = new Set<string>();
		list(decision.ballots).forEach((b, index) => {
			const ballot = record(b);
			if (!ballot) return;
			needMember(ballot.voterId, ['decision', 'ballots', index, 'voterId']);
			needOrganisation(ballot.organisationId, ['decision', 'ballots', index, 'organisationId']);
			const key = `${String(ballot.voterId)}|${String(ballot.organisationId ?? '')}`;
			if (seen.has(key)) problem(['decision', 'ballots', index], 'A second ballot from the same voter for the same vote');
			seen.add(key);
		});
		list(decision.objections).forEach((id, index) => needMember(id, ['decision', 'objections', index]));
	}

	const voting = record(record(doc.rules)?.voting);
	if (voting?.basis === 'weighted') {
		const ppvVote = voting.ppvRepresentativesVote === true;
		const voterRoles = new Set(['chair', 'vice_chair', 'voting_member', ...(ppvVote ? ['ppv_representative'] : [])]);
		const represented = new Set<string>();
		members.forEach((m) => {
			const member = record(m);
			if (member && voterRoles.has(String(member.role))) {
				list(member.represents).forEach((id) => typeof id === 'string' && represented.add(id));
			}
		});
		organisations.forEach((o, index) => {
			const organisation = record(o);
			if (organisation && typeof organisation.id === 'string' && represented.has(organisation.id) && organisation.weight === undefined) {
				problem(['organisations', index, 'weight'], 'Voting is weighted, so every organisation represented by a voting member needs a weight');
			}
		});
	}
	return problems;
}

function idsOf(
	items: unknown[],
	key: string,
	path: PropertyKey[],
	what: string,
	problem: (path: PropertyKey[], message: string) => void
): Set<string> {
	const ids = new Set<string>();
	items.forEach((item, index) => {
		const id = record(item)?.[key];
		if (typeof id !== 'string') return;
		if (ids.has(id)) problem([...path, index, key], `A second ${what} "${id}"`);
		ids.add(id);
	});
	return ids;
}

function record(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

function list(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}
