import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { formatLondon } from '$lib/domain/london-time';
import * as calendarFeed from '$lib/server/calendar-feed';
import { type FieldErrors, parseForm } from '$lib/server/forms';
import { passwordProblem } from '$lib/server/password';
import * as user from '$lib/server/user';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, '/sign-in');
	const feed = await calendarFeed.current(locals.services.sql, locals.user.id);
	return {
		changed: url.searchParams.has('changed'),
		calendarRevoked: url.searchParams.has('calendar-revoked'),
		calendarFeed: feed ? { created: formatLondon(feed.createdAt) } : null
	};
};

export const actions: Actions = {
	password: async ({ request, locals }) => {
		const me = locals.user;
		if (!me || !locals.sessionId) redirect(303, '/sign-in');
		const parsed = parseForm(
			z.object({ current: z.string().min(1, 'Enter your current password'), password: z.string(), confirm: z.string() }).superRefine((v, ctx) => {
				const problem = passwordProblem(v.password, me.email);
				if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
				else if (v.password !== v.confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'Enter the same password twice' });
			}),
			await request.formData()
		);
		if (!parsed.ok) return fail(400, { errors: parsed.errors });
		const { sql } = locals.services;
		if (!(await user.checkPassword(sql, me.id, parsed.data.current))) {
			return fail(400, { errors: { current: 'Your current password is not right' } as FieldErrors });
		}
		const keep = locals.sessionId;
		// Every other session ends, and so do the connections opened with them (setPassword announces it).
		await locals.services.transaction((tx) => user.setPassword(tx, me.id, parsed.data.password, keep, me.id));
		redirect(303, '/account?changed');
	},
	/** Makes the private calendar link, replacing any other: shown in this response only, since only its hash is kept. */
	calendarCreate: async ({ locals }) => {
		const me = locals.user;
		if (!me) redirect(303, '/sign-in');
		const token = await locals.services.transaction((tx) => calendarFeed.create(tx, me.id));
		return { calendarLink: `${locals.services.origin}/calendar/${token}/meetings.ics` };
	},
	calendarRevoke: async ({ locals }) => {
		const me = locals.user;
		if (!me) redirect(303, '/sign-in');
		await locals.services.transaction((tx) => calendarFeed.revoke(tx, me.id));
		redirect(303, '/account?calendar-revoked');
	}
};
