import { error } from '@sveltejs/kit';
import * as atom from '$lib/server/atom';
import { uuidParam } from '$lib/server/params';
import type { RequestHandler } from './$types';

/** A body's Atom feed of its Part A decisions and published papers. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const { sql, origin } = locals.services;
	const feed = await atom.bodyFeed(sql, uuidParam(params.id), { origin });
	if (feed === null) error(404, 'Page not found');
	return new Response(feed, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=300' } });
};
