import { redirect } from '@sveltejs/kit';
import { financialYearOf } from '$lib/domain/documents/priorities';
import { londonDate } from '$lib/domain/london-time';
import * as documentIndex from '$lib/server/document-index';
import { loadDocumentPage } from './document-page.server';
import { neighbouringYear, parseFinancialYear } from './financial-year';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const page = await loadDocumentPage(locals, params.id);
	// "Open another year" is a GET form: a year that reads goes straight to its plan; anything else is explained.
	const asked = url.searchParams.get('year');
	let yearError: string | null = null;
	if (asked !== null) {
		const year = parseFinancialYear(asked.slice(0, 20));
		if (year) redirect(303, `/bodies/${page.body.id}/documents/priorities/${year.key}`);
		yearError = 'Enter a financial year like 2016/17: the year it starts, a slash, and the last two digits of the next year';
	}
	const current = financialYearOf(londonDate(new Date()));
	const recorded = await documentIndex.prioritiesYears(locals.services.sql, page.body.id);
	const years = new Map<string, { key: string; label: string; updatedAt: Date | null }>();
	for (const year of [neighbouringYear(current, 1), current, neighbouringYear(current, -1)]) years.set(year.key, { ...year, updatedAt: null });
	for (const r of recorded) {
		const year = parseFinancialYear(r.year);
		if (year) years.set(year.key, { ...year, updatedAt: r.updatedAt });
	}
	return {
		...page,
		currentYear: current,
		years: [...years.values()].sort((a, b) => b.key.localeCompare(a.key)),
		yearAsked: asked?.slice(0, 20) ?? '',
		yearError
	};
};
