import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/policy';
import * as accountAdmin from '../../src/lib/server/account-admin';
import * as session from '../../src/lib/server/session';
import { hashToken } from '../../src/lib/server/tokens';
import * as user from '../../src/lib/server/user';
import { newPortal, sessionCookieOf, type TestPortal } from '../helpers/portal';

const PASSWORD = 'correct horse battery staple';

/**
 * An administrator sends a person a one-time sign-in link (issue 11), so a demo person with no password can be
 * tried: it goes to the outbox, works once and for 30 minutes, is stored only as a hash, asks for a click (mail
 * scanners that fetch it do not use it up), and is audited when sent and when used.
 */
describe('sign-in links', () => {
	let portal: TestPortal;
	let admin: Actor;
	let adminCookie: string;

	const linkIn = async (email: string) => {
		const [mail] = await portal.services.sql<{ bodyText: string }[]>`select body_text from outbox where recipient = ${email} order by id desc limit 1`;
		return /\/sign-in-link\/([a-z0-9]+)/.exec(mail!.bodyText)![1]!;
	};
	const audited = (action: string, userId: string) =>
		portal.services.sql<{ actorId: string }[]>`select actor_id from audit_log where action = ${action} and entity_id = ${userId}`;

	beforeAll(async () => {
		portal = await newPortal();
		const first = await user.createFirstAdministrator(portal.services.sql, { email: 'admin@example.nhs.uk', name: 'Ada Admin', password: PASSWORD });
		if (!first.ok) throw new Error(first.reason);
		admin = { userId: first.userId, isAdministrator: true, roles: [] };
		adminCookie = `${session.SESSION_COOKIE}=${(await session.create(portal.services.sql, first.userId)).token}`;
	});
	afterAll(async () => portal?.close());

	it('puts a link in the outbox, stores only its hash, and signs the person in once, on a click', async () => {
		const harry = await user.ensurePerson(portal.services.sql, { email: 'harry.patient@example.org', name: 'Harry Patient' }, admin.userId);
		const sent = await portal.post(`/people/${harry.id}?/sendSignInLink`, {}, adminCookie);
		expect(sent.status).toBe(303);
		expect(sent.headers.get('location')).toBe(`/people/${harry.id}?done=link`);
		const token = await linkIn(harry.email);
		const [stored] = await portal.services.sql<{ tokenHash: string; expiresAt: Date }[]>`select token_hash, expires_at from sign_in_links where user_id = ${harry.id}`;
		expect(stored!.tokenHash).toBe(hashToken(token));
		expect(await portal.services.sql`select 1 from sign_in_links where token_hash = ${token}`).toHaveLength(0);
		expect(stored!.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
		expect(stored!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(30 * 60_000);
		expect(await audited('sign_in_link.send', harry.id)).toEqual([{ actorId: admin.userId }]);

		// Fetching the page, as a mail scanner would, shows who it signs in and uses nothing.
		for (let i = 0; i < 2; i++) {
			const page = await fetch(`${portal.url}/sign-in-link/${token}`, { headers: { cookie: adminCookie } });
			expect(await page.text()).toContain('Sign in as Harry Patient');
		}
		const used = await portal.post(`/sign-in-link/${token}`, {}, adminCookie);
		expect(used.status).toBe(303);
		const cookie = sessionCookieOf(used);
		const signedIn = await session.validate(portal.services.sql, cookie.split('=')[1]!);
		expect(signedIn?.user.id).toBe(harry.id);
		// The administrator's session on that browser ended: the browser is Harry's now.
		expect(await session.validate(portal.services.sql, adminCookie.split('=')[1]!)).toBeNull();
		expect(await audited('sign_in_link.use', harry.id)).toEqual([{ actorId: harry.id }]);

		const again = await portal.post(`/sign-in-link/${token}`, {}, cookie);
		expect(again.status).toBe(400);
		expect(await again.text()).toContain('already been used');
		adminCookie = `${session.SESSION_COOKIE}=${(await session.create(portal.services.sql, admin.userId)).token}`;
	});

	it('works once even when two clicks race, and not after 30 minutes', async () => {
		const ivy = await user.ensurePerson(portal.services.sql, { email: 'ivy.racer@example.nhs.uk', name: 'Ivy Racer' }, admin.userId);
		expect((await accountAdmin.sendSignInLink(portal.services, admin, ivy.id)).ok).toBe(true);
		const token = await linkIn(ivy.email);
		const clicks = await Promise.all([accountAdmin.useSignInLink(portal.services, token, null), accountAdmin.useSignInLink(portal.services, token, null)]);
		expect(clicks.filter((c) => c.ok)).toHaveLength(1);

		expect((await accountAdmin.sendSignInLink(portal.services, admin, ivy.id)).ok).toBe(true);
		const late = await linkIn(ivy.email);
		await portal.services.sql`update sign_in_links set expires_at = now() - interval '1 second' where token_hash = ${hashToken(late)}`;
		expect(await accountAdmin.useSignInLink(portal.services, late, null)).toEqual({ ok: false, reason: expect.stringMatching(/expired/) });
	});

	it('a new link replaces the one before', async () => {
		const jo = await user.ensurePerson(portal.services.sql, { email: 'jo.twice@example.nhs.uk', name: 'Jo Twice' }, admin.userId);
		await accountAdmin.sendSignInLink(portal.services, admin, jo.id);
		const older = await linkIn(jo.email);
		await accountAdmin.sendSignInLink(portal.services, admin, jo.id);
		const newer = await linkIn(jo.email);
		expect((await accountAdmin.checkSignInLink(portal.services.sql, older)).ok).toBe(false);
		expect((await accountAdmin.checkSignInLink(portal.services.sql, newer)).ok).toBe(true);
	});

	it('is never sent for an administrator’s account nor a deactivated one, and a deactivated person cannot use one sent before', async () => {
		const bea = await user.ensurePerson(portal.services.sql, { email: 'bea.admin@example.nhs.uk', name: 'Bea Admin' }, admin.userId);
		await accountAdmin.setAdministrator(portal.services, admin, bea.id, true);
		expect(await accountAdmin.sendSignInLink(portal.services, admin, bea.id)).toEqual({ ok: false, reason: expect.stringMatching(/never sent for an administrator/) });
		expect(await accountAdmin.sendSignInLink(portal.services, admin, admin.userId)).toEqual({ ok: false, reason: expect.stringMatching(/never sent for an administrator/) });

		const kim = await user.ensurePerson(portal.services.sql, { email: 'kim.leaving@example.nhs.uk', name: 'Kim Leaving' }, admin.userId);
		await accountAdmin.sendSignInLink(portal.services, admin, kim.id);
		const token = await linkIn(kim.email);
		await accountAdmin.deactivate(portal.services, admin, kim.id, 'Left');
		expect(await accountAdmin.useSignInLink(portal.services, token, null)).toEqual({ ok: false, reason: user.DEACTIVATED_MESSAGE });
		expect(await accountAdmin.sendSignInLink(portal.services, admin, kim.id)).toEqual({ ok: false, reason: expect.stringMatching(/deactivated/) });
		expect(await portal.services.sql`select 1 from outbox where recipient = ${bea.email}`).toHaveLength(0);
	});

	it('only an administrator may send one', async () => {
		const lee = await user.ensurePerson(portal.services.sql, { email: 'lee.member@example.nhs.uk', name: 'Lee Member' }, admin.userId);
		const secretariat: Actor = { userId: lee.id, isAdministrator: false, roles: [{ bodyId: 'any', role: 'secretariat' }] };
		expect(await accountAdmin.sendSignInLink(portal.services, secretariat, admin.userId)).toMatchObject({ ok: false, reason: expect.stringMatching(/Only an administrator/) });
		await user.setPassword(portal.services.sql, lee.id, PASSWORD, null, lee.id);
		const leeCookie = `${session.SESSION_COOKIE}=${(await session.create(portal.services.sql, lee.id)).token}`;
		const refused = await portal.post(`/people/${lee.id}?/sendSignInLink`, {}, leeCookie);
		expect(refused.status).toBe(403);
	});

	it('opens for a visitor who is not signed in (the link is the key)', async () => {
		const mo = await user.ensurePerson(portal.services.sql, { email: 'mo.signed.out@example.nhs.uk', name: 'Mo Signed Out' }, admin.userId);
		await accountAdmin.sendSignInLink(portal.services, admin, mo.id);
		const token = await linkIn(mo.email);
		const page = await fetch(`${portal.url}/sign-in-link/${token}`, { redirect: 'manual' });
		expect(page.status).toBe(200);
		const used = await portal.post(`/sign-in-link/${token}`, {});
		expect(used.status).toBe(303);
		expect((await session.validate(portal.services.sql, sessionCookieOf(used).split('=')[1]!))?.user.id).toBe(mo.id);
	});
});
