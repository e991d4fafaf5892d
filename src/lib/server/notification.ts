import type { MembershipRole } from '$lib/domain/roles';
import type { NotificationKind } from '$lib/domain/notification-kinds';
import { held } from './membership';
import type { Sql, Tx } from './db';

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
 * for the first time: a retold key tells nobody again.
 */
export async function notify(tx: Tx, userIds: Iterable<string>, input: NotificationInput, actorId: string | null = null): Promise<string[]> {
	const recipients = [...new Set(userIds)].filter((id) => id !== actorId);
	if (recipients.length === 0) return [];
	const rows = await tx<{ userId: string }[]>`
		insert into notifications (user_id, kind, body_id, title, link, key)
		select u.id, ${input.kind}, ${input.bodyId}, ${input.title.slice(0, 300)}, ${input.link}, ${input.key}
		from users u where u.id = any(${recipients}::uuid[]) and u.deactivated_at is null
		on conflict (user_id, key) do nothing
		returning user_id`;
	return rows.map((row) => row.userId);
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
	return rows.length;
}
