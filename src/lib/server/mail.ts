import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Sql } from './db';

export interface MailMessage {
	to: string;
	subject: string;
	text: string;
}

export interface OutboxMessage extends MailMessage {
	id: string;
	createdAt: Date;
	sentAt: Date | null;
	error: string | null;
}

export interface Mailer {
	/** Keeps the message in the outbox, then sends it when SMTP is configured. Never throws for a delivery failure: it is recorded. */
	send(message: MailMessage): Promise<OutboxMessage>;
	/** Sends what is still unsent (after a restart or an SMTP outage). */
	deliverPending(): Promise<number>;
	/** True when mail leaves the machine; false when it waits in the outbox for an administrator. */
	readonly delivers: boolean;
	close(): void;
}

export function createMailer(options: { sql: Sql; smtpUrl: string | null; from: string; log: Logger }): Mailer {
	const { sql, log } = options;
	const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;

	async function deliver(message: OutboxMessage): Promise<OutboxMessage> {
		if (!transport) return message;
		try {
			await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text });
			const [row] = await sql<{ sentAt: Date }[]>`update outbox set sent_at = now(), error = null where id = ${message.id} returning sent_at`;
			return { ...message, sentAt: row?.sentAt ?? new Date(), error: null };
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			log.warn({ err: error, to: message.to }, 'mail not delivered; kept in the outbox');
			await sql`update outbox set error = ${reason} where id = ${message.id}`;
			return { ...message, error: reason };
		}
	}

	return {
		delivers: transport !== null,
		async send(message) {
			const [row] = await sql<OutboxMessage[]>`
				insert into outbox (recipient, subject, body_text) values (${message.to}, ${message.subject}, ${message.text})
				returning id, recipient as to, subject, body_text as text, created_at, sent_at, error`;
			return deliver(row!);
		},
		async deliverPending() {
			if (!transport) return 0;
			const pending = await sql<OutboxMessage[]>`
				select id, recipient as to, subject, body_text as text, created_at, sent_at, error
				from outbox where sent_at is null order by id limit 100`;
			let sent = 0;
			for (const message of pending) if ((await deliver(message)).sentAt) sent++;
			return sent;
		},
		close() {
			transport?.close();
		}
	};
}

/** The outbox, newest first, for /admin/outbox. */
export async function listOutbox(sql: Sql, limit = 200): Promise<OutboxMessage[]> {
	return sql<OutboxMessage[]>`
		select id, recipient as to, subject, body_text as text, created_at, sent_at, error
		from outbox order by id desc limit ${limit}`;
}
