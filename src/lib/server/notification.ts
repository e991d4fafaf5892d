import type { MembershipRole } from '$lib/domain/roles';
import { DIGEST_JOB, DIGEST_TIME, nextDailyRun } from '$lib/domain/notification-email';
import { DEFAULT_DELIVERY, NOTIFICATION_KINDS, type Delivery, type NotificationKind } from '$lib/domain/notification-kinds';
import { held } from './membership';
import type { Sql, Tx } from './db';
import { announce } from './events';

/**
 * A person's inbox (migrations/017). Acts notify in their own transaction, so what commits is always told and what
 * rolls back never is; a notification's key (the act and its subject) means one thing is told to a person once.
 */
export interface Notification {
	id: string;
	kind: NotificationKind;
	bodyId: string | null;
	title: string;
	link: string;
	createdAt: Date;
	readAt: Date | null;
}

export interface NotificationInput {
	kind: NotificationKind;
	bodyId: string | null;
	/** What happened, in a line: "Asha Patel mentioned you on the priorities plan 2026/27". */
	title: string;
	/** A path on the portal, beginning with "/". */
	link: string;
	/** What caused it: one notification per person per key ("comment:<id>:mention"). */
	key: string;
}

/**
 * Tells each of `userIds` (once each, and never the person who acted) of what happened. Returns who was told
 * for the first time: a retold key tells nobody again. Each notification owes the email its person chose for the
 * kind (immediate or digest, or none), written into the outbox later by notification-email.ts; one statement for
 * however many people, as a vote opened in a full meeting tells them all at once.
 */
export async function notify(tx: Tx, userIds: Iterable<string>, input: NotificationInput, actorId: string | null = null): Promise<string[]> {
	const recipients = [...new Set(userIds)].filter((id) => id !== actorId);
	if (recipients.length === 0) return [];
	// The digest that will carry what this owes by digest is scheduled in the same statement, for the next 07:00
	// London: it exists if and only if something waits for it, and the vote path pays no statement more.
	const digest = nextDailyRun(new Date(), DIGEST_TIME);
	const rows = await tx<{ userId: string; emailBy: string | null }[]>`
		with told as (
			insert into notifications (user_id, kind, body_id, title, link, key, email_by)
			select u.id, ${input.kind}, ${input.bodyId}, ${input.title.slice(0, 300)}, ${input.link}, ${input.key},
				nullif(coalesce(p.delivery, ${DEFAULT_DELIVERY[input.kind]}), 'off')
			from users u left join notification_preferences p on p.user_id = u.id and p.kind = ${input.kind}
			where u.id = any(${recipients}::uuid[]) and u.deactivated_at is null
			on conflict (user_id, key) do nothing
			returning user_id, email_by
		), digest as (
			insert into jobs (kind, key, payload, run_at)
			select ${DIGEST_JOB}, ${`${DIGEST_JOB}:${digest.date}`}, ${tx.json({ date: digest.date })}, ${digest.runAt}
			where exists (select 1 from told where email_by = 'digest')
			on conflict (key) do nothing
		)
		select user_id, email_by from told`;
	const told = rows.map((row) => row.userId);
	if (told.length > 0) announce(tx, { type: 'notifications.changed', userIds: told });
	if (rows.some((row) => row.emailBy === 'immediate')) announce(tx, { type: 'email.owed' });
	return told;
}

/** The people who sit on a body today, in the roles given (every role if none). For "tell the body". */
export async function bodyMembers(tx: Tx, bodyId: string, roles: MembershipRole[] | null = null): Promise<string[]> {
	const rows = await tx<{ userId: string }[]>`
		select distinct m.user_id from memberships m
		where m.body_id = ${bodyId} and ${held(tx, 'm')} ${roles ? tx`and m.role = any(${roles})` : tx``}`;
	return rows.map((row) => row.userId);
}

/** A person's inbox, newest first. */
export async function list(sql: Tx, userId: string, options: { limit?: number; unreadOnly?: boolean } = {}): Promise<Notification[]> {
	return sql<Notification[]>`
		select id::text, kind, body_id, title, link, created_at, read_at from notifications
		where user_id = ${userId} ${options.unreadOnly ? sql`and read_at is null` : sql``}
		order by created_at desc, id desc limit ${options.limit ?? 50}`;
}

export async function unreadCount(sql: Sql | Tx, userId: string): Promise<number> {
	const [row] = await sql<{ count: number }[]>`select count(*)::int as count from notifications where user_id = ${userId} and read_at is null`;
	return row!.count;
}

/** Marks some of a person's notifications read (all of them with `ids` null); only their own. Returns how many. */
export async function markRead(tx: Tx, userId: string, ids: string[] | null): Promise<number> {
	const rows = await tx`
		update notifications set read_at = now()
		where user_id = ${userId} and read_at is null ${ids ? tx`and id = any(${ids}::bigint[])` : tx``}
		returning id`;
	if (rows.length > 0) announce(tx, { type: 'notifications.changed', userIds: [userId] });
	return rows.length;
}

/** How a person hears of each kind: their choice, or the kind's default. */
export async function preferences(sql: Sql | Tx, userId: string): Promise<Record<NotificationKind, Delivery>> {
	const rows = await sql<{ kind: string; delivery: Delivery }[]>`select kind, delivery from notification_preferences where user_id = ${userId}`;
	const chosen = new Map(rows.map((row) => [row.kind, row.delivery]));
	return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, chosen.get(kind) ?? DEFAULT_DELIVERY[kind]])) as Record<NotificationKind, Delivery>;
}

/**
 * Sets how a person hears of some kinds. A choice that is the kind's default is kept as no row, so the settings page,
 * which sends every kind, stores only what the person changed. Email a notification already owes is not taken back,
 * except that a kind turned off owes nothing more: what waits for the digest, or its own email, stays in the inbox.
 */
export async function setPreferences(tx: Tx, userId: string, choices: Partial<Record<NotificationKind, Delivery>>): Promise<void> {
	for (const [kind, delivery] of Object.entries(choices) as [NotificationKind, Delivery][]) {
		if (delivery === DEFAULT_DELIVERY[kind]) {
			await tx`delete from notification_preferences where user_id = ${userId} and kind = ${kind}`;
		} else {
			await tx`
				insert into notification_preferences (user_id, kind, delivery) values (${userId}, ${kind}, ${delivery})
				on conflict (user_id, kind) do update set delivery = excluded.delivery, updated_at = now()`;
		}
		if (delivery === 'off') {
			await tx`update notifications set email_by = null where user_id = ${userId} and kind = ${kind} and email_by is not null and emailed_at is null`;
		}
	}
}
