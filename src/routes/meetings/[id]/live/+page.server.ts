import { error } from '@sveltejs/kit';
import { actorOf, authorise } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import { uuidParam } from '$lib/server/params';
import type { PageServerLoad } from './$types';

/** The meeting's basics for the first paint; everything live comes over the socket once the page has joined. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const id = uuidParam(params.id);
	const actor = await actorOf(locals);
	const found = await meeting.get(locals.services.sql, id);
	if (!found) error(404, 'Page not found');
	authorise(actor, 'meeting.follow', { bodyId: found.bodyId });
	return {
		meeting: {
			id: found.id,
			bodyId: found.bodyId,
			bodyName: found.bodyName,
			title: found.title,
			status: found.status,
			startsAt: found.startsAt.toISOString(),
			place: found.place,
			videoLink: found.videoLink
		}
	};
};
