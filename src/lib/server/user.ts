import * as audit from './audit';
import type { Sql, Tx } from './db';
import { hashPassword, verifyPassword } from './password';
import * as session from './session';

// Keeps two simultaneous setup requests from both creating a "first" administrator.
const SETUP_LOCK = 72_015_003;

export interface Person {
	id: string;
	email: string;
	name: string;
	isAdministrator: boolean;
	hasPassword: boolean;
	/** When an administrator deactivated the account; null while it is active. */
	deactivatedAt: Date | null;
	createdAt: Date;
}

const personColumns = (tx: Tx) => tx`id, email, name, is_administrator, password_hash is not null as has_password, deactivated_at, created_at`;

/** What a deactivated person is told wherever they try to get in: the sign-in page, an invitation, a link. */
export const DEACTIVATED_MESSAGE = 'This account has been deactivated, so it cannot be used to sign in. If you think this is a mistake, ask an administrator of the portal to reactivate it.';

export async function count(tx: Tx): Promise<number> {
	const [row] = await tx<{ n: number }[]>`select count(*)::int as n from users`;
	return row?.n ?? 0;
}

export async function get(tx: Tx, id: string): Promise<Person | null> {
	const [row] = await tx<Person[]>`select ${personColumns(tx)} from users where id = ${id}`;
	return row ?? null;
}

export async function findByEmail(tx: Tx, email: string): Promise<Person | null> {
	const [row] = await tx<Person[]>`select ${personColumns(tx)} from users where lower(email) = lower(${email})`;
	return row ?? null;
}

export async function list(tx: Tx): Promise<Person[]> {
	return tx<Person[]>`select ${personColumns(tx)} from users order by name`;
}

/** Creates the first administrator, or refuses when anyone already has an account (checked under a lock). */
export async function createFirstAdministrator(
	sql: Sql,
	input: { email: string; name: string; password: string }
): Promise<{ ok: true; userId: string } | { ok: false; reason: string }> {
	const passwordHash = await hashPassword(input.password);
	return sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(${SETUP_LOCK})`;
		if ((await count(tx)) > 0) return { ok: false as const, reason: 'The portal is already set up. Sign in instead.' };
		const [row] = await tx<{ id: string }[]>`
			insert into users (email, name, password_hash, is_administrator)
			values (${input.email}, ${input.name}, ${passwordHash}, true) returning id`;
		const userId = row!.id;
		await audit.record(tx, { actorId: userId, action: 'user.create_first_administrator', entity: 'user', entityId: userId, after: { email: input.email, name: input.name } });
		return { ok: true as const, userId };
	});
}

/** Finds or creates the person with this email (no password until they accept an invitation). */
export async function ensurePerson(tx: Tx, input: { email: string; name: string }, actorId: string | null): Promise<Person> {
	const existing = await findByEmail(tx, input.email);
	if (existing) return existing;
	const [row] = await tx<Person[]>`
		insert into users (email, name) values (${input.email}, ${input.name}) returning ${personColumns(tx)}`;
	await audit.record(tx, { actorId, action: 'person.create', entity: 'user', entityId: row!.id, after: input });
	return row!;
}

export async function rename(tx: Tx, userId: string, name: string, actorId: string): Promise<void> {
	const before = await get(tx, userId);
	await tx`update users set name = ${name} where id = ${userId}`;
	await audit.record(tx, { actorId, action: 'person.rename', entity: 'user', entityId: userId, before: { name: before?.name }, after: { name } });
}

/** Sets a new password and ends every other session of the person (all of them when `keepSessionId` is null). */
export async function setPassword(tx: Tx, userId: string, password: string, keepSessionId: string | null, actorId: string): Promise<void> {
	const passwordHash = await hashPassword(password);
	await tx`update users set password_hash = ${passwordHash} where id = ${userId}`;
	await session.invalidateAllFor(tx, userId, keepSessionId);
	await audit.record(tx, { actorId, action: 'user.set_password', entity: 'user', entityId: userId });
}

export async function checkPassword(tx: Tx, userId: string, password: string): Promise<boolean> {
	const [row] = await tx<{ passwordHash: string | null }[]>`select password_hash from users where id = ${userId}`;
	return !!row?.passwordHash && verifyPassword(row.passwordHash, password);
}

/** Failed sign-ins allowed in the window, per account and per network address. */
export const SIGN_IN_LIMITS = { perAccount: 5, perAddress: 20, windowMinutes: 15 };

export type SignInResult =
	| { ok: true; userId: string }
	| { ok: false; reason: 'invalid' | 'rate_limited' | 'deactivated'; message: string };

// Namespaces for the two-key advisory locks that make counting and recording a sign-in attempt one step.
const ACCOUNT_ATTEMPTS_LOCK = 72_015_004;
const ADDRESS_ATTEMPTS_LOCK = 72_015_005;

/**
 * Checks an email and password. Attempts are counted per account and per address in the database, so the limit
 * holds across instances; past it, even a right password is refused until the window passes. Each attempt is
 * counted and recorded under a lock on its account and address before its password is checked, so attempts sent
 * at once are checked no more often than the limit allows; an attempt that succeeds is then struck out.
 */
export async function signIn(sql: Sql, email: string, password: string, address: string): Promise<SignInResult> {
	const { perAccount, perAddress, windowMinutes } = SIGN_IN_LIMITS;
	const attempt = await sql.begin(async (tx) => {
		// Always account then address, so two attempts never wait on each other's second lock.
		await tx`select pg_advisory_xact_lock(${ACCOUNT_ATTEMPTS_LOCK}, hashtext(lower(${email})))`;
		await tx`select pg_advisory_xact_lock(${ADDRESS_ATTEMPTS_LOCK}, hashtext(${address}))`;
		const [counts] = await tx<{ byAccount: number; byAddress: number }[]>`
			select
				count(*) filter (where lower(email) = lower(${email}))::int as by_account,
				count(*) filter (where address = ${address})::int as by_address
			from sign_in_failures
			where at > now() - make_interval(mins => ${windowMinutes})`;
		if ((counts?.byAccount ?? 0) >= perAccount || (counts?.byAddress ?? 0) >= perAddress) return null;
		const [row] = await tx<{ id: string }[]>`insert into sign_in_failures (email, address) values (${email}, ${address}) returning id`;
		return row!.id;
	});
	if (attempt === null) {
		return {
			ok: false,
			reason: 'rate_limited',
			message: `Too many failed attempts to sign in. Wait ${windowMinutes} minutes and try again, or reset your password.`
		};
	}
	const [row] = await sql<{ id: string; passwordHash: string | null; deactivatedAt: Date | null }[]>`
		select id, password_hash, deactivated_at from users where lower(email) = lower(${email})`;
	// Verify against a dummy hash when there is no account, so timing does not reveal which emails exist.
	const valid = await verifyPassword(row?.passwordHash ?? DUMMY_HASH, password);
	if (row?.passwordHash && valid) {
		await sql`delete from sign_in_failures where id = ${attempt}`;
		// Said only to someone who knows the password, so it tells nobody else that the account exists.
		if (row.deactivatedAt) return { ok: false, reason: 'deactivated', message: DEACTIVATED_MESSAGE };
		return { ok: true, userId: row.id };
	}
	return { ok: false, reason: 'invalid', message: 'Enter a correct email address and password' };
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$vLSbvJ6TUA1MfRH4MkVIQA$PZBQzyUMl9emkkx/rhKhZkNISKDbGbxIWvIhqOjwVbM';
