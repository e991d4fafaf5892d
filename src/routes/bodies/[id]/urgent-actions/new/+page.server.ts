import { redirect } from '@sveltejs/kit';
import { ROLE_LABELS } from '$lib/domain/roles';
import { parseForm, refuseForm } from '$lib/server/forms';
import { actorOf, authorise } from '$lib/server/guard';
import * as membership from '$lib/server/membership';
import { bodyParam } from '$lib/server/params';
import * as urgentAction from '$lib/server/urgent-action';
import { urgentLabels, urgentSchema } from '../../resolutions/between-meetings-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = await actorOf(locals);
	const found = await bodyParam(locals.services.sql, params.id);
	authorise(actor, 'urgent_action.take', { bodyId: found.id });
	const members = (await membership.listForBody(locals.services.sql, found.id)).filter((m) => m.current && m.userId !== actor.userId);
	return { body: found, members: members.map((m) => ({ value: m.id, label: `${m.personName}, ${ROLE_LABELS[m.role]}` })) };
};

export const actions: Actions = {
	take: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const found = await bodyParam(locals.services.sql, params.id);
		authorise(actor, 'urgent_action.take', { bodyId: found.id });
		const submitted = await request.formData();
		const parsed = parseForm(urgentSchema, submitted, { arrays: ['consulted'], labels: urgentLabels });
		if (!parsed.ok) return refuseForm(400, 'take', parsed.errors, parsed.values);
		const taken = await locals.services.transaction((tx) => urgentAction.take(tx, actor, found.id, parsed.data));
		if (!taken.ok) {
			const typed: Record<string, string | string[]> = Object.fromEntries([...submitted].filter((e): e is [string, string] => typeof e[1] === 'string'));
			typed.consulted = submitted.getAll('consulted').filter((v): v is string => typeof v === 'string');
			return refuseForm(409, 'take', {}, typed, taken.reason);
		}
		redirect(303, urgentAction.recordPath(found.id, taken.value.id));
	}
};
