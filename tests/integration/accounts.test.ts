import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as audit from '../../src/lib/server/audit';
import * as body from '../../src/lib/server/body';
import * as invitation from '../../src/lib/server/invitation';
import * as membership from '../../src/lib/server/membership';
import * as passwordReset from '../../src/lib/server/password-reset';
import * as session from '../../src/lib/server/session';
import * as user from '../../src/lib/server/user';
import { newDatabase, type TestDatabase } from '../helpers/database';
import { newServices } from '../helpers/services';

const PASSWORD = 'correct horse battery staple';

describe('accounts, sessions and invitations', () => {
	let db: TestDatabase;
	let adminId: string;
	let bodyId: string;

	beforeAll(async () => {
		db = await newDatabase();
	});
	afterAll(async () => db?.close());

	it('creates exactly one first administrator when two setup requests race', async () => {
		const results = await Promise.all([
			user.createFirstAdministrator(db.sql, { email: 'admin@example.nhs.uk', name: 'Admin One', password: PASSWORD }),
			user.createFirstAdministrator(db.sql, { email: 'admin.two@example.nhs.uk', name: 'Admin Two', password: PASSWORD })
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toMatchObject({ reason: /already set up/ });
		expect(await user.count(db.sql)).toBe(1);
		adminId = (results.find((r) => r.ok) as { userId: string }).userId;
		// Whichever request won the race, the rest of the file signs in as 'admin@example.nhs.uk'.
		await db.sql`update users set email = 'admin@example.nhs.uk' where id = ${adminId}`;
		const made = await body.create(db.sql, { name: 'Test Oversight Group', kind: 'oversight_group', parentId: null }, adminId);
		expect(made.ok).toBe(true);
		bodyId = made.ok ? made.value.id : '';
	});

	it('stores only the hash of a session token, and the token finds its user', async () => {
		const { token, session: created } = await session.create(db.sql, adminId);
		const [row] = await db.sql`select id from sessions where id = ${created.id}`;
		expect(row?.id).not.toBe(token);
		expect(row?.id).toMatch(/^[0-9a-f]{64}$/);
		const valid = await session.validate(db.sql, token);
		expect(valid?.user.email).toBe('admin@example.nhs.uk');
		expect(await session.validate(db.sql, token + 'x')).toBeNull();
	});

	it('renews a session with under 15 days left, and refuses an expired one', async () => {
		const { token, session: created } = await session.create(db.sql, adminId);
		await db.sql`update sessions set expires_at = now() + interval '10 days' where id = ${created.id}`;
		const renewed = await session.validate(db.sql, token);
		expect(renewed!.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
		await db.sql`update sessions set expires_at = now() - interval '1 second' where id = ${created.id}`;
		expect(await session.validate(db.sql, token)).toBeNull();
		const [gone] = await db.sql`select 1 from sessions where id = ${created.id}`;
		expect(gone).toBeUndefined();
	});

	it('ends every other session when the password changes', async () => {
		const kept = await session.create(db.sql, adminId);
		const other = await session.create(db.sql, adminId);
		await db.sql.begin((tx) => user.setPassword(tx, adminId, PASSWORD + '!', kept.session.id, adminId));
		expect(await session.validate(db.sql, kept.token)).not.toBeNull();
		expect(await session.validate(db.sql, other.token)).toBeNull();
		expect((await user.signIn(db.sql, 'admin@example.nhs.uk', PASSWORD + '!', '10.0.0.1')).ok).toBe(true);
	});

	it('limits failed sign-ins per account, refusing even the right password with a clear message', async () => {
		for (let i = 0; i < user.SIGN_IN_LIMITS.perAccount; i++) {
			const failed = await user.signIn(db.sql, 'ADMIN@example.nhs.uk', 'wrong password', `10.0.1.${i}`);
			expect(failed).toMatchObject({ ok: false, reason: 'invalid' });
		}
		const refused = await user.signIn(db.sql, 'admin@example.nhs.uk', PASSWORD + '!', '10.0.2.1');
		expect(refused).toMatchObject({ ok: false, reason: 'rate_limited', message: /Too many failed attempts/ });
		await db.sql`delete from sign_in_failures`;
	});

	it('limits failed sign-ins per address across accounts', async () => {
		for (let i = 0; i < user.SIGN_IN_LIMITS.perAddress; i++) {
			await user.signIn(db.sql, `nobody${i}@example.nhs.uk`, 'wrong password', '10.9.9.9');
		}
		const refused = await user.signIn(db.sql, 'admin@example.nhs.uk', PASSWORD + '!', '10.9.9.9');
		expect(refused).toMatchObject({ ok: false, reason: 'rate_limited' });
		expect((await user.signIn(db.sql, 'admin@example.nhs.uk', PASSWORD + '!', '10.9.9.10')).ok).toBe(true);
		await db.sql`delete from sign_in_failures`;
	});

	it('accepts an invitation once, even when two requests race, and makes the membership', async () => {
		const { token } = await db.sql.begin((tx) =>
			invitation.create(tx, bodyId, { email: 'new.member@example.nhs.uk', name: 'New Member', role: 'voting_member', deputyFor: null, organisationIds: [] }, adminId)
		);
		const [stored] = await db.sql`select token_hash from invitations`;
		expect(stored?.tokenHash).not.toBe(token);
		const results = await Promise.all([
			invitation.accept(newServices(db).transaction, token, { password: PASSWORD }),
			invitation.accept(newServices(db).transaction, token, { password: PASSWORD })
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toMatchObject({ reason: /already been used/ });
		const person = await user.findByEmail(db.sql, 'new.member@example.nhs.uk');
		const memberships = await membership.listForPerson(db.sql, person!.id);
		expect(memberships.map((m) => [m.bodyName, m.role])).toEqual([['Test Oversight Group', 'voting_member']]);
		expect((await user.signIn(db.sql, 'new.member@example.nhs.uk', PASSWORD, '10.0.0.2')).ok).toBe(true);
	});

	it('refuses an unknown or expired invitation and changes nothing', async () => {
		expect(await invitation.accept(newServices(db).transaction, 'not-a-token', { password: PASSWORD })).toMatchObject({ ok: false, reason: /not valid/ });
		const { token, invitation: made } = await db.sql.begin((tx) =>
			invitation.create(tx, bodyId, { email: 'late@example.nhs.uk', name: 'Late Person', role: 'observer', deputyFor: null, organisationIds: [] }, adminId)
		);
		await db.sql`update invitations set expires_at = now() - interval '1 minute' where id = ${made.id}`;
		expect(await invitation.accept(newServices(db).transaction, token, { password: PASSWORD })).toMatchObject({ ok: false, reason: /expired/ });
		expect(await user.findByEmail(db.sql, 'late@example.nhs.uk')).toBeNull();
	});

	it('keeps an invitation usable when accepting it fails for want of a password', async () => {
		const { token } = await db.sql.begin((tx) =>
			invitation.create(tx, bodyId, { email: 'second@example.nhs.uk', name: 'Second Person', role: 'adviser', deputyFor: null, organisationIds: [] }, adminId)
		);
		expect(await invitation.accept(newServices(db).transaction, token, { password: null })).toMatchObject({ ok: false, reason: /Choose a password/ });
		expect(await user.findByEmail(db.sql, 'second@example.nhs.uk')).toBeNull();
		expect((await invitation.accept(newServices(db).transaction, token, { password: PASSWORD })).ok).toBe(true);
	});

	it('resets a password once by link, ending every session', async () => {
		const before = await session.create(db.sql, adminId);
		const requested = await db.sql.begin((tx) => passwordReset.request(tx, 'admin@example.nhs.uk', '10.0.0.9'));
		if (requested.limited || !requested.reset) throw new Error('expected a reset token');
		expect(await db.sql.begin((tx) => passwordReset.request(tx, 'nobody@example.nhs.uk', '10.0.0.9'))).toEqual({ limited: false, reset: null });
		const done = await passwordReset.complete(newServices(db).transaction, requested.reset.token, 'a brand new passphrase');
		expect(done.ok).toBe(true);
		expect(await session.validate(db.sql, before.token)).toBeNull();
		expect(await passwordReset.complete(newServices(db).transaction, requested.reset.token, 'another new passphrase')).toMatchObject({ ok: false, reason: /already been used/ });
		expect((await user.signIn(db.sql, 'admin@example.nhs.uk', 'a brand new passphrase', '10.0.0.3')).ok).toBe(true);
	});

	it('chains every change in the audit log, and finds the first altered row', async () => {
		const intact = await audit.verify(db.sql);
		expect(intact).toMatchObject({ intact: true });
		expect(intact.rows).toBeGreaterThan(5);
		await expect(db.sql`update audit_log set action = 'forged' where id = 2`).rejects.toThrow(/append-only/);
		// Tampering needs the trigger out of the way, as an attacker with database access could do.
		await db.sql.begin(async (tx) => {
			await tx`alter table audit_log disable trigger audit_log_no_update`;
			await tx`update audit_log set after = '{"name":"Forged"}' where id = 3`;
			await tx`alter table audit_log enable trigger audit_log_no_update`;
		});
		const broken = await audit.verify(db.sql);
		expect(broken).toMatchObject({ intact: false, brokenAt: '3', reason: /Row 3 .* has been altered/ });
	});
});
