import { actorOf } from '$lib/server/guard';
import { exportFormat, exportedFilter, refuseExport } from '../../decisions/open-data.server';
import { readLog } from '../action-log.server';
import { logExport } from '../open-data.server';
import type { RequestHandler } from './$types';

/**
 * The action log as the signed-in reader may see it, as CSV or JSON, filtered by the same query as the page
 * (/actions, or a body's with `body`): the bodies whose meetings they follow, Part B to those who may read it.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const format = exportFormat(params.format);
	const actor = await actorOf(locals);
	const read = await readLog(locals, actor, url.searchParams);
	if (!read.filter) refuseExport(read.errors);
	const response = logExport(format, read.items, { origin: locals.services.origin, filter: exportedFilter(read.values) });
	response.headers.set('Cache-Control', 'private, no-store');
	return response;
};
