import { error } from '@sveltejs/kit';
import { actorOf, authorise } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import { uuidParam } from '$lib/server/params';
import type { PageServerLoad } from './$types';

/**
 * The room's screen: who may follow the meeting may show it. Only the meeting's name for the first paint; the rest
 * comes over the live meeting's socket, as the reader may see it (Part B withheld from those who may not).
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	const id = uuidParam(params.id);
	const actor = await actorOf(locals);
	const found = await meeting.get(locals.services.sql, id);
	if (!found) error(404, 'Page not found');
	authorise(actor, 'meeting.follow', { bodyId: found.bodyId });
	return { meeting: { id: found.id, bodyName: found.bodyName, title: found.title, status: found.status } };
};
