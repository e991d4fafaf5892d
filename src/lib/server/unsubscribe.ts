import { NOTIFICATION_KINDS, type NotificationKind } from '$lib/domain/notification-kinds';
import type { Sql, Tx } from './db';
import * as notification from './notification';
import { generateToken, hashToken } from './tokens';

/**
 * One-click unsubscribe links (RFC 8058; migrations/019). A link turns off email of one kind for one person, or,
 * from a digest's header, the digest. Only the token's hash is stored; the link is its only key, so it works
 * without signing in, from a mail client that has no cookie. A GET shows what it would do; only a POST does it.
 */
export interface Subscription {
	userId: string;
	name: string;
	/** null: the daily digest, every kind the person gets by digest. */
	kind: NotificationKind | null;
}

/** A new link's token for `kind` (null: the digest) of `userId`, stored as its hash in the caller's transaction. */
export async function issue(tx: Tx, userId: string, kind: NotificationKind | null): Promise<string> {
	const token = generateToken();
	await tx`insert into unsubscribe_tokens (token_hash, user_id, kind) values (${hashToken(token)}, ${userId}, ${kind})`;
	return token;
}

/** What a link's token would unsubscribe from, or null for a token that is not one. */
export async function find(sql: Sql | Tx, token: string): Promise<Subscription | null> {
	const [row] = await sql<{ userId: string; name: string; kind: string | null }[]>`
		select t.user_id, u.name, t.kind from unsubscribe_tokens t join users u on u.id = t.user_id
		where t.token_hash = ${hashToken(token)} and u.deactivated_at is null`;
	if (!row) return null;
	const kind = row.kind === null ? null : ((NOTIFICATION_KINDS as readonly string[]).includes(row.kind) ? (row.kind as NotificationKind) : undefined);
	if (kind === undefined) return null;
	return { userId: row.userId, name: row.name, kind };
}

/**
 * Turns off what a token names, for its person only, and returns the kinds turned off (none when they were off
 * already). Using a link twice is harmless.
 */
export async function apply(tx: Tx, token: string): Promise<{ subscription: Subscription; kinds: NotificationKind[] } | null> {
	const subscription = await find(tx, token);
	if (!subscription) return null;
	const current = await notification.preferences(tx, subscription.userId);
	const kinds = subscription.kind ? [subscription.kind] : NOTIFICATION_KINDS.filter((kind) => current[kind] === 'digest');
	const turningOff = kinds.filter((kind) => current[kind] !== 'off');
	await notification.setPreferences(tx, subscription.userId, Object.fromEntries(turningOff.map((kind) => [kind, 'off'])));
	await tx`update unsubscribe_tokens set used_at = coalesce(used_at, now()) where token_hash = ${hashToken(token)}`;
	return { subscription, kinds: turningOff };
}
