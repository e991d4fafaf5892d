import * as audit from './audit';
import type { Tx } from './db';
import type { Transaction } from './events';
import type { Result } from './result';
import { generateToken, hashToken } from './tokens';
import * as user from './user';

/** A reset link works once, for an hour: long enough to read the email, short enough to be of little use if leaked. */
export const RESET_MINUTES = 60;

/** Reset links asked for in the window, per email address typed and per network address. */
export const RESET_LIMITS = { perEmail: 3, perAddress: 10, windowMinutes: 60 };

// Namespaces for the two-key advisory locks that make counting and recording a request one step.
const EMAIL_REQUESTS_LOCK = 72_015_006;
const ADDRESS_REQUESTS_LOCK = 72_015_007;

export type ResetRequest =
	| { limited: true }
	/** `reset` is null when no account has that email: the caller answers the same either way. */
	| { limited: false; reset: { token: string; userId: string; name: string } | null };

/**
 * Records a request for a reset link and, within the limits, makes a token for the person with this email. The
 * limits count requests by the email typed, whether or not an account has it, so being limited tells nobody
 * whether the account exists; counting and recording are one step under a lock, so requests sent at once are
 * limited too.
 */
export async function request(tx: Tx, email: string, address: string): Promise<ResetRequest> {
	const { perEmail, perAddress, windowMinutes } = RESET_LIMITS;
	await tx`select pg_advisory_xact_lock(${EMAIL_REQUESTS_LOCK}, hashtext(lower(${email})))`;
	await tx`select pg_advisory_xact_lock(${ADDRESS_REQUESTS_LOCK}, hashtext(${address}))`;
	const [counts] = await tx<{ byEmail: number; byAddress: number }[]>`
		select
			count(*) filter (where lower(email) = lower(${email}))::int as by_email,
			count(*) filter (where address = ${address})::int as by_address
		from password_reset_requests
		where at > now() - make_interval(mins => ${windowMinutes})`;
	if ((counts?.byEmail ?? 0) >= perEmail || (counts?.byAddress ?? 0) >= perAddress) return { limited: true };
	await tx`insert into password_reset_requests (email, address) values (${email}, ${address})`;
	const person = await user.findByEmail(tx, email);
	// A deactivated account gets no link, and the answer is the same as for an email with no account.
	if (!person || person.deactivatedAt) return { limited: false, reset: null };
	const token = generateToken();
	await tx`
		insert into password_resets (token_hash, user_id, expires_at)
		values (${hashToken(token)}, ${person.id}, ${new Date(Date.now() + RESET_MINUTES * 60_000)})`;
	await audit.record(tx, { actorId: null, action: 'password_reset.request', entity: 'user', entityId: person.id });
	return { limited: false, reset: { token, userId: person.id, name: person.name } };
}

export async function check(tx: Tx, token: string): Promise<Result<{ userId: string; email: string }>> {
	const [row] = await tx<{ userId: string; email: string; usedAt: Date | null; expiresAt: Date; deactivatedAt: Date | null }[]>`
		select r.user_id, u.email, r.used_at, r.expires_at, u.deactivated_at from password_resets r join users u on u.id = r.user_id
		where r.token_hash = ${hashToken(token)}`;
	if (!row) return { ok: false, reason: 'This password reset link is not valid. Check you copied the whole link from the email.' };
	if (row.deactivatedAt) return { ok: false, reason: user.DEACTIVATED_MESSAGE };
	if (row.usedAt) return { ok: false, reason: 'This password reset link has already been used. Ask for a new one.' };
	if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'This password reset link has expired. Ask for a new one.' };
	return { ok: true, value: { userId: row.userId, email: row.email } };
}

/** Uses a reset token once: sets the password and ends every session of the person. */
export async function complete(transaction: Transaction, token: string, password: string): Promise<Result<{ userId: string }>> {
	return transaction(async (tx) => {
		const [claimed] = await tx<{ userId: string }[]>`
			update password_resets r set used_at = now()
			from users u
			where r.token_hash = ${hashToken(token)} and r.used_at is null and r.expires_at > now()
				and u.id = r.user_id and u.deactivated_at is null
			returning r.user_id`;
		if (!claimed) {
			const why = await check(tx, token);
			return { ok: false as const, reason: why.ok ? 'This link could not be used. Ask for a new one.' : why.reason };
		}
		await user.setPassword(tx, claimed.userId, password, null, claimed.userId);
		return { ok: true as const, value: { userId: claimed.userId } };
	});
}
