import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage, type DocumentStorage } from '../../src/lib/server/document-storage';
import { connectClient, newCollabServer, seedBody, type SeededBody, type TestClient, type TestCollab } from '../helpers/collab';
import { scaled } from '../helpers/time';
import { newDatabase, type TestDatabase } from '../helpers/database';

describe('no editor can stall a document', () => {
	let db: TestDatabase;
	let seeded: SeededBody;
	const servers: TestCollab[] = [];
	const clients: TestClient[] = [];
	let count = 0;
	const doc = () => `terms-of-reference:${seeded.bodyId}-${++count}`.replace(/-\d+$/, '');
	const client = (server: TestCollab, name: string, cookie: string) => {
		const made = connectClient(server.url, name, cookie);
		clients.push(made);
		return made;
	};
	const server = async (options: Parameters<typeof newCollabServer>[1] = {}) => {
		const made = await newCollabServer(db, options);
		servers.push(made);
		return made;
	};

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedBody(db.sql, ['secretariat', 'voting_member', 'observer']);
	});
	afterEach(async () => {
		for (const made of clients.splice(0)) made.destroy();
		for (const made of servers.splice(0)) await made.close();
		await db.sql`delete from document_updates`;
		await db.sql`delete from document_snapshots`;
		await db.sql`delete from documents`;
	});
	afterAll(async () => db?.close());

	/** One editor sends 5,000 one-character updates; another types a word; how long until a third sees it. */
	async function flood(collab: TestCollab) {
		const name = doc();
		const flooder = client(collab, name, seeded.cookies.secretariat);
		const typist = client(collab, name, seeded.cookies.voting_member);
		const watcher = client(collab, name, seeded.cookies.observer);
		await Promise.all([flooder.synced, typist.synced, watcher.synced]);
		const closes: number[] = [];
		flooder.provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? 0));
		for (let i = 0; i < 5_000; i++) flooder.text.insert(flooder.text.length, 'x');
		const typed = performance.now();
		typist.text.insert(0, 'Quorum: ');
		let seenAfter = Number.POSITIVE_INFINITY;
		let floodSeenWhenWordSeen = 0;
		await new Promise<void>((resolve) => {
			const look = () => {
				if (!watcher.text.toString().includes('Quorum: ')) return;
				seenAfter = performance.now() - typed;
				floodSeenWhenWordSeen = watcher.text.toString().replace('Quorum: ', '').length;
				watcher.text.unobserve(look);
				resolve();
			};
			watcher.text.observe(look);
			look();
		});
		return { name, flooder, watcher, seenAfter, floodSeenWhenWordSeen, closes };
	}

	it('another editor’s word is not queued behind one editor’s flood: writes are grouped, the smallest first', async () => {
		// Storage that takes 20 ms a write, as a busy disk might: one write per update would put the word 100 s
		// behind the flood. No rate limit in the way here: this is the write path alone. (The time it takes on
		// this machine, side by side with the write-per-update way, is in bench/collab-flood.ts.)
		const postgres = createPostgresStorage(db.sql);
		const slow: DocumentStorage = {
			...postgres,
			appendMany: async (entries) => {
				await new Promise((resolve) => setTimeout(resolve, 20));
				return postgres.appendMany(entries);
			}
		};
		const collab = await server({ updateBurst: 1_000_000, updatesPerSecond: 1_000_000, storage: slow });
		const { flooder, watcher, seenAfter, floodSeenWhenWordSeen } = await flood(collab);
		expect(floodSeenWhenWordSeen).toBeLessThan(5_000);
		expect(seenAfter).toBeLessThan(scaled(5_000));
		await expect.poll(() => watcher.text.length, { timeout: 30_000 }).toBe(5_000 + 'Quorum: '.length);
		expect(watcher.text.toString()).toBe(flooder.text.toString());
	});

	it('closes a connection that sends more than its limit, and its client sends what was not stored when it reconnects', async () => {
		const collab = await server({ updateBurst: 500, updatesPerSecond: 100 });
		const { name, flooder, watcher, closes } = await flood(collab);
		await expect.poll(() => watcher.text.length, { timeout: 30_000 }).toBe(5_000 + 'Quorum: '.length);
		expect(watcher.text.toString()).toBe(flooder.text.toString());
		// Told, by the close (1013: try again later), not silently dropped; and nothing of the flood is lost in storage.
		expect(closes).toContain(1013);
		const late = client(collab, name, seeded.cookies.observer);
		await late.synced;
		expect(late.text.length).toBe(5_000 + 'Quorum: '.length);
	});

	it('refuses the update that would take a document past its size limit, telling its editor', async () => {
		const collab = await server({ maxDocumentBytes: 20_000 });
		const name = doc();
		const writer = client(collab, name, seeded.cookies.secretariat);
		const watcher = client(collab, name, seeded.cookies.observer);
		await Promise.all([writer.synced, watcher.synced]);
		writer.text.insert(0, 'Purpose and functions. ');
		await expect.poll(() => watcher.text.toString()).toBe('Purpose and functions. ');
		const closed = new Promise<number>((resolve) => writer.provider.once('connection-close', (event) => resolve(event?.code ?? 0)));
		writer.text.insert(writer.text.length, 'x'.repeat(30_000));
		// 4413: final, so y-websocket does not try again with the same change.
		expect(await closed).toBe(4413);
		await expect.poll(() => writer.refusals.at(-1)).toBe(
			'This document has reached its size limit of 20 KB, so your last change was not saved. Save a version of it and ask the administrator what to do next.'
		);
		const late = client(collab, name, seeded.cookies.observer);
		await late.synced;
		expect(late.text.toString()).toBe('Purpose and functions. ');
	});
});
