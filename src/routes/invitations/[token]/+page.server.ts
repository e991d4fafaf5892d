import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { ROLE_LABELS } from '$lib/domain/roles';
import { setSessionCookie } from '$lib/server/cookies';
import { type FieldErrors, parseForm } from '$lib/server/forms';
import * as invitation from '$lib/server/invitation';
import { passwordProblem } from '$lib/server/password';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const found = await invitation.findUsable(locals.services.sql, params.token);
	if (!found.ok) return { usable: false as const, problem: found.reason };
	const invite = found.value;
	return {
		usable: true as const,
		name: invite.name,
		email: invite.email,
		bodyName: invite.bodyName,
		role: ROLE_LABELS[invite.role],
		needsPassword: !invite.hasPassword
	};
};

export const actions: Actions = {
	default: async ({ request, params, locals, cookies }) => {
		const found = await invitation.findUsable(locals.services.sql, params.token);
		if (!found.ok) return fail(400, { message: found.reason, errors: {} as FieldErrors });
		let password: string | null = null;
		if (!found.value.hasPassword) {
			const parsed = parseForm(
				z.object({ password: z.string(), confirm: z.string() }).superRefine((v, ctx) => {
					const problem = passwordProblem(v.password, found.value.email);
					if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
					else if (v.password !== v.confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'Enter the same password twice' });
				}),
				await request.formData()
			);
			if (!parsed.ok) return fail(400, { errors: parsed.errors, message: null });
			password = parsed.data.password;
		} else if (!locals.user || locals.user.email.toLowerCase() !== found.value.email.toLowerCase()) {
			// Someone who already has an account proves it is theirs by being signed in to it.
			redirect(303, `/sign-in?next=${encodeURIComponent(`/invitations/${params.token}`)}`);
		}
		// Setting a password ends the person's other sessions, and the connections opened with them.
		const accepted = await invitation.accept(locals.services.transaction, params.token, { password });
		if (!accepted.ok) return fail(400, { message: accepted.reason, errors: {} as FieldErrors });
		setSessionCookie(cookies, accepted.value.sessionToken, accepted.value.sessionExpiresAt, locals.services.secureCookies);
		redirect(303, `/bodies/${accepted.value.bodyId}`);
	}
};
