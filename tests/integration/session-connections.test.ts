import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceRulesInput } from '../../src/lib/domain/governance';
import * as session from '../../src/lib/server/session';
import * as user from '../../src/lib/server/user';
import { connectClient as connectDocument, type TestClient } from '../helpers/collab';
import { connectClient, markPresent, seedMeeting, type LiveClient, type SeededMeeting } from '../helpers/meeting-fixture';
import { readConfig } from '../../server/config';
import { startPortal } from '../../server/portal';
import { quietLog } from '../helpers/database';
import { newPortal, type TestPortal } from '../helpers/portal';

const MAJORITY = {
	schemaVersion: 1,
	quorum: { minimumCount: 1, deputiesCount: true },
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] }
} satisfies GovernanceRulesInput;

/** The promise: a signed-out or removed person cannot act within this long of it. */
const WITHIN_MS = 2_000;
const SESSION_ENDED = { reason: 'Your session has ended; sign in again' };

describe('live-meeting and co-editing connections follow the session and the membership', () => {
	let portal: TestPortal;
	const clients: LiveClient[] = [];
	const documents: TestClient[] = [];
	let administrator: string;

	/** A fresh meeting with a chair and a member, the member's socket joined, and the member's session cookie. */
	async function memberInMeeting(name: string): Promise<{ seeded: SeededMeeting; member: LiveClient; chair: LiveClient }> {
		const seeded = await seedMeeting(portal.services.sql, { name, rules: MAJORITY, members: [{ key: 'chair', role: 'chair' }, { key: 'member', role: 'voting_member' }] });
		await markPresent(portal.services.sql, seeded, ['chair', 'member']);
		const chair = await joined(seeded.cookies.chair!, seeded.meetingId);
		const member = await joined(seeded.cookies.member!, seeded.meetingId);
		return { seeded, member, chair };
	}
	async function joined(cookie: string, meetingId: string) {
		const client = await connectClient(portal.url, cookie);
		clients.push(client);
		expect(await client.emit('join', { meetingId })).toMatchObject({ ok: true });
		return client;
	}
	function document(docName: string, cookie: string) {
		const client = connectDocument(`${portal.url.replace('http', 'ws')}/collab`, docName, cookie);
		documents.push(client);
		return client;
	}
	/** Resolves with the first payload of `event` on the socket, and how long after `since` it came. */
	function next(client: LiveClient, event: string, since: () => number) {
		return new Promise<{ payload: unknown; afterMs: number }>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no '${event}' reached the socket within 10 s`)), 10_000);
			client.socket.once(event, (payload: unknown) => {
				clearTimeout(timer);
				resolve({ payload, afterMs: performance.now() - since() });
			});
		});
	}
	const closeCode = (client: TestClient) => new Promise<number>((resolve) => client.provider.once('connection-close', (event) => resolve(event?.code ?? 0)));
	const disconnected = (client: LiveClient) => new Promise<void>((resolve) => (client.socket.disconnected ? resolve() : client.socket.once('disconnect', () => resolve())));
	const userIdOf = async (membershipId: string) => (await portal.services.sql<{ userId: string }[]>`select user_id from memberships where id = ${membershipId}`)[0]!.userId;

	beforeAll(async () => {
		portal = await newPortal();
		const first = await user.createFirstAdministrator(portal.services.sql, { email: 'admin@example.nhs.uk', name: 'Ada Admin', password: 'correct horse battery staple' });
		if (!first.ok) throw new Error(first.reason);
		administrator = `${session.SESSION_COOKIE}=${(await session.create(portal.services.sql, first.userId)).token}`;
	});
	afterAll(async () => {
		for (const client of clients) client.close();
		for (const client of documents) client.destroy();
		await portal?.close();
	});

	it('signing out ends the open socket and co-editing connection within 2 seconds, and the cookie opens no new one', async () => {
		const { seeded, member } = await memberInMeeting('Sign out');
		const editing = document(`raci:${seeded.bodyId}`, seeded.cookies.member!);
		await editing.synced;
		let signedOutAt = 0;
		const ended = next(member, 'session-ended', () => signedOutAt);
		const editingClosed = closeCode(editing);
		signedOutAt = performance.now();
		const response = await portal.post('/sign-out', {}, seeded.cookies.member);
		expect(response.status).toBe(303);
		const { payload, afterMs } = await ended;
		expect(payload).toEqual(SESSION_ENDED);
		expect(afterMs).toBeLessThan(WITHIN_MS);
		await disconnected(member);
		// 4401: y-websocket takes it as final and does not reconnect.
		expect(await editingClosed).toBe(4401);
		expect(performance.now() - signedOutAt).toBeLessThan(WITHIN_MS);
		await expect(connectClient(portal.url, seeded.cookies.member!)).rejects.toThrow(/Sign in first/);
	});

	it('refuses an event from a socket whose session has just ended, before any notice reaches it', async () => {
		const { seeded, member } = await memberInMeeting('Ended quietly');
		// Ended straight in the database, as another instance without Redis would: no notice is sent.
		await portal.services.sql`delete from sessions where user_id = ${await userIdOf(seeded.membershipIds.member!)}`;
		const ended = next(member, 'session-ended', () => 0);
		expect(await member.emit('raiseHand', { meetingId: seeded.meetingId })).toEqual({ ok: false, ...SESSION_ENDED });
		expect((await ended).payload).toEqual(SESSION_ENDED);
		expect(await portal.services.sql`select 1 from speakers where meeting_id = ${seeded.meetingId}`).toHaveLength(0);
	});

	it('changing the password ends the other sessions’ connections, and keeps the one it was changed from', async () => {
		const { seeded } = await memberInMeeting('Password');
		const userId = await userIdOf(seeded.membershipIds.member!);
		await user.setPassword(portal.services.sql, userId, 'the old password is long enough', null, userId);
		const elsewhere = `${session.SESSION_COOKIE}=${(await session.create(portal.services.sql, userId)).token}`;
		const here = `${session.SESSION_COOKIE}=${(await session.create(portal.services.sql, userId)).token}`;
		const other = await joined(elsewhere, seeded.meetingId);
		const kept = await joined(here, seeded.meetingId);
		let changedAt = 0;
		const ended = next(other, 'session-ended', () => changedAt);
		changedAt = performance.now();
		const response = await portal.post('/account?/password', { current: 'the old password is long enough', password: 'a new password that is long enough', confirm: 'a new password that is long enough' }, here);
		expect(response.status).toBe(303);
		const { afterMs } = await ended;
		expect(afterMs).toBeLessThan(WITHIN_MS);
		expect((await kept.emit('sync', { meetingId: seeded.meetingId })).ok).toBe(true);
	});

	it('a session that runs out while connected ends its socket and co-editing connection when it expires', async () => {
		const { seeded } = await memberInMeeting('Expiry');
		const userId = await userIdOf(seeded.membershipIds.member!);
		const started = await session.create(portal.services.sql, userId);
		const [row] = await portal.services.sql<{ expiresAt: Date }[]>`
			update sessions set expires_at = now() + interval '1.5 seconds' where id = ${started.session.id} returning expires_at`;
		const cookie = `${session.SESSION_COOKIE}=${started.token}`;
		const member = await joined(cookie, seeded.meetingId);
		const editing = document(`raci:${seeded.bodyId}`, cookie);
		await editing.synced;
		const editingClosed = closeCode(editing);
		const ended = next(member, 'session-ended', () => row!.expiresAt.getTime() - Date.now() + performance.now());
		expect((await ended).payload).toEqual(SESSION_ENDED);
		expect(Date.now() - row!.expiresAt.getTime()).toBeLessThan(WITHIN_MS);
		expect(await editingClosed).toBe(4401);
	});

	it('an ended membership takes the member out of the meeting and the document within 2 seconds', async () => {
		const { seeded, member, chair } = await memberInMeeting('Membership ended');
		const editing = document(`raci:${seeded.bodyId}`, seeded.cookies.member!);
		await editing.synced;
		const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
		let endedAt = 0;
		const accessEnded = next(member, 'access-ended', () => endedAt);
		const editingClosed = closeCode(editing);
		endedAt = performance.now();
		const response = await portal.post(`/bodies/${seeded.bodyId}/members/${seeded.membershipIds.member}?/end`, { endOn: yesterday }, administrator);
		expect(response.status).toBe(303);
		const { payload, afterMs } = await accessEnded;
		expect(payload).toEqual({ meetingId: seeded.meetingId, reason: expect.stringMatching(/sit on this body/) });
		expect(afterMs).toBeLessThan(WITHIN_MS);
		expect(await editingClosed).toBe(4403);
		// Out of the room: the chair's next change is not sent to them, and their ballots are refused.
		const seen = member.states.length;
		expect((await chair.emit('raiseHand', { meetingId: seeded.meetingId })).ok).toBe(true);
		await expect.poll(() => chair.states.length).toBeGreaterThan(0);
		expect((await member.emit('raiseHand', { meetingId: seeded.meetingId })).ok).toBe(false);
		expect(member.states.length).toBe(seen);
	});

	it('a changed role reaches the open socket within 2 seconds, and the new role’s limits hold', async () => {
		const { seeded, member, chair } = await memberInMeeting('Role changed');
		let changedAt = 0;
		const standing = next(member, 'standing', () => changedAt);
		changedAt = performance.now();
		const response = await portal.post(
			`/bodies/${seeded.bodyId}/members/${seeded.membershipIds.member}?/update`,
			{ role: 'observer', deputyFor: '', startsOn: '2015-04-01', endsOn: '' },
			administrator
		);
		expect(response.status).toBe(303);
		const { payload, afterMs } = await standing;
		expect(payload).toMatchObject({ meetingId: seeded.meetingId, me: { canParticipate: false, canSteer: false } });
		expect(afterMs).toBeLessThan(WITHIN_MS);
		expect((await chair.emit('currentItem', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId })).ok).toBe(true);
		const proposed = await chair.emit('propose', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId, category: 'procedural', text: 'That the report be noted', procedural: true });
		const motionId = (proposed.result as { id: string }).id;
		expect((await chair.emit('openVote', { meetingId: seeded.meetingId, motionId })).ok).toBe(true);
		expect((await member.emit('castBallot', { meetingId: seeded.meetingId, motionId, choice: 'for' })).ok).toBe(false);
		expect(await portal.services.sql`select 1 from ballots where motion_id = ${motionId}`).toHaveLength(0);
	});

	it('refuses a socket.io handshake from a page on another origin, as the co-editing endpoint does', async () => {
		const { seeded } = await memberInMeeting('Origin');
		await expect(connectClient(portal.url, seeded.cookies.member!, ['websocket'], { origin: 'http://evil.example' })).rejects.toThrow();
		await expect(connectClient(portal.url, seeded.cookies.member!, ['polling'], { origin: 'http://portal.example.evil' })).rejects.toThrow();
		const own = await connectClient(portal.url, seeded.cookies.member!, ['websocket'], { origin: portal.url });
		clients.push(own);
		expect((await own.emit('join', { meetingId: seeded.meetingId })).ok).toBe(true);
	});

	// Two instances need one shared database (PostgreSQL) and Redis between them.
	it.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)('signing out through one instance ends the socket held by another, through Redis', async () => {
		const redisUrl = process.env.REDIS_URL!;
		const first = await newPortal({ redisUrl });
		const second = await startPortal({ ...readConfig({ LOG_LEVEL: 'silent' }), port: 0, host: '127.0.0.1', databaseUrl: first.databaseUrl, redisUrl }, { log: quietLog });
		try {
			const seeded = await seedMeeting(first.services.sql, { name: 'Two instances', rules: MAJORITY, members: [{ key: 'chair', role: 'chair' }, { key: 'member', role: 'voting_member' }] });
			const onFirst = await connectClient(first.url, seeded.cookies.chair!);
			const presence: string[][] = [];
			onFirst.socket.on('presence', (p: { people: { name: string }[] }) => presence.push(p.people.map((x) => x.name)));
			expect((await onFirst.emit('join', { meetingId: seeded.meetingId })).ok).toBe(true);
			const onSecond = await connectClient(second.url, seeded.cookies.member!);
			clients.push(onFirst, onSecond);
			expect((await onSecond.emit('join', { meetingId: seeded.meetingId })).ok).toBe(true);
			// Who is here is gathered from both instances: each sends the other its sockets' data (once a timer in
			// that data made the answering instance crash).
			await expect.poll(() => presence.at(-1)).toEqual(['chair', 'member']);
			let signedOutAt = 0;
			const ended = next(onSecond, 'session-ended', () => signedOutAt);
			signedOutAt = performance.now();
			expect((await first.post('/sign-out', {}, seeded.cookies.member)).status).toBe(303);
			const { payload, afterMs } = await ended;
			expect(payload).toEqual(SESSION_ENDED);
			expect(afterMs).toBeLessThan(WITHIN_MS);
			await expect.poll(() => presence.at(-1)).toEqual(['chair']);
		} finally {
			await second.close();
			await first.close();
		}
	});
});
