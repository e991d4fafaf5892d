import * as audit from './audit';
import type { Sql, Tx } from './db';
import type { Result } from './result';
import { generateToken, hashToken } from './tokens';
import * as user from './user';

/** A reset link works once, for an hour: long enough to read the email, short enough to be of little use if leaked. */
export const RESET_MINUTES = 60;

/** Makes a reset token for the person with this email, or null when there is no such account (the caller says the same either way). */
export async function request(tx: Tx, email: string): Promise<{ token: string; userId: string; name: string } | null> {
	const person = await user.findByEmail(tx, email);
	if (!person) return null;
	const token = generateToken();
	await tx`
		insert into password_resets (token_hash, user_id, expires_at)
		values (${hashToken(token)}, ${person.id}, ${new Date(Date.now() + RESET_MINUTES * 60_000)})`;
	await audit.record(tx, { actorId: null, action: 'password_reset.request', entity: 'user', entityId: person.id });
	return { token, userId: person.id, name: person.name };
}

export async function check(tx: Tx, token: string): Promise<Result<{ userId: string; email: string }>> {
	const [row] = await tx<{ userId: string; email: string; usedAt: Date | null; expiresAt: Date }[]>`
		select r.user_id, u.email, r.used_at, r.expires_at from password_resets r join users u on u.id = r.user_id
		where r.token_hash = ${hashToken(token)}`;
	if (!row) return { ok: false, reason: 'This password reset link is not valid. Check you copied the whole link from the email.' };
	if (row.usedAt) return { ok: false, reason: 'This password reset link has already been used. Ask for a new one.' };
	if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'This password reset link has expired. Ask for a new one.' };
	return { ok: true, value: { userId: row.userId, email: row.email } };
}

/** Uses a reset token once: sets the password and ends every session of the person. */
export async function complete(sql: Sql, token: string, password: string): Promise<Result<{ userId: string }>> {
	return sql.begin(async (tx) => {
		const [claimed] = await tx<{ userId: string }[]>`
			update password_resets set used_at = now()
			where token_hash = ${hashToken(token)} and used_at is null and expires_at > now()
			returning user_id`;
		if (!claimed) {
			const why = await check(tx, token);
			return { ok: false as const, reason: why.ok ? 'This link could not be used. Ask for a new one.' : why.reason };
		}
		await user.setPassword(tx, claimed.userId, password, null, claimed.userId);
		return { ok: true as const, value: { userId: claimed.userId } };
	});
}
