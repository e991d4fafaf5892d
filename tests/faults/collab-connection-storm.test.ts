import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, seedBody, type SeededBody, type TestClient } from '../helpers/collab';
import { spawnCollabServer, spawnPortal } from '../helpers/process';
import { newDatabaseLocation, seedAndClose, type DatabaseLocation } from '../helpers/database';
import { PROCESS_TEST_MS, scaled } from '../helpers/time';

// Issue 13's fault: while 200 co-editing connections opened at once, the embedded server crashed (a document load's
// transaction failed, then an uncaught error inside postgres.js ended the process). Always on the embedded database,
// whatever DATABASE_URL says: PGlite's single connection is where it failed.

const CONNECTIONS = Number(process.env.STORM_CONNECTIONS) || 200;
const ROUNDS = 10;

describe('collaboration server on the embedded database: a storm of connections', { timeout: PROCESS_TEST_MS * 2 }, () => {
	let location: DatabaseLocation;
	let seeded: SeededBody;

	beforeAll(async () => {
		const made = await newDatabaseLocation();
		location = { ...made, databaseUrl: null };
		seeded = await seedAndClose(location, (sql) => seedBody(sql, ['secretariat', 'voting_member', 'observer']));
	});
	afterAll(async () => {
		await location?.remove();
	});

	/** Opens `CONNECTIONS` clients at once on 20 documents; some type while others load, some leave before their sync. */
	async function storm(url: string, exited: Promise<unknown>, output: () => string) {
		let gone = false;
		void exited.then(() => (gone = true));
		// 20 documents, as in the bench that crashed (20 documents × 10 editors): the two of a kind and a plan for each of 18 years.
		const years = Array.from({ length: 18 }, (_, i) => `${2010 + i}-${String((11 + i) % 100).padStart(2, '0')}`);
		const names = [`terms-of-reference:${seeded.bodyId}`, `raci:${seeded.bodyId}`, ...years.map((year) => `priorities:${seeded.bodyId}:${year}`)];
		const editors = [seeded.cookies.secretariat, seeded.cookies.voting_member];
		for (let round = 0; round < ROUNDS; round++) {
			const clients: TestClient[] = [];
			for (let i = 0; i < CONNECTIONS; i++) {
				const client = connectClient(url, names[i % names.length]!, i % 10 === 9 ? seeded.cookies.observer : editors[i % 2]!);
				clients.push(client);
				// Editors type as soon as they are synced, while the rest are still loading.
				if (i % 10 < 9) void client.synced.then(() => client.text.insert(0, `${round}.${i} `));
			}
			// One in ten leaves at once, its load still in flight.
			const leaving = clients.filter((_, i) => i % 10 === 5);
			setTimeout(() => leaving.forEach((client) => client.destroy()), 5);
			const staying = clients.filter((_, i) => i % 10 !== 5);
			const synced = await Promise.race([
				Promise.all(staying.map((client) => client.synced)).then(() => true),
				new Promise<false>((resolve) => setTimeout(() => resolve(false), scaled(60_000))),
				exited.then(() => false)
			]);
			const count = staying.filter((c) => c.provider.synced).length;
			for (const client of staying) client.destroy();
			expect(gone, `the server exited in round ${round + 1}:\n${output().slice(-4000)}`).toBe(false);
			expect(synced, `every client synced in round ${round + 1} (${count} of ${staying.length} did):\n${output().slice(-3000)}`).toBe(true);
		}
		expect(output()).not.toMatch(/uncaught|unhandled/i);
	}

	it(`the collaboration server alone: ${CONNECTIONS} connections opened at once, ${ROUNDS} times over, never ends the process`, async () => {
		const server = await spawnCollabServer({ DATA_DIR: location.dataDir, DATABASE_URL: '' });
		await storm(server.url, server.exited, server.output);
	});

	it(`the whole portal: ${CONNECTIONS} connections opened at once, ${ROUNDS} times over, never ends the process`, async () => {
		const portal = await spawnPortal({ DATA_DIR: location.dataDir, DATABASE_URL: '', REDIS_URL: '' });
		await storm(`${portal.url.replace(/^http/, 'ws')}/collab`, portal.exited, portal.output);
	});
});
