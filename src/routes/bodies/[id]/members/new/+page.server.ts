import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import * as body from '$lib/server/body';
import { isoDate, optionalIsoDate, optionalText, optionalUuid, parseForm, today } from '$lib/server/forms';
import { actorOf, authorise } from '$lib/server/guard';
import * as membership from '$lib/server/membership';
import { uuidParam } from '$lib/server/params';
import * as user from '$lib/server/user';
import { checkMembershipFields, membershipChoices, membershipFields, membershipLabels } from '../../membership-form.server';
import type { Actions, PageServerLoad } from './$types';

/** Thrown inside the transaction to undo it (a person made for a membership that was then refused). */
class Refusal extends Error {}

async function foundBody(locals: App.Locals, id: string) {
	const found = await body.get(locals.services.sql, id);
	if (!found) error(404, 'Page not found');
	return found;
}

async function peopleOptions(locals: App.Locals) {
	return (await user.list(locals.services.sql)).map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }));
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const id = uuidParam(params.id);
	const actor = await actorOf(locals);
	const found = await foundBody(locals, id);
	authorise(actor, 'membership.manage', { bodyId: id });
	return { body: found, people: await peopleOptions(locals), ...(await membershipChoices(locals.services.sql, id)), today: today() };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const id = uuidParam(params.id);
		const actor = await actorOf(locals);
		const found = await foundBody(locals, id);
		authorise(actor, 'membership.manage', { bodyId: id });
		if (found.endedOn) return fail(409, { errors: {}, values: {}, message: `${found.name} ended on ${found.endedOn}: it takes no new members.` });
		const { sql } = locals.services;
		const choices = await membershipChoices(sql, id);
		const people = await peopleOptions(locals);
		const schema = z
			.object({
				userId: optionalUuid('Choose a person from the list'),
				name: optionalText(200),
				email: z.string().trim().max(254, 'Enter an email address of at most 254 characters').toLowerCase(),
				...membershipFields,
				startsOn: isoDate('Enter the start date as a real date, like 1 April 2015'),
				endsOn: optionalIsoDate('Enter the end date as a real date, like 31 March 2016, or leave it empty')
			})
			.superRefine((v, ctx) => {
				if (v.userId) {
					if (!people.some((p) => p.value === v.userId)) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'Choose a person from the list' });
				} else {
					if (!v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'Choose an existing person, or enter the full name of someone new' });
					if (!v.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'Enter the email address of someone new' });
					else if (!z.email().safeParse(v.email).success) {
						ctx.addIssue({ code: 'custom', path: ['email'], message: 'Enter an email address in the correct format, like name@example.nhs.uk' });
					}
				}
				if (v.endsOn && v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The end date must be on or after the start date' });
				checkMembershipFields(v, ctx, choices);
			});
		const parsed = parseForm(schema, await request.formData(), {
			arrays: ['organisationIds'],
			labels: { userId: 'Existing person', name: 'Full name', email: 'Email address', ...membershipLabels, startsOn: 'Start date', endsOn: 'End date' }
		});
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, message: null });
		const input = parsed.data;
		const added = await sql
			.begin(async (tx) => {
				const person = input.userId ? { id: input.userId } : await user.ensurePerson(tx, { name: input.name!, email: input.email }, actor.userId);
				const created = await membership.create(tx, id, person.id, input, actor.userId);
				if (!created.ok) throw new Refusal(created.reason);
				return { ok: true as const, value: created.value };
			})
			.catch((thrown: unknown) => {
				if (thrown instanceof Refusal) return { ok: false as const, reason: thrown.message };
				throw thrown;
			});
		if (!added.ok) return fail(409, { errors: {}, values: parsed.data, message: added.reason });
		redirect(303, `/bodies/${id}?added`);
	}
};
