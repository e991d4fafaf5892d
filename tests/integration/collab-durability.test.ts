import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, seedBody, type SeededBody, type TestClient } from '../helpers/collab';
import { newDatabaseLocation, seedAndClose, type DatabaseLocation } from '../helpers/database';
import { spawnCollabServer, type PortalProcess } from '../helpers/process';
import { PROCESS_TEST_MS } from '../helpers/time';

/** The collaboration server alone in its own process on the database at `location`; killed when its test ends. */
const spawnCollab = (location: DatabaseLocation) => spawnCollabServer({ DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '' });

describe('collaboration server: durability', { timeout: PROCESS_TEST_MS }, () => {
	let location: DatabaseLocation;
	let seeded: SeededBody;
	let running: PortalProcess | null = null;
	const clients: TestClient[] = [];

	beforeAll(async () => {
		location = await newDatabaseLocation();
		// Seeded, then closed: an embedded database is one process's, and the server's process needs it.
		seeded = await seedAndClose(location, (sql) => seedBody(sql, ['secretariat', 'voting_member', 'observer']));
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		if (running) {
			running.child.kill('SIGKILL');
			await running.exited;
		}
		await location?.remove();
	});

	it('keeps every edit another client has seen when the server is killed (SIGKILL) and restarted', async () => {
		const name = `terms-of-reference:${seeded.bodyId}`;
		running = await spawnCollab(location);
		const writer = connectClient(running.url, name, seeded.cookies.secretariat);
		const watcher = connectClient(running.url, name, seeded.cookies.voting_member);
		clients.push(writer, watcher);
		await Promise.all([writer.synced, watcher.synced]);

		const headings = ['Purpose and functions', 'Membership and roles', 'Quorum', 'Decision-making and voting', 'Delegated authority'];
		for (const heading of headings) {
			writer.text.insert(writer.text.length, `${heading}\n`);
			for (let i = 0; i < 10; i++) writer.text.insert(writer.text.length, '.');
			writer.map.set(heading, { reviewed: true });
		}
		writer.map.delete('Quorum');
		const expected = writer.text.toString();
		await expect.poll(() => watcher.text.toString(), { timeout: 10_000 }).toBe(expected);
		await expect.poll(() => watcher.map.has('Quorum'), { timeout: 10_000 }).toBe(false);
		const seenMap = watcher.map.toJSON();

		// No goodbye: no flush on exit, no unload, nothing but what was stored before each relay.
		running.child.kill('SIGKILL');
		await running.exited;
		for (const client of clients.splice(0)) client.destroy();

		running = await spawnCollab(location);
		const reader = connectClient(running.url, name, seeded.cookies.observer);
		clients.push(reader);
		await reader.synced;
		expect(reader.text.toString()).toBe(expected);
		expect(reader.map.toJSON()).toEqual(seenMap);
		expect(Object.keys(seenMap)).toHaveLength(headings.length - 1);
	});
});
