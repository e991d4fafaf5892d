import { redirect } from '@sveltejs/kit';
import { clearSessionCookie } from '$lib/server/cookies';
import * as session from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		if (locals.sessionId) await session.invalidate(locals.services.sql, locals.sessionId);
		clearSessionCookie(cookies);
		redirect(303, '/sign-in');
	}
};
