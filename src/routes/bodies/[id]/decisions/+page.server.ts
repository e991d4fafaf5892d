import { error } from '@sveltejs/kit';
import * as body from '$lib/server/body';
import * as decision from '$lib/server/decision';
import { actorOf } from '$lib/server/guard';
import { uuidParam } from '$lib/server/params';
import { readRegister } from '../../../decisions/register.server';
import { toView } from '../../../decisions/view.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = await actorOf(locals);
	const found = await body.get(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	const [own, matters] = await Promise.all([readRegister(locals, actor, url.searchParams, found.id), decision.mattersToDecide(locals.services.sql, actor, found.id)]);
	return {
		body: found,
		decisions: own.decisions.map(toView),
		withheld: own.withheld,
		matters: matters.map(toView),
		filter: { values: own.values, errors: own.errors, query: own.query, exportQuery: own.exportQuery }
	};
};
