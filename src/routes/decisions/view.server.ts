import { z } from 'zod';
import { Rational, describeCategory, formatDate, formatMoney, formatPercent } from '$lib/domain/governance';
import { londonDate } from '$lib/domain/london-time';
import * as decision from '$lib/server/decision';
import type { DecisionView } from './view';

export type { DecisionView };

// What motion.ts stores in decisions.figures; read defensively, since it is JSON written by an earlier version too.
const FiguresSchema = z.object({
	figures: z.object({
		inFavour: z.string(),
		against: z.string(),
		abstain: z.string(),
		eligible: z.string(),
		present: z.string(),
		castingVote: z.object({ name: z.string(), choice: z.string() }).optional(),
		thresholds: z.array(
			z.object({
				rule: z.string(),
				description: z.string(),
				comparison: z.enum(['at_least', 'more_than']),
				required: z.string(),
				actual: z.string(),
				numerator: z.string().optional(),
				denominator: z.string().optional(),
				actualPercent: z.string().optional(),
				met: z.boolean()
			})
		)
	})
});

const EVENT_WORDS: Record<decision.EventKind, string> = {
	ratified: 'Ratified',
	lapsed: 'Lapsed: not ratified in time',
	appealed: 'Appealed',
	upheld: 'Upheld on appeal',
	overturned: 'Overturned on appeal',
	implemented: 'Implemented'
};

function threshold(t: z.infer<typeof FiguresSchema>['figures']['thresholds'][number]) {
	const words = t.comparison === 'at_least' ? 'at least' : 'more than';
	if (t.rule === 'organisations_in_favour') {
		return { description: t.description, required: `at least ${t.required}`, actual: `${t.actual} in favour`, met: t.met };
	}
	let required = `${words} ${t.required}`;
	try {
		required = `${words} ${formatPercent(Rational.from(t.required))}`;
	} catch {
		// An unreadable fraction is shown as stored.
	}
	const actual = t.actual === 'none' ? 'nothing to count' : `${t.actualPercent ?? t.actual}${t.numerator && t.denominator ? ` (${t.numerator} of ${t.denominator})` : ''}`;
	return { description: t.description, required, actual, met: t.met };
}

export function toView(d: decision.Decision): DecisionView {
	const parsed = FiguresSchema.safeParse(d.figures);
	const figures = parsed.success ? parsed.data.figures : null;
	const value = Number(d.valuePence);
	return {
		id: d.id,
		bodyId: d.bodyId,
		bodyName: d.bodyName,
		meetingId: d.meetingId,
		betweenMeetingsPath: d.meetingId ? null : d.takenAt,
		meetingTitle: d.meetingTitle,
		itemTitle: d.itemTitle,
		part: d.part,
		motionText: d.motionText,
		category: describeCategory(d.category),
		value: value > 0 ? formatMoney(value) : null,
		method: d.method,
		state: d.state,
		stateLabel: decision.STATE_LABELS[d.state],
		recommendationTo: d.recommendationToBodyId ? { id: d.recommendationToBodyId, name: d.recommendationToName ?? 'the parent body' } : null,
		decidedOn: formatDate(londonDate(new Date(d.decidedAt))),
		votes: figures && (d.method === 'vote' || d.method === 'written_resolution') ? { inFavour: figures.inFavour, against: figures.against, abstain: figures.abstain, eligible: figures.eligible, present: figures.present } : null,
		castingVote: figures?.castingVote ? `${figures.castingVote.name} used a casting vote ${figures.castingVote.choice}` : null,
		thresholds: figures ? figures.thresholds.map(threshold) : [],
		explanation: d.explanation,
		ratifying: d.ratifyingOrganisations,
		ratifyBy: d.ratifyBy ? formatDate(d.ratifyBy) : null,
		appealBy: d.appealBy ? formatDate(d.appealBy) : null,
		events: d.events.map((e) => ({
			text: `${EVENT_WORDS[e.kind]}${e.organisationName ? ` by ${e.organisationName}` : ''}`,
			on: formatDate(londonDate(new Date(e.at))),
			note: e.note
		})),
		path: d.path.map((step) => ({ id: step.id, bodyName: step.bodyName, decidedOn: formatDate(londonDate(new Date(step.decidedAt))) })),
		takenUpBy: d.takenUpBy.map((step) => ({
			id: step.id,
			bodyName: step.bodyName,
			decidedOn: formatDate(londonDate(new Date(step.decidedAt))),
			stateLabel: decision.STATE_LABELS[step.state]
		}))
	};
}
