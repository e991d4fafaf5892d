import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * postgres.js 3.4.9 writes a transaction's BEGIN and then, when that BEGIN fills the connection's pipeline (or the
 * socket is slow to take it), skips the hook that reserves the connection for the transaction: the transaction's
 * own statements then have no connection (a TypeError nothing catches) while others run inside it
 * (porsager/postgres#1189, #823; the fix proposed in #1218). A storm of ballots on the one connection of the
 * embedded database hit it. Patched in patches/postgres+3.4.9.patch; this pins the boundary down exactly.
 */
describe('a transaction begun when the connection pipeline is full', () => {
	let url: string | undefined;
	let stop: () => Promise<void> = async () => {};

	beforeAll(async () => {
		if (process.env.DATABASE_URL) {
			url = process.env.DATABASE_URL;
			return;
		}
		const { PGlite } = await import('@electric-sql/pglite');
		const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pg-driver-'));
		const db = await PGlite.create();
		const server = new PGLiteSocketServer({ db, path: path.join(dir, '.s.PGSQL.5432') });
		await server.start();
		url = dir;
		stop = async () => {
			await server.stop();
			await db.close();
			await fs.rm(dir, { recursive: true, force: true });
		};
	}, 60_000);
	afterAll(() => stop());

	it('still runs the transaction on its own reserved connection, and nothing escapes uncaught', async () => {
		const unhandled: unknown[] = [];
		const note = (error: unknown) => unhandled.push(error);
		process.on('unhandledRejection', note);
		const options = { max: 1, max_pipeline: 2, onnotice: () => {} };
		const sql = url!.startsWith('postgres') ? postgres(url!, options) : postgres({ ...options, path: path.join(url!, '.s.PGSQL.5432'), database: 'postgres', username: 'postgres' });
		try {
			await sql`select 0`;
			// Two plain statements in flight, so BEGIN is the one that fills the pipeline of two.
			const before = [sql`select 1 as n`.execute(), sql`select 2 as n`.execute()];
			const inside = sql.begin(async (tx) => {
				const [row] = await tx<{ outside: boolean }[]>`select now() = statement_timestamp() as outside`;
				return row!.outside;
			});
			expect((await Promise.all(before)).map(([row]) => row!.n)).toEqual([1, 2]);
			// Inside a transaction now() is its start, before this statement's own start.
			expect(await inside).toBe(false);
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(unhandled).toEqual([]);
		} finally {
			process.off('unhandledRejection', note);
			await sql.end();
		}
	}, 60_000);
});
