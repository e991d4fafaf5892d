import { error, fail, redirect } from '@sveltejs/kit';
import * as body from '$lib/server/body';
import { parseForm } from '$lib/server/forms';
import { actorOf, authorise } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import { uuidParam } from '$lib/server/params';
import { meetingSchema } from '../meeting-form.server';
import type { Actions, PageServerLoad } from './$types';

async function bodyFor(locals: App.Locals, params: { id: string }) {
	const found = await body.get(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	return found;
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = await actorOf(locals);
	const found = await bodyFor(locals, params);
	authorise(actor, 'meeting.schedule', { bodyId: found.id });
	return { body: found };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const found = await bodyFor(locals, params);
		authorise(actor, 'meeting.schedule', { bodyId: found.id });
		const parsed = parseForm(meetingSchema, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, message: null });
		const scheduled = await locals.services.sql.begin((tx) => meeting.schedule(tx, found.id, parsed.data, actor.userId));
		if (!scheduled.ok) return fail(409, { errors: {}, values: {}, message: scheduled.reason });
		redirect(303, `/meetings/${scheduled.value.id}?scheduled`);
	}
};
