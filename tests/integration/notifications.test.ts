import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import * as notification from '../../src/lib/server/notification';
import * as notificationEmail from '../../src/lib/server/notification-email';
import { nextDailyRun } from '../../src/lib/domain/notification-email';
import { seedBody, type SeededBody } from '../helpers/collab';
import { newDatabase, quietLog, type TestDatabase } from '../helpers/database';

describe('the inbox', () => {
	let db: TestDatabase;
	let seeded: SeededBody;
	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedBody(db.sql);
	});
	afterAll(async () => db?.close());

	const note = (key: string) => ({ kind: 'reply' as const, bodyId: seeded.bodyId, title: `Reply ${key}`, link: `/bodies/${seeded.bodyId}`, key });

	it('tells each person once per key, never the person who acted, and only if the act commits', async () => {
		const { ppv_representative: ppv, secretariat, voting_member: member } = seeded.userIds;
		const told = await notification.notify(db.sql, [ppv, ppv, secretariat, member], note('k1'), member);
		expect(told.sort()).toEqual([ppv, secretariat].sort());
		expect(await notification.notify(db.sql, [ppv], note('k1'))).toEqual([]);
		await db.sql
			.begin(async (tx) => {
				await notification.notify(tx, [ppv], note('rolled-back'));
				throw new Error('the act failed');
			})
			.catch(() => {});
		expect((await notification.list(db.sql, ppv)).map((n) => n.title)).toEqual(['Reply k1']);
		expect(await notification.list(db.sql, member)).toEqual([]);
	});

	it('counts what is unread and marks only the person’s own read', async () => {
		const { ppv_representative: ppv, secretariat } = seeded.userIds;
		await notification.notify(db.sql, [ppv, secretariat], note('k2'));
		expect(await notification.unreadCount(db.sql, ppv)).toBe(2);
		const [newest] = await notification.list(db.sql, ppv);
		const secretariatsOwn = await notification.list(db.sql, secretariat);
		// Someone else's id marks nothing.
		expect(await notification.markRead(db.sql, ppv, secretariatsOwn.map((n) => n.id))).toBe(0);
		expect(await notification.markRead(db.sql, ppv, [newest!.id])).toBe(1);
		expect(await notification.unreadCount(db.sql, ppv)).toBe(1);
		expect(await notification.markRead(db.sql, ppv, null)).toBe(1);
		expect(await notification.unreadCount(db.sql, ppv)).toBe(0);
		expect(await notification.unreadCount(db.sql, secretariat)).toBe(2);
	});

	it('finds who sits on a body, by role', async () => {
		expect((await notification.bodyMembers(db.sql, seeded.bodyId, ['ppv_representative']))).toEqual([seeded.userIds.ppv_representative]);
		expect((await notification.bodyMembers(db.sql, seeded.bodyId)).length).toBe(4);
	});

	it('writes an owed immediate email once: not at all if its transaction rolls back, once when two instances race', async () => {
		const { ppv_representative: ppv } = seeded.userIds;
		await notification.notify(db.sql, [ppv], { ...note('owed-1'), kind: 'mention', title: 'Mentioned for the race' });
		const written = () => db.sql<{ id: string }[]>`select id::text from outbox where subject = 'Mentioned for the race'`;
		await db.sql
			.begin(async (tx) => {
				expect(await notificationEmail.composeImmediate(tx, 'https://portal.example')).toBe(1);
				throw new Error('the instance died before committing');
			})
			.catch(() => {});
		expect(await written()).toHaveLength(0);
		const pools = db.databaseUrl ? await Promise.all([1, 2].map(() => openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, log: quietLog }))) : [];
		try {
			const sqls = pools.length ? pools.map((p) => p.sql) : [db.sql, db.sql];
			const counts = await Promise.all(sqls.map((sql) => sql.begin((tx) => notificationEmail.composeImmediate(tx, 'https://portal.example'))));
			expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
		} finally {
			await Promise.all(pools.map((p) => p.close()));
		}
		const rows = await written();
		expect(rows).toHaveLength(1);
		const [paid] = await db.sql<{ outboxId: string; emailedAt: Date | null }[]>`
			select outbox_id::text, emailed_at from notifications where user_id = ${ppv} and key = 'owed-1'`;
		expect(paid).toMatchObject({ outboxId: rows[0]!.id, emailedAt: expect.any(Date) });
	});

	it('owes the email a person chose for the kind, and nothing once they turn the kind off', async () => {
		const { secretariat } = seeded.userIds;
		await notification.setPreferences(db.sql, secretariat, { reply: 'immediate', decision_reached: 'off' });
		await notification.notify(db.sql, [secretariat], note('pref-reply'));
		await notification.notify(db.sql, [secretariat], { ...note('pref-decision'), kind: 'decision_reached' });
		await notification.notify(db.sql, [secretariat], { ...note('pref-paper'), kind: 'paper_issued' });
		const owed = async () =>
			Object.fromEntries(
				(await db.sql<{ key: string; emailBy: string | null }[]>`select key, email_by from notifications where user_id = ${secretariat} and key like 'pref-%'`).map((r) => [r.key, r.emailBy])
			);
		expect(await owed()).toEqual({ 'pref-reply': 'immediate', 'pref-decision': null, 'pref-paper': 'digest' });
		await notification.setPreferences(db.sql, secretariat, { paper_issued: 'off' });
		expect((await owed())['pref-paper']).toBeNull();
	});

	it('schedules the next 07:00 London digest in the same statement, only when a notification owes one', async () => {
		await db.sql`delete from jobs`;
		const { voting_member: member } = seeded.userIds;
		await notification.notify(db.sql, [member], { ...note('job-immediate'), kind: 'action_assigned' });
		expect(await db.sql`select 1 from jobs`).toHaveLength(0);
		await notification.notify(db.sql, [member], note('job-digest-1'));
		await notification.notify(db.sql, [member], note('job-digest-2'));
		const next = nextDailyRun(new Date());
		const scheduled = await db.sql<{ key: string; runAt: Date }[]>`select key, run_at from jobs`;
		expect(scheduled).toEqual([{ key: `${notificationEmail.DIGEST_JOB}:${next.date}`, runAt: next.runAt }]);
	});
});
