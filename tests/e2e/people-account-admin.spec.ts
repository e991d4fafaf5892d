import { expect, test, type Page } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { gotoReady } from './ready';

// Administrators' powers over accounts (issue 11), on the demo data: sign in as a demo person with a one-time link
// from the outbox, and deactivate, reactivate and (with confirmation) make someone an administrator. Named to run
// after first-run.spec.ts, which must find the portal not yet set up.

test.describe.configure({ mode: 'serial' });

/** Opens a demo person's page from the people list. */
async function openPerson(page: Page, email: string, name: string) {
	await gotoReady(page, `/people?q=${encodeURIComponent(email)}`);
	await page.getByRole('main').getByRole('link', { name, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('an administrator sends the Northern SCG chair a sign-in link and tries the portal as her', async ({ page }) => {
	await signInAsAdministrator(page, { demoIfNew: true });

	await test.step('the person page sends the link to the outbox', async () => {
		await openPerson(page, 'alison.reed@example.nhs.uk', 'Dr Alison Reed');
		await expect(page.getByRole('heading', { level: 2, name: 'Administer this account' })).toBeVisible();
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Send a sign-in link' }).click();
		await expect(page.getByRole('status')).toContainText('A sign-in link for Dr Alison Reed is in the outbox');
		await expectAccessible(page);
	});

	let link = '';
	await test.step('the email waits in the outbox with its link', async () => {
		await page.getByRole('link', { name: 'Open the outbox' }).click();
		const message = page.locator('.nhsuk-card').filter({ hasText: 'alison.reed@example.nhs.uk' }).first();
		await expect(message).toContainText('Sign in to the oversight portal');
		link = (await message.textContent())?.match(/https?:\/\/\S+\/sign-in-link\/[a-z0-9]+/)?.[0] ?? '';
		expect(link).not.toBe('');
	});

	await test.step('the link asks for a click, then signs her in', async () => {
		await gotoReady(page, new URL(link).pathname);
		await expect(page.getByRole('heading', { level: 1, name: 'Sign in with this link' })).toBeVisible();
		await expect(page.getByText('Signing in with this link signs Ada Administrator out on this browser')).toBeVisible();
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Sign in as Dr Alison Reed' }).click();
		await expect(page.getByRole('link', { name: 'Dr Alison Reed' }).first()).toBeVisible();
		await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
	});

	await test.step('the link works once', async () => {
		await gotoReady(page, new URL(link).pathname);
		await expect(page.getByRole('heading', { level: 1, name: 'This link cannot be used' })).toBeVisible();
		await expect(page.getByText('already been used')).toBeVisible();
		await expectAccessible(page);
	});
});

test('an administrator deactivates a person after a confirmation step that names the missing field, then reactivates them', async ({ page }) => {
	await signInAsAdministrator(page, { demoIfNew: true });
	await openPerson(page, 'david.lowe@example.nhs.uk', 'David Lowe');

	await test.step('deactivating asks first, and asks for the reason', async () => {
		await page.getByRole('button', { name: 'Deactivate account' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Deactivate David Lowe’s account?' })).toBeVisible();
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Yes, deactivate account' }).click();
		const summary = page.locator('.nhsuk-error-summary');
		await expect(summary).toContainText('Reason for deactivating: enter why this account is being deactivated');
		await expect(page.getByLabel('Reason for deactivating')).toHaveAttribute('aria-invalid', 'true');
		await expectAccessible(page);
	});

	await test.step('with a reason, the account is deactivated', async () => {
		await page.getByLabel('Reason for deactivating').fill('Left NHS North Tyneside CCG');
		await page.getByRole('button', { name: 'Yes, deactivate account' }).click();
		await expect(page.getByRole('status')).toContainText("David Lowe's account is deactivated");
		await expect(page.getByText('Deactivated', { exact: true })).toBeVisible();
		await expectAccessible(page);
	});

	await test.step('and reactivated', async () => {
		await page.getByRole('button', { name: 'Reactivate account' }).click();
		await expect(page.getByRole('status')).toContainText("David Lowe's account is active again");
		await expect(page.getByRole('button', { name: 'Deactivate account' })).toBeVisible();
	});

	await test.step('making someone an administrator asks first', async () => {
		await page.getByRole('button', { name: 'Make administrator' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Make David Lowe an administrator?' })).toBeVisible();
		await expectAccessible(page);
		await page.getByRole('link', { name: 'No, go back' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'David Lowe' })).toBeVisible();
	});

	await test.step('an administrator is told why they cannot deactivate themself', async () => {
		await gotoReady(page, '/people?q=ada%40example.nhs.uk');
		await page.getByRole('main').getByRole('link', { name: 'Ada Administrator', exact: true }).click();
		await expect(page.getByText('You cannot deactivate your own account')).toBeVisible();
		await expect(page.getByText('a sign-in link is never sent for an administrator')).toBeVisible();
		await expectAccessible(page);
	});
});
