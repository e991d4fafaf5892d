import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { endDated, isoDate, labelErrors, parseForm, refuseForm, today } from '$lib/server/forms';
import { actorOf, authorise, may } from '$lib/server/guard';
import * as organisation from '$lib/server/organisation';
import { uuidParam } from '$lib/server/params';
import { organisationForm, organisationLabels } from '../organisation-form';
import type { Actions, PageServerLoad } from './$types';

const endForm = z.object({ endedOn: isoDate('Enter the date it ended as a real date, like 31 March 2016') });

/** The same shape from every action, so the page reads `form` without narrowing. */
const refuse = refuseForm<'update' | 'end'>;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = await actorOf(locals);
	const found = await organisation.get(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	return {
		organisation: found,
		canEdit: may(actor, 'organisation.edit'),
		today: today(),
		notice: url.searchParams.has('added') ? 'added' : url.searchParams.has('saved') ? 'saved' : url.searchParams.has('ended') ? 'ended' : null
	};
};

export const actions: Actions = {
	update: async ({ request, locals, params }) => {
		const id = uuidParam(params.id);
		const actor = await actorOf(locals);
		authorise(actor, 'organisation.edit');
		const parsed = parseForm(organisationForm, await request.formData(), { labels: organisationLabels });
		if (!parsed.ok) return refuse(400, 'update', parsed.errors, parsed.values);
		const updated = await locals.services.sql.begin((tx) => organisation.update(tx, id, parsed.data, actor.userId));
		if (!updated.ok) return refuse(409, 'update', labelErrors({ name: updated.reason }, organisationLabels), { ...parsed.data, odsCode: parsed.data.odsCode ?? '' });
		redirect(303, `/organisations/${id}?saved`);
	},
	end: async ({ request, locals, params }) => {
		const id = uuidParam(params.id);
		const actor = await actorOf(locals);
		authorise(actor, 'organisation.edit');
		const refused = await endDated(
			await request.formData(),
			'end',
			endForm,
			(data) => locals.services.sql.begin((tx) => organisation.end(tx, id, data.endedOn, actor.userId)),
			undefined,
			{ endedOn: 'Date it ended' }
		);
		if (refused) return refused;
		redirect(303, `/organisations/${id}?ended`);
	}
};
