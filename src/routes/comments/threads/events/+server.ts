import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { listPlace, type ThreadList } from '$lib/domain/thread-anchor';
import * as commentThread from '$lib/server/comment-thread';
import { actorOf } from '$lib/server/guard';
import type { RequestHandler } from './$types';

/** A stream lasts this long, then ends: the browser reconnects, and the reader is checked again on the way in. */
const STREAM_MS = 30 * 60 * 1000;
/** A comment now and then keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 25 * 1000;

const Uuid = z.string().uuid();

/**
 * That the threads of a document (?doc=), a meeting (?meeting=) or a decision (?decision=) changed, live
 * (server-sent events): a `changed` event each time an act on one of them commits, on this instance or, through
 * Redis, another. The event carries nothing but the fact; the page fetches the list again from /comments/threads,
 * which decides what its reader may see. The reader is checked once on connecting, by the same service.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = await actorOf(locals);
	const { services } = locals;
	const doc = url.searchParams.get('doc');
	const meeting = url.searchParams.get('meeting');
	const decision = url.searchParams.get('decision');
	const uuid = (value: string | null) => (value && Uuid.safeParse(value).success ? value.toLowerCase() : null);
	const list: ThreadList | null = doc ? { doc } : uuid(meeting) ? { meeting: uuid(meeting)! } : uuid(decision) ? { decision: uuid(decision)! } : null;
	if (!list) error(400, 'Name a document, a meeting or a decision');
	const allowed =
		'doc' in list
			? await commentThread.listForDocument(services.sql, actor, list.doc, 'open')
			: 'meeting' in list
				? await commentThread.listForMeeting(services.sql, actor, list.meeting, 'open')
				: await commentThread.listForDecision(services.sql, actor, list.decision, 'open');
	if (!allowed.ok) error(allowed.refused ? 403 : 404, allowed.reason);
	const place = listPlace(list);
	const userId = actor.userId;

	const encoder = new TextEncoder();
	let end = () => {};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			let ended = false;
			const send = (text: string) => {
				if (!ended) controller.enqueue(encoder.encode(text));
			};
			const offChanged = services.threads.onChanged((places) => void (places.includes(place) && send('event: changed\ndata: \n\n')));
			// A session of theirs ended or a membership changed: end, and let the reconnection be checked.
			const offAccess = services.access.onChanged((changed) => void (changed === userId && end()));
			const offClosed = services.threads.onClosed(() => end());
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
		},
		cancel() {
			end();
		}
	});
	return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
};
