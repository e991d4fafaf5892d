import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStorage, createPostgresStorage, type DocumentStorage, type StoredDocument } from '../../src/lib/server/document-storage';
import { newDatabase, type TestDatabase } from '../helpers/database';

/**
 * One suite, run against every implementation of the storage seam: what the collaboration server relies on is
 * what each must do (as yjs/y-redis tests/storage.tests.js does for its storages).
 */
const implementations: [name: string, open: () => Promise<{ storage: DocumentStorage; close(): Promise<void> }>][] = [
	['in memory', async () => ({ storage: createMemoryStorage(), close: async () => {} })],
	[
		'PostgreSQL',
		async () => {
			const db: TestDatabase = await newDatabase();
			return { storage: createPostgresStorage(db.sql), close: () => db.close() };
		}
	]
];

/** A document that records each of its updates, to append them one by one. */
function editor() {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	return { doc, text: doc.getText('body'), updates };
}

function rebuild(stored: StoredDocument): Y.Doc {
	const doc = new Y.Doc();
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
	for (const { update } of stored.updates) Y.applyUpdate(doc, update);
	return doc;
}

describe.each(implementations)('document storage: %s', (_name, open) => {
	let storage: DocumentStorage;
	let close: () => Promise<void>;

	beforeAll(async () => {
		({ storage, close } = await open());
	});
	afterAll(async () => close?.());

	it('loads a document never written as empty', async () => {
		expect(await storage.load('raci:never-written')).toEqual({ snapshot: null, snapshotSeq: 0, updates: [], seq: 0 });
	});

	it('numbers each document’s updates 1, 2, 3… and gives them back in order, byte for byte', async () => {
		const a = editor();
		a.text.insert(0, 'Purpose and functions');
		a.text.insert(0, '1. ');
		a.doc.getMap('rules').set('quorum', 'half');
		const seqs = [];
		for (const update of a.updates) seqs.push(await storage.append('terms-of-reference:a', update));
		seqs.push(await storage.append('terms-of-reference:b', a.updates[0]!));
		expect(seqs).toEqual([1, 2, 3, 1]);

		const stored = await storage.load('terms-of-reference:a');
		expect(stored.seq).toBe(3);
		expect(stored.snapshot).toBeNull();
		expect(stored.updates.map((u) => u.seq)).toEqual([1, 2, 3]);
		expect(stored.updates.map((u) => [...u.update])).toEqual(a.updates.map((u) => [...u]));
		const copy = rebuild(stored);
		expect(copy.getText('body').toString()).toBe('1. Purpose and functions');
		expect(copy.getMap('rules').get('quorum')).toBe('half');
	});

	it('gives only what follows a sequence number', async () => {
		const stored = await storage.load('terms-of-reference:a', 2);
		expect(stored.updates.map((u) => u.seq)).toEqual([3]);
		expect(stored.seq).toBe(3);
		expect((await storage.load('terms-of-reference:a', 3)).updates).toEqual([]);
	});

	it('keeps what is stored unchanged when the caller later changes its array', async () => {
		const update = editor();
		update.text.insert(0, 'x');
		const bytes = new Uint8Array(update.updates[0]!);
		const seq = await storage.append('raci:copies', bytes);
		bytes.fill(0);
		const [stored] = (await storage.load('raci:copies')).updates;
		expect(stored).toEqual({ seq, update: update.updates[0] });
	});

	it('hands out distinct, consecutive numbers to appends made at the same time', async () => {
		const a = editor();
		for (let i = 0; i < 20; i++) a.text.insert(i, String(i % 10));
		const seqs = await Promise.all(a.updates.map((update) => storage.append('priorities:c:2015-16', update)));
		expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
		expect(rebuild(await storage.load('priorities:c:2015-16')).getText('body').toString()).toBe(a.text.toString());
	});

	it('merges the log into a snapshot, deletes what it merged, and numbers on from there', async () => {
		const a = editor();
		a.text.insert(0, 'Quorum: half the voting members');
		a.text.delete(0, 8);
		a.text.insert(0, 'Quorum — ');
		for (const update of a.updates) await storage.append('terms-of-reference:d', update);

		const compaction = await storage.compact('terms-of-reference:d');
		expect(compaction).toEqual({ seq: 3, merged: 3, unreadable: 0 });
		const compacted = await storage.load('terms-of-reference:d');
		expect(compacted).toMatchObject({ snapshotSeq: 3, updates: [], seq: 3 });
		expect(rebuild(compacted).getText('body').toString()).toBe(a.text.toString());

		a.text.insert(a.text.length, '.');
		expect(await storage.append('terms-of-reference:d', a.updates.at(-1)!)).toBe(4);
		const after = await storage.load('terms-of-reference:d');
		expect(after.snapshotSeq).toBe(3);
		expect(after.updates.map((u) => u.seq)).toEqual([4]);
		expect(rebuild(after).getText('body').toString()).toBe(a.text.toString());
		expect(await storage.compact('terms-of-reference:d')).toEqual({ seq: 4, merged: 1, unreadable: 0 });
		expect(await storage.compact('terms-of-reference:d')).toEqual({ seq: 4, merged: 0, unreadable: 0 });
	});

	it('sends the snapshot to a reader who is behind it, and not to one who is past it', async () => {
		const behind = await storage.load('terms-of-reference:d', 1);
		expect(behind.snapshot).not.toBeNull();
		expect(behind.seq).toBe(4);
		const past = await storage.load('terms-of-reference:d', 4);
		expect(past).toEqual({ snapshot: null, snapshotSeq: 0, updates: [], seq: 4 });
	});

	it('loses nothing when a compaction runs while updates are appended', async () => {
		const a = editor();
		for (let i = 0; i < 30; i++) a.text.insert(i, 'abcdefghij'[i % 10]!);
		const name = 'raci:busy';
		for (const update of a.updates.slice(0, 10)) await storage.append(name, update);
		const [compaction] = await Promise.all([
			storage.compact(name),
			...a.updates.slice(10).map((update) => storage.append(name, update))
		]);
		expect(compaction.merged).toBeGreaterThanOrEqual(10);
		const stored = await storage.load(name);
		expect(stored.seq).toBe(30);
		expect(rebuild(stored).getText('body').toString()).toBe(a.text.toString());
	});
});
