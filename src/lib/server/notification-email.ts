import { DIGEST_JOB, digestEmail, immediateEmail, type DigestItem } from '$lib/domain/notification-email';
import type { NotificationKind } from '$lib/domain/notification-kinds';
import type { Sql, Tx } from './db';
import * as jobs from './jobs';
import * as mail from './mail';
import * as unsubscribe from './unsubscribe';

/**
 * Notifications made into email (migrations/019). A notification owes its email from the moment it is written
 * (notification.notify), and is paid by exactly one message, whose outbox row it then names (`outbox_id`):
 * - its own email (`composeImmediate`), for a kind its person hears of at once;
 * - the day's digest (`composeDigests`), for a kind they hear of by digest;
 * - or an email the act wrote itself that says the same (`paidBy`), such as the formal notice of a meeting, which
 *   carries the news that its papers are issued: the notification stays in the inbox, but is not emailed again.
 * Each is written into the outbox and the notification marked as emailed in one transaction, so across a crash or
 * several instances each is emailed exactly once. The outbox is then sent after commit (mail.ts), each row claimed
 * by one instance. A notification still owed when its person turns the kind off owes nothing more.
 */

export { DIGEST_JOB };

const preferencesUrl = (origin: string) => `${origin}/account/notifications`;
const unsubscribeUrl = (origin: string, token: string) => `${origin}/unsubscribe/${token}`;

interface Owed {
	id: string;
	userId: string;
	email: string;
	name: string;
	kind: NotificationKind;
	title: string;
	link: string;
	createdAt: Date;
}

/**
 * Marks what a person was told under `key` (notification.notify's key) as emailed by the message `outboxId`, an
 * email the act wrote in the same transaction that tells them the same thing: neither its own email nor the digest
 * will repeat it. Only what is still owed is marked; one already emailed, or with no email owed, is left as it is.
 */
export async function paidBy(tx: Tx, notified: { userId: string; key: string }, outboxId: string): Promise<void> {
	await tx`
		update notifications set emailed_at = now(), outbox_id = ${outboxId}
		where user_id = ${notified.userId} and key = ${notified.key} and email_by is not null and emailed_at is null`;
}

/**
 * Writes the immediate emails owed, up to `limit`, into the outbox. Another instance doing the same at once skips
 * the rows this one holds. Returns how many were written.
 */
export async function composeImmediate(tx: Tx, origin: string, limit = 50): Promise<number> {
	const owed = await tx<Owed[]>`
		select n.id::text, n.user_id, u.email, u.name, n.kind, n.title, n.link, n.created_at
		from notifications n join users u on u.id = n.user_id
		where n.email_by = 'immediate' and n.emailed_at is null and u.deactivated_at is null
		order by n.id limit ${limit}
		for update of n skip locked`;
	for (const item of owed) {
		const token = await unsubscribe.issue(tx, item.userId, item.kind);
		const message = immediateEmail({
			recipientName: item.name,
			kind: item.kind,
			title: item.title,
			url: origin + item.link,
			unsubscribeUrl: unsubscribeUrl(origin, token),
			preferencesUrl: preferencesUrl(origin)
		});
		const outboxId = await mail.enqueue(tx, { to: item.email, ...message });
		await tx`update notifications set emailed_at = now(), outbox_id = ${outboxId} where id = ${item.id}`;
	}
	return owed.length;
}

/**
 * Writes every immediate email owed (each batch its own transaction), then sends the outbox. Returns when a message
 * that failed may be tried again (null: nothing waits).
 */
export async function sendOwed(services: { sql: Sql; origin: string; mailer: mail.Mailer }): Promise<Date | null> {
	// Most runs find nothing: look without a transaction first.
	for (;;) {
		const [any] = await services.sql`select 1 from notifications where email_by = 'immediate' and emailed_at is null limit 1`;
		if (!any) break;
		const written = await services.sql.begin((tx) => composeImmediate(tx, services.origin));
		if (written === 0) break;
	}
	if (!services.mailer.delivers) return null;
	await services.mailer.deliverPending();
	const [waiting] = await services.sql<{ next: Date | null }[]>`select min(claimed_until) as next from outbox where sent_at is null`;
	return waiting?.next ?? null;
}

/**
 * Writes each person's digest of what they are owed by digest into the outbox, one email per person, and marks what
 * went in as emailed. Run in the digest job's transaction: a digest is written with the job's completion or not at
 * all. Returns how many digests were written.
 */
export async function composeDigests(tx: Tx, origin: string, date: string): Promise<number> {
	// `for update` without skipping: a digest of another day running at once waits, then finds these emailed.
	const owed = await tx<Owed[]>`
		select n.id::text, n.user_id, u.email, u.name, n.kind, n.title, n.link, n.created_at
		from notifications n join users u on u.id = n.user_id
		where n.email_by = 'digest' and n.emailed_at is null and u.deactivated_at is null
		order by n.user_id, n.created_at, n.id
		for update of n`;
	const byPerson = new Map<string, Owed[]>();
	for (const item of owed) byPerson.set(item.userId, [...(byPerson.get(item.userId) ?? []), item]);
	for (const [userId, items] of byPerson) {
		const kinds = [...new Set(items.map((item) => item.kind))];
		const unsubscribeKindUrls: Partial<Record<NotificationKind, string>> = {};
		for (const kind of kinds) unsubscribeKindUrls[kind] = unsubscribeUrl(origin, await unsubscribe.issue(tx, userId, kind));
		const message = digestEmail({
			recipientName: items[0]!.name,
			date,
			items: items.map((item): DigestItem => ({ kind: item.kind, title: item.title, url: origin + item.link, createdAt: item.createdAt })),
			unsubscribeDigestUrl: unsubscribeUrl(origin, await unsubscribe.issue(tx, userId, null)),
			unsubscribeKindUrls,
			preferencesUrl: preferencesUrl(origin)
		});
		const outboxId = await mail.enqueue(tx, { to: items[0]!.email, ...message });
		await tx`update notifications set emailed_at = now(), outbox_id = ${outboxId} where id = any(${items.map((item) => item.id)}::bigint[])`;
	}
	return byPerson.size;
}

/** The digest job: the day's digests. notification.notify schedules one for each day something waits for. */
export function digestJob(origin: string): jobs.JobHandler {
	return jobs.forTheDay((tx, date) => composeDigests(tx, origin, date));
}
