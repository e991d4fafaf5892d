import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { safeNextPath } from '$lib/domain/next-path';
import { setSessionCookie } from '$lib/server/cookies';
import { type FieldErrors, parseForm } from '$lib/server/forms';
import * as session from '$lib/server/session';
import * as user from '$lib/server/user';
import type { Actions, PageServerLoad } from './$types';

const signInForm = z.object({
	email: z.string().trim().min(1, 'Enter your email address').max(254, 'Enter your email address'),
	password: z.string().min(1, 'Enter your password').max(256, 'Enter your password'),
	next: z.string().optional()
});


export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeNextPath(url.searchParams.get('next')));
	return { next: safeNextPath(url.searchParams.get('next')), reset: url.searchParams.has('reset') };
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, getClientAddress }) => {
		const parsed = parseForm(signInForm, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, message: null });
		const result = await user.signIn(locals.services.sql, parsed.data.email, parsed.data.password, getClientAddress());
		if (!result.ok) {
			return fail(result.reason === 'rate_limited' ? 429 : result.reason === 'deactivated' ? 403 : 400, {
				errors: (result.reason === 'invalid' ? { email: result.message } : {}) as FieldErrors,
				message: result.reason === 'invalid' ? null : result.message,
				values: { email: parsed.data.email } as Record<string, string | string[]>
			});
		}
		const { token, session: started } = await session.create(locals.services.sql, result.userId);
		setSessionCookie(cookies, token, started.expiresAt, locals.services.secureCookies);
		redirect(303, safeNextPath(parsed.data.next));
	}
};
