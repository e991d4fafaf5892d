import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Sql, Tx } from './db';

export interface MailMessage {
	to: string;
	subject: string;
	text: string;
	/** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
	headers?: Record<string, string>;
}

export interface OutboxMessage extends MailMessage {
	id: string;
	createdAt: Date;
	sentAt: Date | null;
	error: string | null;
}

interface OutboxRow extends OutboxMessage {
	messageId: string;
	headers: Record<string, string>;
	attempts: number;
}

export interface Mailer {
	/** Keeps the message in the outbox, then sends it when SMTP is configured. Never throws for a delivery failure: it is recorded. */
	send(message: MailMessage): Promise<OutboxMessage>;
	/**
	 * Sends what is still unsent (after a restart, an SMTP outage, or messages written into the outbox by an act's
	 * own transaction). Each row is claimed for a while first, so two instances never send the same one.
	 */
	deliverPending(): Promise<number>;
	/** True when mail leaves the machine; false when it waits in the outbox for an administrator. */
	readonly delivers: boolean;
	close(): void;
}

/** How long an instance holds a message it is sending: longer than any SMTP exchange takes. */
const LEASE_SECONDS = 120;

/** After a failed try a message waits a little longer each time, at most an hour. */
export function mailRetryDelaySeconds(attempts: number): number {
	return Math.min(60 * 60, 30 * 2 ** Math.min(Math.max(attempts - 1, 0), 10));
}

/**
 * Writes a message into the outbox in the caller's transaction, unsent: it exists if and only if the act commits,
 * and `deliverPending` sends it afterwards.
 */
export async function enqueue(tx: Tx, message: MailMessage): Promise<string> {
	const [row] = await tx<{ id: string }[]>`
		insert into outbox (recipient, subject, body_text, headers)
		values (${message.to}, ${message.subject}, ${message.text}, ${tx.json(message.headers ?? {})})
		returning id::text`;
	return row!.id;
}

/** The domain of the sender's address, for Message-IDs: "Portal <no-reply@portal.example>" gives portal.example. */
export function senderDomain(from: string): string {
	return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
}

export function createMailer(options: { sql: Sql; smtpUrl: string | null; from: string; log: Logger }): Mailer {
	const { sql, log } = options;
	const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
	const domain = senderDomain(options.from);

	async function deliver(message: OutboxRow): Promise<OutboxMessage> {
		const plain = { id: message.id, to: message.to, subject: message.subject, text: message.text, createdAt: message.createdAt, sentAt: message.sentAt, error: message.error };
		if (!transport) return plain;
		try {
			await transport.sendMail({
				from: options.from,
				to: message.to,
				subject: message.subject,
				text: message.text,
				headers: message.headers,
				messageId: `<${message.messageId}@${domain}>`
			});
			const [row] = await sql<{ sentAt: Date }[]>`
				update outbox set sent_at = now(), error = null, claimed_until = null where id = ${message.id} returning sent_at`;
			return { ...plain, sentAt: row?.sentAt ?? new Date(), error: null };
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			log.warn({ err: error, to: message.to }, 'mail not delivered; kept in the outbox');
			await sql`
				update outbox set error = ${reason}, claimed_until = now() + make_interval(secs => ${mailRetryDelaySeconds(message.attempts)})
				where id = ${message.id}`;
			return { ...plain, error: reason };
		}
	}

	return {
		delivers: transport !== null,
		async send(message) {
			// Written already claimed by this instance, so another's sweep of the outbox leaves it to this one.
			const [row] = await sql<OutboxRow[]>`
				insert into outbox (recipient, subject, body_text, headers, claimed_until, attempts)
				values (${message.to}, ${message.subject}, ${message.text}, ${sql.json(message.headers ?? {})},
					${transport ? sql`now() + make_interval(secs => ${LEASE_SECONDS})` : null}, ${transport ? 1 : 0})
				returning id::text, recipient as to, subject, body_text as text, headers, message_id::text, attempts, created_at, sent_at, error`;
			return deliver(row!);
		},
		async deliverPending() {
			if (!transport) return 0;
			let sent = 0;
			for (let batch = 0; batch < 50; batch++) {
				const claimed = await sql<OutboxRow[]>`
					update outbox set claimed_until = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = attempts + 1
					where id in (
						select id from outbox where sent_at is null and (claimed_until is null or claimed_until <= now())
						order by id limit 20 for update skip locked)
					returning id::text, recipient as to, subject, body_text as text, headers, message_id::text, attempts, created_at, sent_at, error`;
				if (claimed.length === 0) break;
				claimed.sort((a, b) => Number(a.id) - Number(b.id));
				for (const message of claimed) if ((await deliver(message)).sentAt) sent++;
			}
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
		select id::text, recipient as to, subject, body_text as text, created_at, sent_at, error
		from outbox order by id desc limit ${limit}`;
}
