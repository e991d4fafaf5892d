import { error } from '@sveltejs/kit';
import { uuidParam } from '$lib/server/params';
import * as publication from '$lib/server/publication';
import { toView } from '../../../decisions/view.server';
import type { PageServerLoad } from './$types';

/** One decision of the public record; a confidential (Part B) one is a missing page, as if it did not exist. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const found = await publication.decisionRecord(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	return { decision: toView(found) };
};
