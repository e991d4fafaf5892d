import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { parseForm } from '$lib/server/forms';
import * as notification from '$lib/server/notification';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, depends }) => {
	if (!locals.user) redirect(303, '/sign-in?next=/inbox');
	depends('app:inbox');
	return { notifications: await notification.list(locals.services.sql, locals.user.id, { limit: 100 }) };
};

export const actions: Actions = {
	read: async ({ locals, request }) => {
		const me = locals.user;
		if (!me) redirect(303, '/sign-in?next=/inbox');
		const parsed = parseForm(z.object({ id: z.string().regex(/^\d{1,18}$/, 'Choose a notification to mark as read') }), await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		await locals.services.transaction((tx) => notification.markRead(tx, me.id, [parsed.data.id]));
		redirect(303, '/inbox');
	},
	readAll: async ({ locals }) => {
		const me = locals.user;
		if (!me) redirect(303, '/sign-in?next=/inbox');
		await locals.services.transaction((tx) => notification.markRead(tx, me.id, null));
		redirect(303, '/inbox');
	}
};
