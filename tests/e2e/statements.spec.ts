import { expect, test, type Page } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { gotoReady } from './ready';

/** The footer's links, in order, and where each leads. */
const FOOTER = [
	{ name: 'Public record', href: '/public' },
	{ name: 'Accessibility statement', href: '/accessibility' },
	{ name: 'Privacy notice', href: '/privacy' },
	{ name: 'Cookies', href: '/cookies' }
];

/** The session cookie's name, as src/lib/server/session.ts sets it; the cookies page must name the real one. */
const SESSION_COOKIE = 'session';

test.describe.configure({ mode: 'serial' });

async function expectFooter(page: Page) {
	const footer = page.getByRole('contentinfo');
	await expect(footer.getByRole('link')).toHaveText(FOOTER.map((link) => link.name));
	for (const link of FOOTER) await expect(footer.getByRole('link', { name: link.name, exact: true })).toHaveAttribute('href', link.href);
}

// Run alone, the portal has no administrator yet and sends everything else to /setup; in the whole suite it is set
// up. The statements are open either way, and `page` is a context of its own: nobody is signed in.
test('an anonymous visitor reads the accessibility statement, privacy notice and cookies page, linked from every page', async ({ page }) => {
	await test.step('every page has the footer, even the one the portal first sends a visitor to', async () => {
		await gotoReady(page, '/');
		await expect(page).toHaveURL(/\/(setup|sign-in)/);
		await expectFooter(page);
	});

	await test.step('the accessibility statement, in the form GOV.UK publishes, names WCAG 2.2 AA and how it is tested', async () => {
		await gotoReady(page, '/accessibility');
		await expect(page).toHaveURL(/\/accessibility$/);
		await expect(page).toHaveTitle('Accessibility statement – Oversight portal');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accessibility statement for the Oversight portal');
		const sections = [
			'How accessible this website is',
			'Feedback and contact information',
			'Reporting accessibility problems with this website',
			'Enforcement procedure',
			"Technical information about this website's accessibility",
			'Non-accessible content',
			'How we tested this website',
			"What we're doing to improve accessibility",
			'Preparation of this accessibility statement'
		];
		for (const name of sections) await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
		await expect(page.getByRole('heading', { level: 3, name: 'Compliance status' })).toBeVisible();
		const main = page.getByRole('main');
		await expect(main).toContainText('WCAG 2.2 AA');
		await expect(main).toContainText('axe-core');
		await expect(main).toContainText('Playwright');
		await expect(main).toContainText('the secretariat of the body concerned, or the portal');
		await expect(main).toContainText('This statement was prepared on 2 December 2026.');
		await expect(page.getByRole('link', { name: 'Equality Advisory and Support Service (EASS)' })).toHaveAttribute('href', 'https://www.equalityadvisoryservice.com/');
		await expectFooter(page);
		await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility statement' })).toHaveAttribute('aria-current', 'page');
		await expectAccessible(page);
	});

	await test.step('the footer leads to the privacy notice: what is kept, on what basis, and that emails are never published', async () => {
		await page.getByRole('contentinfo').getByRole('link', { name: 'Privacy notice' }).click();
		await expect(page).toHaveURL(/\/privacy$/);
		await expect(page).toHaveTitle('Privacy notice – Oversight portal');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy notice');
		for (const name of ['What we keep and why', 'Our lawful basis', 'Who can see your data', 'How long we keep your data', 'Your rights', 'How to complain']) {
			await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
		}
		const main = page.getByRole('main');
		await expect(main).toContainText('Article 6(1)(e)');
		await expect(main).toContainText('argon2id');
		await expect(main).toContainText('Your password itself is never kept');
		await expect(main).toContainText('The public record never shows email addresses.');
		await expect(main).toContainText('The portal does not delete them automatically.');
		await expect(page.getByRole('link', { name: "Information Commissioner's Office (ICO)" })).toBeVisible();
		await expectFooter(page);
		await expectAccessible(page);
	});

	await test.step('and to the cookies page: the one session cookie, strictly necessary, and nothing set for a visitor', async () => {
		await page.getByRole('contentinfo').getByRole('link', { name: 'Cookies' }).click();
		await expect(page).toHaveURL(/\/cookies$/);
		await expect(page).toHaveTitle('Cookies – Oversight portal');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cookies');
		const table = page.getByRole('table', { name: 'Cookies set by the Oversight portal' });
		await expect(table.getByRole('columnheader')).toHaveText(['Name', 'Purpose', 'Expires']);
		const rows = table.getByRole('row');
		await expect(rows).toHaveCount(2);
		await expect(rows.nth(1).getByRole('cell').first()).toHaveText(SESSION_COOKIE);
		await expect(rows.nth(1)).toContainText('30 days after you sign in');
		const main = page.getByRole('main');
		await expect(main).toContainText('HttpOnly');
		await expect(main).toContainText('SameSite=Lax');
		await expect(page.getByRole('heading', { level: 2, name: 'No analytics or tracking cookies' })).toBeVisible();
		await expect(page.getByRole('heading', { level: 2, name: 'Why there is no cookie banner' })).toBeVisible();
		await expectFooter(page);
		await expectAccessible(page);
		// What the page says of a visitor who has not signed in holds: the portal set them no cookie.
		expect(await page.context().cookies()).toEqual([]);
	});

	await test.step('by keyboard: the skip link first, then the footer links, followed with Enter', async () => {
		await gotoReady(page, '/cookies');
		await page.keyboard.press('Tab');
		await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('main')).toBeFocused();
		const target = page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility statement' });
		// Forward through the page's links until the footer's; a page of this size has far fewer than this.
		for (let i = 0; i < 40 && !(await target.evaluate((link) => link === document.activeElement)); i++) await page.keyboard.press('Tab');
		await expect(target).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/accessibility$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accessibility statement for the Oversight portal');
	});
});

test('a signed-in person has Search in the menu after People, and the same footer', async ({ page }) => {
	await signInAsAdministrator(page, { demoIfNew: false });
	await gotoReady(page, '/bodies');
	const menu = page.getByRole('navigation', { name: 'Menu' }).getByRole('link');
	const labels = await menu.allTextContents();
	expect(labels).toContain('People');
	expect(labels.indexOf('Search')).toBe(labels.indexOf('People') + 1);
	await expect(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Search', exact: true })).toHaveAttribute('href', '/search');
	await expectFooter(page);
	await gotoReady(page, '/cookies');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cookies');
	await expectAccessible(page);
});
