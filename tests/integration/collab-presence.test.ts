import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { colourFor } from '../../src/lib/components/documents/presence';
import { connectClient, newCollabServer, seedBody, type SeededBody, type TestClient, type TestCollab } from '../helpers/collab';
import { newDatabase, type TestDatabase } from '../helpers/database';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

/** An awareness update as a client would send it, for the client id and states given. */
function awarenessUpdate(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const entry of entries) {
		encoding.writeVarUint(encoder, entry.clientId);
		encoding.writeVarUint(encoder, entry.clock);
		encoding.writeVarString(encoder, JSON.stringify(entry.state));
	}
	return encoding.toUint8Array(encoder);
}
function frame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** A hand-driven client: a websocket that sends whatever awareness frames the test writes. */
async function rawPresence(url: string, docName: string, cookie: string) {
	const ws = new WebSocket(`${url}/${docName}`, { headers: { cookie } });
	ws.on('error', () => {});
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('unexpected-response', () => reject(new Error('refused')));
	});
	// Step 1 of the sync, as a client starts, so the server treats it as any other client.
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()));
	ws.send(encoding.toUint8Array(encoder));
	return {
		ws,
		send: (update: Uint8Array) => ws.send(frame(update)),
		close: () => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : (ws.once('close', () => resolve()), ws.close())))
	};
}

describe('presence that cannot be forged', () => {
	let db: TestDatabase;
	let seeded: SeededBody;
	let server: TestCollab;
	const clients: TestClient[] = [];
	let counter = 0;
	const doc = () => `terms-of-reference:${seeded.bodyId}`;
	const client = (cookie: string) => {
		const made = connectClient(server.url, doc(), cookie);
		clients.push(made);
		return made;
	};
	const statesAt = (watcher: TestClient) => watcher.provider.awareness.getStates();

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedBody(db.sql);
		server = await newCollabServer(db, { awarenessPerSecond: 30, awarenessBurst: 60, maxAwarenessIds: 4 });
	});
	afterEach(() => {
		for (const made of clients.splice(0)) made.destroy();
		counter++;
	});
	afterAll(async () => {
		await server?.close();
		await db?.close();
	});

	it('shows each person under the name, id and colour the server knows them by, whatever their client says', async () => {
		const watcher = client(seeded.cookies.secretariat);
		const ppv = client(seeded.cookies.ppv_representative);
		await Promise.all([watcher.synced, ppv.synced]);
		ppv.provider.awareness.setLocalStateField('user', { id: seeded.userIds.voting_member, name: 'The chair', color: '#ff0000' });
		ppv.provider.awareness.setLocalStateField('where', { fieldId: 'quorum', label: 'Quorum' });
		await expect.poll(() => statesAt(watcher).get(ppv.doc.clientID)?.where).toEqual({ fieldId: 'quorum', label: 'Quorum' });
		expect(statesAt(watcher).get(ppv.doc.clientID)?.user).toEqual({
			id: seeded.userIds.ppv_representative,
			name: 'The ppv representative',
			color: colourFor(seeded.userIds.ppv_representative)
		});
	});

	it('lets no connection change or remove presence it did not introduce, and a disconnect removes only its own', async () => {
		const watcher = client(seeded.cookies.secretariat);
		const victim = client(seeded.cookies.voting_member);
		await Promise.all([watcher.synced, victim.synced]);
		victim.provider.awareness.setLocalStateField('where', { fieldId: 'purpose', label: 'Purpose and functions' });
		await expect.poll(() => statesAt(watcher).get(victim.doc.clientID)?.where?.label).toBe('Purpose and functions');

		const attacker = await rawPresence(server.url, doc(), seeded.cookies.observer);
		const mine = 900_000 + counter;
		attacker.send(
			awarenessUpdate([
				{ clientId: victim.doc.clientID, clock: 1_000, state: { user: { name: 'Hijacked' }, where: { fieldId: 'x', label: 'Nowhere' } } },
				{ clientId: mine, clock: 1, state: { where: { fieldId: 'quorum', label: 'Quorum' } } }
			])
		);
		// Its own id is taken (and named as the server knows it); the victim's is not touched.
		await expect.poll(() => statesAt(watcher).get(mine)?.user?.name).toBe('The observer');
		attacker.send(awarenessUpdate([{ clientId: victim.doc.clientID, clock: 2_000, state: null }]));
		// A marker after the removal, so that when it arrives the removal has been dealt with.
		attacker.send(awarenessUpdate([{ clientId: mine, clock: 2, state: { where: { fieldId: 'notice', label: 'Notice' } } }]));
		await expect.poll(() => statesAt(watcher).get(mine)?.where?.label).toBe('Notice');
		expect(statesAt(watcher).get(victim.doc.clientID)).toMatchObject({ user: { name: 'The voting member' }, where: { label: 'Purpose and functions' } });

		await attacker.close();
		await expect.poll(() => statesAt(watcher).has(mine)).toBe(false);
		expect(statesAt(watcher).get(victim.doc.clientID)?.where?.label).toBe('Purpose and functions');
	});

	it('lets one connection bring in at most 4 people, not 5,000 ghosts', async () => {
		const watcher = client(seeded.cookies.secretariat);
		await watcher.synced;
		const flooder = await rawPresence(server.url, doc(), seeded.cookies.observer);
		const base = 1_000_000 + counter * 10_000;
		flooder.send(awarenessUpdate(Array.from({ length: 5_000 }, (_, i) => ({ clientId: base + i, clock: 1, state: { where: { fieldId: 'x', label: `Ghost ${i}` } } }))));
		const ghosts = () => [...statesAt(watcher).keys()].filter((id) => id >= base && id < base + 5_000).length;
		await expect.poll(ghosts).toBe(4);
		// A marker from the watcher's own side shows the flood has been dealt with, and no more came in.
		flooder.send(awarenessUpdate([{ clientId: base + 4_999, clock: 2, state: { where: { label: 'late' } } }]));
		flooder.send(awarenessUpdate([{ clientId: base, clock: 2, state: { where: { fieldId: 'y', label: 'marker' } } }]));
		await expect.poll(() => statesAt(watcher).get(base)?.where?.label).toBe('marker');
		expect(ghosts()).toBe(4);
		await flooder.close();
	});

	it('does not charge a connection for sending back the others’ presence, as stock clients do', async () => {
		const watcher = client(seeded.cookies.secretariat);
		const other = client(seeded.cookies.voting_member);
		await Promise.all([watcher.synced, other.synced]);
		other.provider.awareness.setLocalStateField('where', { fieldId: 'quorum', label: 'Quorum' });
		await expect.poll(() => statesAt(watcher).get(other.doc.clientID)?.where?.label).toBe('Quorum');
		const held = statesAt(watcher).get(other.doc.clientID)!;
		const clock = watcher.provider.awareness.meta.get(other.doc.clientID)!.clock;
		const echoing = await rawPresence(server.url, doc(), seeded.cookies.observer);
		for (let i = 0; i < 500; i++) echoing.send(awarenessUpdate([{ clientId: other.doc.clientID, clock, state: held }]));
		const mine = 3_000_000 + counter;
		echoing.send(awarenessUpdate([{ clientId: mine, clock: 1, state: { where: { fieldId: 'notice', label: 'Notice' } } }]));
		await expect.poll(() => statesAt(watcher).get(mine)?.where?.label).toBe('Notice');
		await echoing.close();
	});

	it('relays no more presence from one connection than the rate limit allows', async () => {
		const watcher = client(seeded.cookies.secretariat);
		await watcher.synced;
		const chatty = await rawPresence(server.url, doc(), seeded.cookies.observer);
		const mine = 2_000_000 + counter;
		let relayed = 0;
		watcher.provider.awareness.on('change', ({ updated, added }: { updated: number[]; added: number[] }) => {
			if ([...updated, ...added].includes(mine)) relayed++;
		});
		const started = performance.now();
		for (let clock = 1; clock <= 1_000; clock++) chatty.send(awarenessUpdate([{ clientId: mine, clock, state: { where: { label: `step ${clock}` } } }]));
		await expect.poll(() => relayed).toBeGreaterThan(0);
		// Let anything still on its way arrive, then count: the burst and the refill, never all 1,000.
		const marker = client(seeded.cookies.voting_member);
		await marker.synced;
		const seconds = (performance.now() - started) / 1000;
		expect(relayed).toBeLessThanOrEqual(60 + Math.ceil(30 * seconds) + 1);
		expect(relayed).toBeLessThan(1_000);
		await chatty.close();
	});
});

// y-protocols' own encoder, so that the hand-made updates above are known to be what a client sends.
describe('the hand-made awareness updates', () => {
	it('match what y-protocols writes', () => {
		const source = new Y.Doc();
		source.clientID = 42;
		const awareness = new awarenessProtocol.Awareness(source);
		awareness.setLocalState({ where: 'here' });
		const meta = awareness.meta.get(42)!;
		expect(awarenessUpdate([{ clientId: 42, clock: meta.clock, state: { where: 'here' } }])).toEqual(awarenessProtocol.encodeAwarenessUpdate(awareness, [42]));
		awareness.destroy();
	});
});
