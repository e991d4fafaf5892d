import { error } from '@sveltejs/kit';

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
