import { actorOf, authorise } from '$lib/server/guard';
import { bodyParam } from '$lib/server/params';
import { readLog, setActionStatus, toRows } from '../../../actions/action-log.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = await actorOf(locals);
	const found = await bodyParam(locals.services.sql, params.id);
	authorise(actor, 'meeting.follow', { bodyId: found.id });
	const read = await readLog(locals, actor, url.searchParams, found.id);
	return {
		body: found,
		actions: toRows(read.items, actor),
		filter: { values: read.values, errors: read.errors, query: read.query, exportQuery: read.exportQuery },
		changed: url.searchParams.has('changed')
	};
};

export const actions: Actions = {
	setStatus: async (event) => {
		const found = await bodyParam(event.locals.services.sql, event.params.id);
		return setActionStatus(event, `/bodies/${found.id}/actions`);
	}
};
