import { error } from '@sveltejs/kit';
import { motionCategories } from '$lib/domain/rules-simulator';
import * as bodyRules from '$lib/server/body-rules';
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
	const delegations = (await bodyRules.listDelegations(locals.services.sql, found.bodyId)).filter((d) => !d.endedOn);
	const categories = [{ value: 'procedural', label: 'Procedural business' }, ...motionCategories(delegations)];
	return {
		/** The decision categories a motion is chosen from: procedural business, the standard ones, and the body's delegated ones. */
		categories,
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
