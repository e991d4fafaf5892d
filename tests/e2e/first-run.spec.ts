import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';

import { ADMIN } from './administrator';
import { gotoReady } from './ready';
const MEMBER = { name: 'Molly Member', email: 'molly.member@example.nhs.uk', password: 'molly member passphrase' };
const GROUP = 'North West Collaborative Commissioning Oversight Group';

test.describe.configure({ mode: 'serial' });

test("a new portal: first run, setup, demo data, an invitation accepted from its email, the member's body", async ({ page, browser }) => {
	await test.step('first run leads to setup', async () => {
		await page.goto('/');
		await expect(page).toHaveURL(/\/setup$/);
		await expect(page.getByRole('heading', { level: 1, name: 'Set up the portal' })).toBeVisible();
		await expectAccessible(page);
	});

	await test.step('a form with problems lists each and keeps what was typed', async () => {
		await page.getByLabel('Full name').fill(ADMIN.name);
		await page.getByLabel('Email address').fill('not-an-email');
		await page.getByRole('button', { name: 'Create administrator' }).click();
		await expect(page.getByRole('alert')).toContainText('Enter an email address in the correct format');
		await expect(page.getByLabel('Full name')).toHaveValue(ADMIN.name);
		await expectAccessible(page);
	});

	await test.step('the first administrator is created and offered the demo data', async () => {
		await page.getByLabel('Email address').fill(ADMIN.email);
		await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
		await page.getByLabel('Confirm password').fill(ADMIN.password);
		await page.getByRole('button', { name: 'Create administrator' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Load the demo data?' })).toBeVisible();
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Load the demo data' }).click();
		await expect(page).toHaveURL(/\/bodies$/);
		await expect(page.getByRole('link', { name: GROUP })).toBeVisible();
		await expectAccessible(page);
	});

	await test.step('the administrator invites a member to the North West group', async () => {
		await page.getByRole('link', { name: GROUP }).click();
		await expect(page.getByRole('heading', { level: 1, name: GROUP })).toBeVisible();
		await expectAccessible(page);
		await page.getByRole('link', { name: 'Invite a member' }).click();
		await expectAccessible(page);
		await page.getByLabel('Full name').fill(MEMBER.name);
		await page.getByLabel('Email address').fill(MEMBER.email);
		await page.getByLabel('Role').selectOption({ label: 'Voting member' });
		await page.getByRole('combobox', { name: 'Organisations represented' }).fill('Bolton');
		await page.getByRole('option', { name: 'NHS Bolton CCG', exact: true }).click();
		await page.getByRole('button', { name: 'Send invitation' }).click();
		await expect(page.getByRole('status')).toContainText(MEMBER.email);
		await expectAccessible(page);
	});

	let link = '';
	await test.step('the invitation email waits in the outbox with its link', async () => {
		await page.getByRole('link', { name: 'Outbox', exact: true }).click();
		await expectAccessible(page);
		const message = page.locator('.nhsuk-card').filter({ hasText: MEMBER.email }).first();
		await expect(message).toContainText(`You are invited to join ${GROUP}`);
		link = (await message.textContent())?.match(/https?:\/\/\S+\/invitations\/[a-z0-9]+/)?.[0] ?? '';
		expect(link).not.toBe('');
	});

	const member = await browser.newContext();
	const memberPage = await member.newPage();
	await test.step('the member follows the emailed link, chooses a password and lands on their body', async () => {
		await gotoReady(memberPage, new URL(link).pathname);
		await expect(memberPage.getByRole('heading', { level: 1, name: `Join ${GROUP}` })).toBeVisible();
		await expectAccessible(memberPage);
		await memberPage.getByLabel('Password', { exact: true }).fill(MEMBER.password);
		await memberPage.getByLabel('Confirm password').fill(MEMBER.password);
		await memberPage.getByRole('button', { name: 'Accept invitation' }).click();
		await expect(memberPage.getByRole('heading', { level: 1, name: GROUP })).toBeVisible();
		await expect(memberPage.getByRole('table').filter({ hasText: MEMBER.name })).toBeVisible();
		await expectAccessible(memberPage);
	});

	await test.step('the link works only once', async () => {
		await gotoReady(memberPage, new URL(link).pathname);
		await expect(memberPage.getByRole('heading', { level: 1, name: 'This invitation cannot be used' })).toBeVisible();
		await expectAccessible(memberPage);
	});

	await test.step('the member signs out, signs in again and sees their body', async () => {
		await memberPage.getByRole('button', { name: 'Sign out' }).click();
		await expect(memberPage.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
		await expectAccessible(memberPage);
		await memberPage.getByLabel('Email address').fill(MEMBER.email);
		await memberPage.getByLabel('Password').fill('not the password');
		await memberPage.getByRole('button', { name: 'Sign in' }).click();
		await expect(memberPage.getByRole('alert')).toContainText('Enter a correct email address and password');
		await memberPage.getByLabel('Password').fill(MEMBER.password);
		await memberPage.getByRole('button', { name: 'Sign in' }).click();
		await expect(memberPage.getByRole('heading', { level: 1, name: `Welcome, ${MEMBER.name}` })).toBeVisible();
		await expectAccessible(memberPage);
		await memberPage.getByRole('link', { name: GROUP }).click();
		await expect(memberPage.getByRole('heading', { level: 1, name: GROUP })).toBeVisible();
		// A voting member may not manage the body: no invitation link for them.
		await expect(memberPage.getByRole('link', { name: 'Invite a member' })).toHaveCount(0);
	});

	await test.step('a member is refused an administrator page with the reason', async () => {
		await memberPage.goto('/admin/outbox');
		await expect(memberPage.getByRole('heading', { level: 1 })).toHaveText('Only an administrator can do this.');
		await expectAccessible(memberPage);
	});
	await member.close();
});
