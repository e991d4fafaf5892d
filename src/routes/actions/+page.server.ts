import { actorOf } from '$lib/server/guard';
import { actionLog, setActionStatus } from './action-log.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = await actorOf(locals);
	return { actions: await actionLog(locals, actor), changed: url.searchParams.has('changed') };
};

export const actions: Actions = {
	setStatus: (event) => setActionStatus(event, '/actions')
};
