import { expect, test } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { gotoReady } from './ready';
import { scaled } from '../helpers/time';

/** A week ahead, in London: a meeting still to come. */
const nextWeek = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + 7 * 86_400_000));

/** The demo's oversight group, which has members in every role (their email addresses must never show). */
const GROUP = 'North West Collaborative Commissioning Oversight Group';
const PUBLIC_ITEM = 'Cardiac pathway review';
const CONFIDENTIAL_ITEM = 'Provider contract negotiation';
const MEETING = 'Public record meeting';

test('the public follows a body without an account: its members, meetings, agenda in public, decisions and search', async ({ page: admin, browser }) => {
	test.setTimeout(scaled(180_000));
	let meetingId = '';
	const bodyName = GROUP;

	await test.step('the administrator schedules a meeting with business in public and in confidence, and issues notice', async () => {
		await signInAsAdministrator(admin, { demoIfNew: true });
		await gotoReady(admin, '/bodies');
		await admin.getByRole('link', { name: GROUP, exact: true }).click();
		await expect(admin).toHaveURL(/\/bodies\/[0-9a-f-]{36}$/);
		const bodyId = new URL(admin.url()).pathname.split('/')[2]!;
		await gotoReady(admin, `/bodies/${bodyId}/meetings/new`);
		await admin.getByLabel('Title').fill(MEETING);
		await admin.getByLabel('Date').fill(nextWeek());
		await admin.getByLabel('Start time').fill('10:00');
		await admin.getByLabel('End time').fill('12:00');
		await admin.getByRole('button', { name: 'Schedule meeting' }).click();
		await expect(admin).toHaveURL(/\/meetings\/[0-9a-f-]{36}\?scheduled$/);
		meetingId = new URL(admin.url()).pathname.split('/')[2]!;

		for (const [title, part] of [
			[PUBLIC_ITEM, 'Part A (public)'],
			[CONFIDENTIAL_ITEM, 'Part B (confidential, public excluded)']
		] as const) {
			await gotoReady(admin, `/meetings/${meetingId}/agenda`);
			const adding = admin.locator('form[action="?/addItem"]');
			await adding.getByLabel('Title', { exact: true }).fill(title);
			await adding.getByLabel('Purpose', { exact: true }).selectOption({ label: 'For discussion' });
			await adding.getByLabel('Part', { exact: true }).selectOption({ label: part });
			await adding.getByRole('button', { name: 'Add item' }).click();
			await expect(admin.getByRole('main')).toContainText(title);
		}
		await gotoReady(admin, `/meetings/${meetingId}`);
		await admin.getByRole('button', { name: 'Issue notice and papers' }).click();
		await expect(admin.getByRole('status')).toContainText(/emailed/i);
	});

	// A context of its own: no cookie of the administrator's.
	const context = await browser.newContext();
	const visitor = await context.newPage();
	await test.step('an anonymous visitor finds the body from the public record and reads who sits on it', async () => {
		await gotoReady(visitor, '/public');
		await expect(visitor.getByRole('heading', { level: 1, name: 'The public record' })).toBeVisible();
		await expectAccessible(visitor);
		await visitor.getByRole('link', { name: bodyName, exact: true }).first().click();
		await expect(visitor.getByRole('heading', { level: 1, name: bodyName })).toBeVisible();
		await expect(visitor.getByRole('heading', { level: 2, name: 'Members' })).toBeVisible();
		// Names and organisations only: never an email address.
		await expect(visitor.getByRole('main')).not.toContainText('@');
		await expect(visitor.getByRole('link', { name: "Subscribe to this body's meetings" })).toHaveAttribute('href', /\/meetings\.ics$/);
		await expectAccessible(visitor);
	});

	await test.step('the meeting page shows the business in public and only a count of the confidential business', async () => {
		await visitor.getByRole('link', { name: MEETING }).click();
		await expect(visitor.getByRole('heading', { level: 1, name: MEETING })).toBeVisible();
		await expect(visitor.getByRole('table', { name: 'Business in public (Part A)' })).toContainText(PUBLIC_ITEM);
		await expect(visitor.getByRole('main')).not.toContainText(CONFIDENTIAL_ITEM);
		await expect(visitor.getByRole('main')).toContainText('1 item in confidence (Part B)');
		await expect(visitor.getByRole('link', { name: 'Add this meeting to your calendar' })).toBeVisible();
		await expectAccessible(visitor);
	});

	await test.step('the decision register and search are open to the visitor, and search keeps to the public record', async () => {
		await gotoReady(visitor, '/public/decisions');
		await expect(visitor.getByRole('heading', { level: 1 })).toBeVisible();
		await expectAccessible(visitor);
		await gotoReady(visitor, `/public/search?q=${encodeURIComponent('cardiac pathway')}`);
		await expect(visitor.getByRole('main')).toContainText(PUBLIC_ITEM);
		await expectAccessible(visitor);
		await gotoReady(visitor, `/public/search?q=${encodeURIComponent('provider contract negotiation')}`);
		await expect(visitor.getByRole('main')).not.toContainText(CONFIDENTIAL_ITEM);
	});
	await context.close();
});
