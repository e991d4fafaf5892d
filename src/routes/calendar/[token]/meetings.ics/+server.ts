import { error } from '@sveltejs/kit';
import * as calendar from '$lib/server/calendar';
import * as calendarFeed from '$lib/server/calendar-feed';
import type { RequestHandler } from './$types';

// What generateToken makes (base32, 160 bits): anything else names no feed, and is not hashed and looked up.
const TOKEN = /^[a-z2-7]{32}$/;

/**
 * A member's private feed: the meetings of every body they sit on, with video links. The token in the path is the
 * only key, so an unknown or revoked one is a missing page (404), saying nothing about whether it ever existed, and
 * nothing is kept by a cache on the way.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const { sql, origin } = locals.services;
	const person = TOKEN.test(params.token) ? await calendarFeed.userForToken(sql, params.token) : null;
	if (!person) error(404, 'Page not found');
	const meetings = await calendarFeed.meetings(sql, person.id);
	return new Response(calendar.memberCalendar(meetings, { origin }), {
		headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, no-store' }
	});
};
