import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { listPlace, type ThreadList } from '$lib/domain/thread-anchor';
import * as commentThread from '$lib/server/comment-thread';
import { eventStream } from '$lib/server/event-stream';
import { actorOf } from '$lib/server/guard';
import type { RequestHandler } from './$types';

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

	return eventStream((send, end) => [
		services.threads.onChanged((places) => void (places.includes(place) && send('event: changed\ndata: \n\n'))),
		// A session of theirs ended or a membership changed: end, and let the reconnection be checked.
		services.access.onChanged((changed) => void (changed === userId && end())),
		services.threads.onClosed(() => end())
	]);
};
