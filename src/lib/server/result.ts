import type { Tx } from './db';
import { withinSavepoint } from './events';

/** An expected failure is a value with a reason a person can act on, not an exception. */
export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

/** PostgreSQL's unique_violation: the friendly check lost a race, or the input repeats an existing key. */
export function isUniqueViolation(error: unknown): boolean {
	return (error as { code?: string } | null)?.code === '23505';
}

/**
 * Runs a write that a unique key may refuse (the friendly check before it lost a race). Inside a transaction it
 * runs under a savepoint, because PostgreSQL aborts the whole transaction on the violation otherwise; the caller
 * gets `reason` as a value and its transaction stays usable.
 */
export async function writeUnique<T>(tx: Tx, write: (tx: Tx) => Promise<T>, reason: string): Promise<Result<T>> {
	try {
		const value =
			'savepoint' in tx
				? ((await tx.savepoint((inner) => {
						withinSavepoint(tx, inner);
						return write(inner);
					})) as T)
				: await write(tx);
		return { ok: true, value };
	} catch (error) {
		if (isUniqueViolation(error)) return { ok: false, reason };
		throw error;
	}
}
