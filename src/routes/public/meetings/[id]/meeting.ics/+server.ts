import { error } from '@sveltejs/kit';
import * as calendar from '$lib/server/calendar';
import { uuidParam } from '$lib/server/params';
import type { RequestHandler } from './$types';

/** One meeting as a calendar file, to add to a calendar: as the public sees it, so never with its video link. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const { sql, origin } = locals.services;
	const found = await calendar.publicMeeting(sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	return new Response(calendar.meetingCalendar(found, { origin }), {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': `attachment; filename="${calendar.calendarFileName(found)}"`,
			'Cache-Control': 'public, max-age=300'
		}
	});
};
