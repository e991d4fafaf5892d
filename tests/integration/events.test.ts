import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessBus, createDocumentBus, createMeetingBus } from '../../src/lib/server/bus';
import { announce, createTransaction } from '../../src/lib/server/events';
import * as session from '../../src/lib/server/session';
import * as user from '../../src/lib/server/user';
import { newDatabase, type TestDatabase } from '../helpers/database';

/** What an act announces is published once its transaction commits: never before, never after a rollback. */
describe('announcements after commit', () => {
	let db: TestDatabase;
	const buses = { meetings: createMeetingBus(), documents: createDocumentBus(), access: createAccessBus() };
	const heard: string[] = [];
	buses.meetings.onChanged((id) => heard.push(`meeting ${id}`));
	buses.documents.onChanged((name) => heard.push(`document ${name}`));
	buses.access.onChanged((id) => heard.push(`access ${id}`));

	beforeAll(async () => {
		db = await newDatabase();
	});
	afterAll(async () => db?.close());

	it('publishes each announcement once, after the commit', async () => {
		heard.length = 0;
		const transaction = createTransaction(db.sql, buses);
		const during = await transaction(async (tx) => {
			announce(tx, { type: 'meeting.changed', meetingId: 'm1' });
			announce(tx, { type: 'meeting.changed', meetingId: 'm1' });
			announce(tx, { type: 'document.changed', docName: 'tor:b1' });
			await tx`select 1`;
			return [...heard];
		});
		expect(during).toEqual([]);
		expect(heard).toEqual(['meeting m1', 'document tor:b1']);
	});

	it('publishes nothing when the act throws and its transaction rolls back', async () => {
		heard.length = 0;
		const transaction = createTransaction(db.sql, buses);
		await expect(
			transaction(async (tx) => {
				announce(tx, { type: 'access.changed', userId: 'u1' });
				throw new Error('refused half way');
			})
		).rejects.toThrow('refused half way');
		expect(heard).toEqual([]);
	});

	it("hears a session's end from the service that ends it", async () => {
		heard.length = 0;
		const transaction = createTransaction(db.sql, buses);
		const person = await db.sql.begin((tx) => user.ensurePerson(tx, { email: 'ending@example.nhs.uk', name: 'Ending' }, null));
		const started = await db.sql.begin((tx) => session.create(tx, person.id));
		await transaction((tx) => session.invalidate(tx, started.session.id));
		expect(heard).toEqual([`access ${person.id}`]);
	});
});
