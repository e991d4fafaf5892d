import { error } from '@sveltejs/kit';
import * as body from '$lib/server/body';
import { actorOf, authorise } from '$lib/server/guard';
import { uuidParam } from '$lib/server/params';
import { readLog, setActionStatus, toRows } from '../../../actions/action-log.server';
import type { Actions, PageServerLoad } from './$types';

async function bodyFor(locals: App.Locals, params: { id: string }) {
	const found = await body.get(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	return found;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = await actorOf(locals);
	const found = await bodyFor(locals, params);
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
		const found = await bodyFor(event.locals, event.params);
		return setActionStatus(event, `/bodies/${found.id}/actions`);
	}
};
