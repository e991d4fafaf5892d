import * as publication from '$lib/server/publication';
import { exportFormat, exportedFilter, meetingDates, refuseExport, registerExport } from '../../../decisions/open-data.server';
import { readRegister } from '../../../decisions/register.server';
import type { RequestHandler } from './$types';

/** The public decision register as CSV or JSON, filtered as /public/decisions is: Part A only, read as the public. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const format = exportFormat(params.format);
	const read = await readRegister(locals, null, url.searchParams);
	if (!read.filter) refuseExport(read.errors);
	const { sql, origin } = locals.services;
	const dates = await meetingDates(read.decisions, (bodyId) => publication.meetings(sql, bodyId));
	return registerExport(format, read.decisions, { origin, audience: 'public', meetingDates: dates, filter: exportedFilter(read.values) });
};
