import { fail, redirect } from '@sveltejs/kit';
import * as accountAdmin from '$lib/server/account-admin';
import { setSessionCookie } from '$lib/server/cookies';
import type { Actions, PageServerLoad } from './$types';

// Opening the link only shows who it signs in: mail scanners fetch links, and must not use them up. The click posts.
export const load: PageServerLoad = async ({ params, locals }) => {
	const found = await accountAdmin.checkSignInLink(locals.services.sql, params.token);
	if (!found.ok) return { usable: false as const, problem: found.reason };
	return {
		usable: true as const,
		name: found.value.name,
		email: found.value.email,
		signedInAs: locals.user && locals.user.id !== found.value.userId ? locals.user.name : null
	};
};

export const actions: Actions = {
	default: async ({ params, locals, cookies }) => {
		const used = await accountAdmin.useSignInLink(locals.services, params.token, locals.sessionId);
		if (!used.ok) return fail(400, { message: used.reason });
		setSessionCookie(cookies, used.value.sessionToken, used.value.sessionExpiresAt, locals.services.secureCookies);
		redirect(303, '/');
	}
};
