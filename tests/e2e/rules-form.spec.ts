import { expect, test, type Browser, type Page } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { addBody } from './bodies';
import { gotoReady } from './ready';

/** A body of its own, so its rules start from nothing and no other spec's rules get in the way. */
const GROUP = 'Rules Form Test Oversight Group';

async function checkAccessibleAtBothWidths(page: Page) {
	for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
		await page.setViewportSize(size);
		await expectAccessible(page);
	}
	await page.setViewportSize({ width: 1280, height: 800 });
}

/** Signs in and adds a top-level body of its own; its id. */
async function newBody(page: Page, name: string): Promise<string> {
	await signInAsAdministrator(page, { demoIfNew: false });
	return addBody(page, name);
}

/** A page signed in as `page` is, with JavaScript off: what someone on a locked-down or failing browser gets. */
async function withoutJavaScript(browser: Browser, page: Page): Promise<Page> {
	const context = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() });
	return context.newPage();
}

test('the administrator sets a body’s rules through the form alone, reading them in plain English as they are typed', async ({ page }) => {
	const reading = page.getByRole('region', { name: 'What these rules say' });
	const inForce = page.getByRole('main');
	let bodyId = '';

	await test.step('a new body has no rules; the form starts from the template', async () => {
		bodyId = await newBody(page, GROUP);
		await gotoReady(page, `/bodies/${bodyId}/rules`);
		await expect(page.getByText('No rules of procedure have been recorded yet')).toBeVisible();
		await checkAccessibleAtBothWidths(page);
	});

	await test.step('every requirement is taken out and set again through the form, and the reading follows each change', async () => {
		// Start from nothing but the template's numbers: no roles, no organisations, and a simple majority of one vote each.
		await page.getByRole('button', { name: 'Remove role requirement 1' }).click();
		await page.getByRole('button', { name: 'Remove organisation requirement 1' }).click();
		await expect(reading).toContainText('At least half of voting members; deputies count');

		await page.getByRole('button', { name: 'Add a role requirement' }).click();
		const roles = page.getByRole('group', { name: 'Role requirement 1: any of these roles' });
		await roles.getByLabel('Chair', { exact: true }).check();
		await roles.getByLabel('Vice-chair', { exact: true }).check();
		await page.getByRole('button', { name: 'Add an organisation requirement' }).click();
		await page.getByLabel('Kind of organisation 1').selectOption({ label: 'NHS England' });
		await page.getByLabel('How many members from it').fill('1');
		const quorumFraction = page.getByRole('group', { name: 'Fraction of the voting membership (optional)' });
		await quorumFraction.getByLabel('Comparison').selectOption({ label: 'At least' });
		await quorumFraction.getByLabel('Fraction').fill('1/2');
		await expect(reading).toContainText('At least half of voting members, including the chair or vice-chair and 1 NHS England member; deputies count');

		await page.getByLabel('One vote per voting member').check();
		const test1 = page.getByRole('group', { name: 'Test 1' });
		await test1.getByLabel('Counted').selectOption({ label: 'of votes cast (for and against; abstentions are not counted)' });
		await test1.getByLabel('Comparison').selectOption({ label: 'More than' });
		await test1.getByLabel('Fraction').fill('1/2');
		await page.getByLabel('The chair has a casting vote on a tie').check();
		await page.getByLabel('Disputes go to arbitration above (optional)').fill('250,000');
		await expect(reading).toContainText('One vote per voting member; carried when more than half of votes cast are in favour');
		await expect(reading).toContainText('The chair has a casting vote on a tie');
		await expect(reading).toContainText('£250,000');

		await page.getByLabel('Clear days: neither the day notice goes out nor the day of the meeting counts').check();
		await page.getByLabel('Weekends do not count').check();
		await page.getByLabel('Bank holidays do not count').check();
		await expect(reading).toContainText('7 clear days before the meeting, not counting weekends or bank holidays in England and Wales');
	});

	await test.step('a fraction written as a word is refused, naming its field, and nothing is recorded', async () => {
		const test1 = page.getByRole('group', { name: 'Test 1' });
		await test1.getByLabel('Fraction').fill('half');
		await expect(reading).toContainText('Carried when (test 1)');
		// The reading links to the field; Enter in a field records the rules (it does not add or remove a row).
		await reading.getByRole('link', { name: /Carried when \(test 1\)/ }).click();
		await expect(test1.getByLabel('Fraction')).toBeFocused();
		await test1.getByLabel('Fraction').press('Enter');
		const summary = page.getByRole('alert');
		await expect(summary).toContainText('Carried when (test 1)');
		await expect(page.getByText('No rules of procedure have been recorded yet')).toBeVisible();
		// The summary links to the field, which keeps what was typed, and so does every other field.
		await summary.getByRole('link', { name: /Carried when \(test 1\)/ }).click();
		await expect(test1.getByLabel('Fraction')).toBeFocused();
		await expect(test1.getByLabel('Fraction')).toHaveValue('half');
		await expect(page.getByLabel('Disputes go to arbitration above (optional)')).toHaveValue('250,000');
		await checkAccessibleAtBothWidths(page);
	});

	await test.step('put right, the rules are recorded and read back in plain English, and download as JSON', async () => {
		await page.getByRole('group', { name: 'Test 1' }).getByLabel('Fraction').fill('1/2');
		await expect(reading).toContainText('more than half of votes cast');
		await page.getByRole('button', { name: 'Record these rules' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'The new rules have been recorded' })).toBeVisible();
		await expect(inForce).toContainText('At least half of voting members, including the chair or vice-chair and 1 NHS England member; deputies count.');
		await expect(inForce).toContainText('One vote per voting member; carried when more than half of votes cast are in favour.');
		await expect(inForce).toContainText('The chair has a casting vote on a tie.');
		const download = await page.request.get(`/bodies/${bodyId}/rules/rules.json`);
		expect(download.headers()['content-type']).toContain('application/json');
		const rules = await download.json();
		expect(rules.quorum.requiredRoles).toEqual([{ anyOf: ['chair', 'vice_chair'], minimum: 1 }]);
		expect(rules.voting.thresholds).toEqual([{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }]);
		expect(rules.arbitrationAboveValuePence).toBe(25_000_000);
		expect(rules.notice).toMatchObject({ counting: 'clear', excludeWeekends: true, excludeBankHolidays: true });
		await expect(inForce).toContainText('not counting weekends or bank holidays in England and Wales');
		await checkAccessibleAtBothWidths(page);
	});
});

test('without JavaScript, rows are added and removed by posting the form, and Enter records the rules', async ({ page, browser }) => {
	const bodyId = await newBody(page, 'Rules Form Without JavaScript Oversight Group');
	const plain = await withoutJavaScript(browser, page);
	await plain.goto(`/bodies/${bodyId}/rules`);

	await test.step('adding a test posts the form and it comes back with the row, keeping what was typed', async () => {
		await plain.getByLabel('Disputes go to arbitration above (optional)').fill('75,000');
		await plain.getByRole('button', { name: 'Add another test' }).click();
		const test2 = plain.getByRole('group', { name: 'Test 2' });
		await expect(test2).toBeVisible();
		await expect(plain.getByLabel('Disputes go to arbitration above (optional)')).toHaveValue('75,000');
		await expect(plain.getByText('No rules of procedure have been recorded yet')).toBeVisible();
		await test2.getByLabel('Comparison').selectOption({ label: 'At least' });
		await test2.getByLabel('Fraction').fill('2/3');
		await test2.getByLabel('Counted').selectOption({ label: 'of the votes of members present' });
	});

	await test.step('removing the organisation requirement posts the form and it comes back without it', async () => {
		await expect(plain.getByLabel('Kind of organisation 1')).toBeVisible();
		await plain.getByRole('button', { name: 'Remove organisation requirement 1' }).click();
		await expect(plain.getByLabel('Kind of organisation 1')).toHaveCount(0);
		await expect(plain.getByRole('group', { name: 'Test 2' }).getByLabel('Fraction')).toHaveValue('2/3');
		// axe runs as a script, so it cannot check this page; the same markup is checked with JavaScript above.
	});

	await test.step('Enter in a field records the rules as the form shows them', async () => {
		await plain.getByLabel('Disputes go to arbitration above (optional)').press('Enter');
		await expect(plain.getByRole('status').filter({ hasText: 'The new rules have been recorded' })).toBeVisible();
		const rules = await (await plain.request.get(`/bodies/${bodyId}/rules/rules.json`)).json();
		expect(rules.quorum.requiredOrganisationKinds ?? []).toEqual([]);
		expect(rules.voting.thresholds).toHaveLength(2);
		expect(rules.voting.thresholds[1]).toEqual({ of: 'members_present', comparison: 'at_least', fraction: '2/3' });
		expect(rules.arbitrationAboveValuePence).toBe(7_500_000);
	});
	await plain.context().close();
});
