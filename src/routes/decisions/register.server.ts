import type { PageWindow } from '$lib/components/pagination';
import type { Reader } from '$lib/domain/policy';
import { parseDecisionFilter, type DecisionFilter, type FilterErrors, type FilterValues } from '$lib/domain/register-filter';
import * as body from '$lib/server/body';
import type { Decision } from '$lib/server/decision';
import * as decision from '$lib/server/decision';
import * as publication from '$lib/server/publication';

/** The register read for a page or its export: the filter asked for, and the decisions that answer it. */
export interface RegisterRead {
	/** Null when the filter was refused: the register is then read unfiltered, and an export refuses. */
	filter: DecisionFilter | null;
	values: FilterValues;
	errors: FilterErrors;
	/** The query string of the filter in force ('' for none). */
	query: string;
	/** The query string the export takes for the same decisions: with the body, on one body's page. */
	exportQuery: string;
	decisions: Decision[];
	withheld: number;
	/** Where the page sits when the register was read a page at a time (`page`); null when read whole. */
	window: PageWindow | null;
	/** The bodies the filter chooses among; empty on one body's own page. */
	bodies: { value: string; label: string }[];
}

/**
 * Reads the register as `reader` may see it, filtered by the query (register-filter.ts). The page and its export
 * call this alike, so the file holds exactly the decisions the page lists. On one body's page (`bodyId`) the body
 * comes from the path. The public (reader null) read through publication.ts, the one door of the public record.
 * With `page`, a member's register is read one page of it at a time (the members' register page); an export, and
 * the public, read all the filter asks for.
 */
export async function readRegister(locals: App.Locals, reader: Reader, params: URLSearchParams, bodyId: string | null = null, page: number | null = null): Promise<RegisterRead> {
	const { sql } = locals.services;
	const bodies = bodyId ? [] : await (reader ? body.list(sql) : publication.bodies(sql));
	const parsed = parseDecisionFilter(params, { bodyIds: bodyId ? null : bodies.map((b) => b.id) });
	const filter = { ...(parsed.ok ? parsed.filter : {}), ...(bodyId ? { bodyId } : {}) };
	const { decisions, withheld, window } = !reader
		? { decisions: await publication.register(sql, filter), withheld: 0, window: null }
		: page !== null
			? await decision.registerPage(sql, reader, filter, page)
			: { ...(await decision.register(sql, reader, filter)), window: null };
	return {
		filter: parsed.ok ? filter : null,
		values: parsed.values,
		errors: parsed.ok ? {} : parsed.errors,
		query: parsed.ok ? parsed.query : '',
		exportQuery: withBody(parsed.ok ? parsed.query : '', bodyId),
		decisions,
		withheld,
		window,
		bodies: bodies.map((b) => ({ value: b.id, label: b.endedOn ? `${b.name} (ended)` : b.name }))
	};
}

/** A filter's query string with one body's page's body put first, for the export that spans bodies. */
export function withBody(query: string, bodyId: string | null): string {
	if (!bodyId) return query;
	const params = new URLSearchParams(query);
	params.delete('body');
	return new URLSearchParams([['body', bodyId], ...params]).toString();
}
