import * as decision from '$lib/server/decision';
import { actorOf } from '$lib/server/guard';
import type { PageServerLoad } from './$types';
import { mayRead, toView } from './view.server';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = await actorOf(locals);
	const all = await decision.register(locals.services.sql);
	const readable = all.filter((d) => mayRead(actor, d));
	return { decisions: readable.map(toView), withheld: all.length - readable.length };
};
