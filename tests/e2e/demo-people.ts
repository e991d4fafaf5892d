import { expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { gotoReady } from './ready';

/** A person of the demo data, as the people list finds them. */
export interface DemoPerson {
	name: string;
	email: string;
}

/**
 * Signs a demo person in, in a browser of their own, as an administrator would let someone try the demo: from the
 * person's page "Send a sign-in link", the link taken from the outbox, then "Sign in as …". `admin` must be signed
 * in as an administrator. `options` sets the new browser's size or address.
 */
export async function signInAsDemoPerson(admin: Page, browser: Browser, person: DemoPerson, options: BrowserContextOptions = {}): Promise<Page> {
	await gotoReady(admin, `/people?q=${encodeURIComponent(person.email)}`);
	await admin.getByRole('main').getByRole('link', { name: person.name, exact: true }).click();
	await expect(admin.getByRole('heading', { level: 1, name: person.name })).toBeVisible();
	await admin.getByRole('button', { name: 'Send a sign-in link' }).click();
	await expect(admin.getByRole('status')).toContainText(`A sign-in link for ${person.name} is in the outbox`);
	await admin.goto('/admin/outbox');
	// Their newest sign-in link: the outbox also holds the notification emails a demo person may have had since.
	const message = admin.locator('.nhsuk-card').filter({ hasText: person.email }).filter({ hasText: '/sign-in-link/' }).first();
	const link = (await message.textContent())?.match(/https?:\/\/\S+\/sign-in-link\/[a-z0-9]+/)?.[0] ?? '';
	expect(link, `sign-in link for ${person.email}`).not.toBe('');

	const page = await (await browser.newContext(options)).newPage();
	await gotoReady(page, new URL(link).pathname);
	await page.getByRole('button', { name: `Sign in as ${person.name}` }).click();
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
	return page;
}
