import { error } from '@sveltejs/kit';
import * as calendar from '$lib/server/calendar';
import { uuidParam } from '$lib/server/params';
import * as publication from '$lib/server/publication';
import type { RequestHandler } from './$types';

/**
 * A body's meetings as a calendar to subscribe to: every meeting, cancelled ones included, so that a calendar that
 * fetches it again sees a rescheduled or cancelled meeting change. As the public sees them: no video links.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const { sql, origin } = locals.services;
	const found = await publication.bodyOf(sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	const meetings = await calendar.publicBodyMeetings(sql, found.id);
	return new Response(calendar.bodyCalendar(found, meetings, { origin }), {
		headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'public, max-age=300' }
	});
};
