import { redirect } from '@sveltejs/kit';
import { describeCategory, describeClosingTime, formatMoney } from '$lib/domain/governance';
import { formatLondon } from '$lib/domain/london-time';
import { parseForm, refuseForm, typedValues } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import { bodyParam } from '$lib/server/params';
import * as urgentAction from '$lib/server/urgent-action';
import * as writtenResolution from '$lib/server/written-resolution';
import { OUTCOME_LABELS, URGENT_STATUS_LABELS } from './labels';
import { resolutionLabels, resolutionSchema } from './between-meetings-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = await actorOf(locals);
	const found = await bodyParam(locals.services.sql, params.id);
	authorise(actor, 'meeting.follow', { bodyId: found.id });
	const { sql } = locals.services;
	const [resolutions, actions] = await Promise.all([writtenResolution.listForBody(sql, found.id), urgentAction.listForBody(sql, found.id)]);
	const row = (r: writtenResolution.WrittenResolution) => ({
		id: r.id,
		text: r.text,
		category: describeCategory(r.category),
		value: Number(r.valuePence) > 0 ? formatMoney(Number(r.valuePence)) : null,
		closes: describeClosingTime(r.closesAt.toISOString()),
		ballots: r.ballotCount,
		outcome: r.outcome ? OUTCOME_LABELS[r.outcome] : null
	});
	return {
		body: found,
		open: resolutions.filter((r) => r.status === 'open').map(row),
		closed: resolutions.filter((r) => r.status === 'closed').map(row),
		urgent: actions.map((a) => ({ id: a.id, text: a.text, takenBy: a.takenByName, takenAt: formatLondon(a.takenAt), status: URGENT_STATUS_LABELS[a.status] })),
		canPut: may(actor, 'resolution.propose', { bodyId: found.id }),
		canTakeUrgent: may(actor, 'urgent_action.take', { bodyId: found.id })
	};
};

export const actions: Actions = {
	/** Puts a written resolution: the fields named in every problem; the rules' refusal says which rule refused it. */
	put: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const found = await bodyParam(locals.services.sql, params.id);
		authorise(actor, 'resolution.propose', { bodyId: found.id });
		const submitted = await request.formData();
		const parsed = parseForm(resolutionSchema, submitted, { labels: resolutionLabels });
		if (!parsed.ok) return refuseForm(400, 'put', parsed.errors, parsed.values);
		const put = await locals.services.transaction((tx) => writtenResolution.put(tx, actor, found.id, parsed.data));
		const typed = typedValues(submitted);
		if (!put.ok) return refuseForm(409, 'put', {}, typed, put.reason);
		redirect(303, writtenResolution.ballotPath(found.id, put.value.id));
	}
};
