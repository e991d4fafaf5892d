import { redirect } from '@sveltejs/kit';
import { actorOf, may } from '$lib/server/guard';
import * as user from '$lib/server/user';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = await actorOf(locals);
	// Seeing every person (no particular one as target) is for administrators; anyone else goes to their own page,
	// and reaches the people they work with through each body's members table.
	if (!may(actor, 'person.view')) redirect(303, `/people/${actor.userId}`);
	return { people: await user.list(locals.services.sql) };
};
