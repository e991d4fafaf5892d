import { error } from '@sveltejs/kit';
import { loadCoEditedPage } from '../../document-page.server';
import { neighbouringYear, parseFinancialYear } from '../../financial-year';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	// Only the canonical "2015-16" names a plan: one document per year, one address for it.
	const year = parseFinancialYear(params.year);
	if (!year || year.key !== params.year) error(404, 'Page not found');
	const page = await loadCoEditedPage(locals, params.id, (bodyId) => `priorities:${bodyId}:${year.key}`);
	return {
		...page,
		year,
		previousYear: neighbouringYear(year, -1),
		nextYear: neighbouringYear(year, 1)
	};
};
