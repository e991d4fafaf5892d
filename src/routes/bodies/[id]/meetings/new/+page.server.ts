import { fail, redirect } from '@sveltejs/kit';
import { isUpcoming } from '$lib/domain/meeting-dates';
import { labelErrors, parseForm } from '$lib/server/forms';
import { actorOf, authorise } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import { bodyParam } from '$lib/server/params';
import { meetingLabels, meetingSchema } from '../meeting-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = await actorOf(locals);
	const found = await bodyParam(locals.services.sql, params.id);
	authorise(actor, 'meeting.schedule', { bodyId: found.id });
	return { body: found };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const actor = await actorOf(locals);
		const found = await bodyParam(locals.services.sql, params.id);
		authorise(actor, 'meeting.schedule', { bodyId: found.id });
		const form = await request.formData();
		const parsed = parseForm(meetingSchema, form, { labels: meetingLabels });
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, message: null, askHeld: false });
		// A meeting whose time has passed is not scheduled by a slip of the date: it is recorded as held, once confirmed.
		const past = !isUpcoming({ status: 'scheduled', endsAt: parsed.data.endsAt }, new Date());
		const held = past && form.get('held') === 'yes';
		if (past && !held) {
			const values = Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'held'));
			const errors = labelErrors({ held: 'This meeting is in the past. Tick the box to record it as a meeting already held, or change the date' }, meetingLabels);
			return fail(400, { errors, values, message: null, askHeld: true });
		}
		const scheduled = await locals.services.sql.begin((tx) => meeting.schedule(tx, found.id, parsed.data, actor.userId, { held }));
		if (!scheduled.ok) return fail(409, { errors: {}, values: {}, message: scheduled.reason, askHeld: false });
		redirect(303, held ? `/bodies/${found.id}/meetings?held` : `/meetings/${scheduled.value.id}?scheduled`);
	}
};
