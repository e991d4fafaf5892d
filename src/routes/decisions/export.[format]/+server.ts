import { actorOf } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import { exportFormat, exportedFilter, meetingDates, refuseExport, registerExport } from '../open-data.server';
import { readRegister } from '../register.server';
import type { RequestHandler } from './$types';

/**
 * The decision register as the signed-in reader may see it, as CSV or JSON, filtered by the same query as the
 * page (/decisions, or a body's with `body`): a member's holds the Part B decisions they may read, and no others.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const format = exportFormat(params.format);
	const actor = await actorOf(locals);
	const read = await readRegister(locals, actor, url.searchParams);
	if (!read.filter) refuseExport(read.errors);
	const { sql, origin } = locals.services;
	const dates = await meetingDates(read.decisions, (bodyId) => meeting.listForBody(sql, bodyId));
	const response = registerExport(format, read.decisions, { origin, audience: 'members', meetingDates: dates, filter: exportedFilter(read.values) });
	// It holds what this reader may read, confidential business included: no shared cache keeps it.
	response.headers.set('Cache-Control', 'private, no-store');
	return response;
};
