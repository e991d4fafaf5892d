import { expect, type Page } from '@playwright/test';
import { gotoReady } from './ready';

/**
 * Sets up what a spec needs of a body of its own, through the pages as an administrator would (`page` signed in
 * as one), so no other spec's rules or members get in the way.
 */

/** Adds a body and returns its id: an oversight group at the top unless `kind` and `parent` say otherwise. */
export async function addBody(page: Page, name: string, options: { kind?: string; parent?: string | null } = {}): Promise<string> {
	await gotoReady(page, '/bodies/new');
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Kind').selectOption({ label: options.kind ?? 'Collaborative commissioning oversight group' });
	await page.getByLabel('Parent body').selectOption({ label: options.parent ?? 'None: a top-level body' });
	await page.getByRole('button', { name: 'Add body' }).click();
	await expect(page).toHaveURL(/\/bodies\/[0-9a-f-]{36}\?created$/);
	return new URL(page.url()).pathname.split('/')[2]!;
}

/** Adds a person to the body in a role, by the role's label on the form ("Voting member"). */
export async function addMember(page: Page, bodyId: string, person: { name: string; email: string }, role: string): Promise<void> {
	await gotoReady(page, `/bodies/${bodyId}/members/new`);
	await page.getByLabel('Full name').fill(person.name);
	await page.getByLabel('Email address').fill(person.email);
	await page.getByLabel('Role').selectOption({ label: role });
	await page.getByRole('button', { name: 'Add member' }).click();
	await expect(page).toHaveURL(/\?added$/);
}
