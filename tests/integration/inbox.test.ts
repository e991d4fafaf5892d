import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config';
import { startPortal, type Portal } from '../../server/portal';
import * as notification from '../../src/lib/server/notification';
import { seedBody, type SeededBody } from '../helpers/collab';
import { quietLog } from '../helpers/database';
import { newPortal, type TestPortal } from '../helpers/portal';

/** Reads a server-sent event stream, keeping the unread counts it tells. */
function watchUnread(url: string, cookie: string) {
	const counts: number[] = [];
	const controller = new AbortController();
	const done = fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal })
		.then(async (response) => {
			if (response.status !== 200) throw new Error(`status ${response.status}`);
			const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
			let buffer = '';
			for (;;) {
				const { value, done } = await reader.read();
				if (done) return;
				buffer += value;
				let end: number;
				while ((end = buffer.indexOf('\n\n')) >= 0) {
					const frame = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					const data = /^event: unread\ndata: (\d+)$/m.exec(frame);
					if (data) counts.push(Number(data[1]));
				}
			}
		})
		.catch((error: unknown) => {
			if (!controller.signal.aborted) throw error;
		});
	return { counts, done, stop: () => controller.abort() };
}

describe('the inbox and notification settings pages', () => {
	let portal: TestPortal;
	let seeded: SeededBody;
	let ppv: string;
	beforeAll(async () => {
		portal = await newPortal();
		seeded = await seedBody(portal.services.sql);
		ppv = seeded.userIds.ppv_representative;
	});
	afterAll(async () => portal?.close());

	const tell = (userIds: string[], key: string, title: string) =>
		portal.services.transaction((tx) => notification.notify(tx, userIds, { kind: 'reply', bodyId: seeded.bodyId, title, link: `/bodies/${seeded.bodyId}`, key }));

	it('lists the newest first, unread marked, each linking to the thing, and marks one or all read', async () => {
		await tell([ppv], 'i1', 'The chair replied to your comment on the RACI matrix');
		await tell([ppv], 'i2', 'The secretariat replied on the priorities plan');
		const cookie = seeded.cookies.ppv_representative;
		const page = await (await fetch(`${portal.url}/inbox`, { headers: { cookie } })).text();
		expect(page.indexOf('on the priorities plan')).toBeLessThan(page.indexOf('on the RACI matrix'));
		expect(page).toContain(`href="/bodies/${seeded.bodyId}"`);
		expect(page.match(/>Unread</g)).toHaveLength(2);
		expect(page).toMatch(/data-unread="2"/);

		const [newest] = await notification.list(portal.services.sql, ppv);
		expect((await portal.post('/inbox?/read', { id: newest!.id }, cookie)).status).toBe(303);
		expect(await notification.unreadCount(portal.services.sql, ppv)).toBe(1);
		// Another person's notification is not theirs to mark.
		await tell([seeded.userIds.voting_member], 'i3', 'Not for the PPV representative');
		const [theirs] = await notification.list(portal.services.sql, seeded.userIds.voting_member);
		await portal.post('/inbox?/read', { id: theirs!.id }, cookie);
		expect(await notification.unreadCount(portal.services.sql, seeded.userIds.voting_member)).toBe(1);
		expect((await portal.post('/inbox?/readAll', {}, cookie)).status).toBe(303);
		expect(await notification.unreadCount(portal.services.sql, ppv)).toBe(0);
	});

	it('saves a choice per kind, and names the field it cannot accept', async () => {
		const cookie = seeded.cookies.ppv_representative;
		const page = await (await fetch(`${portal.url}/account/notifications`, { headers: { cookie } })).text();
		expect(page).toContain('<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Someone mentions you in a comment</legend>');
		const all = Object.fromEntries(Object.entries(await notification.preferences(portal.services.sql, ppv)));
		const refused = await portal.post('/account/notifications', { ...all, mention: 'sometimes' }, cookie);
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('Someone mentions you in a comment: choose by email at once, in the daily digest, or no email');
		expect((await notification.preferences(portal.services.sql, ppv)).mention).toBe('immediate');
		const saved = await portal.post('/account/notifications', { ...all, mention: 'digest', decision_reached: 'off' }, cookie);
		expect(saved.status).toBe(303);
		expect(await notification.preferences(portal.services.sql, ppv)).toMatchObject({ mention: 'digest', decision_reached: 'off', reply: 'digest' });
		// Only what differs from the defaults is stored.
		const stored = await portal.services.sql<{ kind: string }[]>`select kind from notification_preferences where user_id = ${ppv} order by kind`;
		expect(stored.map((row) => row.kind)).toEqual(['decision_reached', 'mention']);
		expect(await notification.preferences(portal.services.sql, seeded.userIds.voting_member)).toMatchObject({ mention: 'immediate', decision_reached: 'digest' });
	});

	it('tells an open page the unread count live, and only its own person’s', async () => {
		const watching = watchUnread(`${portal.url}/inbox/events`, seeded.cookies.observer);
		try {
			await expect.poll(() => watching.counts).toEqual([0]);
			await tell([seeded.userIds.observer], 'live-1', 'Live one');
			await expect.poll(() => watching.counts).toEqual([0, 1]);
			await tell([ppv], 'live-other', 'For someone else');
			await portal.services.transaction((tx) => notification.markRead(tx, seeded.userIds.observer, null));
			await expect.poll(() => watching.counts).toEqual([0, 1, 0]);
		} finally {
			watching.stop();
		}
		const refused = await fetch(`${portal.url}/inbox/events`, { redirect: 'manual' });
		expect(refused.status).toBe(303);
	});

	it.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)('tells a page open on another instance, through Redis', async () => {
		const redisUrl = process.env.REDIS_URL!;
		const config = { ...readConfig({ LOG_LEVEL: 'silent' }), port: 0, host: '127.0.0.1', databaseUrl: portal.databaseUrl, redisUrl };
		const first: Portal = await startPortal(config, { log: quietLog });
		const second: Portal = await startPortal(config, { log: quietLog });
		const watching = watchUnread(`${second.url}/inbox/events`, seeded.cookies.secretariat);
		try {
			const before = await notification.unreadCount(portal.services.sql, seeded.userIds.secretariat);
			await expect.poll(() => watching.counts).toEqual([before]);
			await first.services.transaction((tx) =>
				notification.notify(tx, [seeded.userIds.secretariat], { kind: 'reply', bodyId: seeded.bodyId, title: 'Across instances', link: '/inbox', key: 'redis-1' })
			);
			await expect.poll(() => watching.counts, { timeout: 10_000 }).toEqual([before, before + 1]);
		} finally {
			// Closing with a stream open ends it rather than wait out the grace period for it.
			const started = Date.now();
			await second.close();
			expect(Date.now() - started).toBeLessThan(5_000);
			watching.stop();
			await first.close();
		}
	});
});
