/** How many rows a page of a long list shows (organisations, people). */
export const PER_PAGE = 50;

/** Where one page sits in a list of `total` rows: the page shown (clamped to those there are) and its rows. */
export interface PageWindow {
	/** The page shown, from 1. */
	page: number;
	/** How many pages there are; at least 1, so an empty list is page 1 of 1. */
	pages: number;
	total: number;
	perPage: number;
	/** Rows to skip and to take, for the query. */
	offset: number;
	limit: number;
	/** The rows shown, counted from 1 ("Showing 51 to 100 of 215"); `from` is 0 for an empty list. */
	from: number;
	to: number;
}

/** The page asked for in the address (`?page=`): a whole number from 1, else page 1. */
export function pageParam(value: string | null): number {
	return value !== null && /^\d{1,6}$/.test(value.trim()) && Number(value) >= 1 ? Number(value) : 1;
}

/** The window of page `asked` of `total` rows; a page past the last shows the last. */
export function pageWindow(total: number, asked: number, perPage = PER_PAGE): PageWindow {
	const pages = Math.max(1, Math.ceil(total / perPage));
	const page = Math.min(Math.max(1, Math.floor(asked)), pages);
	const offset = (page - 1) * perPage;
	return { page, pages, total, perPage, offset, limit: perPage, from: total === 0 ? 0 : offset + 1, to: Math.min(total, offset + perPage) };
}

/**
 * The page numbers to link, NHS.UK style: the first, the last, and those either side of the current one, with an
 * ellipsis where numbers are left out (1 … 4 5 6 … 10). A gap of one page shows the page rather than an ellipsis.
 */
export function pageLinks(page: number, pages: number): (number | 'ellipsis')[] {
	const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
	const links: (number | 'ellipsis')[] = [];
	for (const n of shown) {
		const last = links.at(-1);
		if (typeof last === 'number' && n - last === 2) links.push(last + 1);
		else if (typeof last === 'number' && n - last > 2) links.push('ellipsis');
		links.push(n);
	}
	return links;
}

/** The address of page `page` of a list, keeping its other parameters (the search, the kind) and dropping `page=1`. */
export function pageHref(url: URL, page: number): string {
	const params = new URLSearchParams(url.searchParams);
	if (page <= 1) params.delete('page');
	else params.set('page', String(page));
	const query = params.toString();
	return query ? `${url.pathname}?${query}` : url.pathname;
}
