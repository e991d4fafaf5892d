import fs from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import type { Logger } from 'pino';

export type Sql = postgres.Sql;
/** A transaction's sql, or the pool's: modules accept either so callers can compose changes in one transaction. */
export type Tx = postgres.TransactionSql | postgres.Sql;

/**
 * Today's date in London, in SQL. `current_date` is the date in the server's time zone (UTC on most machines),
 * which is yesterday in London for the first hour of every summer day.
 */
export const londonToday = (tx: Tx) => tx`(now() at time zone 'Europe/London')::date`;

export interface Database {
	sql: Sql;
	/** True when running on embedded PGlite: one backend, so no LISTEN/NOTIFY and one connection. */
	embedded: boolean;
	close(): Promise<void>;
}

// Dates (not timestamps) stay as 'YYYY-MM-DD' strings: turning them into JS Dates shifts them across time zones.
const DATE_OID = 1082;
const clientOptions = {
	onnotice: () => {},
	transform: postgres.camel,
	types: {
		date: {
			to: DATE_OID,
			from: [DATE_OID],
			serialize: (x: string) => x,
			parse: (x: string) => x
		}
	} as Record<string, postgres.PostgresType>
};

/** Opens the database: PostgreSQL at `databaseUrl`, or embedded PGlite in `dataDir` reached over a Unix socket. */
export async function openDatabase(options: {
	databaseUrl: string | null;
	dataDir: string;
	log: Logger;
	/** Called with the text of every statement sent: for benchmarks that count what an act costs. */
	onQuery?: (text: string) => void;
}): Promise<Database> {
	const debug = options.onQuery ? { debug: (_connection: number, text: string) => options.onQuery!(text) } : {};
	if (options.databaseUrl) {
		const sql = postgres(options.databaseUrl, { ...clientOptions, ...debug, max: 10 });
		return { sql, embedded: false, close: once(() => sql.end({ timeout: 5 })) };
	}
	return openEmbedded(options.dataDir, options.log, debug);
}

async function openEmbedded(dataDir: string, log: Logger, debug: { debug?: (connection: number, text: string) => void }): Promise<Database> {
	await fs.mkdir(dataDir, { recursive: true });
	const release = await lockDataDir(dataDir);
	const socketPath = path.join(dataDir, '.s.PGSQL.5432');
	// The kernel limits a Unix socket path to 107 bytes; say so rather than fail obscurely.
	if (Buffer.byteLength(socketPath) > 100) {
		await release();
		throw new Error(`DATA_DIR is too long for a Unix socket path (${socketPath}); choose a shorter folder`);
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
	const pglite = await PGlite.create(path.join(dataDir, 'pgdata'));
	await fs.rm(socketPath, { force: true });
	const server = new PGLiteSocketServer({ db: pglite, path: socketPath });
	await server.start();
	log.info({ dataDir }, 'embedded database ready');
	// PGlite is one backend: several connections would interleave protocol messages.
	const sql = postgres({ ...clientOptions, ...debug, path: socketPath, max: 1, database: 'postgres', username: 'postgres' });
	return {
		sql,
		embedded: true,
		close: once(async () => {
			await sql.end({ timeout: 5 });
			await server.stop();
			await pglite.close();
			await fs.rm(socketPath, { force: true });
			await release();
		})
	};
}

/** Closing twice (a failed health check, then shutdown) closes once. */
function once(close: () => Promise<void>): () => Promise<void> {
	let closing: Promise<void> | null = null;
	return () => (closing ??= close());
}

/**
 * Two processes opening one PGlite folder would corrupt it, so the folder is locked by a pid file.
 * A lock left by a process that no longer runs (a crash) is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
	const lockFile = path.join(dataDir, 'portal.pid');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			await fs.writeFile(lockFile, String(process.pid), { flag: 'wx' });
			return () => fs.rm(lockFile, { force: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = Number(await fs.readFile(lockFile, 'utf8').catch(() => ''));
			if (holder && holder !== process.pid && isRunning(holder)) {
				throw new Error(
					`The embedded database in ${dataDir} is in use by process ${holder}. Stop it, or set DATA_DIR to another folder, or use DATABASE_URL for several instances.`
				);
			}
			await fs.rm(lockFile, { force: true });
		}
	}
	throw new Error(`Could not lock ${lockFile}`);
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
