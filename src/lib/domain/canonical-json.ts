/**
 * JSON with object keys sorted at every depth, so the same value always gives the same text
 * (PostgreSQL's jsonb reorders keys, and a hash must survive the round trip).
 */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value ?? null))));
}

function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.keys(value)
				.sort()
				.map((key) => [key, sortKeys((value as Record<string, unknown>)[key])])
		);
	}
	return value;
}
