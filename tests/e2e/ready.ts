import type { Page } from '@playwright/test';

/**
 * Goes to a page and waits until Svelte has hydrated it (src/routes/+layout.svelte marks <html>): a field filled
 * before then can be reset as Svelte takes the page over, which made a loaded CI machine submit an empty password.
 */
export async function gotoReady(page: Page, path: string): Promise<void> {
	await page.goto(path);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}
