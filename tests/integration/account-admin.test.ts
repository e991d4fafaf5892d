import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceRulesInput } from '../../src/lib/domain/governance';
import type { Actor } from '../../src/lib/domain/policy';
import * as accountAdmin from '../../src/lib/server/account-admin';
import * as body from '../../src/lib/server/body';
import * as invitation from '../../src/lib/server/invitation';
import * as membership from '../../src/lib/server/membership';
import * as passwordReset from '../../src/lib/server/password-reset';
import * as session from '../../src/lib/server/session';
import * as user from '../../src/lib/server/user';
import { connectClient, markPresent, seedMeeting, type LiveClient } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';

const PASSWORD = 'correct horse battery staple';
const MAJORITY = {
	schemaVersion: 1,
	quorum: { minimumCount: 1, deputiesCount: true },
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] }
} satisfies GovernanceRulesInput;

/**
 * Administrators deactivate and reactivate people and grant and revoke administrator (issue 11): a deactivated
 * person is out at once, sessions and open connections, and cannot get back in by any door; the portal is never left
 * without an active administrator.
 */
describe('administrators’ powers over accounts', () => {
	let portal: TestPortal;
	let admin: Actor;
	let adminCookie: string;
	const clients: LiveClient[] = [];

	const cookieFor = async (userId: string) => `${session.SESSION_COOKIE}=${(await session.create(portal.services.sql, userId)).token}`;
	const asAdministrator = (userId: string): Actor => ({ userId, isAdministrator: true, roles: [] });
	async function newMember(name: string) {
		const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.nhs.uk`;
		const person = await user.ensurePerson(portal.services.sql, { email, name }, admin.userId);
		await user.setPassword(portal.services.sql, person.id, PASSWORD, null, person.id);
		return { ...person, email };
	}
	const auditOf = (action: string, entityId: string) =>
		portal.services.sql<{ actorId: string; after: Record<string, unknown> }[]>`select actor_id, after from audit_log where action = ${action} and entity_id = ${entityId}`;

	beforeAll(async () => {
		portal = await newPortal();
		const first = await user.createFirstAdministrator(portal.services.sql, { email: 'admin@example.nhs.uk', name: 'Ada Admin', password: PASSWORD });
		if (!first.ok) throw new Error(first.reason);
		admin = asAdministrator(first.userId);
		adminCookie = await cookieFor(first.userId);
	});
	afterAll(async () => {
		for (const client of clients) client.close();
		await portal?.close();
	});

	it('deactivating ends every session and keeps the person out of sign-in, reset links and invitations; their record stays', async () => {
		const carol = await newMember('Carol Deactivated');
		const made = await body.create(portal.services.sql, { name: 'Deactivation Oversight Group', kind: 'oversight_group', parentId: null }, admin.userId);
		if (!made.ok) throw new Error(made.reason);
		const joined = await membership.create(portal.services.sql, made.value.id, carol.id, { role: 'voting_member', deputyFor: null, organisationIds: [], startsOn: '2015-04-01', endsOn: null }, admin.userId);
		expect(joined.ok).toBe(true);
		const { token } = await session.create(portal.services.sql, carol.id);
		const reset = await portal.services.sql.begin((tx) => passwordReset.request(tx, carol.email, '192.0.2.1'));
		const resetToken = !reset.limited && reset.reset ? reset.reset.token : '';
		const { token: inviteToken } = await portal.services.sql.begin((tx) =>
			invitation.create(tx, made.value.id, { email: carol.email, name: carol.name, role: 'observer', deputyFor: null, organisationIds: [] }, admin.userId)
		);

		const done = await accountAdmin.deactivate(portal.services, admin, carol.id, 'Left NHS Salford CCG');
		expect(done).toMatchObject({ ok: true, value: { deactivatedAt: expect.any(Date) } });

		expect(await session.validate(portal.services.sql, token)).toBeNull();
		expect(await portal.services.sql`select 1 from sessions where user_id = ${carol.id}`).toHaveLength(0);
		expect(await user.signIn(portal.services.sql, carol.email, PASSWORD, '192.0.2.2')).toEqual({ ok: false, reason: 'deactivated', message: user.DEACTIVATED_MESSAGE });
		// A wrong password is told only that it is wrong: nobody learns an account is deactivated without its password.
		expect(await user.signIn(portal.services.sql, carol.email, 'not the password at all', '192.0.2.2')).toMatchObject({ reason: 'invalid' });
		expect(await passwordReset.check(portal.services.sql, resetToken)).toEqual({ ok: false, reason: user.DEACTIVATED_MESSAGE });
		expect(await passwordReset.complete(portal.services.transaction, resetToken, 'another long enough password')).toMatchObject({ ok: false });
		const asked = await portal.services.sql.begin((tx) => passwordReset.request(tx, carol.email, '192.0.2.3'));
		expect(asked).toEqual({ limited: false, reset: null });
		expect(await invitation.findUsable(portal.services.sql, inviteToken)).toEqual({ ok: false, reason: user.DEACTIVATED_MESSAGE });
		expect(await invitation.accept(portal.services.transaction, inviteToken, { password: null })).toEqual({ ok: false, reason: user.DEACTIVATED_MESSAGE });

		expect((await user.get(portal.services.sql, carol.id))!.name).toBe('Carol Deactivated');
		expect(await membership.listForPerson(portal.services.sql, carol.id)).toHaveLength(1);
		expect(await auditOf('person.deactivate', carol.id)).toEqual([expect.objectContaining({ actorId: admin.userId, after: expect.objectContaining({ reason: 'Left NHS Salford CCG' }) })]);

		const back = await accountAdmin.reactivate(portal.services, admin, carol.id);
		expect(back).toMatchObject({ ok: true, value: { deactivatedAt: null } });
		expect(await user.signIn(portal.services.sql, carol.email, PASSWORD, '192.0.2.4')).toEqual({ ok: true, userId: carol.id });
		expect(await auditOf('person.reactivate', carol.id)).toHaveLength(1);
	});

	it('deactivating ends the person’s live meeting socket at once', async () => {
		const seeded = await seedMeeting(portal.services.sql, { name: 'Deactivated socket', rules: MAJORITY, members: [{ key: 'chair', role: 'chair' }, { key: 'member', role: 'voting_member' }] });
		await markPresent(portal.services.sql, seeded, ['chair', 'member']);
		const member = await connectClient(portal.url, seeded.cookies.member!);
		clients.push(member);
		expect(await member.emit('join', { meetingId: seeded.meetingId })).toMatchObject({ ok: true });
		const [owner] = await portal.services.sql<{ userId: string }[]>`select user_id from memberships where id = ${seeded.membershipIds.member!}`;
		const ended = new Promise<unknown>((resolve) => member.socket.once('session-ended', resolve));
		const startedAt = performance.now();
		expect((await accountAdmin.deactivate(portal.services, admin, owner!.userId, 'Test')).ok).toBe(true);
		expect(await ended).toEqual({ reason: 'Your session has ended; sign in again' });
		expect(performance.now() - startedAt).toBeLessThan(2_000);
		await expect(connectClient(portal.url, seeded.cookies.member!)).rejects.toThrow(/Sign in first/);
	});

	it('never leaves the portal without an active administrator, and an administrator may not deactivate themself', async () => {
		expect(await accountAdmin.deactivate(portal.services, admin, admin.userId, 'Leaving')).toEqual({ ok: false, reason: expect.stringMatching(/your own account/) });
		expect(await accountAdmin.setAdministrator(portal.services, admin, admin.userId, false)).toEqual({ ok: false, reason: expect.stringMatching(/only active administrator/) });

		const bea = await newMember('Bea Second Admin');
		expect(await accountAdmin.setAdministrator(portal.services, admin, bea.id, true)).toMatchObject({ ok: true });
		expect((await user.get(portal.services.sql, bea.id))!.isAdministrator).toBe(true);
		expect(await auditOf('person.grant_admin', bea.id)).toHaveLength(1);

		// Two administrators removing each other at once: the acts take turns, and the second is refused.
		const results = await Promise.all([
			accountAdmin.setAdministrator(portal.services, admin, bea.id, false),
			accountAdmin.setAdministrator(portal.services, asAdministrator(bea.id), admin.userId, false)
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toMatchObject({ reason: expect.stringMatching(/only active administrator/) });
		const [left] = await portal.services.sql<{ n: number }[]>`select count(*)::int as n from users where is_administrator and deactivated_at is null`;
		expect(left!.n).toBe(1);
		// Put things back as they were for the rest of the file: Ada is the administrator.
		await portal.services.sql`update users set is_administrator = (id = ${admin.userId}) where id in (${admin.userId}, ${bea.id})`;
	});

	it('refuses the acts to anyone who is not an administrator, secretariat included', async () => {
		const dan = await newMember('Dan Not Admin');
		const secretariat: Actor = { userId: dan.id, isAdministrator: false, roles: [{ bodyId: 'any', role: 'secretariat' }] };
		expect(await accountAdmin.deactivate(portal.services, secretariat, admin.userId, 'x')).toMatchObject({ ok: false, reason: expect.stringMatching(/Only an administrator/) });
		expect(await accountAdmin.setAdministrator(portal.services, secretariat, dan.id, true)).toMatchObject({ ok: false, reason: expect.stringMatching(/Only an administrator/) });
		expect((await user.get(portal.services.sql, dan.id))!.isAdministrator).toBe(false);
	});

	it('the person page asks for confirmation, names the field when the reason is missing, and deactivates', async () => {
		const eve = await newMember('Eve Through The Page');
		const page = await fetch(`${portal.url}/people/${eve.id}`, { headers: { cookie: adminCookie } });
		const html = await page.text();
		expect(html).toContain('Send a sign-in link');
		expect(html).toContain(`href="/people/${eve.id}?confirm=deactivate"`);
		const confirm = await (await fetch(`${portal.url}/people/${eve.id}?confirm=deactivate`, { headers: { cookie: adminCookie } })).text();
		expect(confirm).toContain('Deactivate Eve Through The Page’s account?');

		const missing = await portal.post(`/people/${eve.id}?/deactivate`, { reason: ' ' }, adminCookie);
		expect(missing.status).toBe(400);
		expect(await missing.text()).toContain('Reason for deactivating: enter why this account is being deactivated');
		expect((await user.get(portal.services.sql, eve.id))!.deactivatedAt).toBeNull();

		const done = await portal.post(`/people/${eve.id}?/deactivate`, { reason: 'Moved to another trust' }, adminCookie);
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe(`/people/${eve.id}?done=deactivated`);
		expect((await user.get(portal.services.sql, eve.id))!.deactivatedAt).toBeInstanceOf(Date);

		const signIn = await portal.post('/sign-in', { email: eve.email, password: PASSWORD }, undefined);
		expect(signIn.status).toBe(403);
		expect(await signIn.text()).toContain('This account has been deactivated');
	});

	it('a person page with an invitation not yet accepted sends it again with a fresh link; the old one stops working', async () => {
		const made = await body.create(portal.services.sql, { name: 'Resend Oversight Group', kind: 'oversight_group', parentId: null }, admin.userId);
		if (!made.ok) throw new Error(made.reason);
		const fay = await user.ensurePerson(portal.services.sql, { email: 'fay.invited@example.nhs.uk', name: 'Fay Invited' }, admin.userId);
		const { token: first, invitation: sent } = await portal.services.sql.begin((tx) =>
			invitation.create(tx, made.value.id, { email: fay.email, name: fay.name, role: 'observer', deputyFor: null, organisationIds: [] }, admin.userId)
		);
		const page = await (await fetch(`${portal.url}/people/${fay.id}`, { headers: { cookie: adminCookie } })).text();
		expect(page).toContain('Send invitation again');

		const again = await portal.post(`/people/${fay.id}?/resendInvitation`, { invitationId: sent.id }, adminCookie);
		expect(again.status).toBe(303);
		expect((await invitation.findUsable(portal.services.sql, first)).ok).toBe(false);
		const [mail] = await portal.services.sql<{ bodyText: string }[]>`select body_text from outbox where recipient = ${fay.email} order by id desc limit 1`;
		const fresh = /\/invitations\/([a-z0-9]+)/.exec(mail!.bodyText)![1]!;
		expect(fresh).not.toBe(first);
		expect(await invitation.findUsable(portal.services.sql, fresh)).toMatchObject({ ok: true, value: { id: sent.id } });
		expect(await auditOf('invitation.resend', sent.id)).toEqual([expect.objectContaining({ actorId: admin.userId })]);
	});
});
