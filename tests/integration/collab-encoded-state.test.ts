import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { LiveDocument, type Connection } from '../../server/collab/document';
import { createInlineEncoder, createWorkerEncoder, type StateEncoder } from '../../server/collab/state-encoder';
import { createMemoryStorage, createPostgresStorage, type DocumentStorage } from '../../src/lib/server/document-storage';
import { connectClient, newCollabServer, seedBody, type SeededBody, type TestClient, type TestCollab } from '../helpers/collab';
import { newDatabase, type TestDatabase } from '../helpers/database';

// A loaded document keeps its state as the encoded updates that made it, so that a client loading it is not made to
// wait while the whole document is encoded again (issue 13, scenario 3). That kept state must always be the
// document: merged, exactly what Y.encodeStateAsUpdate gives, after any updates in any order; and a client answered
// from it must end with the document.

const log = pino({ level: 'silent' });
const connection = { ws: null, user: { id: 'editor' }, permission: 'edit', awarenessIds: new Set(), toldReadOnly: false } as unknown as Connection;

function liveDocument(storage: DocumentStorage, encoder: StateEncoder, largeStateBytes: number, name = 'terms-of-reference:doc'): LiveDocument {
	return new LiveDocument({ name, storage, fanout: null, log, compactEvery: 7, gapGraceMs: 50, largeStateBytes, encoder, send: () => {}, fail: () => {} });
}

/** Until every accepted update is stored and applied. */
async function settled(document: LiveDocument, seq: number): Promise<void> {
	await expect.poll(() => document.seq, { interval: 1 }).toBe(seq);
}

/**
 * That `update` holds the same state as `doc`: the same structs (clocks, including any still waiting for one
 * they depend on), the same deletions, the same content. Not the same bytes: an update made by merging splits
 * runs of characters where a document that took them one by one has joined them.
 */
function expectSameState(update: Uint8Array, doc: Y.Doc): void {
	const rebuilt = new Y.Doc();
	Y.applyUpdate(rebuilt, update);
	expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(doc));
	expect(Y.equalSnapshots(Y.snapshot(rebuilt), Y.snapshot(doc))).toBe(true);
	expect(Y.parseUpdateMeta(Y.encodeStateAsUpdate(rebuilt))).toEqual(Y.parseUpdateMeta(Y.encodeStateAsUpdate(doc)));
	expect(rebuilt.getText('body').toString()).toBe(doc.getText('body').toString());
	expect(rebuilt.getMap('rules').toJSON()).toEqual(doc.getMap('rules').toJSON());
	rebuilt.destroy();
}

/** Applies the frames of a sync answer to `doc`, as a y-websocket client would. */
function receive(doc: Y.Doc, frames: Uint8Array[]): void {
	for (const frame of frames) {
		const decoder = decoding.createDecoder(frame);
		expect(decoding.readVarUint(decoder)).toBe(0);
		syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
	}
}

/** Edits by three people, each on a copy of its own: what each change was, and the update it made. */
const edits = fc.array(
	fc.record({
		author: fc.integer({ min: 0, max: 2 }),
		kind: fc.constantFrom('insert', 'delete', 'set'),
		at: fc.nat(),
		text: fc.string({ minLength: 1, maxLength: 6 }),
		/** Whether the author first takes in everything the others did before (otherwise the edit is concurrent). */
		catchUp: fc.boolean()
	}),
	{ minLength: 1, maxLength: 80 }
);

function makeUpdates(list: { author: number; kind: string; at: number; text: string; catchUp: boolean }[]): Uint8Array[] {
	const authors = [0, 1, 2].map((i) => {
		const doc = new Y.Doc();
		doc.clientID = 100 + i;
		return doc;
	});
	const updates: Uint8Array[] = [];
	for (const edit of list) {
		const doc = authors[edit.author]!;
		if (edit.catchUp) for (const other of authors) if (other !== doc) Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
		const before = Y.encodeStateVector(doc);
		const text = doc.getText('body');
		if (edit.kind === 'insert') text.insert(edit.at % (text.length + 1), edit.text);
		else if (edit.kind === 'delete' && text.length > 0) text.delete(edit.at % text.length, 1 + (edit.at % 3));
		else doc.getMap('rules').set(edit.text, edit.at);
		updates.push(Y.encodeStateAsUpdate(doc, before));
	}
	return updates;
}

describe('the encoded state a loaded document keeps', () => {
	const worker = createWorkerEncoder(log);
	afterAll(() => worker.close());

	for (const [label, largeStateBytes] of [
		['a small document, merged on the event loop', 64 * 1024],
		['a large one, merged and diffed off it', 0]
	] as const) {
		it(`holds what Y.encodeStateAsUpdate of the document holds, after every update, in any order (${label})`, async () => {
			await fc.assert(
				fc.asyncProperty(edits, fc.nat(), fc.nat(), async (list, storedCount, seed) => {
					const updates = makeUpdates(list);
					// Some already stored (and merged) when the document loads; the rest arrive in a shuffled order, so
					// some depend on updates not yet there.
					const storage = createMemoryStorage();
					const preloaded = storedCount % (updates.length + 1);
					for (const update of updates.slice(0, preloaded)) await storage.append('terms-of-reference:doc', update);
					if (preloaded > 3) await storage.compact('terms-of-reference:doc');
					const rest = updates.slice(preloaded);
					for (let i = rest.length - 1; i > 0; i--) {
						const j = (seed + i * 7919) % (i + 1);
						[rest[i], rest[j]] = [rest[j]!, rest[i]!];
					}
					const document = liveDocument(storage, createInlineEncoder(), largeStateBytes);
					await document.load();
					expectSameState(await document.encodedState(), document.doc);
					let seq = preloaded;
					for (const update of rest) {
						document.accept(connection, update);
						await settled(document, ++seq);
						expectSameState(await document.encodedState(), document.doc);
					}
					await document.destroy();
				}),
				{ numRuns: 40 }
			);
		});
	}

	it('answers a sync from it, with the worker, so that a client with nothing and one with part of it each end with the document', async () => {
		await fc.assert(
			fc.asyncProperty(edits, fc.nat(), async (list, split) => {
				const updates = makeUpdates(list);
				const document = liveDocument(createMemoryStorage(), worker, 0);
				await document.load();
				const known = split % (updates.length + 1);
				const client = new Y.Doc();
				for (const update of updates.slice(0, known)) Y.applyUpdate(client, update);
				// A client that already held some of it has changes of its own too.
				client.getText('body').insert(0, 'offline ');
				for (const [i, update] of updates.entries()) {
					document.accept(connection, update);
					await settled(document, i + 1);
				}
				const newcomer = new Y.Doc();
				receive(newcomer, await document.syncAnswer(Y.encodeStateVector(newcomer)));
				receive(client, await document.syncAnswer(Y.encodeStateVector(client)));
				expectSameState(Y.encodeStateAsUpdate(newcomer), document.doc);
				// The client has all of the document, and its own change besides.
				expect(Y.encodeStateAsUpdate(client, Y.encodeStateVector(newcomer)).byteLength).toBeGreaterThan(2);
				Y.applyUpdate(newcomer, Y.encodeStateAsUpdate(client));
				expect(newcomer.getText('body').toString()).toBe(client.getText('body').toString());
				expect(newcomer.getMap('rules').toJSON()).toEqual(document.doc.getMap('rules').toJSON());
				await document.destroy();
			}),
			{ numRuns: 30 }
		);
	});
});

describe('syncs answered from the kept encoded state, through the server', () => {
	let db: TestDatabase;
	let server: TestCollab;
	let seeded: SeededBody;
	const clients: TestClient[] = [];
	const client = (cookie: string) => {
		const made = connectClient(server.url, `terms-of-reference:${seeded.bodyId}`, cookie);
		clients.push(made);
		return made;
	};

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedBody(db.sql, ['secretariat', 'voting_member', 'observer']);
		// Every document counts as large: every sync goes through the kept state and the worker.
		server = await newCollabServer(db, { largeStateBytes: 0, idleMs: 100 });
	});
	afterAll(async () => {
		for (const made of clients) made.destroy();
		await server?.close();
		await db?.close();
	});

	it('brings a newcomer, a returning editor with offline changes and one joining mid-typing to the same document', async () => {
		const name = `terms-of-reference:${seeded.bodyId}`;
		// Already stored: a snapshot and a log after it, as a document is found after a restart.
		const storage = createPostgresStorage(db.sql);
		const author = new Y.Doc();
		author.on('update', (update: Uint8Array) => void storage.append(name, update));
		for (let i = 0; i < 30; i++) author.getText('body').insert(Math.floor(author.getText('body').length / 2), `stored ${i}. `);
		await expect.poll(async () => (await storage.load(name)).seq).toBe(30);
		await storage.compact(name);
		author.getText('body').insert(0, 'After the snapshot. ');
		await expect.poll(async () => (await storage.load(name)).seq).toBe(31);

		const a = client(seeded.cookies.secretariat);
		await a.synced;
		expect(a.text.toString()).toBe(author.getText('body').toString());

		const b = client(seeded.cookies.voting_member);
		await b.synced;
		b.provider.disconnect();
		a.text.insert(0, 'While B was away. ');
		b.text.insert(b.text.length, ' B offline.');
		b.provider.connect();

		const typing = (async () => {
			for (let i = 0; i < 40; i++) {
				a.text.insert(a.text.length, `${i % 10}`);
				await new Promise((resolve) => setTimeout(resolve, 2));
			}
		})();
		const c = client(seeded.cookies.observer);
		await Promise.all([typing, c.synced]);

		await expect.poll(() => a.text.toString() === b.text.toString() && b.text.toString() === c.text.toString(), { timeout: 10_000 }).toBe(true);
		expect(a.text.toString()).toContain('While B was away.');
		expect(a.text.toString()).toContain(' B offline.');
		// B's change, made at the end while A typed there, may fall among A's digits.
		expect(a.text.toString().replace(' B offline.', '')).toContain('0123456789'.repeat(4));
		expectSameState(Y.encodeStateAsUpdate(c.doc), server.collab.loadedDocument(name)!);
	});
});
