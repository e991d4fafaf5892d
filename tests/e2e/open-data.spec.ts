import { expect, test } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { gotoReady } from './ready';

test('the decision register and the action log filter as asked, refuse a bad date clearly, and offer their downloads', async ({ page: admin, browser }) => {
	await test.step('the administrator filters the register and the action log, each page accessible', async () => {
		await signInAsAdministrator(admin, { demoIfNew: true });
		for (const path of ['/decisions', '/actions']) {
			await gotoReady(admin, path);
			await expect(admin.getByRole('group', { name: /Filter the (register|log)/ })).toBeVisible();
			await expectAccessible(admin);
		}
		await admin.getByLabel('Status').selectOption({ label: 'Open' });
		await admin.getByRole('button', { name: 'Apply filters' }).click();
		await expect(admin).toHaveURL(/\/actions\?.*status=open/);
		await expect(admin.getByRole('link', { name: 'Download as CSV' })).toHaveAttribute('href', /^\/actions\/export\.csv\?.*status=open/);
	});

	// A context of its own: no session cookie, and axe needs one to inject into.
	const anonymous = await browser.newContext();
	const visitor = await anonymous.newPage();
	await test.step('an anonymous visitor reads the public register and narrows it to binding decisions', async () => {
		await gotoReady(visitor, '/public/decisions');
		await expect(visitor.getByRole('heading', { level: 1, name: 'Decision register' })).toBeVisible();
		await expectAccessible(visitor);
		await visitor.getByLabel('Outcome').selectOption({ label: 'Carried and binding (including ratified, upheld on appeal or implemented)' });
		await visitor.getByRole('button', { name: 'Apply filters' }).click();
		await expect(visitor).toHaveURL(/\/public\/decisions\?.*state=binding/);
		await expect(visitor.getByRole('link', { name: 'Download as JSON' })).toHaveAttribute('href', /^\/public\/decisions\/export\.json\?.*state=binding/);
		await expect(visitor.getByRole('link', { name: 'Clear filters' })).toBeVisible();
		await expectAccessible(visitor);
	});

	await test.step('a date that is not real is refused, the summary leading to the field', async () => {
		await gotoReady(visitor, '/public/decisions?from=2026-02-30');
		await expect(visitor).toHaveTitle(/^Error: /);
		const summary = visitor.getByRole('alert');
		await expect(summary).toContainText('There is a problem');
		await summary.getByRole('link', { name: 'From date must be a real date, like 2026-04-01' }).click();
		await expect(visitor.getByLabel('From')).toBeFocused();
		await expectAccessible(visitor);
	});
	await anonymous.close();
});
