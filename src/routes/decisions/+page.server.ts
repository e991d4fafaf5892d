import { actorOf } from '$lib/server/guard';
import type { PageServerLoad } from './$types';
import { readRegister } from './register.server';
import { toView } from './view.server';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = await actorOf(locals);
	const read = await readRegister(locals, actor, url.searchParams);
	return {
		decisions: read.decisions.map(toView),
		withheld: read.withheld,
		bodies: read.bodies,
		filter: { values: read.values, errors: read.errors, query: read.query, exportQuery: read.exportQuery }
	};
};
