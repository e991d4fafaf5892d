import type { Tx } from './db';

/**
 * The financial years of a body's priorities plans that anyone has written in (server/collab keeps one row per
 * document in `documents`), newest first. Read-only: the documents themselves belong to the collaboration server.
 */
export async function prioritiesYears(tx: Tx, bodyId: string): Promise<{ year: string; updatedAt: Date }[]> {
	// A UUID holds no LIKE wildcards, so the prefix matches only this body's plans.
	const rows = await tx<{ name: string; updatedAt: Date }[]>`
		select name, updated_at from documents where name like ${`priorities:${bodyId}:%`} order by name desc`;
	return rows.map((row) => ({ year: row.name.slice(row.name.lastIndexOf(':') + 1), updatedAt: row.updatedAt }));
}
