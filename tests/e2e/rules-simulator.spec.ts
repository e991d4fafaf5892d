import { expect, test, type Page } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { gotoReady } from './ready';

/** The demo's oversight group: quorate with half its voting members, including the chair or vice-chair and an NHS England member. */
const GROUP = 'North West Collaborative Commissioning Oversight Group';

async function checkAccessibleAtBothWidths(page: Page) {
	for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
		await page.setViewportSize(size);
		await expectAccessible(page);
	}
	await page.setViewportSize({ width: 1280, height: 800 });
}

test('the secretariat tries the rules in force on the body’s real members: quorum, votes, outcome and explanation follow the inputs', async ({ page }) => {
	const outcome = page.getByTestId('simulator-outcome');
	const explanation = page.getByTestId('simulator-explanation');

	await test.step('opens the simulator from the body’s rules', async () => {
		await signInAsAdministrator(page, { demoIfNew: true });
		await gotoReady(page, '/bodies');
		await page.getByRole('link', { name: GROUP, exact: true }).click();
		await expect(page).toHaveURL(/\/bodies\/[0-9a-f-]{36}$/);
		const bodyId = new URL(page.url()).pathname.split('/')[2]!;
		await gotoReady(page, `/bodies/${bodyId}/rules/simulator`);
		await expect(page.getByRole('heading', { level: 1, name: `Try the rules of ${GROUP}` })).toBeVisible();
		await expect(page.getByRole('table', { name: `Members of ${GROUP} on this item` })).toContainText('Dr Ann Chair');
		await expect(outcome).toContainText('No ballots entered');
		await checkAccessibleAtBothWidths(page);
	});

	await test.step('everyone present, all in favour: quorate, carried as a recommendation (the group holds no delegation)', async () => {
		await page.getByLabel('Motion', { exact: true }).fill('That adult cardiac surgery in the North West be consolidated into three centres');
		await page.getByLabel('Decision category').selectOption({ label: 'Service review' });
		await page.getByLabel('Value in pounds').fill('2,000,000');
		await page.getByRole('button', { name: 'Everyone present, all in favour' }).click();
		await expect(page.getByText('Quorum met', { exact: true })).toBeVisible();
		await expect(outcome).toContainText(/Carried as a recommendation to /);
		await expect(explanation).toContainText('Dr Ann Chair');
	});

	await test.step('the chair, the only NHS England member who votes, sends apologies: inquorate, and no vote opens', async () => {
		await page.getByLabel('Attendance of Dr Ann Chair').selectOption({ label: 'Apologies' });
		await expect(page.getByText('Quorum not met', { exact: true })).toBeVisible();
		await expect(outcome).toContainText(/^No decision: Quorum not met/);
		await expect(explanation).toContainText(/NHS England/);
		await page.getByLabel('Attendance of Dr Ann Chair').selectOption({ label: 'Present in the room' });
		await expect(page.getByText('Quorum met', { exact: true })).toBeVisible();
	});

	await test.step('a member declares a conflict: out of the item’s vote, and the explanation says so', async () => {
		await page.getByLabel('Conflicted: Dev Member').check();
		await page.getByLabel('Interest of Dev Member (optional)').fill('employed by a provider affected by the item');
		await expect(explanation).toContainText('Dev Member declared an interest (employed by a provider affected by the item)');
	});

	await test.step('a tie decided by the chair’s casting vote', async () => {
		// One for and one against, nobody else voting: a tie however many members other tests have added to the group.
		await page.getByRole('button', { name: 'Clear the votes' }).click();
		await page.getByLabel('Vote of Carol Member').selectOption({ label: 'For' });
		await page.getByLabel('Vote of Eve Member').selectOption({ label: 'Against' });
		await expect(outcome).not.toContainText('Carried');
		await page.getByLabel("The chair's casting vote, on a tie").selectOption({ label: 'For' });
		await expect(outcome).toContainText(/Carried as a recommendation to /);
		await expect(explanation).toContainText(/casting vote/);
	});

	await test.step('a value that is not money is named as the problem, and nothing is concluded until it is put right', async () => {
		await page.getByLabel('Value in pounds').fill('a lot');
		await expect(page.getByRole('link', { name: /^Value of the decision: enter an amount in pounds/ })).toBeVisible();
		await expect(outcome).toHaveCount(0);
		await checkAccessibleAtBothWidths(page);
		await page.getByLabel('Value in pounds').fill('2,000,000');
		await expect(outcome).toContainText(/Carried/);
		await checkAccessibleAtBothWidths(page);
	});
});
