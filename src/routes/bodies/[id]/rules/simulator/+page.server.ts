import { error } from '@sveltejs/kit';
import { londonDate } from '$lib/domain/london-time';
import { motionCategories } from '$lib/domain/rules-simulator';
import { summariseRules } from '$lib/domain/rules-summary';
import * as body from '$lib/server/body';
import * as bodyRules from '$lib/server/body-rules';
import { actorOf, authorise } from '$lib/server/guard';
import { uuidParam } from '$lib/server/params';
import { simulatorBody } from '$lib/server/rules-simulator';
import type { PageServerLoad } from './$types';

/** "Try these rules": the body's rules in force and its members today, for the simulator to run in the browser. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = await actorOf(locals);
	const { sql } = locals.services;
	const found = await body.get(sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	authorise(actor, 'meeting.follow', { bodyId: found.id });
	const [rules, simulated] = await Promise.all([bodyRules.current(sql, found.id), simulatorBody(sql, found.id, londonDate(new Date()))]);
	if (!simulated) error(404, 'Page not found');
	return {
		body: { id: found.id, name: found.name },
		rules: rules?.rules ?? null,
		summary: rules ? summariseRules(rules.rules) : [],
		simulatorBody: simulated,
		categories: motionCategories(simulated.delegations)
	};
};
