import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/lib/server/migrate';
import { MIGRATIONS_DIR, newDatabase, quietLog, type TestDatabase } from '../helpers/database';

describe('migrations', () => {
	let db: TestDatabase;
	let dir: string;

	beforeAll(async () => {
		db = await newDatabase({ migrate: false });
		dir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-migrations-'));
		for (const name of await fs.readdir(MIGRATIONS_DIR)) {
			await fs.copyFile(path.join(MIGRATIONS_DIR, name), path.join(dir, name));
		}
	});
	afterAll(async () => {
		await db.close();
		await fs.rm(dir, { recursive: true, force: true });
	});

	it('applies every migration once, recording a checksum', async () => {
		const first = await migrate(db.sql, dir, quietLog);
		expect(first.length).toBeGreaterThan(0);
		const again = await migrate(db.sql, dir, quietLog);
		expect(again).toEqual([]);
		const rows = await db.sql`select name, checksum from schema_migrations order by name`;
		expect(rows.map((r) => r.name)).toEqual(first);
		expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
	});

	it('applies each migration once when two start together', async () => {
		await fs.writeFile(path.join(dir, '900_race.sql'), 'create table race_probe (id int);');
		const results = await Promise.all([migrate(db.sql, dir, quietLog), migrate(db.sql, dir, quietLog)]);
		expect(results.flat()).toEqual(['900_race.sql']);
	});

	it('stops with a message naming a migration changed after it was applied', async () => {
		await fs.writeFile(path.join(dir, '900_race.sql'), 'create table race_probe (id int, other int);');
		await expect(migrate(db.sql, dir, quietLog)).rejects.toThrow(/900_race\.sql was changed after it was applied/);
	});

	it('rolls back a failing migration whole, leaving nothing half applied', async () => {
		await fs.writeFile(path.join(dir, '900_race.sql'), 'create table race_probe (id int);');
		await fs.writeFile(path.join(dir, '901_broken.sql'), 'create table half_done (id int); select * from no_such_table;');
		await expect(migrate(db.sql, dir, quietLog)).rejects.toThrow(/no_such_table/);
		const [row] = await db.sql`select to_regclass('half_done') as found`;
		expect(row?.found).toBeNull();
		await fs.rm(path.join(dir, '901_broken.sql'));
	});
});
