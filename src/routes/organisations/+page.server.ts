import { pageParam } from '$lib/components/pagination';
import { ORGANISATION_KINDS, type OrganisationKind } from '$lib/domain/roles';
import { actorOf, may } from '$lib/server/guard';
import * as organisation from '$lib/server/organisation';
import type { PageServerLoad } from './$types';

const isKind = (value: string): value is OrganisationKind => (ORGANISATION_KINDS as readonly string[]).includes(value);

/** At most this many characters of a search are used: a name or ODS code is never longer. */
const MAX_SEARCH = 200;

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = await actorOf(locals);
	const asked = url.searchParams.get('kind')?.trim() || null;
	const kind = asked && isKind(asked) ? asked : null;
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, MAX_SEARCH);
	const { organisations, window } = await organisation.searchPage(locals.services.sql, { q, kind }, pageParam(url.searchParams.get('page')));
	return {
		organisations,
		window,
		q,
		kind,
		// An unknown kind in the address shows every kind, with a message saying why.
		kindProblem: asked && !kind ? 'Kind of organisation: there is no such kind. Choose a kind from the list to filter by it.' : null,
		canCreate: may(actor, 'organisation.create')
	};
};
