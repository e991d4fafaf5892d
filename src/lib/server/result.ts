/** An expected failure is a value with a reason a person can act on, not an exception. */
export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

/** PostgreSQL's unique_violation: the friendly check lost a race, or the input repeats an existing key. */
export function isUniqueViolation(error: unknown): boolean {
	return (error as { code?: string } | null)?.code === '23505';
}
