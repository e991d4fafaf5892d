import type { Tx } from './db';
import { announce } from './events';
import { generateToken, hashToken } from './tokens';

const DAY = 24 * 60 * 60 * 1000;
/** Sessions last 30 days from last use: renewed when fewer than 15 days remain. */
export const SESSION_DAYS = 30;
const RENEW_WHEN_UNDER = 15 * DAY;

export const SESSION_COOKIE = 'session';

export interface SessionUser {
	id: string;
	email: string;
	name: string;
	isAdministrator: boolean;
}

export interface Session {
	id: string;
	userId: string;
	expiresAt: Date;
}

/** Starts a session; returns the token for the cookie. Only its hash is stored. */
export async function create(tx: Tx, userId: string): Promise<{ token: string; session: Session }> {
	const token = generateToken();
	const session: Session = { id: hashToken(token), userId, expiresAt: new Date(Date.now() + SESSION_DAYS * DAY) };
	await tx`insert into sessions (id, user_id, expires_at) values (${session.id}, ${userId}, ${session.expiresAt})`;
	return { token, session };
}

/**
 * The session and user behind a cookie token, renewing the session when it is past half its life. A deactivated
 * person's sessions are ended when they are deactivated; these reads refuse them too, so one started in a race
 * with the deactivation opens nothing.
 */
export async function validate(tx: Tx, token: string): Promise<{ session: Session; user: SessionUser } | null> {
	const id = hashToken(token);
	const [row] = await tx<(Session & { email: string; name: string; isAdministrator: boolean })[]>`
		select s.id, s.user_id, s.expires_at, u.email, u.name, u.is_administrator
		from sessions s join users u on u.id = s.user_id
		where s.id = ${id} and u.deactivated_at is null`;
	if (!row) return null;
	const now = Date.now();
	if (now >= row.expiresAt.getTime()) {
		await tx`delete from sessions where id = ${id}`;
		return null;
	}
	let expiresAt = row.expiresAt;
	if (row.expiresAt.getTime() - now < RENEW_WHEN_UNDER) {
		expiresAt = new Date(now + SESSION_DAYS * DAY);
		await tx`update sessions set expires_at = ${expiresAt} where id = ${id}`;
	}
	return {
		session: { id, userId: row.userId, expiresAt },
		user: { id: row.userId, email: row.email, name: row.name, isAdministrator: row.isAdministrator }
	};
}

/**
 * The session and user behind a token while the session lasts, without renewing it: for connections that stay
 * open (live meeting sockets, co-editing websockets), which check again when it is due to end. Pages renew it.
 */
export async function lookup(tx: Tx, token: string): Promise<{ session: Session; user: SessionUser } | null> {
	const [row] = await tx<(Session & { email: string; name: string; isAdministrator: boolean })[]>`
		select s.id, s.user_id, s.expires_at, u.email, u.name, u.is_administrator
		from sessions s join users u on u.id = s.user_id
		where s.id = ${hashToken(token)} and s.expires_at > now() and u.deactivated_at is null`;
	if (!row) return null;
	return {
		session: { id: row.id, userId: row.userId, expiresAt: row.expiresAt },
		user: { id: row.userId, email: row.email, name: row.name, isAdministrator: row.isAdministrator }
	};
}

/**
 * The person behind a token while the session lasts, as a SQL expression (a JSON object, or null once the session
 * has ended): for a statement that checks the session on the way to something else, as a live meeting's act does.
 * `sessionUser` turns it back into the session and user `lookup` returns.
 */
export function current(tx: Tx, token: string) {
	return currentByHash(tx, tx`${hashToken(token)}`);
}

/** `current` for a token's hash given as SQL (a column of tokens hashed by `hashOf`), for several sessions in one statement. */
export function currentByHash(tx: Tx, hash: ReturnType<Tx>) {
	return tx`(
		select json_build_object('id', s.id, 'userId', s.user_id, 'expiresAt', s.expires_at, 'email', u.email, 'name', u.name, 'isAdministrator', u.is_administrator)
		from sessions s join users u on u.id = s.user_id
		where s.id = ${hash} and s.expires_at > now() and u.deactivated_at is null)`;
}

/** A session token as the sessions table keys it. */
export const hashOf = (token: string) => hashToken(token);

export function sessionUser(row: { id: string; userId: string; expiresAt: string; email: string; name: string; isAdministrator: boolean } | null) {
	if (!row) return null;
	return {
		session: { id: row.id, userId: row.userId, expiresAt: new Date(row.expiresAt) },
		user: { id: row.userId, email: row.email, name: row.name, isAdministrator: row.isAdministrator }
	};
}

/** Ends a session; the person's open connections check themselves again and let it go. */
export async function invalidate(tx: Tx, sessionId: string): Promise<void> {
	const ended = await tx<{ userId: string }[]>`delete from sessions where id = ${sessionId} returning user_id`;
	for (const { userId } of ended) announce(tx, { type: 'access.changed', userId });
}

/** Ends every session of a user but the one given (after a password change), or all of them. */
export async function invalidateAllFor(tx: Tx, userId: string, exceptSessionId: string | null = null): Promise<void> {
	await tx`delete from sessions where user_id = ${userId} and id is distinct from ${exceptSessionId}`;
	announce(tx, { type: 'access.changed', userId });
}
