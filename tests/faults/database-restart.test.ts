import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopChild } from '../helpers/children';
import { seedAndClose } from '../helpers/database';
import { connectClient, markPresent, seedMeeting, SIMPLE_MAJORITY, type SeededMeeting } from '../helpers/meeting-fixture';
import { ownPostgres, postgresBinaries, type OwnPostgres } from '../helpers/own-postgres';
import { freePort, spawnPortal } from '../helpers/process';
import { PROCESS_TEST_MS, scaled } from '../helpers/time';

// Issue 13's fault: the database goes away under load and comes back. The portal runs on a PostgreSQL server of the
// test's own (never the machine's shared one), which is killed and started again: the portal reconnects by itself,
// /healthz says 503 meanwhile, an act refused meanwhile says why, and nothing acknowledged is lost.

async function healthOf(url: string): Promise<number> {
	try {
		return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) })).status;
	} catch {
		return 0;
	}
}

describe.skipIf(!postgresBinaries())('the database goes away and comes back', { timeout: PROCESS_TEST_MS * 2 }, () => {
	let server: OwnPostgres;
	let databaseUrl: string;
	let seeded: SeededMeeting;

	beforeAll(async () => {
		server = await ownPostgres(await freePort());
		const admin = postgres(server.url, { max: 1, onnotice: () => {} });
		await admin`create database portal`;
		await admin.end();
		databaseUrl = server.url.replace(/\/postgres$/, '/portal');
		seeded = await seedAndClose({ databaseUrl, dataDir: '' }, async (sql) => {
			const made = await seedMeeting(sql, {
				name: 'Database restart',
				rules: SIMPLE_MAJORITY,
				members: [{ key: 'chair', role: 'chair' }, { key: 'v0', role: 'voting_member' }, { key: 'v1', role: 'voting_member' }, { key: 'v2', role: 'voting_member' }]
			});
			await markPresent(sql, made, ['chair', 'v0', 'v1', 'v2']);
			return made;
		});
	});
	afterAll(async () => {
		await server?.remove();
	});

	it('says 503 while the database is down, refuses acts with a reason, reconnects by itself and loses nothing acknowledged', async () => {
		const portal = await spawnPortal({ DATABASE_URL: databaseUrl, REDIS_URL: '' });
		let exited = false;
		void portal.exited.then(() => (exited = true));
		const { meetingId, decisionItemId } = seeded;
		expect(await healthOf(portal.url)).toBe(200);

		const [chair, v0, v1, v2] = await Promise.all(['chair', 'v0', 'v1', 'v2'].map((key) => connectClient(portal.url, seeded.cookies[key]!)));
		for (const client of [chair!, v0!, v1!, v2!]) expect((await client.emit('join', { meetingId })).ok).toBe(true);
		await chair!.emit('currentItem', { meetingId, itemId: decisionItemId });
		const proposed = await chair!.emit('propose', { meetingId, itemId: decisionItemId, text: 'That the outage be noted', category: 'procedural', procedural: true });
		const motionId = (proposed.result as { id: string }).id;
		expect((await chair!.emit('openVote', { meetingId, motionId })).ok).toBe(true);
		expect((await v0!.emit('castBallot', { meetingId, motionId, choice: 'for' })).ok).toBe(true);

		await test('the database is killed: /healthz says 503 and a ballot is refused with a reason, not lost silently', async () => {
			await server.kill();
			await expect.poll(() => healthOf(portal.url), { timeout: scaled(30_000), message: `healthz while the database is down; the portal:\n${portal.output().slice(-3000)}` }).toBe(503);
			const refused = await v1!.emit('castBallot', { meetingId, motionId, choice: 'against' });
			expect(refused.ok).toBe(false);
			expect(refused.reason).toMatch(/try again/i);
			// The page a browser asks for meanwhile says so too, and the process is still up.
			const page = await fetch(`${portal.url}/`, { signal: AbortSignal.timeout(scaled(20_000)) }).catch(() => null);
			expect(page?.status ?? 0).toBeGreaterThanOrEqual(500);
			expect(exited).toBe(false);
		});

		await test('the database comes back: the portal reconnects by itself and the acknowledged ballot is there', async () => {
			await server.start();
			await expect.poll(() => healthOf(portal.url), { timeout: scaled(60_000) }).toBe(200);
			expect((await v1!.emit('castBallot', { meetingId, motionId, choice: 'against' })).ok).toBe(true);
			expect((await v2!.emit('castBallot', { meetingId, motionId, choice: 'for' })).ok).toBe(true);
			const closed = await chair!.emit('closeVote', { meetingId, motionId });
			expect(closed.ok, closed.reason).toBe(true);
			const joined = await chair!.emit('join', { meetingId });
			const motion = (joined.state as { motions: { id: string; tally: { for: number; against: number; ballots: number }; decision: { state: string } }[] }).motions.find((m) => m.id === motionId)!;
			expect(motion.tally).toMatchObject({ for: 2, against: 1, ballots: 3 });
			expect(motion.decision.state).toBe('carried_binding');
			expect(exited).toBe(false);
		});

		for (const client of [chair!, v0!, v1!, v2!]) client.close();
		await stopChild(portal.child, 'SIGTERM');
	});
});

/** A named part of the test, run in order (Vitest's test.step is Playwright's; this keeps the same reading). */
async function test(_name: string, body: () => Promise<void>) {
	await body();
}
