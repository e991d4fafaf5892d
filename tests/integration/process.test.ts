import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDatabaseLocation, type DatabaseLocation } from '../helpers/database';
import { spawnPortal } from '../helpers/process';
import { PROCESS_TEST_MS } from '../helpers/time';

const PASSWORD = 'a long enough passphrase';

async function setUp(url: string) {
	return fetch(`${url}/setup?/administrator`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ name: 'Ada Admin', email: 'ada@example.nhs.uk', password: PASSWORD, confirm: PASSWORD })
	});
}

describe('the portal process', { timeout: PROCESS_TEST_MS }, () => {
	let location: DatabaseLocation;
	let env: Record<string, string>;

	beforeAll(async () => {
		location = await newDatabaseLocation();
		env = { DATA_DIR: location.dataDir, ...(location.databaseUrl ? { DATABASE_URL: location.databaseUrl } : {}) };
	});
	afterAll(async () => location?.remove());

	it('keeps an acknowledged change through a crash (SIGKILL) and starts again on the same data', async () => {
		const first = await spawnPortal(env);
		expect((await setUp(first.url)).status).toBe(303);
		first.child.kill('SIGKILL');
		await first.exited;
		const second = await spawnPortal(env);
		const again = await setUp(second.url);
		// Setup refuses: the administrator created before the crash is still there.
		expect(again.headers.get('location')).toBe('/');
		second.child.kill('SIGTERM');
		expect(await second.exited).toBe(0);
	});

	it('on SIGTERM stops accepting, closes the database and exits 0', async () => {
		const portal = await spawnPortal(env);
		expect((await fetch(`${portal.url}/healthz`)).status).toBe(200);
		portal.child.kill('SIGTERM');
		expect(await portal.exited).toBe(0);
		expect(portal.output()).toContain('portal stopped');
		await expect(fetch(`${portal.url}/healthz`)).rejects.toThrow();
		if (!location.databaseUrl) expect(fs.existsSync(path.join(location.dataDir, 'portal.pid'))).toBe(false);
	});

	it.skipIf(!!process.env.DATABASE_URL)('refuses a second process on the same embedded data folder, naming the holder', async () => {
		const holder = await spawnPortal(env);
		await expect(spawnPortal(env)).rejects.toThrow(/in use by process \d+/);
		holder.child.kill('SIGTERM');
		expect(await holder.exited).toBe(0);
	});

	it('serves the pages in development too (npm run dev: Vite middleware on the same server)', async () => {
		const portal = await spawnPortal(env, ['--dev']);
		try {
			const page = await fetch(`${portal.url}/sign-in`);
			expect(page.status).toBe(200);
			expect(await page.text()).toContain('<title>Sign in – Oversight portal</title>');
		} finally {
			portal.child.kill('SIGTERM');
			expect(await portal.exited).toBe(0);
		}
	});
});
