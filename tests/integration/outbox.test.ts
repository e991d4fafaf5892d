import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import * as mail from '../../src/lib/server/mail';
import { newDatabase, quietLog, type TestDatabase } from '../helpers/database';
import { decodeBody, newSmtpServer } from '../helpers/smtp';

/** The outbox sends each row once across instances: a row is claimed, with a lease, before it is sent. */
describe('the outbox', () => {
	let db: TestDatabase;
	let smtp: Awaited<ReturnType<typeof newSmtpServer>>;
	beforeAll(async () => {
		db = await newDatabase();
		smtp = await newSmtpServer();
	});
	afterAll(async () => {
		await db?.close();
		await smtp?.close();
	});

	const mailerOn = (sql = db.sql) => mail.createMailer({ sql, smtpUrl: smtp.url, from: 'Portal <no-reply@portal.example>', log: quietLog });
	const arrived = (subject: string) => smtp.received.filter((m) => decodeBody(m.raw).includes(`Subject: ${subject}`));

	it('sends what an act wrote into the outbox, with its headers and a Message-ID fixed when it was written', async () => {
		const id = await db.sql.begin((tx) => mail.enqueue(tx, { to: 'pat@example.org', subject: 'Queued in an act', text: 'Hello', headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }));
		const mailer = mailerOn();
		try {
			expect(await mailer.deliverPending()).toBe(1);
			expect(await mailer.deliverPending()).toBe(0);
		} finally {
			mailer.close();
		}
		const [row] = await db.sql<{ messageId: string; sentAt: Date | null }[]>`select message_id::text, sent_at from outbox where id = ${id}`;
		const [message] = arrived('Queued in an act');
		expect(message!.raw).toContain(`Message-ID: <${row!.messageId}@portal.example>`);
		expect(message!.raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
		expect(row!.sentAt).toBeInstanceOf(Date);
	});

	it('leaves a row another instance holds, and takes over one whose lease ran out', async () => {
		const held = await mail.enqueue(db.sql, { to: 'pat@example.org', subject: 'Held elsewhere', text: 'x' });
		const stale = await mail.enqueue(db.sql, { to: 'pat@example.org', subject: 'Left by a crash', text: 'x' });
		await db.sql`update outbox set claimed_until = now() + interval '1 minute' where id = ${held}`;
		await db.sql`update outbox set claimed_until = now() - interval '1 second' where id = ${stale}`;
		const mailer = mailerOn();
		try {
			expect(await mailer.deliverPending()).toBe(1);
		} finally {
			mailer.close();
		}
		expect(arrived('Held elsewhere')).toHaveLength(0);
		expect(arrived('Left by a crash')).toHaveLength(1);
	});

	it('sends each of 40 rows once when several instances send at once', async () => {
		for (let i = 0; i < 40; i++) await mail.enqueue(db.sql, { to: 'race@example.org', subject: `Race ${i}`, text: 'x' });
		const pools = db.databaseUrl ? await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, log: quietLog }))) : [];
		const mailers = (pools.length ? pools.map((p) => p.sql) : [db.sql, db.sql, db.sql]).map((sql) => mailerOn(sql));
		try {
			const sent = await Promise.all(mailers.map((m) => m.deliverPending()));
			expect(sent.reduce((a, b) => a + b, 0)).toBe(40);
		} finally {
			for (const m of mailers) m.close();
			await Promise.all(pools.map((p) => p.close()));
		}
		const races = smtp.received.filter((m) => m.to.includes('race@example.org'));
		expect(races).toHaveLength(40);
	});

	it('keeps a message that could not be sent, and tries it again only after a wait', async () => {
		const broken = mail.createMailer({ sql: db.sql, smtpUrl: 'smtp://127.0.0.1:1', from: 'Portal <no-reply@portal.example>', log: quietLog });
		try {
			const kept = await broken.send({ to: 'pat@example.org', subject: 'Refused', text: 'x' });
			expect(kept.error).toBeTruthy();
		} finally {
			broken.close();
		}
		const mailer = mailerOn();
		try {
			expect(await mailer.deliverPending()).toBe(0);
			await db.sql`update outbox set claimed_until = now() where subject = 'Refused'`;
			expect(await mailer.deliverPending()).toBe(1);
		} finally {
			mailer.close();
		}
		expect(arrived('Refused')).toHaveLength(1);
		expect(mail.mailRetryDelaySeconds(1)).toBe(30);
		expect(mail.mailRetryDelaySeconds(20)).toBe(3600);
	});
});
