import type { PageServerLoad } from './$types';
import { loadSearch } from '../../search/search-page.server';

/** The public record only: searched as the public reads it (null), whoever is signed in. */
export const load: PageServerLoad = async ({ locals, url }) => loadSearch(locals, null, url);
