import { ORGANISATION_KINDS, type OrganisationKind } from '$lib/domain/roles';
import { actorOf, may } from '$lib/server/guard';
import * as organisation from '$lib/server/organisation';
import type { PageServerLoad } from './$types';

const isKind = (value: string): value is OrganisationKind => (ORGANISATION_KINDS as readonly string[]).includes(value);

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = await actorOf(locals);
	const asked = url.searchParams.get('kind')?.trim() || null;
	const kind = asked && isKind(asked) ? asked : null;
	const all = await organisation.list(locals.services.sql, { includeEnded: true });
	return {
		organisations: kind ? all.filter((o) => o.kind === kind) : all,
		kind,
		// An unknown kind in the address shows every organisation, with a message saying why.
		kindProblem: asked && !kind ? 'There is no such kind of organisation. Choose a kind from the list to filter by it.' : null,
		canCreate: may(actor, 'organisation.create')
	};
};
