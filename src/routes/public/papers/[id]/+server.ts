import { error } from '@sveltejs/kit';
import { paperResponse } from '$lib/server/paper-download';
import { uuidParam } from '$lib/server/params';
import * as publication from '$lib/server/publication';
import type { RequestHandler } from './$types';

/** Downloads a published paper: Part A, of a meeting whose agenda is published. Anything else is a missing page. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const found = await publication.paper(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	return paperResponse(found, 'public, max-age=300');
};
