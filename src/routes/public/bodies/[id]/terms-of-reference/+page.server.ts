import { error } from '@sveltejs/kit';
import { uuidParam } from '$lib/server/params';
import * as publication from '$lib/server/publication';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { sql } = locals.services;
	const found = await publication.bodyOf(sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	const terms = await publication.termsInForce(sql, found.id);
	if (!terms) error(404, 'This body has not adopted terms of reference yet');
	return { body: { id: found.id, name: found.name }, terms };
};
