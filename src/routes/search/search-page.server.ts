import { z } from 'zod';
import type { Reader } from '$lib/domain/policy';
import * as search from '$lib/server/search';

/** `?q=`: what was typed, if anything; far longer than any search is cut here, and to MAX_QUERY_LENGTH by the search. */
const Query = z.string().transform((q) => q.slice(0, 2_000)).nullable();

/** The search page's load, for the members' search and the public one: the reader decides what may be found. */
export async function loadSearch(locals: App.Locals, reader: Reader, url: URL) {
	const q = Query.parse(url.searchParams.get('q'));
	return { q: q ?? '', outcome: q === null ? null : await search.search(locals.services.sql, reader, q) };
}
