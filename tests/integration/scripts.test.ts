import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import { startChild } from '../helpers/children';
import { newDatabaseLocation, quietLog, type DatabaseLocation } from '../helpers/database';
import { PROCESS_TEST_MS } from '../helpers/time';

/** Runs a package script's command as `npm run` would, against the test's database. */
async function script(file: string, env: Record<string, string>) {
	const run = startChild(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
	let stdout = '';
	run.child.stdout!.on('data', (chunk) => (stdout += chunk));
	const code = await run.exited;
	// What a person sees: the output, and on failure the errors too.
	return { code, stdout: code === 0 ? stdout : run.output() };
}

describe('npm run demo and npm run audit:verify', { timeout: PROCESS_TEST_MS }, () => {
	let location: DatabaseLocation;
	let env: Record<string, string>;
	beforeAll(async () => {
		location = await newDatabaseLocation();
		env = { DATA_DIR: location.dataDir, ...(location.databaseUrl ? { DATABASE_URL: location.databaseUrl } : {}) };
	});
	afterAll(async () => location?.remove());

	it('loads the demo into an empty database, once', async () => {
		const first = await script('scripts/demo.ts', env);
		expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/Demo data loaded: 215 organisations, 17 bodies, 26 members/) });
		const again = await script('scripts/demo.ts', env);
		expect(again.code).toBe(1);
		expect(again.stdout).toMatch(/only into an empty portal/);
	});

	it('reports the audit chain intact, with its length', async () => {
		const verified = await script('scripts/audit-verify.ts', env);
		expect(verified.code).toBe(0);
		expect(verified.stdout).toMatch(/^intact \(\d{3} rows; head: row \d+, hash [0-9a-f]{64}\)/);
	});

	it('reports the newest rows cut off the chain, and exits 1', async () => {
		// As someone with full database access could: triggers off, the newest rows deleted, triggers on.
		const database = await openDatabase({ databaseUrl: location.databaseUrl, dataDir: location.dataDir, log: quietLog });
		try {
			await database.sql.begin(async (tx) => {
				await tx`alter table audit_log disable trigger user`;
				await tx`delete from audit_log where id > (select max(id) - 2 from audit_log)`;
				await tx`alter table audit_log enable trigger user`;
			});
		} finally {
			await database.close();
		}
		const verified = await script('scripts/audit-verify.ts', env);
		expect(verified.code).toBe(1);
		expect(verified.stdout).toMatch(/^broken at row \d+: The newest rows have been cut off: the head records \d+ rows/);
	});
});
