import { actorOf } from '$lib/server/guard';
import type { PageServerLoad } from './$types';
import { loadSearch } from './search-page.server';

export const load: PageServerLoad = async ({ locals, url }) => loadSearch(locals, await actorOf(locals), url);
