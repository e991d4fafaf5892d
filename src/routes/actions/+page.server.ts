import { actorOf } from '$lib/server/guard';
import { readLog, setActionStatus, toRows } from './action-log.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = await actorOf(locals);
	const read = await readLog(locals, actor, url.searchParams);
	return {
		actions: toRows(read.items, actor),
		bodies: read.bodies,
		filter: { values: read.values, errors: read.errors, query: read.query, exportQuery: read.exportQuery },
		changed: url.searchParams.has('changed')
	};
};

export const actions: Actions = {
	setStatus: (event) => setActionStatus(event, '/actions')
};
