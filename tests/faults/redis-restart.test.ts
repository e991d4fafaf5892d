import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopChild } from '../helpers/children';
import { newDatabaseLocation, seedAndClose, type DatabaseLocation } from '../helpers/database';
import { connectClient, markPresent, seedMeeting, SIMPLE_MAJORITY, type LiveClient, type SeededMeeting } from '../helpers/meeting-fixture';
import { ownRedis, redisServerPath } from '../helpers/own-redis';
import { freePort, spawnPortal } from '../helpers/process';
import { PROCESS_TEST_MS, scaled } from '../helpers/time';

// Issue 13's fault: Redis goes away with two instances running (a redis-server of the test's own, on its own port).
// Each instance keeps serving its own clients and logs that delivery between instances is degraded; when Redis
// returns, they catch up and converge without anyone acting again. Two instances share one database, so this needs
// PostgreSQL (DATABASE_URL, as in CI).

/** The count a client shows: from the newest state it has received (by sequence number, as the live page keeps it). */
function ballotsSeenBy(client: LiveClient, motionId: string): number | undefined {
	const newest = client.states.reduce<LiveClient['states'][number] | undefined>((best, state) => (!best || BigInt(state.seq) >= BigInt(best.seq) ? state : best), undefined);
	return (newest?.motions as { id: string; tally: { ballots: number } | null }[] | undefined)?.find((m) => m.id === motionId)?.tally?.ballots;
}

describe.skipIf(!process.env.DATABASE_URL || !redisServerPath())('Redis goes away under two instances and comes back', { timeout: PROCESS_TEST_MS * 2 }, () => {
	let location: DatabaseLocation;
	let seeded: SeededMeeting;

	beforeAll(async () => {
		location = await newDatabaseLocation();
		seeded = await seedAndClose(location, async (sql) => {
			const made = await seedMeeting(sql, {
				name: 'Redis restart',
				rules: SIMPLE_MAJORITY,
				members: [{ key: 'chair', role: 'chair' }, { key: 'a', role: 'voting_member' }, { key: 'b', role: 'voting_member' }]
			});
			await markPresent(sql, made, ['chair', 'a', 'b']);
			return made;
		});
	});
	afterAll(async () => {
		await location?.remove();
	});

	it('each instance serves its own clients while Redis is down, says so, and both converge when it returns', async () => {
		const redis = await ownRedis(await freePort());
		const env = { DATABASE_URL: location.databaseUrl!, DATA_DIR: location.dataDir, REDIS_URL: redis.url };
		const [first, second] = await Promise.all([spawnPortal(env), spawnPortal(env)]);
		const { meetingId, decisionItemId } = seeded;
		// The chair and member a on the first instance, member b on the second.
		const chair = await connectClient(first.url, seeded.cookies.chair!);
		const a = await connectClient(first.url, seeded.cookies.a!);
		const b = await connectClient(second.url, seeded.cookies.b!);
		for (const client of [chair, a, b]) expect((await client.emit('join', { meetingId })).ok).toBe(true);
		await chair.emit('currentItem', { meetingId, itemId: decisionItemId });
		const proposed = await chair.emit('propose', { meetingId, itemId: decisionItemId, text: 'That Redis be trusted', category: 'procedural', procedural: true });
		const motionId = (proposed.result as { id: string }).id;
		expect((await chair.emit('openVote', { meetingId, motionId })).ok).toBe(true);
		await expect.poll(() => b.states.length > 0 && (b.states.at(-1)?.motions as unknown[] | undefined)?.length).toBe(1);

		await redis.kill();
		// Each instance says delivery between instances is degraded, once, not at every retry.
		for (const instance of [first, second]) {
			await expect.poll(() => instance.output().match(/delivery between instances is degraded/g)?.length ?? 0, { timeout: scaled(20_000) }).toBe(1);
		}
		// Each instance still serves its own clients: a ballot on each is acknowledged and seen there.
		expect((await a.emit('castBallot', { meetingId, motionId, choice: 'for' })).ok).toBe(true);
		await expect.poll(() => ballotsSeenBy(chair, motionId)).toBeGreaterThanOrEqual(1);
		expect((await b.emit('castBallot', { meetingId, motionId, choice: 'against' })).ok).toBe(true);
		await expect.poll(() => ballotsSeenBy(b, motionId)).toBeGreaterThanOrEqual(1);

		// Redis returns: with nobody acting again, every client comes to the same count.
		await redis.start();
		for (const instance of [first, second]) {
			await expect.poll(() => /delivery between instances is restored/.test(instance.output()), { timeout: scaled(30_000) }).toBe(true);
		}
		for (const client of [chair, a, b]) await expect.poll(() => ballotsSeenBy(client, motionId), { timeout: scaled(30_000) }).toBe(2);

		for (const client of [chair, a, b]) client.close();
		await Promise.all([stopChild(first.child, 'SIGTERM'), stopChild(second.child, 'SIGTERM')]);
		await redis.kill();
	});
});
