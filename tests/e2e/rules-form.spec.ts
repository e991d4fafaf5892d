import { expect, test, type Page } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
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

test('the administrator sets a body’s rules through the form alone, reading them in plain English as they are typed', async ({ page }) => {
	const reading = page.getByRole('region', { name: 'What these rules say' });
	const inForce = page.getByRole('main');
	let bodyId = '';

	await test.step('a new body has no rules; the form starts from the template', async () => {
		await signInAsAdministrator(page, { demoIfNew: false });
		await gotoReady(page, '/bodies/new');
		await page.getByLabel('Name').fill(GROUP);
		await page.getByLabel('Kind').selectOption({ label: 'Collaborative commissioning oversight group' });
		await page.getByLabel('Parent body').selectOption({ label: 'None: a top-level body' });
		await page.getByRole('button', { name: 'Add body' }).click();
		await expect(page).toHaveURL(/\/bodies\/[0-9a-f-]{36}\?created$/);
		bodyId = new URL(page.url()).pathname.split('/')[2]!;
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
	});

	await test.step('a fraction written as a word is refused, naming its field, and nothing is recorded', async () => {
		const test1 = page.getByRole('group', { name: 'Test 1' });
		await test1.getByLabel('Fraction').fill('half');
		await expect(reading).toContainText('Carried when (test 1)');
		await page.getByRole('button', { name: 'Record these rules' }).click();
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
		await checkAccessibleAtBothWidths(page);
	});
});
