import { expect, test, type Page } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { gotoReady } from './ready';

// Forms that scale (issue 11), on the demo data's 210 CCGs: organisations are chosen from a list to search, by
// keyboard alone; the organisations list is searched and paged on the server; axe passes at desktop and phone width.
const GROUP = 'North West Collaborative Commissioning Oversight Group';
const SIZES = [
	{ width: 1280, height: 800 },
	{ width: 390, height: 844 }
];
const run = Date.now().toString(36);

/** axe at each size, and nothing runs off the side of a phone. */
async function accessibleAtEachSize(page: Page) {
	for (const size of SIZES) {
		await page.setViewportSize(size);
		await expectAccessible(page);
		expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `no sideways scrolling at ${size.width} px on ${page.url()}`).toBe(true);
	}
	await page.setViewportSize(SIZES[0]!);
}

async function groupId(page: Page): Promise<string> {
	await gotoReady(page, '/bodies');
	await page.getByRole('link', { name: GROUP, exact: true }).click();
	await expect(page).toHaveURL(/\/bodies\/[0-9a-f-]{36}$/);
	return new URL(page.url()).pathname.split('/')[2]!;
}

test('organisations are chosen from a list to search, by keyboard alone', async ({ page }) => {
	await signInAsAdministrator(page, { demoIfNew: true });
	const bodyId = await groupId(page);
	await gotoReady(page, `/bodies/${bodyId}/invite`);
	await page.getByLabel('Full name').fill('Kim Keyboard');
	await page.getByLabel('Email address').fill(`kim.keyboard.${run}@example.nhs.uk`);
	await page.getByLabel('Role').selectOption({ label: 'Voting member' });

	const box = page.getByRole('combobox', { name: 'Organisations represented' });
	await box.focus();
	await page.keyboard.type('bolton');
	await expect(box).toHaveAttribute('aria-expanded', 'true');
	await expect(page.getByRole('listbox', { name: 'Organisations represented' }).getByRole('option')).toHaveText(['NHS Bolton CCG']);
	await accessibleAtEachSize(page);
	await page.keyboard.press('ArrowDown');
	await expect(box).toHaveAttribute('aria-activedescendant', /organisationIds-option-0/);
	await page.keyboard.press('Enter');
	await expect(box).toHaveValue('');
	await expect(box).toHaveAttribute('aria-expanded', 'false');
	const chosen = page.getByRole('list', { name: /Chosen/ });
	await expect(chosen.getByRole('listitem')).toHaveText([/NHS Bolton CCG/]);

	// Two more, then one taken off again with its Remove button.
	for (const typed of ['salford', 'wigan']) {
		await page.keyboard.type(typed);
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Enter');
	}
	await expect(chosen.getByRole('listitem')).toHaveText([/NHS Bolton CCG/, /NHS Salford CCG/, /NHS Wigan Borough CCG/]);
	await page.getByRole('button', { name: 'Remove NHS Salford CCG' }).focus();
	await page.keyboard.press('Enter');
	await expect(chosen.getByRole('listitem')).toHaveText([/NHS Bolton CCG/, /NHS Wigan Borough CCG/]);
	await expect(page.getByRole('button', { name: 'Remove NHS Wigan Borough CCG' })).toBeFocused();
	// Escape closes the list without choosing.
	await box.focus();
	await page.keyboard.type('trafford');
	await page.keyboard.press('Escape');
	await expect(box).toHaveAttribute('aria-expanded', 'false');
	await page.keyboard.press('Escape');
	await expect(box).toHaveValue('');
	await accessibleAtEachSize(page);

	await page.getByRole('button', { name: 'Send invitation' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status')).toContainText(`kim.keyboard.${run}@example.nhs.uk`);
});

test('a form refused keeps the organisations chosen, and the error names its field', async ({ page }) => {
	await signInAsAdministrator(page, { demoIfNew: true });
	const bodyId = await groupId(page);
	await gotoReady(page, `/bodies/${bodyId}/invite`);
	const box = page.getByRole('combobox', { name: 'Organisations represented' });
	await box.fill('stockport');
	await page.getByRole('option', { name: 'NHS Stockport CCG', exact: true }).click();
	await page.getByRole('button', { name: 'Send invitation' }).click();
	await expect(page.getByRole('alert')).toContainText('Full name: enter the full name of the person to invite');
	await expect(page.getByRole('list', { name: /Chosen/ }).getByRole('listitem')).toHaveText([/NHS Stockport CCG/]);
	await accessibleAtEachSize(page);
});

test('the organisations list is searched and paged on the server', async ({ page }) => {
	await signInAsAdministrator(page, { demoIfNew: true });
	await gotoReady(page, '/organisations');
	const caption = page.locator('caption');
	await expect(caption).toHaveText(/^Showing 1 to 50 of \d{3} organisations$/);
	await expect(page.locator('tbody tr')).toHaveCount(50);
	await accessibleAtEachSize(page);
	const pages = page.getByRole('navigation', { name: 'Pages of organisations' });
	await pages.getByRole('link', { name: 'Page 2' }).click();
	await expect(page).toHaveURL(/\/organisations\?page=2$/);
	await expect(caption).toHaveText(/Showing 51 to 100 of \d{3} organisations/);
	await expect(pages.getByRole('link', { name: 'Page 2' })).toHaveAttribute('aria-current', 'page');
	await pages.getByRole('link', { name: /Next/ }).click();
	await expect(caption).toHaveText(/Showing 101 to 150 of/);
	await accessibleAtEachSize(page);

	await page.getByLabel('Name or ODS code').fill('salford');
	await page.getByRole('button', { name: 'Search' }).click();
	await expect(page).toHaveURL(/q=salford/);
	await expect(caption).toHaveText(/Showing 1 to \d+ of \d+ organisations?, matching “salford”/);
	await expect(page.getByRole('link', { name: 'NHS Salford CCG' })).toBeVisible();
	await expect(pages).toHaveCount(0);
	await accessibleAtEachSize(page);
});

test('the people list and a meeting in the past pass axe at each size', async ({ page }) => {
	await signInAsAdministrator(page, { demoIfNew: true });
	await gotoReady(page, '/people');
	await expect(page.locator('caption')).toHaveText(/Showing 1 to \d+ of \d+ (people|person)/);
	await accessibleAtEachSize(page);

	// A name with a long word (a real surname of 35 letters) still fits a phone's width in the list.
	const bodyId = await groupId(page);
	const longName = `Hubert Wolfeschlegelsteinhausenbergerdorff ${run}`;
	const longEmail = `featherstonehaugh.cholmondeley.worthington.${run}@example.nhs.uk`;
	await gotoReady(page, `/bodies/${bodyId}/invite`);
	await page.getByLabel('Full name').fill(longName);
	await page.getByLabel('Email address').fill(longEmail);
	await page.getByLabel('Role').selectOption({ label: 'Observer' });
	await page.getByRole('button', { name: 'Send invitation' }).click();
	await expect(page.getByRole('status')).toContainText(longEmail);
	await gotoReady(page, '/admin/outbox');
	const message = page.locator('.nhsuk-card').filter({ hasText: longEmail }).first();
	const link = (await message.textContent())?.match(/https?:\/\/\S+\/invitations\/[a-z0-9]+/)?.[0] ?? '';
	expect(link).not.toBe('');
	const invited = await page.context().browser()!.newPage();
	await gotoReady(invited, new URL(link).pathname);
	await invited.getByLabel('Password', { exact: true }).fill('a long surname passphrase');
	await invited.getByLabel('Confirm password').fill('a long surname passphrase');
	await invited.getByRole('button', { name: 'Accept invitation' }).click();
	await expect(invited).toHaveURL(new RegExp(`/bodies/${bodyId}$`));
	await invited.close();
	await gotoReady(page, `/people?q=${encodeURIComponent(longName)}`);
	await expect(page.getByRole('link', { name: longName })).toBeVisible();
	await accessibleAtEachSize(page);

	await gotoReady(page, `/bodies/${bodyId}/meetings/new`);
	await page.getByLabel('Title').fill(`Recorded meeting ${run}`);
	await page.getByLabel('Date').fill('2016-03-10');
	await page.getByLabel('Start time').fill('14:00');
	await page.getByLabel('End time').fill('16:00');
	await page.getByRole('button', { name: 'Schedule meeting' }).click();
	await expect(page.getByRole('group', { name: 'This meeting is in the past. Record it as a meeting already held?' })).toBeVisible();
	await accessibleAtEachSize(page);
	await page.getByLabel('Yes, record it as a meeting already held').check();
	await page.getByRole('button', { name: 'Record meeting' }).click();
	await expect(page.getByRole('status')).toContainText('recorded as held');
	const held = page.getByRole('table', { name: /^Held/ });
	await expect(held.getByRole('link', { name: `Recorded meeting ${run}` })).toBeVisible();
	await expect(page.getByRole('table', { name: /^Coming up/ }).getByRole('link', { name: `Recorded meeting ${run}` })).toHaveCount(0);
	await accessibleAtEachSize(page);
});
