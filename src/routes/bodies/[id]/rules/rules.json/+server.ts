import { error } from '@sveltejs/kit';
import * as body from '$lib/server/body';
import * as bodyRules from '$lib/server/body-rules';
import { actorOf, authorise } from '$lib/server/guard';
import { uuidParam } from '$lib/server/params';
import type { RequestHandler } from './$types';

/** The rules in force as JSON, to copy to another body or keep beside the terms of reference. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = await actorOf(locals);
	const found = await body.get(locals.services.sql, uuidParam(params.id));
	if (!found) error(404, 'Page not found');
	authorise(actor, 'meeting.follow', { bodyId: found.id });
	const rules = await bodyRules.current(locals.services.sql, found.id);
	if (!rules) error(404, `${found.name} has no rules of procedure recorded yet`);
	const filename = `rules-of-procedure-${found.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.json`;
	return new Response(`${JSON.stringify(rules.rules, null, 2)}\n`, {
		headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` }
	});
};
