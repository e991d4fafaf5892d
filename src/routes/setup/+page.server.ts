import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { setSessionCookie } from '$lib/server/cookies';
import * as demo from '$lib/server/demo';
import { email, type FieldErrors, parseForm, requiredText } from '$lib/server/forms';
import { actorOf, authorise } from '$lib/server/guard';
import { passwordProblem } from '$lib/server/password';
import * as session from '$lib/server/session';
import * as user from '$lib/server/user';
import type { Actions, PageServerLoad } from './$types';

const administratorForm = z
	.object({
		name: requiredText('Enter your full name'),
		email,
		password: z.string(),
		confirm: z.string()
	})
	.superRefine((v, ctx) => {
		const problem = passwordProblem(v.password, v.email);
		if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
		else if (v.password !== v.confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'Enter the same password twice' });
	});

async function organisationCount(locals: App.Locals): Promise<number> {
	const [row] = await locals.services.sql<{ n: number }[]>`select count(*)::int as n from organisations`;
	return row?.n ?? 0;
}

export const load: PageServerLoad = async ({ locals }) => {
	const firstRun = (await user.count(locals.services.sql)) === 0;
	if (firstRun) return { step: 'administrator' as const };
	if (locals.user?.isAdministrator && (await organisationCount(locals)) === 0) return { step: 'demo' as const };
	redirect(303, '/');
};

export const actions: Actions = {
	administrator: async ({ request, locals, cookies }) => {
		const parsed = parseForm(administratorForm, await request.formData());
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const created = await user.createFirstAdministrator(locals.services.sql, parsed.data);
		if (!created.ok) return fail(409, { message: created.reason, errors: {} as FieldErrors, values: {} as Record<string, string | string[]> });
		const { token, session: started } = await session.create(locals.services.sql, created.userId);
		setSessionCookie(cookies, token, started.expiresAt, locals.services.secureCookies);
		redirect(303, '/setup');
	},
	demo: async ({ locals }) => {
		const actor = await actorOf(locals);
		authorise(actor, 'demo.load');
		const loaded = await demo.load(locals.services.sql, actor.userId);
		if (!loaded.ok) return fail(409, { message: loaded.reason, errors: {} as FieldErrors, values: {} as Record<string, string | string[]> });
		redirect(303, '/bodies');
	}
};
