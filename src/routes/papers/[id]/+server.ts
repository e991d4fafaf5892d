import { error } from '@sveltejs/kit';
import { actorOf, authorise } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import { paperResponse } from '$lib/server/paper-download';
import { uuidParam } from '$lib/server/params';
import type { RequestHandler } from './$types';

/** Downloads a paper, for those who may follow the body's meetings; the paper service withholds Part B from others. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = await actorOf(locals);
	const found = await meeting.getPaper(locals.services.sql, uuidParam(params.id), actor);
	if (!found) error(404, 'Page not found');
	if ('withheld' in found) error(403, found.withheld);
	authorise(actor, 'meeting.follow', { bodyId: found.paper.bodyId });
	return paperResponse(found.paper, 'private, no-store');
};
