import { pageWindow, type PageWindow } from '$lib/components/pagination';
import type { Tx } from './db';
import { containing } from './organisation';
import type { Person } from './user';

/**
 * One page of everyone in the portal, by name: those whose name or email address contains the search, counted and
 * cut in SQL, with where the page sits (a page past the last shows the last). The administrators' people list.
 */
export async function searchPage(tx: Tx, q: string | null, page: number, perPage?: number): Promise<{ people: Person[]; window: PageWindow }> {
	const words = q?.trim() || null;
	const matching = () => (words ? tx`(name ilike ${containing(words)} or email ilike ${containing(words)})` : tx`true`);
	const [counted] = await tx<{ n: number }[]>`select count(*)::int as n from users where ${matching()}`;
	const window = pageWindow(counted?.n ?? 0, page, perPage);
	const people = await tx<Person[]>`
		select id, email, name, is_administrator, password_hash is not null as has_password, deactivated_at, created_at from users
		where ${matching()}
		order by name, id
		limit ${window.limit} offset ${window.offset}`;
	return { people, window };
}
