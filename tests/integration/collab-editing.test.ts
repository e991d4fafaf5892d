import { randomUUID } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStorage, createPostgresStorage, type DocumentStorage } from '../../src/lib/server/document-storage';
import { colourFor } from '../../src/lib/components/documents/presence';
import * as membership from '../../src/lib/server/membership';
import * as session from '../../src/lib/server/session';
import { connectClient, newCollabServer, rawClient, seedBody, type SeededBody, type TestClient, type TestCollab } from '../helpers/collab';
import { newDatabase, type TestDatabase } from '../helpers/database';
import { scaled } from '../helpers/time';

const MAX_PAYLOAD = 64 * 1024;
const IDLE_MS = 150;
const COMPACT_EVERY = 20;
const RECHECK_MS = 100;

describe('collaboration server: editing, permissions, refusals, unloading', () => {
	let db: TestDatabase;
	let server: TestCollab;
	let seeded: SeededBody;
	const clients: TestClient[] = [];

	const doc = (kind: 'terms-of-reference' | 'raci' = 'terms-of-reference') => `${kind}:${seeded.bodyId}`;
	const client = (docName: string, cookie: string | null) => {
		const made = connectClient(server.url, docName, cookie);
		clients.push(made);
		return made;
	};
	/** The document as storage has it: what a restart would load. */
	const stored = async (docName: string) => rebuildFrom(await createPostgresStorage(db.sql).load(docName));

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedBody(db.sql);
		server = await newCollabServer(db, { idleMs: IDLE_MS, maxPayload: MAX_PAYLOAD, compactEvery: COMPACT_EVERY, gapGraceMs: 50, recheckIntervalMs: RECHECK_MS });
	});
	afterEach(() => {
		for (const made of clients.splice(0)) made.destroy();
	});
	afterAll(async () => {
		await server?.close();
		await db?.close();
	});

	it('brings two editors to the same text and rules, and stores it', async () => {
		const a = client(doc(), seeded.cookies.secretariat);
		const b = client(doc(), seeded.cookies.voting_member);
		await Promise.all([a.synced, b.synced]);
		// Concurrent: neither has seen the other's change when making its own.
		a.text.insert(0, 'Purpose and functions. ');
		b.text.insert(0, 'Quorum: half the voting members. ');
		a.map.set('quorum', { fraction: '1/2', requires: ['chair_or_vice_chair'] });
		b.map.set('noticeDays', 30);
		// Then one at a time at the end, each seen by the other before the next: writes that arrive together are
		// stored as one, and this is about the log growing past COMPACT_EVERY stored updates.
		await expect.poll(() => a.text.toString().includes('Quorum: half')).toBe(true);
		for (let i = 0; i < 30; i++) {
			a.text.insert(a.text.length, String(i % 10));
			await expect.poll(() => b.text.toString().includes('0123456789'.repeat(3).slice(0, i + 1))).toBe(true);
		}

		const complete = (client: TestClient) =>
			client.text.toString().includes('Quorum: half') && client.text.toString().includes('0123456789'.repeat(3)) && client.map.size === 2;
		await expect.poll(() => complete(a) && complete(b), { timeout: 5000 }).toBe(true);
		expect(a.text.toString()).toBe(b.text.toString());
		expect(a.map.toJSON()).toEqual(b.map.toJSON());
		expect(a.text.toString()).toContain('Purpose and functions');
		expect(b.map.get('noticeDays')).toBe(30);
		expect(b.map.get('quorum')).toEqual({ fraction: '1/2', requires: ['chair_or_vice_chair'] });

		// Every update relayed was stored first; past COMPACT_EVERY of them, the log is merged into a snapshot.
		const copy = await stored(doc());
		expect(copy.getText('body').toString()).toBe(a.text.toString());
		expect(copy.getMap('rules').toJSON()).toEqual(a.map.toJSON());
		const [snapshot] = await db.sql`select seq from document_snapshots where doc_name = ${doc()}`;
		expect(Number(snapshot?.seq)).toBeGreaterThanOrEqual(COMPACT_EVERY);
	});

	it("refuses an observer's and a PPV representative's changes: never applied, stored or relayed; their presence is", async () => {
		const editor = client(doc('raci'), seeded.cookies.secretariat);
		await editor.synced;
		editor.text.insert(0, 'Needs assessment: R = hub, A = oversight group.');
		await expect.poll(async () => (await stored(doc('raci'))).getText('body').toString()).toContain('Needs assessment');

		for (const seat of ['observer', 'ppv_representative'] as const) {
			const reader = client(doc('raci'), seeded.cookies[seat]);
			await reader.synced;
			expect(reader.text.toString()).toBe(editor.text.toString());
			reader.provider.awareness.setLocalStateField('user', { name: `The ${seat}` });
			reader.text.insert(0, `${seat} rewrote this. `);
			reader.map.set('accountable', seat);

			await expect.poll(() => reader.refusals.length, { timeout: 5000 }).toBe(1);
			expect(reader.refusals[0]).toMatch(seat === 'observer' ? /Observers can read/ : /PPV representatives comment/);
			// Presence is relayed: the editor sees the reader's cursor, under the name the server knows them by.
			await expect.poll(() => editor.provider.awareness.getStates().get(reader.doc.clientID)?.user).toEqual({
				id: seeded.userIds[seat],
				name: `The ${seat.replace('_', ' ')}`,
				color: colourFor(seeded.userIds[seat])
			});
			// A later edit reaches the reader, and the reader's edit never reached the editor.
			editor.text.insert(editor.text.length, ` (${seat} check)`);
			await expect.poll(() => reader.text.toString()).toContain(`(${seat} check)`);
			expect(editor.text.toString()).not.toContain('rewrote');
			expect(editor.map.has('accountable')).toBe(false);
		}

		const copy = await stored(doc('raci'));
		expect(copy.getText('body').toString()).toBe(editor.text.toString());
		expect(copy.getText('body').toString()).not.toContain('rewrote');
		expect(copy.getMap('rules').has('accountable')).toBe(false);
		// A newcomer gets the document without the refused changes.
		const late = client(doc('raci'), seeded.cookies.voting_member);
		await late.synced;
		expect(late.text.toString()).toBe(editor.text.toString());
	});

	it('answers the upgrade with 401, 403 or 404 and sends nothing of the document when it should not open', async () => {
		const cases: [docName: string, headers: Record<string, string>, status: number][] = [
			[doc(), {}, 401],
			[doc(), { cookie: 'session=not-a-real-token' }, 401],
			[doc(), { cookie: 'theme=dark' }, 401],
			[doc(), { cookie: seeded.cookies.outsider }, 403],
			[doc(), { cookie: seeded.cookies.secretariat, origin: 'https://elsewhere.example' }, 403],
			[`terms-of-reference:${randomUUID()}`, { cookie: seeded.cookies.administrator }, 404],
			[`minutes:${seeded.bodyId}`, { cookie: seeded.cookies.secretariat }, 404],
			[`raci:${seeded.bodyId.toUpperCase()}`, { cookie: seeded.cookies.secretariat }, 404],
			[`priorities:${seeded.bodyId}:2015-17`, { cookie: seeded.cookies.secretariat }, 404],
			[`priorities:${seeded.bodyId}:2015/16`, { cookie: seeded.cookies.secretariat }, 404],
			['%E0%A4%A', { cookie: seeded.cookies.secretariat }, 404]
		];
		for (const [docName, headers, status] of cases) {
			const raw = rawClient(server.url, docName, headers);
			expect(await raw.opened, `${docName} ${JSON.stringify(headers)}`).toEqual({ status });
			expect(raw.frames).toEqual([]);
		}
		// The same people, where they may: the administrator anywhere, a member in their own body's plan.
		const allowed = rawClient(server.url, `priorities:${seeded.bodyId}:2015-16`, { cookie: seeded.cookies.administrator });
		expect(await allowed.opened).toEqual({ status: 101 });
		allowed.ws.close();
		expect(server.collab.stats().connections).toBeLessThanOrEqual(1);
	});

	it('closes a connection that sends a malformed, unknown or oversized frame, and the others carry on', async () => {
		const a = client(doc(), seeded.cookies.secretariat);
		const b = client(doc(), seeded.cookies.voting_member);
		await Promise.all([a.synced, b.synced]);
		const head = async () => Number((await db.sql`select seq from documents where name = ${doc()}`)[0]!.seq);
		const before = await head();

		const frame = (...parts: (number | Uint8Array)[]) => {
			const encoder = encoding.createEncoder();
			for (const part of parts) typeof part === 'number' ? encoding.writeVarUint(encoder, part) : encoding.writeVarUint8Array(encoder, part);
			return encoding.toUint8Array(encoder);
		};
		const cases: [what: string, send: Uint8Array | string, code: number][] = [
			['a text frame', 'hello', 1003],
			['an unknown message type', frame(99), 1003],
			['an unknown sync message', frame(0, 7, new Uint8Array([0, 0])), 1003],
			['an empty frame', new Uint8Array(0), 1007],
			['a truncated update', new Uint8Array([0, 2, 5, 1, 2]), 1007],
			['an update that is not Yjs', frame(0, 2, new Uint8Array([3, 255, 255, 255])), 1007],
			['a state vector that is not one', frame(0, 0, new Uint8Array([5, 1])), 1007],
			['awareness that is not JSON', frame(1, new Uint8Array([1, 7, 1, 3, 123, 123, 123])), 1007],
			['a frame over the size limit', frame(0, 2, new Uint8Array(MAX_PAYLOAD + 1)), 1009]
		];
		for (const [what, payload, code] of cases) {
			const raw = rawClient(server.url, doc(), { cookie: seeded.cookies.secretariat });
			expect(await raw.opened).toEqual({ status: 101 });
			raw.ws.send(payload);
			expect((await raw.closed).code, what).toBe(code);
			a.text.insert(a.text.length, '.');
		}

		await expect.poll(() => b.text.toString(), { timeout: scaled(20_000) }).toMatch(new RegExp(`\\.{${cases.length}}$`));
		expect(b.text.toString()).toBe(a.text.toString());
		// The editor's full stops were stored, and nothing from the closed connections. Updates that arrive while a
		// write is in flight are stored as one (collab/document.ts), so on a busy machine nine full stops may take
		// fewer than nine entries in the log: never more, never none.
		const grew = (await head()) - before;
		expect(grew).toBeGreaterThanOrEqual(1);
		expect(grew).toBeLessThanOrEqual(cases.length);
		expect((await stored(doc())).getText('body').toString()).toBe(a.text.toString());
	});

	it('catches up from storage when an update it never heard of was stored (a hole in the sequence)', async () => {
		const name = `priorities:${seeded.bodyId}:2016-17`;
		const a = client(name, seeded.cookies.secretariat);
		await a.synced;
		a.text.insert(0, 'Priority 1: review of cardiac surgery. ');
		await expect.poll(async () => (await stored(name)).getText('body').toString()).toContain('Priority 1');

		// Another instance (here: storage written directly) adds an update this one was never told about.
		const elsewhere = new Y.Doc();
		Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(a.doc));
		const updates: Uint8Array[] = [];
		elsewhere.on('update', (update: Uint8Array) => updates.push(update));
		elsewhere.getText('body').insert(0, 'Priority 0: vulnerable services. ');
		await createPostgresStorage(db.sql).append(name, updates[0]!);

		a.text.insert(a.text.length, 'Priority 2: QIPP delivery.');
		await expect.poll(() => a.text.toString(), { timeout: 5000 }).toContain('Priority 0: vulnerable services.');
		expect(a.text.toString()).toContain('Priority 2');
	});

	it('unloads a document once nobody has it open, destroying its Y.Doc, and loads it again from storage', async () => {
		const name = `priorities:${seeded.bodyId}:2015-16`;
		const a = client(name, seeded.cookies.secretariat);
		await a.synced;
		a.text.insert(0, 'Priority 1: designation review of adult congenital heart disease services.');
		await expect.poll(async () => (await stored(name)).getText('body').toString()).toContain('Priority 1');
		const live = server.collab.loadedDocument(name);
		expect(live).not.toBeNull();
		expect(live!.getText('body').toString()).toBe(a.text.toString());

		for (const made of clients.splice(0)) made.destroy();
		await expect.poll(() => server.collab.stats(), { timeout: 5000 }).toEqual({ documents: 0, connections: 0 });
		await expect.poll(() => live!.isDestroyed).toBe(true);
		expect(server.collab.loadedDocument(name)).toBeNull();
		// Unloading merged the log: the next load reads one snapshot.
		await expect.poll(async () => (await db.sql`select count(*)::int as n from document_updates where doc_name = ${name}`)[0]!.n).toBe(0);

		const again = client(name, seeded.cookies.observer);
		await again.synced;
		expect(again.text.toString()).toBe('Priority 1: designation review of adult congenital heart disease services.');
	});

	it('stores an update before any other client sees it; one it cannot store closes its connection, and the client sends it again', async () => {
		const memory = createMemoryStorage();
		let waiting: (() => void)[] | null = null;
		let failNext = false;
		const storage: DocumentStorage = {
			...memory,
			// The collaboration server stores editors' updates with appendMany (group commit across documents).
			async appendMany(entries) {
				if (failNext) {
					failNext = false;
					throw new Error('the database is unavailable');
				}
				if (waiting) await new Promise<void>((resolve) => waiting!.push(resolve));
				return memory.appendMany(entries);
			}
		};
		const slow = await newCollabServer(db, { storage });
		try {
			const name = doc('raci');
			const a = connectClient(slow.url, name, seeded.cookies.secretariat);
			const b = connectClient(slow.url, name, seeded.cookies.voting_member);
			clients.push(a, b);
			await Promise.all([a.synced, b.synced]);

			waiting = [];
			a.text.insert(0, 'Procurement: R = hub.');
			await expect.poll(() => waiting!.length).toBe(1);
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(b.text.toString()).toBe('');
			expect((await memory.load(name)).updates).toHaveLength(0);
			const held = waiting;
			waiting = null;
			for (const release of held) release();
			await expect.poll(() => b.text.toString()).toBe('Procurement: R = hub.');
			expect((await memory.load(name)).updates).toHaveLength(1);

			failNext = true;
			const closed = new Promise<number>((resolve) => a.provider.once('connection-close', (event) => resolve(event?.code ?? 0)));
			a.text.insert(a.text.length, ' Contracting: R = hub.');
			expect(await closed).toBe(1011);
			// y-websocket reconnects by itself; the server's sync step 1 brings the unsaved change in again.
			await expect.poll(() => b.text.toString(), { timeout: 5000 }).toBe('Procurement: R = hub. Contracting: R = hub.');
			expect(rebuildFrom(await memory.load(name)).getText('body').toString()).toBe(b.text.toString());
		} finally {
			for (const made of clients.splice(0)) made.destroy();
			await slow.close();
		}
	});

	it('applies a changed role or an ended session to connections already open', async () => {
		const { token, session: opened } = await session.create(db.sql, seeded.userIds.voting_member);
		const member = client(doc(), `${session.SESSION_COOKIE}=${token}`);
		const editor = client(doc(), seeded.cookies.secretariat);
		await Promise.all([member.synced, editor.synced]);
		const [seat] = await membership.listForPerson(db.sql, seeded.userIds.voting_member);
		const asRole = (role: 'observer' | 'voting_member') =>
			membership.update(db.sql, seat!.id, { role, deputyFor: null, organisationIds: [], startsOn: seat!.startsOn, endsOn: null }, seeded.userIds.administrator);
		try {
			await asRole('observer');
			await new Promise((resolve) => setTimeout(resolve, RECHECK_MS * 10));
			member.text.insert(0, 'Written after becoming an observer. ');
			await expect.poll(() => member.refusals.length).toBe(1);
			editor.text.insert(0, 'Marker. ');
			await expect.poll(() => member.text.toString()).toContain('Marker.');
			expect(editor.text.toString()).not.toContain('observer');
		} finally {
			await asRole('voting_member');
		}

		const closed = new Promise<number>((resolve) => member.provider.once('connection-close', (event) => resolve(event?.code ?? 0)));
		await session.invalidate(db.sql, opened.id);
		// 4401: y-websocket takes it as final and does not reconnect.
		expect(await closed).toBe(4401);
		expect(member.provider.shouldConnect).toBe(false);
	});
});

function rebuildFrom(stored: { snapshot: Uint8Array | null; updates: { update: Uint8Array }[] }): Y.Doc {
	const copy = new Y.Doc();
	if (stored.snapshot) Y.applyUpdate(copy, stored.snapshot);
	for (const { update } of stored.updates) Y.applyUpdate(copy, update);
	return copy;
}
