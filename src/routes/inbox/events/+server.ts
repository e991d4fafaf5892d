import { error } from '@sveltejs/kit';
import { eventStream } from '$lib/server/event-stream';
import * as notification from '$lib/server/notification';
import type { RequestHandler } from './$types';

/**
 * The unread count of the person signed in, live (server-sent events): sent on connecting and each time their inbox
 * changes, on this instance or, through Redis, another. No polling: the count is read only when told it changed.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const me = locals.user;
	if (!me) error(401, 'Sign in to see your inbox');
	const { services } = locals;
	return eventStream((send, end) => {
		// One count at a time; a change during a count is counted once more after it.
		let counting = false;
		let again = false;
		const push = async (): Promise<void> => {
			if (counting) return void (again = true);
			counting = true;
			try {
				send(`event: unread\ndata: ${await notification.unreadCount(services.sql, me.id)}\n\n`);
			} catch (failure) {
				services.log.debug({ err: failure }, 'could not count unread notifications for a live stream');
			} finally {
				counting = false;
				if (again) {
					again = false;
					void push();
				}
			}
		};
		void push();
		return [
			services.notifications.onChanged((userIds) => void (userIds.includes(me.id) && push())),
			// A session of theirs ended (signed out, password changed): end, and let the reconnection be checked.
			services.access.onChanged((userId) => void (userId === me.id && end())),
			services.notifications.onClosed(() => end())
		];
	});
};
