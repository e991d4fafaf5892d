import { redirect } from '@sveltejs/kit';
import { pageParam } from '$lib/components/pagination';
import { actorOf, may } from '$lib/server/guard';
import * as peopleList from '$lib/server/people-list';
import type { PageServerLoad } from './$types';

/** At most this many characters of a search are used: an email address is at most 254. */
const MAX_SEARCH = 254;

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = await actorOf(locals);
	// Seeing every person (no particular one as target) is for administrators; anyone else goes to their own page,
	// and reaches the people they work with through each body's members table.
	if (!may(actor, 'person.view')) redirect(303, `/people/${actor.userId}`);
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, MAX_SEARCH);
	const { people, window } = await peopleList.searchPage(locals.services.sql, q, pageParam(url.searchParams.get('page')));
	return { people, window, q };
};
