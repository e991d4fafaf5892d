import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { describeCategory, formatDate, formatMoney } from '$lib/domain/governance';
import { formatLondon } from '$lib/domain/london-time';
import { isoDate, parseForm, refuseForm } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import { uuidParam } from '$lib/server/params';
import * as urgentAction from '$lib/server/urgent-action';
import { URGENT_STATUS_LABELS } from '../../resolutions/labels';
import type { Actions, PageServerLoad } from './$types';

async function actionFor(locals: App.Locals, params: { id: string; uid: string }) {
	const found = await urgentAction.get(locals.services.sql, uuidParam(params.uid));
	if (!found || found.bodyId !== uuidParam(params.id)) error(404, 'Page not found');
	return found;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = await actorOf(locals);
	const found = await actionFor(locals, params);
	authorise(actor, 'meeting.follow', { bodyId: found.bodyId });
	return {
		action: {
			id: found.id,
			bodyId: found.bodyId,
			bodyName: found.bodyName,
			text: found.text,
			reason: found.reason,
			category: found.procedural ? 'Procedural business' : describeCategory(found.category),
			value: Number(found.valuePence) > 0 ? formatMoney(Number(found.valuePence)) : null,
			takenBy: found.takenByName,
			takenAt: formatLondon(found.takenAt),
			footing: found.outcome === 'carried_binding' ? 'Binding on all members, subject to ratification' : 'A recommendation to the parent body',
			ratifyBy: formatDate(found.ratifyBy),
			status: URGENT_STATUS_LABELS[found.status],
			awaiting: found.status === 'awaiting_ratification',
			consulted: found.consulted.map((c) => c.name),
			explanation: found.explanation,
			decisionId: found.decisionId
		},
		canRatify: may(actor, 'resolution.propose', { bodyId: found.bodyId }) && found.status === 'awaiting_ratification',
		today: new Date().toISOString().slice(0, 10),
		taken: url.searchParams.has('ratified')
	};
};

export const actions: Actions = {
	/** Records that a meeting ratified the action, on the date given, within the rules' period. */
	ratify: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const found = await actionFor(locals, params);
		authorise(actor, 'resolution.propose', { bodyId: found.bodyId });
		const parsed = parseForm(z.object({ on: isoDate('Enter the date the meeting ratified it as a real date, like 22 March 2018') }), await request.formData(), { labels: { on: 'Ratified on' } });
		if (!parsed.ok) return refuseForm(400, 'ratify', parsed.errors, parsed.values);
		const done = await locals.services.transaction((tx) => urgentAction.ratify(tx, actor, found.id, parsed.data.on));
		if (!done.ok) return refuseForm(409, 'ratify', { on: `Ratified on: ${done.reason.charAt(0).toLowerCase()}${done.reason.slice(1)}` }, parsed.data);
		redirect(303, `${urgentAction.recordPath(found.bodyId, found.id)}?ratified`);
	}
};
