import { expect, test } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { signInAsDemoPerson } from './demo-people';
import { gotoReady } from './ready';

// Issue 15's notifications, on the demo data: the North West group's next meeting had its papers issued, so its
// patient representative finds that in his inbox. The unread count in the header follows him live from one tab to
// another, and he chooses per kind which emails he gets. axe on every page visited.

const HARRY = { name: 'Harry Patient', email: 'harry.patient@example.org' };

test('a patient representative reads his inbox, the count follows live, and he chooses his emails', async ({ page, browser }) => {
	await signInAsAdministrator(page, { demoIfNew: true });
	const harry = await signInAsDemoPerson(page, browser, HARRY);

	await test.step('the header shows what is unread, and the inbox lists it with a link to the meeting', async () => {
		await gotoReady(harry, '/bodies');
		await expect(harry.getByRole('link', { name: /^Inbox 1 unread$/ })).toBeVisible();
		await expectAccessible(harry);
		await harry.getByRole('link', { name: /^Inbox/ }).click();
		await expect(harry.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
		const papers = harry.getByRole('link', { name: /^Papers issued for Oversight group meeting, North West Collaborative Commissioning Oversight Group/ });
		await expect(papers).toBeVisible();
		await expect(harry.getByText('Unread', { exact: true })).toBeVisible();
		await expectAccessible(harry);
	});

	await test.step('marking it read in one tab clears the count in another, without reloading it', async () => {
		const other = await harry.context().newPage();
		await gotoReady(other, '/bodies');
		await expect(other.getByRole('link', { name: /^Inbox 1 unread$/ })).toBeVisible();
		await harry.getByRole('button', { name: 'Mark all as read' }).click();
		await expect(harry.getByText('Nothing unread.')).toBeVisible();
		await expect(other.getByRole('link', { name: 'Inbox', exact: true })).toBeVisible();
		await expectAccessible(harry);
		await expectAccessible(other);
		await other.close();
	});

	await test.step('he chooses, per kind, whether it is emailed at once, in the digest, or not at all', async () => {
		await gotoReady(harry, '/account');
		await expectAccessible(harry);
		await harry.getByRole('link', { name: 'Notification settings' }).click();
		await expect(harry.getByRole('heading', { level: 1, name: 'Notification settings' })).toBeVisible();
		await expectAccessible(harry);
		const papers = harry.getByRole('group', { name: 'Papers are issued for a meeting' });
		await expect(papers.getByRole('radio', { name: 'In the daily digest (each morning at 7am)' })).toBeChecked();
		await papers.getByRole('radio', { name: 'No email: in my inbox only' }).check();
		await harry.getByRole('group', { name: 'A vote opens in a meeting you attend' }).getByRole('radio', { name: 'By email at once' }).check();
		await harry.getByRole('button', { name: 'Save notification settings' }).click();
		await expect(harry.getByRole('status')).toContainText('Your notification settings have been saved');
		await expect(papers.getByRole('radio', { name: 'No email: in my inbox only' })).toBeChecked();
		await expect(harry.getByRole('group', { name: 'A vote opens in a meeting you attend' }).getByRole('radio', { name: 'By email at once' })).toBeChecked();
		await expect(harry.getByRole('group', { name: 'Someone mentions you in a comment' }).getByRole('radio', { name: 'By email at once' })).toBeChecked();
		await expectAccessible(harry);
	});

	await test.step('an unsubscribe link that is not one says so, and changes nothing', async () => {
		await gotoReady(harry, '/unsubscribe/notarealtoken');
		await expect(harry.getByRole('heading', { level: 1, name: 'This unsubscribe link is not valid' })).toBeVisible();
		await expectAccessible(harry);
	});
});
