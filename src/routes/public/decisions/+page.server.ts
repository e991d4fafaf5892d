import { readRegister } from '../../decisions/register.server';
import { toView } from '../../decisions/view.server';
import type { PageServerLoad } from './$types';

/** The public decision register: read as the public (reader null) whoever visits, so it holds Part A alone. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const read = await readRegister(locals, null, url.searchParams);
	return {
		decisions: read.decisions.map(toView),
		bodies: read.bodies,
		filter: { values: read.values, errors: read.errors, query: read.query, exportQuery: read.exportQuery }
	};
};
