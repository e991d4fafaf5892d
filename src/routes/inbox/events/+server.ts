import { error } from '@sveltejs/kit';
import * as notification from '$lib/server/notification';
import type { RequestHandler } from './$types';

/** A stream lasts this long, then ends: the browser reconnects, and the session is checked again on the way in. */
const STREAM_MS = 30 * 60 * 1000;
/** A comment now and then keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 25 * 1000;

/**
 * The unread count of the person signed in, live (server-sent events): sent on connecting and each time their inbox
 * changes, on this instance or, through Redis, another. No polling: the count is read only when told it changed.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const me = locals.user;
	if (!me) error(401, 'Sign in to see your inbox');
	const { services } = locals;
	const encoder = new TextEncoder();
	let end = () => {};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			let ended = false;
			const send = (text: string) => {
				if (!ended) controller.enqueue(encoder.encode(text));
			};
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
			const offChanged = services.notifications.onChanged((userIds) => void (userIds.includes(me.id) && push()));
			// A session of theirs ended (signed out, password changed): end, and let the reconnection be checked.
			const offAccess = services.access.onChanged((userId) => void (userId === me.id && end()));
			const offClosed = services.notifications.onClosed(() => end());
			const keepAlive = setInterval(() => send(': keep-alive\n\n'), KEEP_ALIVE_MS);
			const expiry = setTimeout(() => end(), STREAM_MS);
			end = () => {
				if (ended) return;
				ended = true;
				offChanged();
				offAccess();
				offClosed();
				clearInterval(keepAlive);
				clearTimeout(expiry);
				try {
					controller.close();
				} catch {
					// Already cancelled by the browser going away.
				}
			};
			send('retry: 5000\n\n');
			void push();
		},
		cancel() {
			end();
		}
	});
	return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
};
