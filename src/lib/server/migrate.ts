import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Sql } from './db';

// Any fixed number: every instance takes the same lock, so two starting together apply each migration once.
const MIGRATION_LOCK = 72_015_001;

export class MigrationError extends Error {}

/**
 * Applies the numbered SQL files of `dir` not yet applied, in order, in one transaction under an advisory lock.
 * An applied file whose text has changed stops the start: migrations are forward-only.
 */
export async function migrate(sql: Sql, dir: string, log: Logger): Promise<string[]> {
	const files = (await fs.readdir(dir)).filter((name) => /^\d{3,}[-_].*\.sql$/.test(name)).sort();
	const migrations = await Promise.all(
		files.map(async (name) => {
			const text = await fs.readFile(path.join(dir, name), 'utf8');
			return { name, text, checksum: createHash('sha256').update(text).digest('hex') };
		})
	);
	return sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
		await tx`
			create table if not exists schema_migrations (
				name text primary key,
				checksum text not null,
				applied_at timestamptz not null default now()
			)`;
		const applied = new Map(
			(await tx<{ name: string; checksum: string }[]>`select name, checksum from schema_migrations`).map((row) => [
				row.name,
				row.checksum
			])
		);
		const done: string[] = [];
		for (const migration of migrations) {
			const recorded = applied.get(migration.name);
			if (recorded === migration.checksum) continue;
			if (recorded) {
				throw new MigrationError(
					`Migration ${migration.name} was changed after it was applied (checksum differs). Migrations are forward-only: restore the file and add a new migration instead.`
				);
			}
			await tx.unsafe(migration.text);
			await tx`insert into schema_migrations (name, checksum) values (${migration.name}, ${migration.checksum})`;
			log.info({ migration: migration.name }, 'migration applied');
			done.push(migration.name);
		}
		return done;
	});
}
