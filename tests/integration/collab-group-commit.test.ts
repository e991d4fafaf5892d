import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createUpdateWriter } from '../../server/collab/update-writer';
import { createMemoryStorage, type AppendEntry, type DocumentStorage } from '../../src/lib/server/document-storage';
import { connectClient, newCollabServer, seedBody, type SeededBody, type TestClient } from '../helpers/collab';
import { newDatabase, type TestDatabase } from '../helpers/database';

// Group commit across documents (issue 13): the instance's one writer stores what every document's editors sent
// while the write before was in flight in one appendMany, relays each update only after it, and keeps compactions
// out of the way of appends.

/** Memory storage whose appendMany calls are recorded and, while `held` is set, wait to be let go. */
function gatedStorage() {
	const memory = createMemoryStorage();
	const calls: AppendEntry[][] = [];
	const compactions: string[] = [];
	let held: (() => void)[] | null = null;
	/** The number of the appendMany call (from 1) that fails. */
	let failing = 0;
	const storage: DocumentStorage = {
		...memory,
		async appendMany(entries) {
			calls.push([...entries]);
			const call = calls.length;
			if (held) await new Promise<void>((resolve) => held!.push(resolve));
			if (call === failing) throw new Error('the database is unavailable');
			return memory.appendMany(entries);
		},
		async compact(docName) {
			compactions.push(docName);
			return memory.compact(docName);
		}
	};
	return {
		storage,
		memory,
		calls,
		compactions,
		hold: () => (held = []),
		waiting: () => held?.length ?? 0,
		release() {
			const waiting = held ?? [];
			held = null;
			for (const resolve of waiting) resolve();
		},
		failCall: (call: number) => (failing = call)
	};
}

const bytes = (text: string) => {
	const doc = new Y.Doc();
	doc.getText('body').insert(0, text);
	return Y.encodeStateAsUpdate(doc);
};

describe('the update writer', () => {
	it('stores what arrives while a write is in flight, for every document, in the next appendMany, answering each in order', async () => {
		const gate = gatedStorage();
		const writer = createUpdateWriter({ storage: gate.storage });
		gate.hold();
		const first = writer.write('raci:a', [bytes('a1')]);
		await expect.poll(() => gate.waiting()).toBe(1);
		const second = writer.write('raci:b', [bytes('b1')]);
		const third = writer.write('raci:c', [bytes('c1'), bytes('c2')]);
		const fourth = writer.write('raci:a', [bytes('a2')]);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(gate.calls).toHaveLength(1);
		gate.release();
		expect(await first).toEqual([1]);
		expect(await Promise.all([second, third, fourth])).toEqual([[1], [1, 2], [2]]);
		expect(gate.calls.map((call) => call.map(({ docName }) => docName))).toEqual([['raci:a'], ['raci:b', 'raci:c', 'raci:c', 'raci:a']]);
	});

	it('fails every document of a write that fails, and writes the next group regardless', async () => {
		const gate = gatedStorage();
		const writer = createUpdateWriter({ storage: gate.storage });
		gate.failCall(1);
		const failed = await Promise.allSettled([writer.write('raci:a', [bytes('a1')]), writer.write('raci:b', [bytes('b1')])]);
		expect(failed.map(({ status }) => status)).toEqual(['rejected', 'rejected']);
		expect(await writer.write('raci:a', [bytes('a1')])).toEqual([1]);
	});

	it('starts a compaction in a gap between writes, not while one is in flight, and regardless once it has waited long enough', async () => {
		const gate = gatedStorage();
		const writer = createUpdateWriter({ storage: gate.storage, compactionWaitMs: 300 });
		await writer.write('raci:a', [bytes('a1'), bytes('a2')]);
		gate.hold();
		const inFlight = writer.write('raci:b', [bytes('b1')]);
		await expect.poll(() => gate.waiting()).toBe(1);
		const compaction = writer.compact('raci:a');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(gate.compactions).toEqual([]);
		gate.release();
		await inFlight;
		expect(await compaction).toEqual({ seq: 2, merged: 2, unreadable: 0 });
		expect(gate.compactions).toEqual(['raci:a']);

		// Writes that never stop: the compaction still runs, after its wait.
		gate.hold();
		const held = writer.write('raci:b', [bytes('b2')]);
		await expect.poll(() => gate.waiting()).toBe(1);
		const started = performance.now();
		await writer.compact('raci:b');
		expect(performance.now() - started).toBeGreaterThanOrEqual(250);
		gate.release();
		expect(await held).toEqual([2]);
	});
});

describe('group commit across documents, through the collaboration server', () => {
	let db: TestDatabase;
	let seeded: SeededBody;
	const clients: TestClient[] = [];

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedBody(db.sql, ['secretariat', 'voting_member']);
	});
	afterEach(() => {
		for (const made of clients.splice(0)) made.destroy();
	});
	afterAll(async () => db?.close());

	it('stores two documents’ updates in one write once the write before commits, and relays neither before it', async () => {
		const gate = gatedStorage();
		const collab = await newCollabServer(db, { storage: gate.storage });
		try {
			const terms = `terms-of-reference:${seeded.bodyId}`;
			const raci = `raci:${seeded.bodyId}`;
			const [termsA, termsB, raciA, raciB] = [
				connectClient(collab.url, terms, seeded.cookies.secretariat),
				connectClient(collab.url, terms, seeded.cookies.voting_member),
				connectClient(collab.url, raci, seeded.cookies.secretariat),
				connectClient(collab.url, raci, seeded.cookies.voting_member)
			];
			clients.push(termsA, termsB, raciA, raciB);
			await Promise.all(clients.map((made) => made.synced));

			gate.hold();
			termsA.text.insert(0, 'Purpose. ');
			await expect.poll(() => gate.waiting()).toBe(1);
			termsA.text.insert(termsA.text.length, 'Functions. ');
			raciA.text.insert(0, 'Procurement: R = hub.');
			await new Promise((resolve) => setTimeout(resolve, 200));
			// Held: nothing is relayed, and the others wait for the write in flight.
			expect(gate.calls).toHaveLength(1);
			expect(termsB.text.toString()).toBe('');
			expect(raciB.text.toString()).toBe('');
			gate.release();

			await expect.poll(() => termsB.text.toString()).toBe('Purpose. Functions. ');
			await expect.poll(() => raciB.text.toString()).toBe('Procurement: R = hub.');
			expect(gate.calls.map((call) => call.map(({ docName }) => docName).sort())).toEqual([[terms], [raci, terms]]);
			expect((await gate.memory.load(terms)).updates.map(({ seq }) => seq)).toEqual([1, 2]);
			expect((await gate.memory.load(raci)).updates.map(({ seq }) => seq)).toEqual([1]);

			// A failed group write closes the connection of every document in it; the clients send their changes again.
			const closes = [termsA, raciA].map((made) => new Promise<number>((resolve) => made.provider.once('connection-close', (event) => resolve(event?.code ?? 0))));
			gate.hold();
			termsA.text.insert(termsA.text.length, 'Membership. ');
			await expect.poll(() => gate.waiting()).toBe(1);
			termsA.text.insert(termsA.text.length, 'Quorum. ');
			raciA.text.insert(raciA.text.length, ' Contracting: R = hub.');
			await new Promise((resolve) => setTimeout(resolve, 200));
			// The write in flight (one update) goes through; the group after it, of both documents, fails.
			gate.failCall(4);
			gate.release();
			expect(await Promise.all(closes)).toEqual([1011, 1011]);
			await expect.poll(() => termsB.text.toString(), { timeout: 5000 }).toBe('Purpose. Functions. Membership. Quorum. ');
			await expect.poll(() => raciB.text.toString(), { timeout: 5000 }).toBe('Procurement: R = hub. Contracting: R = hub.');
		} finally {
			for (const made of clients.splice(0)) made.destroy();
			await collab.close();
		}
	});
});
