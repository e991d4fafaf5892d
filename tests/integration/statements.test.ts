import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, SESSION_DAYS } from '../../src/lib/server/session';
import * as user from '../../src/lib/server/user';
import { newPortal, sessionCookieOf, type TestPortal } from '../helpers/portal';

const PASSWORD = 'statements administrator passphrase';

/** Each statement page and the heading it opens with. */
const STATEMENTS = [
	{ path: '/accessibility', heading: 'Accessibility statement for the Oversight portal' },
	{ path: '/privacy', heading: 'Privacy notice' },
	{ path: '/cookies', heading: 'Cookies' }
];

const FOOTER_LINKS = ['/public', '/accessibility', '/privacy', '/cookies'];

async function get(portal: TestPortal, path: string, cookie?: string) {
	const response = await fetch(portal.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
	return { status: response.status, location: response.headers.get('location'), setCookie: response.headers.getSetCookie(), html: await response.text() };
}

function footerOf(html: string): string {
	return html.slice(html.indexOf('<footer'), html.indexOf('</footer>'));
}

describe('the accessibility statement, privacy notice and cookies page', () => {
	let portal: TestPortal;

	beforeAll(async () => {
		portal = await newPortal();
	});
	afterAll(async () => portal?.close());

	it('are open before the portal is set up, when every other page goes to /setup, and set no cookie', async () => {
		expect((await get(portal, '/')).location).toBe('/setup');
		for (const { path, heading } of STATEMENTS) {
			const page = await get(portal, path);
			expect(page.status, path).toBe(200);
			expect(page.html).toContain(`<h1>${heading}</h1>`);
			expect(page.setCookie, path).toEqual([]);
			for (const href of FOOTER_LINKS) expect(footerOf(page.html), `${path} links ${href}`).toContain(`href="${href}"`);
		}
	});

	it('name the session cookie the portal really sets, with its lifetime and protections', async () => {
		const page = await get(portal, '/cookies');
		expect(page.html).toContain(`<code>${SESSION_COOKIE}</code>`);
		expect(page.html).toContain(`${SESSION_DAYS} days after you sign in`);

		const made = await user.createFirstAdministrator(portal.services.sql, { email: 'ada@example.nhs.uk', name: 'Ada Admin', password: PASSWORD });
		expect(made.ok).toBe(true);
		const signedIn = await portal.post('/sign-in', { email: 'ada@example.nhs.uk', password: PASSWORD });
		const header = signedIn.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
		expect(header).toBeDefined();
		expect(header).toMatch(/; HttpOnly/i);
		expect(header).toMatch(/; SameSite=Lax/i);
		// Served over http here, so not Secure; the page says so of this portal.
		expect(header).not.toMatch(/; Secure/i);
		expect(page.html).toContain('This portal is not served over https');
	});

	it('stay open once the portal is set up, signed out and signed in; a signed-in menu has Search after People', async () => {
		expect((await get(portal, '/')).location).toMatch(/^\/sign-in/);
		for (const { path, heading } of STATEMENTS) {
			const page = await get(portal, path);
			expect(page.status, path).toBe(200);
			expect(page.html).toContain(`<h1>${heading}</h1>`);
			expect(page.setCookie, path).toEqual([]);
		}

		const cookie = sessionCookieOf(await portal.post('/sign-in', { email: 'ada@example.nhs.uk', password: PASSWORD }));
		for (const { path, heading } of STATEMENTS) {
			const page = await get(portal, path, cookie);
			expect(page.status, path).toBe(200);
			expect(page.html).toContain(`<h1>${heading}</h1>`);
		}
		const home = await get(portal, '/', cookie);
		expect(home.status).toBe(200);
		const menu = home.html.slice(home.html.indexOf('aria-label="Menu"'));
		const links = [...menu.matchAll(/class="nhsuk-header__navigation-link" href="([^"]+)"/g)].map(([, href]) => href);
		expect(links).toContain('/people');
		expect(links.indexOf('/search')).toBe(links.indexOf('/people') + 1);
	});
});
