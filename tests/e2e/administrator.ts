import { expect, type Page } from '@playwright/test';
import { gotoReady } from './ready';

/** The first administrator that first-run.spec.ts creates; the other specs sign in as her. */
export const ADMIN = { name: 'Ada Administrator', email: 'ada@example.nhs.uk', password: 'first administrator passphrase' };

/**
 * Signs in as the administrator. When the spec runs on its own (no administrator yet), sets the portal up first,
 * with or without the demo data as the spec needs.
 */
export async function signInAsAdministrator(page: Page, options: { demoIfNew: boolean }): Promise<void> {
	await gotoReady(page, '/');
	if (page.url().endsWith('/setup')) {
		await page.getByLabel('Full name').fill(ADMIN.name);
		await page.getByLabel('Email address').fill(ADMIN.email);
		await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
		await page.getByLabel('Confirm password').fill(ADMIN.password);
		await page.getByRole('button', { name: 'Create administrator' }).click();
		if (options.demoIfNew) {
			await page.getByRole('button', { name: 'Load the demo data' }).click();
			await expect(page).toHaveURL(/\/bodies$/);
		} else {
			await page.getByRole('link', { name: 'Skip, and start with an empty portal' }).click();
		}
		return;
	}
	if (!page.url().includes('/sign-in')) return;
	await page.getByLabel('Email address').fill(ADMIN.email);
	await page.getByLabel('Password').fill(ADMIN.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}
