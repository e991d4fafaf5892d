import { pageParam } from '$lib/components/pagination';
import { actorOf } from '$lib/server/guard';
import type { PageServerLoad } from './$types';
import { readRegister } from './register.server';
import { toView } from './view.server';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = await actorOf(locals);
	// A page at a time: the register of every body runs to thousands of decisions. Its downloads hold them all.
	const read = await readRegister(locals, actor, url.searchParams, null, pageParam(url.searchParams.get('page')));
	return {
		decisions: read.decisions.map(toView),
		withheld: read.withheld,
		window: read.window!,
		bodies: read.bodies,
		filter: { values: read.values, errors: read.errors, query: read.query, exportQuery: read.exportQuery }
	};
};
