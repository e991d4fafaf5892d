import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, markPresent, seedMeeting, SIMPLE_MAJORITY, type LiveClient, type SeededMeeting } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';

// One connection sending as fast as it can is answered at once beyond its burst, with the reason, and never slows
// the others: a limit per socket (server/meetings/index.ts, ACT_BURST then ACTS_PER_SECOND).

describe('a live-meeting socket that floods', () => {
	let portal: TestPortal;
	let seeded: SeededMeeting;
	const clients: LiveClient[] = [];

	beforeAll(async () => {
		portal = await newPortal();
		seeded = await seedMeeting(portal.services.sql, {
			name: 'Flood',
			rules: SIMPLE_MAJORITY,
			members: [{ key: 'chair', role: 'chair' }, { key: 'flooder', role: 'voting_member' }]
		});
		await markPresent(portal.services.sql, seeded, ['chair', 'flooder']);
	});
	afterAll(async () => {
		for (const client of clients) client.close();
		await portal?.close();
	});

	it('is answered "too many requests" beyond its burst, while another connection is answered as usual', async () => {
		const { meetingId } = seeded;
		const flooder = await connectClient(portal.url, seeded.cookies.flooder!);
		const chair = await connectClient(portal.url, seeded.cookies.chair!);
		clients.push(flooder, chair);
		const started = performance.now();
		const answers = await Promise.all(Array.from({ length: 300 }, () => flooder.emit('join', { meetingId })));
		const seconds = (performance.now() - started) / 1000;
		const accepted = answers.filter((answer) => answer.ok).length;
		// The burst, and what the rate refilled while the flood lasted; the rest refused, each saying why.
		expect(accepted).toBeGreaterThanOrEqual(60);
		expect(accepted).toBeLessThanOrEqual(60 + Math.ceil(seconds * 20) + 1);
		expect(new Set(answers.filter((answer) => !answer.ok).map((answer) => answer.reason))).toEqual(new Set(['Too many requests from this connection at once: wait a moment and try again']));
		// The other connection is not held to the flooder's limit.
		const joined = await chair.emit('join', { meetingId });
		expect(joined.ok).toBe(true);
		// And the flooder, having waited, is answered again.
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect((await flooder.emit('join', { meetingId })).ok).toBe(true);
	});
});
