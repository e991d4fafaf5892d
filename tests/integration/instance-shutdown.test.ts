import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config';
import { startPortal } from '../../server/portal';
import { quietLog } from '../helpers/database';
import { connectClient, markPresent, seedMeeting } from '../helpers/meeting-fixture';
import { newPortal } from '../helpers/portal';

/**
 * Stopping one instance (a deploy, a restart) ends its own connections only. socket.io's disconnectSockets goes to
 * every instance through the Redis adapter: one instance's shutdown must not disconnect the people on the others.
 */
describe('one instance stopping while another carries on', () => {
	it.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)('leaves the other instance’s live meeting sockets connected and working', async () => {
		const redisUrl = process.env.REDIS_URL!;
		const stays = await newPortal({ redisUrl });
		const stops = await startPortal({ ...readConfig({ LOG_LEVEL: 'silent' }), port: 0, host: '127.0.0.1', databaseUrl: stays.databaseUrl, redisUrl }, { log: quietLog });
		try {
			const seeded = await seedMeeting(stays.services.sql, {
				name: 'Rolling restart',
				rules: { schemaVersion: 1, quorum: { minimumCount: 1, deputiesCount: true }, voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] } },
				members: [{ key: 'chair', role: 'chair' }, { key: 'member', role: 'voting_member' }]
			});
			await markPresent(stays.services.sql, seeded, ['chair', 'member']);
			const member = await connectClient(stays.url, seeded.cookies.member!);
			const leaving = await connectClient(stops.url, seeded.cookies.chair!);
			expect((await member.emit('join', { meetingId: seeded.meetingId })).ok).toBe(true);
			expect((await leaving.emit('join', { meetingId: seeded.meetingId })).ok).toBe(true);
			let disconnected = '';
			member.socket.on('disconnect', (reason) => (disconnected = reason));

			await stops.close();

			expect(leaving.socket.connected).toBe(false);
			// Still connected, and still answered: a round trip through the instance that stays.
			expect(await member.emit('sync', { meetingId: seeded.meetingId })).toMatchObject({ ok: true });
			expect(disconnected).toBe('');
			expect(member.socket.connected).toBe(true);
			member.close();
			leaving.close();
		} finally {
			await stops.close();
			await stays.close();
		}
	}, 120_000);
});
