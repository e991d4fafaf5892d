import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDatabaseLocation, type DatabaseLocation } from '../helpers/database';

const run = promisify(execFile);

/** Runs a package script's command as `npm run` would, against the test's database. */
async function script(file: string, env: Record<string, string>) {
	try {
		const { stdout } = await run(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
		return { code: 0, stdout };
	} catch (error) {
		const failed = error as { code: number; stdout: string; stderr: string };
		return { code: failed.code, stdout: failed.stdout + failed.stderr };
	}
}

describe('npm run demo and npm run audit:verify', () => {
	let location: DatabaseLocation;
	let env: Record<string, string>;
	beforeAll(async () => {
		location = await newDatabaseLocation();
		env = { DATA_DIR: location.dataDir, ...(location.databaseUrl ? { DATABASE_URL: location.databaseUrl } : {}) };
	});
	afterAll(async () => location?.remove());

	it('loads the demo into an empty database, once', async () => {
		const first = await script('scripts/demo.ts', env);
		expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/Demo data loaded: 215 organisations, 15 bodies, 10 members/) });
		const again = await script('scripts/demo.ts', env);
		expect(again.code).toBe(1);
		expect(again.stdout).toMatch(/only into an empty portal/);
	});

	it('reports the audit chain intact, with its length', async () => {
		const verified = await script('scripts/audit-verify.ts', env);
		expect(verified.code).toBe(0);
		expect(verified.stdout).toMatch(/^intact \(\d{3} rows\)/);
	});
});
