import { fail, redirect } from '@sveltejs/kit';
import { labelErrors, parseForm } from '$lib/server/forms';
import { actorOf, authorise } from '$lib/server/guard';
import * as organisation from '$lib/server/organisation';
import { organisationForm, organisationLabels } from '../organisation-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	authorise(await actorOf(locals), 'organisation.create');
	return {};
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const actor = await actorOf(locals);
		authorise(actor, 'organisation.create');
		const parsed = parseForm(organisationForm, await request.formData(), { labels: organisationLabels });
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values, message: null });
		const created = await locals.services.sql.begin((tx) => organisation.create(tx, parsed.data, actor.userId));
		if (!created.ok) {
			const values = { name: parsed.data.name, kind: parsed.data.kind, odsCode: parsed.data.odsCode ?? '' };
			return fail(409, { errors: labelErrors({ name: created.reason }, organisationLabels), values, message: null });
		}
		redirect(303, `/organisations/${created.value.id}?added`);
	}
};
