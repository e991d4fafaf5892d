import { error } from '@sveltejs/kit';
import * as body from '$lib/server/body';
import * as decision from '$lib/server/decision';
import { actorOf } from '$lib/server/guard';
import { uuidParam } from '$lib/server/params';
import { mayRead, toView } from '../../../decisions/view.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = await actorOf(locals);
	const found = await body.get(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	const [own, matters] = await Promise.all([decision.register(locals.services.sql, { bodyId: found.id }), decision.mattersToDecide(locals.services.sql, found.id)]);
	const readable = own.filter((d) => mayRead(actor, d));
	return {
		body: found,
		decisions: readable.map(toView),
		withheld: own.length - readable.length,
		matters: matters.filter((d) => mayRead(actor, d)).map(toView)
	};
};
