import * as commentThread from '$lib/server/comment-thread';
import { actorOf } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

const STATUSES = ['open', 'resolved', 'all'] as const;

/** The threads the signed-in person started or wrote in, on every body, open or resolved as they choose. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = await actorOf(locals);
	const asked = url.searchParams.get('status');
	const status = STATUSES.find((s) => s === asked) ?? 'open';
	const threads = await commentThread.listForPerson(locals.services.sql, actor, status);
	return { status, threads };
};
