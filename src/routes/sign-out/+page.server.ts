import { redirect } from '@sveltejs/kit';
import { clearSessionCookie } from '$lib/server/cookies';
import * as session from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		if (locals.sessionId) {
			// The person's open live-meeting and co-editing connections end with the session.
			const sessionId = locals.sessionId;
			await locals.services.transaction((tx) => session.invalidate(tx, sessionId));
		}
		clearSessionCookie(cookies);
		redirect(303, '/sign-in');
	}
};
