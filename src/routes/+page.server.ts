import * as membership from '$lib/server/membership';
import { actorOf } from '$lib/server/guard';
import * as meeting from '$lib/server/meeting';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = await actorOf(locals);
	const [memberships, upcoming] = await Promise.all([
		membership.listForPerson(locals.services.sql, actor.userId),
		meeting.listUpcomingFor(locals.services.sql, actor.userId)
	]);
	return {
		memberships: memberships.filter((m) => m.current),
		upcoming: upcoming.map((m) => ({ id: m.id, title: m.title, bodyName: m.bodyName, startsAt: m.startsAt, status: m.status }))
	};
};
