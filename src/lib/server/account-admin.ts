import { checkAccountAct, decide, type AccountAct, type Action, type Actor } from '$lib/domain/policy';
import * as audit from './audit';
import type { Tx } from './db';
import { announce } from './events';
import type { Result } from './result';
import type { Services } from './services';
import * as session from './session';
import { generateToken, hashToken } from './tokens';
import * as user from './user';

/**
 * Administrators' powers over accounts: deactivate and reactivate a person, grant and revoke administrator, and
 * send a one-time sign-in link. Each act is one transaction with its audit row; the policy says who may act
 * (`decide`) and whether the act suits the account (`checkAccountAct`).
 */

// Acts that change who the active administrators are take turns, so two administrators removing each other at
// once cannot leave the portal with none.
const ADMINISTRATORS_LOCK = 72_015_013;

/** A sign-in link works once, for half an hour: enough to open the email, little use to anyone who finds it later. */
export const SIGN_IN_LINK_MINUTES = 30;

const ACTION_OF: Record<AccountAct, Action> = {
	deactivate: 'person.deactivate',
	reactivate: 'person.deactivate',
	grant_admin: 'person.grant_admin',
	revoke_admin: 'person.grant_admin',
	send_sign_in_link: 'person.send_sign_in_link'
};

/** The person an act is on, under the lock, or a refusal naming the rule. */
async function authorised(tx: Tx, actor: Actor, act: AccountAct, userId: string): Promise<Result<user.Person>> {
	const allowed = decide(actor, ACTION_OF[act], { personId: userId });
	if (!allowed.allowed) return { ok: false, reason: allowed.reason };
	await tx`select pg_advisory_xact_lock(${ADMINISTRATORS_LOCK})`;
	const [person] = await tx<user.Person[]>`
		select id, email, name, is_administrator, password_hash is not null as has_password, deactivated_at, created_at
		from users where id = ${userId} for update`;
	if (!person) return { ok: false, reason: 'No such person' };
	const [admins] = await tx<{ n: number }[]>`select count(*)::int as n from users where is_administrator and deactivated_at is null`;
	const fits = checkAccountAct(actor.userId, act, {
		userId: person.id,
		name: person.name,
		isAdministrator: person.isAdministrator,
		deactivated: person.deactivatedAt !== null,
		activeAdministrators: admins?.n ?? 0
	});
	return fits.allowed ? { ok: true, value: person } : { ok: false, reason: fits.reason };
}

/**
 * Deactivates a person: every session ends at once, and with it every open connection (the access bus tells them to
 * check again). Their record, memberships and history stay; they cannot sign in until reactivated.
 */
export async function deactivate(services: Pick<Services, 'transaction'>, actor: Actor, userId: string, reason: string): Promise<Result<user.Person>> {
	return services.transaction(async (tx) => {
		const found = await authorised(tx, actor, 'deactivate', userId);
		if (!found.ok) return found;
		const [updated] = await tx<{ deactivatedAt: Date }[]>`update users set deactivated_at = now() where id = ${userId} returning deactivated_at`;
		await session.invalidateAllFor(tx, userId);
		await audit.record(tx, { actorId: actor.userId, action: 'person.deactivate', entity: 'user', entityId: userId, before: { deactivatedAt: null }, after: { deactivatedAt: updated!.deactivatedAt, reason } });
		return { ok: true as const, value: { ...found.value, deactivatedAt: updated!.deactivatedAt } };
	});
}

/** Reactivates a person: they sign in again as before (a password, an invitation, or a sign-in link). */
export async function reactivate(services: Pick<Services, 'transaction'>, actor: Actor, userId: string): Promise<Result<user.Person>> {
	return services.transaction(async (tx) => {
		const found = await authorised(tx, actor, 'reactivate', userId);
		if (!found.ok) return found;
		await tx`update users set deactivated_at = null where id = ${userId}`;
		await audit.record(tx, { actorId: actor.userId, action: 'person.reactivate', entity: 'user', entityId: userId, before: { deactivatedAt: found.value.deactivatedAt }, after: { deactivatedAt: null } });
		return { ok: true as const, value: { ...found.value, deactivatedAt: null } };
	});
}

/**
 * Grants or revokes administrator. Open connections check themselves again: what the person may do has changed.
 * The portal is never left without an active administrator.
 */
export async function setAdministrator(services: Pick<Services, 'transaction'>, actor: Actor, userId: string, administrator: boolean): Promise<Result<user.Person>> {
	return services.transaction(async (tx) => {
		const found = await authorised(tx, actor, administrator ? 'grant_admin' : 'revoke_admin', userId);
		if (!found.ok) return found;
		await tx`update users set is_administrator = ${administrator} where id = ${userId}`;
		announce(tx, { type: 'access.changed', userId });
		await audit.record(tx, {
			actorId: actor.userId,
			action: administrator ? 'person.grant_admin' : 'person.revoke_admin',
			entity: 'user',
			entityId: userId,
			before: { isAdministrator: !administrator },
			after: { isAdministrator: administrator }
		});
		return { ok: true as const, value: { ...found.value, isAdministrator: administrator } };
	});
}

/**
 * Sends a person a one-time link that signs them in: the token is made and its hash stored (with the audit row) in
 * one transaction, and the email put in the outbox after it commits. Any earlier unused link of theirs stops
 * working, so only the newest is a key.
 */
export async function sendSignInLink(
	services: Pick<Services, 'transaction' | 'mailer' | 'origin'>,
	actor: Actor,
	userId: string
): Promise<Result<{ to: string; expiresAt: Date }>> {
	const made = await services.transaction(async (tx) => {
		const found = await authorised(tx, actor, 'send_sign_in_link', userId);
		if (!found.ok) return found;
		const token = generateToken();
		const expiresAt = new Date(Date.now() + SIGN_IN_LINK_MINUTES * 60_000);
		await tx`update sign_in_links set expires_at = now() where user_id = ${userId} and used_at is null and expires_at > now()`;
		const [row] = await tx<{ id: string }[]>`
			insert into sign_in_links (token_hash, user_id, sent_by, expires_at) values (${hashToken(token)}, ${userId}, ${actor.userId}, ${expiresAt})
			returning id`;
		await audit.record(tx, { actorId: actor.userId, action: 'sign_in_link.send', entity: 'user', entityId: userId, after: { linkId: row!.id, expiresAt } });
		return { ok: true as const, value: { token, expiresAt, person: found.value } };
	});
	if (!made.ok) return made;
	const { token, expiresAt, person } = made.value;
	await services.mailer.send({
		to: person.email,
		subject: 'Sign in to the oversight portal',
		text: [
			`Dear ${person.name},`,
			'',
			'An administrator of the oversight portal has sent you a link that signs you in. Open it within ${SIGN_IN_LINK_MINUTES} minutes and choose Sign in:',
			'',
			`${services.origin}/sign-in-link/${token}`,
			'',
			'The link works once. If it has expired, ask the administrator for a new one, or set a password with "Forgotten your password?" on the sign-in page.',
			'If you did not expect this email, tell an administrator of the portal.',
			'',
			'Oversight portal'
		].join('\n')
	});
	return { ok: true, value: { to: person.email, expiresAt } };
}

/** The person a sign-in link would sign in, if it can still be used. */
export async function checkSignInLink(tx: Tx, token: string): Promise<Result<{ userId: string; name: string; email: string }>> {
	const [row] = await tx<{ userId: string; name: string; email: string; usedAt: Date | null; expiresAt: Date; deactivatedAt: Date | null }[]>`
		select l.user_id, u.name, u.email, l.used_at, l.expires_at, u.deactivated_at
		from sign_in_links l join users u on u.id = l.user_id where l.token_hash = ${hashToken(token)}`;
	if (!row) return { ok: false, reason: 'This sign-in link is not valid. Check you copied the whole link from the email.' };
	if (row.deactivatedAt) return { ok: false, reason: user.DEACTIVATED_MESSAGE };
	if (row.usedAt) return { ok: false, reason: 'This sign-in link has already been used. Ask an administrator for a new one.' };
	if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: `This sign-in link has expired: links work for ${SIGN_IN_LINK_MINUTES} minutes. Ask an administrator for a new one.` };
	return { ok: true, value: { userId: row.userId, name: row.name, email: row.email } };
}

/**
 * Uses a sign-in link once (even when two requests race) and starts a session for its person. Whoever was signed in
 * on this browser before is signed out: the browser now belongs to the link's person.
 */
export async function useSignInLink(
	services: Pick<Services, 'transaction'>,
	token: string,
	currentSessionId: string | null
): Promise<Result<{ sessionToken: string; sessionExpiresAt: Date; userId: string }>> {
	return services.transaction(async (tx) => {
		const [claimed] = await tx<{ id: string; userId: string }[]>`
			update sign_in_links l set used_at = now()
			from users u
			where l.token_hash = ${hashToken(token)} and l.used_at is null and l.expires_at > now()
				and u.id = l.user_id and u.deactivated_at is null
			returning l.id, l.user_id`;
		if (!claimed) {
			const why = await checkSignInLink(tx, token);
			return { ok: false as const, reason: why.ok ? 'This sign-in link could not be used. Ask an administrator for a new one.' : why.reason };
		}
		if (currentSessionId) await session.invalidate(tx, currentSessionId);
		const started = await session.create(tx, claimed.userId);
		await audit.record(tx, { actorId: claimed.userId, action: 'sign_in_link.use', entity: 'user', entityId: claimed.userId, after: { linkId: claimed.id } });
		return { ok: true as const, value: { sessionToken: started.token, sessionExpiresAt: started.session.expiresAt, userId: claimed.userId } };
	});
}
