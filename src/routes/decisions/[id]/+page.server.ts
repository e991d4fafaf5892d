import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import * as commentThread from '$lib/server/comment-thread';
import * as decision from '$lib/server/decision';
import { isoDate, optionalText, parseForm, today } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import { uuidParam } from '$lib/server/params';
import { toView } from '../view.server';
import type { Actions, PageServerLoad } from './$types';

/** The forms on the page, each for the events that may follow the decision's state. */
const FORMS = ['ratify', 'lapse', 'appeal', 'result', 'implement'] as const;
type Which = (typeof FORMS)[number];

const FORMS_FOR_STATE: Partial<Record<decision.DecisionState, Which[]>> = {
	carried_subject_to_ratification: ['ratify', 'lapse'],
	carried_binding: ['appeal', 'implement'],
	ratified: ['appeal', 'implement'],
	under_appeal: ['result'],
	upheld: ['implement']
};

async function decisionFor(locals: App.Locals, params: { id: string }) {
	const actor = await actorOf(locals);
	const read = await decision.get(locals.services.sql, uuidParam(params.id), actor);
	if (!read) error(404, 'Page not found');
	if ('withheld' in read) error(403, read.withheld);
	return { actor, found: read.decision };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { actor, found } = await decisionFor(locals, params);
	const canRecord = may(actor, 'decision.record_event', { bodyId: found.bodyId });
	// The body's people read and write its threads on the decision, wherever it was taken; others who may read the
	// decision (another body's members, a recommendation's parent body) read the decision alone.
	const threads = may(actor, 'document.view', { bodyId: found.bodyId })
		? {
				mayComment: await commentThread.mayCommentOn(locals.services.sql, actor, found.bodyId),
				mayModerate: may(actor, 'thread.moderate', { bodyId: found.bodyId }),
				choice: { label: `Decision: ${found.motionText.slice(0, 80)}`, anchor: { kind: 'decision', decisionId: found.id } }
			}
		: null;
	return {
		person: { id: actor.userId },
		threads,
		decision: toView(found),
		forms: canRecord ? (FORMS_FOR_STATE[found.state] ?? []) : [],
		toRatify: found.ratifyingOrganisations.filter((o) => !o.ratified).map((o) => ({ value: o.id, label: o.name })),
		appellants: canRecord ? (await decision.memberOrganisations(locals.services.sql, found.id)).map((o) => ({ value: o.id, label: o.name })) : [],
		recorded: url.searchParams.has('recorded'),
		today: today()
	};
};

export const actions: Actions = {
	record: async ({ request, locals, params }) => {
		const { actor, found } = await decisionFor(locals, params);
		authorise(actor, 'decision.record_event', { bodyId: found.bodyId });
		const form = await request.formData();
		const which = z.enum(FORMS).safeParse(form.get('form'));
		if (!which.success) return fail(400, { which: null, errors: {}, values: {}, message: 'Choose what to record from the forms on the page' });
		const prefix = which.data;
		const appellants = prefix === 'appeal' ? await decision.memberOrganisations(locals.services.sql, found.id) : [];
		const organisationChoices =
			prefix === 'ratify' ? found.ratifyingOrganisations.filter((o) => !o.ratified) : prefix === 'appeal' ? appellants : null;
		const parsed = parseForm(
			z.object({
				[`${prefix}On`]: isoDate('Enter the date as a real date, like 15 July 2016'),
				[`${prefix}Note`]: optionalText(1000),
				...(organisationChoices
					? {
							[`${prefix}Organisation`]: z
								.string()
								.refine(
									(v) => organisationChoices.some((o) => o.id === v),
									prefix === 'ratify' ? 'Choose an organisation named in the decision that has not yet ratified it' : 'Choose the member organisation that appeals'
								)
						}
					: {}),
				...(prefix === 'result' ? { resultKind: z.enum(['upheld', 'overturned'], { error: 'Choose whether the decision was upheld or overturned' }) } : {})
			} as Record<string, z.ZodType>),
			form
		);
		if (!parsed.ok) return fail(400, { which: prefix, errors: parsed.errors, values: parsed.values, message: null });
		const data = parsed.data as Record<string, string | null>;
		const kind: decision.EventKind =
			prefix === 'ratify' ? 'ratified' : prefix === 'lapse' ? 'lapsed' : prefix === 'appeal' ? 'appealed' : prefix === 'implement' ? 'implemented' : (data.resultKind as 'upheld' | 'overturned');
		const done = await locals.services.transaction((tx) =>
			decision.recordEvent(
				tx,
				found.id,
				{ kind, organisationId: data[`${prefix}Organisation`] ?? null, note: data[`${prefix}Note`] ?? '', on: data[`${prefix}On`]! },
				actor.userId
			)
		);
		if (!done.ok) return fail(409, { which: prefix, errors: {}, values: Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')), message: done.reason });
		// The live meeting shows its decisions' states too.
		redirect(303, `/decisions/${found.id}?recorded`);
	}
};
