import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody, newSmtpServer } from '../helpers/smtp';
import { newPortal, sessionCookieOf, type TestPortal } from '../helpers/portal';

const PASSWORD = 'a long enough passphrase';

describe('the portal over http', () => {
	let smtp: Awaited<ReturnType<typeof newSmtpServer>>;
	let portal: TestPortal;

	beforeAll(async () => {
		smtp = await newSmtpServer();
		portal = await newPortal({ smtpUrl: smtp.url });
	});
	afterAll(async () => {
		await portal?.close();
		await smtp?.close();
	});

	it('answers /healthz with 200 while the database is reachable', async () => {
		const response = await fetch(`${portal.url}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok', database: 'reachable' });
	});

	it('sends a content security policy and the other protective headers with its pages', async () => {
		const page = await fetch(`${portal.url}/setup`);
		const policy = page.headers.get('content-security-policy') ?? '';
		expect(policy).toMatch(/default-src 'self'/);
		expect(policy).toMatch(/frame-ancestors 'none'/);
		expect(policy).toMatch(/script-src 'self' 'nonce-[^']+'/);
		expect(page.headers.get('x-content-type-options')).toBe('nosniff');
		expect(page.headers.get('x-frame-options')).toBe('DENY');
	});

	it('sends every page to /setup before anyone has an account', async () => {
		const response = await fetch(`${portal.url}/bodies`, { redirect: 'manual' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/setup');
	});

	it('refuses a setup form with problems, listing each, and creates nothing', async () => {
		const response = await portal.post('/setup?/administrator', { name: '', email: 'not an email', password: 'short', confirm: 'short' });
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Enter your full name');
		expect(html).toContain('Enter an email address in the correct format');
		expect(html).toContain('at least 12 characters');
		const [row] = await portal.services.sql`select count(*)::int as n from users`;
		expect(row?.n).toBe(0);
	});

	it('creates the first administrator with an HttpOnly, SameSite=Lax session cookie, then refuses a second', async () => {
		const response = await portal.post('/setup?/administrator', { name: 'Ada Admin', email: 'ada@example.nhs.uk', password: PASSWORD, confirm: PASSWORD });
		expect(response.status).toBe(303);
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith('session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).not.toMatch(/Secure/i); // served over http here
		const again = await portal.post('/setup?/administrator', { name: 'Eve', email: 'eve@example.nhs.uk', password: PASSWORD, confirm: PASSWORD });
		expect(again.status).toBe(303);
		expect(again.headers.get('location')).toBe('/');
		const [row] = await portal.services.sql`select count(*)::int as n from users`;
		expect(row?.n).toBe(1);
	});

	it('emails a password reset link through SMTP, and the link opens the reset page', async () => {
		const response = await portal.post('/forgot-password', { email: 'ada@example.nhs.uk' });
		expect(response.status).toBe(200);
		await expect.poll(() => smtp.received.length).toBe(1);
		const mail = smtp.received[0]!;
		expect(mail.to).toEqual(['ada@example.nhs.uk']);
		const link = decodeBody(mail.raw).match(/http:\/\/\S+\/reset-password\/[a-z0-9]+/)?.[0];
		expect(link).toBeDefined();
		const page = await fetch(link!.replace(/^http:\/\/[^/]+/, portal.url));
		expect(await page.text()).toContain('Choose a new password');
		const [stored] = await portal.services.sql`select sent_at from outbox order by id desc limit 1`;
		expect(stored?.sentAt).toBeInstanceOf(Date);
	});

	it('gives the same answer for an unknown email, and sends nothing', async () => {
		const before = smtp.received.length;
		const response = await portal.post('/forgot-password', { email: 'nobody@example.nhs.uk' });
		expect(await response.text()).toContain('Check your email');
		expect(smtp.received.length).toBe(before);
	});

	it('shows a clear page for a bad invitation token, with no stack trace', async () => {
		const response = await fetch(`${portal.url}/invitations/not-a-real-token`);
		const html = await response.text();
		expect(html).toContain('This invitation cannot be used');
		expect(html).not.toMatch(/at \w+ \(|node_modules/);
	});

	it('signs in, and limits failed sign-ins with a clear message', async () => {
		const ok = await portal.post('/sign-in', { email: 'ada@example.nhs.uk', password: PASSWORD });
		expect(ok.status).toBe(303);
		const home = await fetch(`${portal.url}/`, { headers: { cookie: sessionCookieOf(ok) } });
		expect(await home.text()).toContain('Welcome, Ada Admin');
		for (let i = 0; i < 5; i++) await portal.post('/sign-in', { email: 'ada@example.nhs.uk', password: 'wrong password here' });
		const refused = await portal.post('/sign-in', { email: 'ada@example.nhs.uk', password: PASSWORD });
		expect(refused.status).toBe(429);
		expect(await refused.text()).toContain('Too many failed attempts');
	});

	it('answers /healthz with 503 once the database is gone', async () => {
		await portal.services.database.close();
		const response = await fetch(`${portal.url}/healthz`);
		expect(response.status).toBe(503);
	});
});
