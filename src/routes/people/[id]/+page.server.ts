import { error } from '@sveltejs/kit';
import { actorOf, authorise, may } from '$lib/server/guard';
import * as membership from '$lib/server/membership';
import { uuidParam } from '$lib/server/params';
import * as user from '$lib/server/user';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const id = uuidParam(params.id);
	const actor = await actorOf(locals);
	const { sql } = locals.services;
	const person = await user.get(sql, id);
	if (!person) error(404, 'Page not found');
	const bodyIds = (await membership.currentBodyIds(sql, [id])).get(id) ?? [];
	authorise(actor, 'person.view', { personId: id, personBodyIds: bodyIds });
	const memberships = await membership.listForPerson(sql, id);
	return {
		person: { id: person.id, name: person.name, email: person.email, hasPassword: person.hasPassword, isAdministrator: person.isAdministrator },
		isSelf: actor.userId === id,
		memberships: memberships.map((m) => ({ ...m, manageable: may(actor, 'membership.manage', { bodyId: m.bodyId }) }))
	};
};
