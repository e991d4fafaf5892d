/**
 * Cases of decisions between meetings, as the `governance evaluate` command reads them from JSON beside the meeting
 * cases: `"kind": "written_resolution"` (a motion, its opening and closing times and the ballots returned, each
 * with when it arrived) and `"kind": "urgent_action"` (the action, who took it, when, why and whom they
 * consulted). A case without `kind` is a meeting case (`parseCase`).
 */

import { z } from 'zod';
import {
	BodySchema,
	DeclarationSchema,
	IsoDateSchema,
	MandateSchema,
	MemberSchema,
	MotionSchema,
	OrganisationSchema,
	CASE_SCHEMA_VERSION,
	checkReferences,
	parseCase,
	type EvaluationCase
} from './case';
import { evaluateCase, type CaseEvaluation } from './evaluate';
import { CHOICES } from './outcome';
import { checkRecommendationPath } from './recommendation-path';
import { describeIssues, formatPath, RulesSchema } from './rules';
import { evaluateUrgentAction, type UrgentActionEvaluation } from './urgent-action';
import { evaluateWrittenResolution, type WrittenResolutionEvaluation } from './written-resolution';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant written in ISO 8601 with its offset: "2026-07-09T17:00:00+01:00" or "2026-07-09T16:00:00Z". */
export const InstantSchema = z.string().check(
	z.refine((text) => INSTANT.test(text) && !Number.isNaN(Date.parse(text)), {
		error: 'Expected a date and time with its offset, e.g. "2026-07-09T17:00:00+01:00"'
	})
);

const envelope = {
	schemaVersion: z.literal(CASE_SCHEMA_VERSION, { error: `This engine reads cases with schemaVersion ${CASE_SCHEMA_VERSION}` }),
	title: z.string().optional(),
	description: z.string().optional(),
	rules: RulesSchema,
	body: BodySchema,
	organisations: z.array(OrganisationSchema).default([]),
	members: z.array(MemberSchema).min(1, { error: 'A body has at least one member' }),
	declarations: z.array(DeclarationSchema).default([]),
	motion: MotionSchema
};

export const WrittenResolutionCaseSchema = z.strictObject({
	...envelope,
	kind: z.literal('written_resolution'),
	mandates: z.array(MandateSchema).default([]),
	/** When the resolution was put. */
	openedAt: InstantSchema,
	/** When voting closes; a ballot at or after it does not count. */
	closesAt: InstantSchema,
	ballots: z.array(
		z.strictObject({
			voterId: z.string().min(1),
			organisationId: z.string().min(1).optional(),
			choice: z.enum(CHOICES),
			castAt: InstantSchema
		})
	)
});

export const UrgentActionCaseSchema = z.strictObject({
	...envelope,
	kind: z.literal('urgent_action'),
	takenBy: z.string().min(1),
	/** The London date the action is taken. */
	takenOn: IsoDateSchema,
	reason: z.string(),
	consulted: z.array(z.string().min(1)).default([])
});

export type WrittenResolutionCase = z.output<typeof WrittenResolutionCaseSchema>;
export type UrgentActionCase = z.output<typeof UrgentActionCaseSchema>;

/** Any case the command reads. */
export type AnyCase =
	| { kind: 'meeting'; evaluationCase: EvaluationCase }
	| { kind: 'written_resolution'; evaluationCase: WrittenResolutionCase }
	| { kind: 'urgent_action'; evaluationCase: UrgentActionCase };

export type AnyCaseParse = ({ ok: true } & AnyCase) | { ok: false; problems: string[] };

/** Any evaluation, tagged with the kind of case it came from. */
export type AnyEvaluation =
	| ({ kind: 'meeting' } & CaseEvaluation)
	| ({ kind: 'written_resolution'; title?: string } & WrittenResolutionEvaluation)
	| ({ kind: 'urgent_action'; title?: string } & UrgentActionEvaluation);

/** Parses a case of any kind, listing every problem (shape, and references that do not resolve). */
export function parseAnyCase(input: unknown): AnyCaseParse {
	const kind = typeof input === 'object' && input !== null ? (input as { kind?: unknown }).kind : undefined;
	if (kind === undefined) {
		const parsed = parseCase(input);
		return parsed.ok ? { ok: true, kind: 'meeting', evaluationCase: parsed.evaluationCase } : parsed;
	}
	if (kind !== 'written_resolution' && kind !== 'urgent_action') {
		return { ok: false, problems: ['kind: Expected "written_resolution" or "urgent_action", or no kind for a meeting case'] };
	}
	const schema = kind === 'written_resolution' ? WrittenResolutionCaseSchema : UrgentActionCaseSchema;
	const result = schema.safeParse(input);
	const problems = [
		...(result.success ? [] : describeIssues(result.error.issues)),
		...checkReferences(input),
		...checkOwnReferences(input),
		// Its order and its bodies; a written resolution's closing date is a time, judged when it closes.
		...checkRecommendationPath(input, (input as { takenOn?: unknown }).takenOn)
	];
	if (!result.success || problems.length > 0) return { ok: false, problems };
	return kind === 'written_resolution'
		? { ok: true, kind, evaluationCase: result.data as WrittenResolutionCase }
		: { ok: true, kind, evaluationCase: result.data as UrgentActionCase };
}

/** Evaluates a parsed case of any kind. */
export function evaluateAnyCase(parsed: AnyCase): AnyEvaluation {
	const title = parsed.evaluationCase.title ? { title: parsed.evaluationCase.title } : {};
	switch (parsed.kind) {
		case 'meeting':
			return { kind: 'meeting', ...evaluateCase(parsed.evaluationCase) };
		case 'written_resolution': {
			const c = parsed.evaluationCase;
			return {
				kind: 'written_resolution',
				...title,
				...evaluateWrittenResolution(
					{ rules: c.rules, body: c.body, organisations: c.organisations, members: c.members, declarations: c.declarations, mandates: c.mandates, motion: c.motion, openedAt: c.openedAt, closesAt: c.closesAt },
					c.ballots
				)
			};
		}
		case 'urgent_action': {
			const c = parsed.evaluationCase;
			return {
				kind: 'urgent_action',
				...title,
				...evaluateUrgentAction({ rules: c.rules, body: c.body, organisations: c.organisations, members: c.members, declarations: c.declarations, motion: c.motion, takenBy: c.takenBy, takenOn: c.takenOn, reason: c.reason, consulted: c.consulted })
			};
		}
	}
}

// Ballots, the member acting and those consulted name members; a consulted member who is not one is for the
// engine to refuse (it says so in the minute), so only ballots and the actor are checked here.
function checkOwnReferences(raw: unknown): string[] {
	if (typeof raw !== 'object' || raw === null) return [];
	const doc = raw as Record<string, unknown>;
	const members = new Set(
		(Array.isArray(doc.members) ? doc.members : []).flatMap((m) => (typeof m === 'object' && m !== null && typeof (m as { id?: unknown }).id === 'string' ? [(m as { id: string }).id] : []))
	);
	const problems: string[] = [];
	(Array.isArray(doc.ballots) ? doc.ballots : []).forEach((b, index) => {
		const voterId = typeof b === 'object' && b !== null ? (b as { voterId?: unknown }).voterId : undefined;
		if (typeof voterId === 'string' && !members.has(voterId)) problems.push(`${formatPath(['ballots', index, 'voterId'])}: No member has the id "${voterId}"`);
	});
	if (typeof doc.takenBy === 'string' && !members.has(doc.takenBy)) problems.push(`takenBy: No member has the id "${doc.takenBy}"`);
	return problems;
}

