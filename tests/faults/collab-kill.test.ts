import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopChild } from '../helpers/children';
import { connectClient, seedBody, type SeededBody, type TestClient } from '../helpers/collab';
import { newDatabaseLocation, seedAndClose, type DatabaseLocation } from '../helpers/database';
import { freePort, spawnCollabServer, type PortalProcess } from '../helpers/process';
import { PROCESS_TEST_MS, scaled } from '../helpers/time';

// Issue 13's fault: the collaboration server is killed (SIGKILL) while two people co-edit. Restarted, every update it
// relayed is there; the two clients reconnect by themselves, their edits made while it was down reach each other,
// and all converge on one text. On the database the environment gives.

describe('co-editing when the server is killed', { timeout: PROCESS_TEST_MS * 2 }, () => {
	let location: DatabaseLocation;
	let seeded: SeededBody;
	const clients: TestClient[] = [];

	beforeAll(async () => {
		location = await newDatabaseLocation();
		seeded = await seedAndClose(location, (sql) => seedBody(sql, ['secretariat', 'voting_member', 'observer']));
	});
	afterAll(async () => {
		for (const client of clients) client.destroy();
		await location?.remove();
	});

	it('keeps every relayed update, and the clients reconnect and converge, edits made meanwhile included', async () => {
		const env = { DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '', PORT: String(await freePort()) };
		let server: PortalProcess = await spawnCollabServer(env);
		const name = `raci:${seeded.bodyId}`;
		const alice = connectClient(server.url, name, seeded.cookies.secretariat);
		const bob = connectClient(server.url, name, seeded.cookies.voting_member);
		clients.push(alice, bob);
		await Promise.all([alice.synced, bob.synced]);

		// A flood from both, killed part-way: what bob has seen of alice's was relayed, so it must be stored.
		for (let i = 0; i < 50; i++) {
			alice.text.insert(alice.text.length, `a${i} `);
			bob.text.insert(0, `b${i} `);
		}
		await expect.poll(() => bob.text.toString().includes('a49 '), { timeout: scaled(15_000) }).toBe(true);
		const relayed = alice.text.toString();
		await stopChild(server.child, 'SIGKILL');

		// Once both have noticed it is gone, they go on typing.
		await expect.poll(() => alice.provider.wsconnected || bob.provider.wsconnected, { timeout: scaled(15_000) }).toBe(false);
		alice.text.insert(alice.text.length, 'written offline by alice ');
		bob.text.insert(0, 'written offline by bob ');

		server = await spawnCollabServer(env);
		// Both reconnect by themselves (y-websocket retries) and converge.
		await expect.poll(() => alice.text.toString() === bob.text.toString() && alice.text.toString().includes('written offline by bob'), { timeout: scaled(30_000) }).toBe(true);
		for (const piece of ['written offline by alice', 'written offline by bob', 'a0 ', 'a49 ', 'b0 ', 'b49 ']) expect(alice.text.toString()).toContain(piece);

		// A newcomer reads the same text from storage: nothing relayed was lost, and the reconnected edits were stored.
		const carol = connectClient(server.url, name, seeded.cookies.observer);
		clients.push(carol);
		await carol.synced;
		await expect.poll(() => carol.text.toString(), { timeout: scaled(15_000) }).toBe(alice.text.toString());
		for (const piece of relayed.split(' ').filter(Boolean)) expect(carol.text.toString()).toContain(piece);
		await stopChild(server.child, 'SIGTERM');
	});
});
