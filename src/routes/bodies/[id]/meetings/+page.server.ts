import { error } from '@sveltejs/kit';
import * as body from '$lib/server/body';
import { actorOf, authorise, may } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import { uuidParam } from '$lib/server/params';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = await actorOf(locals);
	const found = await body.get(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	authorise(actor, 'meeting.follow', { bodyId: found.id });
	const meetings = await meeting.listForBody(locals.services.sql, found.id);
	return {
		body: found,
		meetings: meetings.map((m) => ({ id: m.id, title: m.title, startsAt: m.startsAt, endsAt: m.endsAt, status: m.status, noticeIssued: m.noticeIssuedAt !== null })),
		notice: url.searchParams.has('held') ? 'The meeting has been recorded as held.' : null,
		canSchedule: !found.endedOn && may(actor, 'meeting.schedule', { bodyId: found.id })
	};
};
