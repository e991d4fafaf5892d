import * as body from '$lib/server/body';
import { actorOf, may } from '$lib/server/guard';
import type { PageServerLoad } from './$types';
import { bodyTree } from './tree';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = await actorOf(locals);
	const bodies = await body.list(locals.services.sql);
	return { roots: bodyTree(bodies), count: bodies.length, canCreate: may(actor, 'body.create') };
};
