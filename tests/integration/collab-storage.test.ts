import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStorage, createPostgresStorage, type DocumentStorage, type StoredDocument } from '../../src/lib/server/document-storage';
import { openDatabase } from '../../src/lib/server/db';
import { newDatabase, quietLog, type TestDatabase } from '../helpers/database';
import { seededRandom } from '../helpers/seeded-random';

/**
 * One suite, run against every implementation of the storage seam: what the collaboration server relies on is
 * what each must do (as yjs/y-redis tests/storage.tests.js does for its storages).
 */
/**
 * Each opens a storage and `racing`, a second instance's view of the same documents: on PostgreSQL a client with a
 * pool of its own (on the embedded database, which is one process's, its one connection again); in memory the same
 * storage, since there is no other instance.
 */
const implementations: [name: string, open: () => Promise<{ storage: DocumentStorage; racing: DocumentStorage; close(): Promise<void> }>][] = [
	[
		'in memory',
		async () => {
			const storage = createMemoryStorage();
			return { storage, racing: storage, close: async () => {} };
		}
	],
	[
		'PostgreSQL',
		async () => {
			const db: TestDatabase = await newDatabase();
			const other = db.databaseUrl ? await openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, log: quietLog }) : null;
			return {
				storage: createPostgresStorage(db.sql),
				racing: createPostgresStorage(other?.sql ?? db.sql),
				async close() {
					await other?.close();
					await db.close();
				}
			};
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
	let racing: DocumentStorage;
	let close: () => Promise<void>;

	beforeAll(async () => {
		({ storage, racing, close } = await open());
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

	it('appends to several documents at once: each document’s numbers consecutive, in the order given, after what it had', async () => {
		const a = editor();
		const b = editor();
		for (const word of ['Terms ', 'of ', 'reference']) a.text.insert(a.text.length, word);
		for (const word of ['Quorum ', 'and ', 'votes']) b.text.insert(b.text.length, word);
		expect(await storage.appendMany([])).toEqual([]);
		expect(await storage.append('terms-of-reference:many-b', b.updates[0]!)).toBe(1);
		const seqs = await storage.appendMany([
			{ docName: 'terms-of-reference:many-a', update: a.updates[0]! },
			{ docName: 'terms-of-reference:many-b', update: b.updates[1]! },
			{ docName: 'terms-of-reference:many-a', update: a.updates[1]! },
			{ docName: 'terms-of-reference:many-a', update: a.updates[2]! },
			{ docName: 'terms-of-reference:many-b', update: b.updates[2]! }
		]);
		expect(seqs).toEqual([1, 2, 2, 3, 3]);
		const storedA = await storage.load('terms-of-reference:many-a');
		const storedB = await storage.load('terms-of-reference:many-b');
		expect(storedA.updates.map((u) => [u.seq, [...u.update]])).toEqual(a.updates.map((u, i) => [i + 1, [...u]]));
		expect(storedB.updates.map((u) => [u.seq, [...u.update]])).toEqual(b.updates.map((u, i) => [i + 1, [...u]]));
		expect(rebuild(storedA).getText('body').toString()).toBe('Terms of reference');
		expect(rebuild(storedB).getText('body').toString()).toBe('Quorum and votes');
		expect(await storage.append('terms-of-reference:many-a', a.updates[0]!)).toBe(4);
	});

	it('keeps what appendMany stored unchanged when the caller later changes its arrays', async () => {
		const a = editor();
		a.text.insert(0, 'x');
		const bytes = new Uint8Array(a.updates[0]!);
		const [seq] = await storage.appendMany([{ docName: 'raci:many-copies', update: bytes }]);
		bytes.fill(0);
		expect((await storage.load('raci:many-copies')).updates).toEqual([{ seq, update: a.updates[0] }]);
	});

	it('never gives a hole or a duplicate when many appendMany calls race, from this instance and a second one', async () => {
		const random = seededRandom(20261206);
		const names = Array.from({ length: 6 }, (_, i) => `priorities:race-${i}:2015-16`);
		const editors = names.map(() => editor());
		// Each document's updates, made one by one, then handed out in random groups across random calls.
		for (let i = 0; i < 240; i++) {
			const made = editors[Math.floor(random() * editors.length)]!;
			made.text.insert(Math.floor(random() * (made.text.length + 1)), 'abcdefghij'[i % 10]!);
		}
		const waiting = editors.map((made, d) => made.updates.map((update) => ({ docName: names[d]!, update })));
		const calls: { via: DocumentStorage; entries: { docName: string; update: Uint8Array }[] }[] = [];
		while (waiting.some((left) => left.length > 0)) {
			const entries: { docName: string; update: Uint8Array }[] = [];
			const size = 1 + Math.floor(random() * 12);
			for (let k = 0; k < size; k++) {
				const left = waiting.filter((queue) => queue.length > 0);
				if (left.length === 0) break;
				// Taken from the front of a random document's queue, so documents interleave within a call.
				entries.push(left[Math.floor(random() * left.length)]!.shift()!);
			}
			calls.push({ via: random() < 0.5 ? storage : racing, entries });
		}
		const results = await Promise.all(calls.map(({ via, entries }) => via.appendMany(entries)));

		for (const [d, name] of names.entries()) {
			const given = new Map<number, Uint8Array>();
			for (const [c, { entries }] of calls.entries()) {
				const mine = entries.map((entry, e) => ({ entry, seq: results[c]![e]! })).filter(({ entry }) => entry.docName === name);
				// Within one call a document's numbers are consecutive, in the order given.
				expect(mine.map(({ seq }) => seq - mine[0]!.seq)).toEqual(mine.map((_, k) => k));
				for (const { entry, seq } of mine) {
					expect(given.has(seq)).toBe(false);
					given.set(seq, entry.update);
				}
			}
			const count = editors[d]!.updates.length;
			expect([...given.keys()].sort((x, y) => x - y)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
			const stored = await storage.load(name);
			expect(stored.seq).toBe(count);
			expect(stored.updates.map(({ seq, update }) => [seq, [...update]])).toEqual([...given].sort(([x], [y]) => x - y).map(([seq, update]) => [seq, [...update]]));
			expect(rebuild(stored).getText('body').toString()).toBe(editors[d]!.text.toString());
		}
	});
});
