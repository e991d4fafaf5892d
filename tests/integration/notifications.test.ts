import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as notification from '../../src/lib/server/notification';
import { seedBody, type SeededBody } from '../helpers/collab';
import { newDatabase, type TestDatabase } from '../helpers/database';

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
});
