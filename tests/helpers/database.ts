import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import pino from 'pino';
import { openDatabase, type Database } from '../../src/lib/server/db';
import { migrate } from '../../src/lib/server/migrate';

export const quietLog = pino({ level: 'silent' });
export const MIGRATIONS_DIR = path.resolve('migrations');

export interface TestDatabase extends Database {
	/** The connection string (PostgreSQL) or data folder (embedded), for a second process to open. */
	databaseUrl: string | null;
	dataDir: string;
}

/**
 * A fresh, migrated database for one test file: a new database on the server named by DATABASE_URL,
 * or embedded PGlite in a temporary folder. `close()` removes it.
 */
export async function newDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
	const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-test-'));
	const serverUrl = process.env.DATABASE_URL;
	let databaseUrl: string | null = null;
	let dropDatabase = async () => {};
	if (serverUrl) {
		const name = `portal_test_${randomBytes(6).toString('hex')}`;
		const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${name}`);
		await admin.end();
		const url = new URL(serverUrl);
		url.pathname = `/${name}`;
		databaseUrl = url.toString();
		dropDatabase = async () => {
			const again = postgres(serverUrl, { max: 1, onnotice: () => {} });
			await again.unsafe(`drop database if exists ${name} with (force)`);
			await again.end();
		};
	}
	const database = await openDatabase({ databaseUrl, dataDir, log: quietLog });
	if (options.migrate !== false) await migrate(database.sql, MIGRATIONS_DIR, quietLog);
	return {
		...database,
		databaseUrl,
		dataDir,
		async close() {
			await database.close();
			await dropDatabase();
			await fs.rm(dataDir, { recursive: true, force: true });
		}
	};
}
