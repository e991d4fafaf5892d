import * as membership from '$lib/server/membership';
import { actorOf } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = await actorOf(locals);
	const memberships = await membership.listForPerson(locals.services.sql, actor.userId);
	return { memberships: memberships.filter((m) => m.current) };
};
