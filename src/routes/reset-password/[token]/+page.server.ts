import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { type FieldErrors, parseForm } from '$lib/server/forms';
import { passwordProblem } from '$lib/server/password';
import * as passwordReset from '$lib/server/password-reset';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const found = await passwordReset.check(locals.services.sql, params.token);
	return found.ok ? { usable: true as const, problem: null } : { usable: false as const, problem: found.reason };
};

export const actions: Actions = {
	default: async ({ request, params, locals }) => {
		const found = await passwordReset.check(locals.services.sql, params.token);
		if (!found.ok) return fail(400, { message: found.reason, errors: {} as FieldErrors });
		const parsed = parseForm(
			z.object({ password: z.string(), confirm: z.string() }).superRefine((v, ctx) => {
				const problem = passwordProblem(v.password, found.value.email);
				if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
				else if (v.password !== v.confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'Enter the same password twice' });
			}),
			await request.formData()
		);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, message: null });
		// Every session of the person ends, and so do the connections opened with them.
		const done = await passwordReset.complete(locals.services.transaction, params.token, parsed.data.password);
		if (!done.ok) return fail(400, { message: done.reason, errors: {} as FieldErrors });
		redirect(303, '/sign-in?reset');
	}
};
