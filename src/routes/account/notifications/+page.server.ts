import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { DELIVERIES, NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type NotificationKind } from '$lib/domain/notification-kinds';
import { parseForm } from '$lib/server/forms';
import * as notification from '$lib/server/notification';
import type { Actions, PageServerLoad } from './$types';

const choice = z.enum(DELIVERIES, { message: 'Choose by email at once, in the daily digest, or no email' });
const schema = z.object(Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, choice])) as Record<NotificationKind, typeof choice>);

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, '/sign-in?next=/account/notifications');
	return { preferences: await notification.preferences(locals.services.sql, locals.user.id), saved: url.searchParams.has('saved') };
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const me = locals.user;
		if (!me) redirect(303, '/sign-in?next=/account/notifications');
		const parsed = parseForm(schema, await request.formData(), { labels: NOTIFICATION_KIND_LABELS });
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		await locals.services.transaction((tx) => notification.setPreferences(tx, me.id, parsed.data));
		redirect(303, '/account/notifications?saved');
	}
};
