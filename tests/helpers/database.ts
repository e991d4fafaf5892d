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

/** Where a fresh test database lives: a connection string (PostgreSQL) or a data folder (embedded). */
export interface DatabaseLocation {
	databaseUrl: string | null;
	dataDir: string;
	/** Drops the database (PostgreSQL) and removes the folder. */
	remove(): Promise<void>;
}

/**
 * A fresh, empty place for a database: a new database on the server named by DATABASE_URL,
 * or a temporary folder for embedded PGlite.
 */
export async function newDatabaseLocation(): Promise<DatabaseLocation> {
	const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-test-'));
	const serverUrl = process.env.DATABASE_URL;
	if (!serverUrl) return { databaseUrl: null, dataDir, remove: () => fs.rm(dataDir, { recursive: true, force: true }) };
	const name = `portal_test_${randomBytes(6).toString('hex')}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {
		databaseUrl: url.toString(),
		dataDir,
		async remove() {
			const again = postgres(serverUrl, { max: 1, onnotice: () => {} });
			await again.unsafe(`drop database if exists ${name} with (force)`);
			await again.end();
			await fs.rm(dataDir, { recursive: true, force: true });
		}
	};
}

/**
 * Migrates the database at `location`, seeds it with `seed`, and closes it again: for tests and benchmarks whose
 * server runs in a process of its own (an embedded database is one process's, so it is closed before that one opens it).
 */
export async function seedAndClose<T>(location: Pick<DatabaseLocation, 'databaseUrl' | 'dataDir'>, seed: (sql: Database['sql']) => Promise<T>): Promise<T> {
	const database = await openDatabase({ databaseUrl: location.databaseUrl, dataDir: location.dataDir, log: quietLog });
	try {
		await migrate(database.sql, MIGRATIONS_DIR, quietLog);
		return await seed(database.sql);
	} finally {
		await database.close();
	}
}

export interface TestDatabase extends Database, Omit<DatabaseLocation, 'remove'> {}

/** A fresh, migrated, open database for one test file; `close()` closes and removes it. */
export async function newDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
	const location = await newDatabaseLocation();
	const database = await openDatabase({ databaseUrl: location.databaseUrl, dataDir: location.dataDir, log: quietLog });
	if (options.migrate !== false) await migrate(database.sql, MIGRATIONS_DIR, quietLog);
	return {
		...database,
		databaseUrl: location.databaseUrl,
		dataDir: location.dataDir,
		async close() {
			await database.close();
			await location.remove();
		}
	};
}
