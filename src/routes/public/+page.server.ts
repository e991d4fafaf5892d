import * as publication from '$lib/server/publication';
import { bodyTree } from '../bodies/tree';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const bodies = await publication.bodies(locals.services.sql);
	return { roots: bodyTree(bodies), count: bodies.length, signedIn: locals.user !== null };
};
