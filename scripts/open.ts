// Shared by the command-line scripts: the database the portal would use, migrated, with logs to stderr.
import pino from 'pino';
import { readConfig } from '../server/config';
import { MIGRATIONS_DIR } from '../server/portal';
import { openDatabase, type Database } from '../src/lib/server/db';
import { migrate } from '../src/lib/server/migrate';

export async function openPortalDatabase(): Promise<Database> {
	const config = readConfig();
	const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
	const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
	await migrate(database.sql, MIGRATIONS_DIR, log);
	return database;
}
