import * as decision from '$lib/server/decision';
import { actorOf } from '$lib/server/guard';
import type { PageServerLoad } from './$types';
import { toView } from './view.server';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = await actorOf(locals);
	const { decisions, withheld } = await decision.register(locals.services.sql, actor);
	return { decisions: decisions.map(toView), withheld };
};
