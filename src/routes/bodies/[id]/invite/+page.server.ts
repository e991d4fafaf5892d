import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import * as body from '$lib/server/body';
import { email, parseForm, requiredText } from '$lib/server/forms';
import { actorOf, authorise } from '$lib/server/guard';
import * as invitation from '$lib/server/invitation';
import * as membership from '$lib/server/membership';
import { uuidParam } from '$lib/server/params';
import { checkMembershipFields, membershipChoices, membershipFields, membershipLabels } from '../membership-form.server';
import type { Actions, PageServerLoad } from './$types';

async function openBody(locals: App.Locals, id: string) {
	const found = await body.get(locals.services.sql, id);
	if (!found) error(404, 'Page not found');
	return found;
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const id = uuidParam(params.id);
	const actor = await actorOf(locals);
	const found = await openBody(locals, id);
	authorise(actor, 'invitation.send', { bodyId: id });
	return { body: found, ...(await membershipChoices(locals.services.sql, id)), delivers: locals.services.mailer.delivers };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const id = uuidParam(params.id);
		const actor = await actorOf(locals);
		const found = await openBody(locals, id);
		authorise(actor, 'invitation.send', { bodyId: id });
		const { sql, mailer, origin } = locals.services;
		if (found.endedOn) return fail(409, { errors: {}, values: {}, message: `${found.name} ended on ${found.endedOn}: it takes no new members.` });
		const choices = await membershipChoices(sql, id);
		const parsed = parseForm(
			z.object({ name: requiredText('Enter the full name of the person to invite'), email, ...membershipFields }).superRefine((v, ctx) => checkMembershipFields(v, ctx, choices)),
			await request.formData(),
			{ arrays: ['organisationIds'], labels: { name: 'Full name', email: 'Email address', ...membershipLabels } }
		);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, message: null });
		const input = parsed.data;
		const made = await sql.begin(async (tx) => {
			// The same rules the membership will meet when the invitation is accepted, checked now rather than then.
			const problem = await membership.validate(tx, id, { ...input, startsOn: new Date().toISOString().slice(0, 10), endsOn: null });
			if (problem) return { ok: false as const, reason: problem };
			return { ok: true as const, value: await invitation.create(tx, id, input, actor.userId) };
		});
		if (!made.ok) return fail(409, { errors: {}, values: parsed.data, message: made.reason });
		const deputyFor = input.deputyFor ? choices.deputyOptions.find((o) => o.value === input.deputyFor)?.label : null;
		await mailer.send(
			invitation.invitationEmail({ email: input.email, name: input.name, bodyName: found.name, role: input.role, deputyFor, link: `${origin}/invitations/${made.value.token}` })
		);
		redirect(303, `/bodies/${id}?invited=${encodeURIComponent(input.email)}`);
	}
};
