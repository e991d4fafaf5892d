import { error } from '@sveltejs/kit';
import * as body from './body';
import type { Tx } from './db';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID, the shape of every id in the database. */
export function isUuid(value: string | null | undefined): value is string {
	return typeof value === 'string' && UUID.test(value);
}

/**
 * An id taken from the URL, checked before it reaches a query: anything that is not a UUID cannot name a row,
 * so it is a missing page (404), not a database error (500).
 */
export function uuidParam(value: string): string {
	if (!isUuid(value)) error(404, 'Page not found');
	return value.toLowerCase();
}

/** The body a route's `[id]` names, or the missing page (404). */
export async function bodyParam(sql: Tx, id: string): Promise<body.Body> {
	const found = await body.get(sql, uuidParam(id));
	if (!found) error(404, 'Page not found');
	return found;
}
