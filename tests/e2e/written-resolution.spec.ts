import { expect, test } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { addBody, addMember } from './bodies';
import { signInAsDemoPerson } from './demo-people';
import { londonInAWhile } from './london';
import { gotoReady } from './ready';

/** A body of its own, whose rules allow written resolutions, so no other spec's rules get in the way. */
const GROUP = 'Written Resolution Test Oversight Group';
const MEMBER = { name: 'Wren Member', email: 'wren.member@example.nhs.uk' };

const RULES = {
	schemaVersion: 1,
	quorum: { minimumCount: 1, deputiesCount: true },
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] },
	writtenResolutions: { allowed: true, categories: ['service_review'], minimumResponse: { minimumCount: 1 } }
};

test('a written resolution is put, voted on from the ballot page, and closes on time into the register', async ({ page, browser }) => {
	// It closes two to three minutes after it is put, by the portal's own job runner.
	test.setTimeout(Math.max(test.info().timeout, 6 * 60_000));
	let bodyId = '';
	let ballotPath = '';

	await test.step('a body with a voting member and rules allowing written resolutions', async () => {
		await signInAsAdministrator(page, { demoIfNew: false });
		bodyId = await addBody(page, GROUP);
		await addMember(page, bodyId, MEMBER, 'Voting member');

		await gotoReady(page, `/bodies/${bodyId}/rules`);
		await page.getByText('Advanced: the rules as JSON').click();
		await page.getByLabel('Rules (JSON)').fill(JSON.stringify(RULES));
		await page.getByRole('button', { name: 'Record the rules from JSON' }).click();
		await expect(page).toHaveURL(/\?recorded$/);
		await expect(page.getByRole('main')).toContainText('Written resolutions');
	});

	await test.step('the body page links to decisions between meetings; a refused resolution names the rule', async () => {
		await gotoReady(page, `/bodies/${bodyId}`);
		await page.getByRole('link', { name: 'Decisions between meetings' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Decisions between meetings' })).toBeVisible();
		await expectAccessible(page);

		await page.getByLabel('Motion').fill('That the neonatal service be designated');
		await page.getByLabel('Decision category').fill('designation');
		await page.getByLabel('Closing date').fill('2099-06-30');
		await page.getByLabel('Closing time').fill('17:00');
		await page.getByRole('button', { name: 'Put the resolution to the members' }).click();
		await expect(page.getByRole('alert')).toContainText('The rules allow a written resolution only for service review, not designation');
		await expectAccessible(page);

		await page.getByLabel('Closing time').fill('');
		await page.getByRole('button', { name: 'Put the resolution to the members' }).click();
		await expect(page.getByRole('alert')).toContainText('Closing time: enter the closing time as hours and minutes on the 24-hour clock');
	});

	await test.step('a resolution put within the rules opens its ballot page, with the closing time in London', async () => {
		const closes = londonInAWhile(3 * 60_000);
		await page.getByLabel('Motion').fill('That the review of the renal service go ahead');
		await page.getByLabel('Decision category').fill('service_review');
		await page.getByLabel('Closing date').fill(closes.date);
		await page.getByLabel('Closing time').fill(closes.time);
		await page.getByRole('button', { name: 'Put the resolution to the members' }).click();
		await expect(page).toHaveURL(/\/resolutions\/[0-9a-f-]{36}$/);
		ballotPath = new URL(page.url()).pathname;
		await expect(page.getByRole('main')).toContainText(`(${closes.time}:00 London time)`);
		await expectAccessible(page);
	});

	await test.step('the member opens the ballot page: the link alone casts nothing; the vote is a POST', async () => {
		const member = await signInAsDemoPerson(page, browser, MEMBER);
		await gotoReady(member, ballotPath);
		await expect(member.getByRole('main')).toContainText('That the review of the renal service go ahead');
		await expect(member.getByRole('main')).toContainText('Ballots returned');
		await expect(member.locator('.nhsuk-summary-list__row').filter({ hasText: 'Ballots returned' })).toContainText('0');
		await expectAccessible(member);

		await member.getByRole('button', { name: 'Cast my vote' }).click();
		await expect(member.getByRole('alert')).toContainText('Your vote: choose for, against or abstain');
		await expectAccessible(member);

		await member.getByLabel('For the motion').check();
		await member.getByRole('button', { name: 'Cast my vote' }).click();
		await expect(member.getByRole('status')).toContainText('Your vote has been recorded');
		await expect(member.getByRole('main')).toContainText('You voted For');
		await expect(member.getByRole('button', { name: 'Cast my vote' })).toHaveCount(0);
		await expectAccessible(member);

		await test.step('at the closing time the job closes it: the outcome and its explanation, and the register', async () => {
			await expect(async () => {
				await gotoReady(member, ballotPath);
				await expect(member.getByRole('heading', { name: 'Outcome' })).toBeVisible({ timeout: 1_000 });
			}).toPass({ timeout: 4 * 60_000, intervals: [5_000] });
			// The body holds no delegated authority, so, carried, it is a recommendation, as at a meeting.
			await expect(member.getByRole('main')).toContainText('Recommendation to the parent body');
			await expect(member.getByRole('main')).toContainText('Ballots returned in time: 1 of the 1 eligible vote.');
			await expectAccessible(member);
			await gotoReady(member, `/bodies/${bodyId}/decisions`);
			await expect(member.getByRole('main')).toContainText('That the review of the renal service go ahead');
			await expectAccessible(member);
			await member.getByRole('link', { name: 'That the review of the renal service go ahead' }).first().click();
			await expect(member.getByRole('main')).toContainText('Written resolution, between meetings');
			await expect(member.getByRole('main')).toContainText('by written resolution');
			await expect(member.getByRole('main').getByRole('link', { name: 'Written resolution', exact: true })).toHaveAttribute('href', ballotPath);
			await expectAccessible(member);
		});
		await member.context().close();
	});
});

test("the chair takes urgent action after consulting a member; the record goes for ratification and is ratified", async ({ page, browser }) => {
	const chair = { name: 'Rowan Chair', email: 'rowan.chair@example.nhs.uk' };
	const member = { name: 'Ash Member', email: 'ash.member@example.nhs.uk' };
	let bodyId = '';

	await test.step('a body with a chair and a member, and rules allowing urgent action after one consultation', async () => {
		await signInAsAdministrator(page, { demoIfNew: false });
		bodyId = await addBody(page, 'Urgent Action Test Oversight Group');
		for (const [person, role] of [[chair, 'Chair'], [member, 'Voting member']] as const) await addMember(page, bodyId, person, role);
		await gotoReady(page, `/bodies/${bodyId}/rules`);
		await page.getByText('Advanced: the rules as JSON').click();
		await page.getByLabel('Rules (JSON)').fill(JSON.stringify({ ...RULES, urgentAction: { allowed: true, categories: ['service_review'], minimumConsulted: 1, ratificationPeriodDays: 28 } }));
		await page.getByRole('button', { name: 'Record the rules from JSON' }).click();
		await expect(page).toHaveURL(/\?recorded$/);
	});

	await test.step('the form names each missing field; the rules refuse too few consulted', async () => {
		const signedIn = await signInAsDemoPerson(page, browser, chair);
		await gotoReady(signedIn, `/bodies/${bodyId}/resolutions`);
		await signedIn.getByRole('link', { name: 'Take urgent action' }).click();
		await expect(signedIn.getByRole('heading', { level: 1, name: 'Take urgent action' })).toBeVisible();
		await expectAccessible(signedIn);
		await signedIn.getByRole('button', { name: 'Record the urgent action' }).click();
		await expect(signedIn.getByRole('alert')).toContainText('The action: enter the motion');
		await expect(signedIn.getByRole('alert')).toContainText('Why it cannot wait for a meeting: say why the matter cannot wait for a meeting');
		await expectAccessible(signedIn);

		await signedIn.getByLabel('The action').fill('That new referrals to the vascular service be suspended pending review');
		await signedIn.getByLabel('Why it cannot wait for a meeting').fill('The regulator raised an immediate safety concern');
		await signedIn.getByLabel('Decision category').fill('service_review');
		await signedIn.getByRole('button', { name: 'Record the urgent action' }).click();
		await expect(signedIn.getByRole('alert')).toContainText('The rules require the chair to consult at least 1 member before urgent action; none was consulted');

		await signedIn.getByLabel(`${member.name}, Voting member`).check();
		await signedIn.getByRole('button', { name: 'Record the urgent action' }).click();
		await expect(signedIn).toHaveURL(/\/urgent-actions\/[0-9a-f-]{36}$/);
		await expect(signedIn.getByRole('main')).toContainText('A recommendation to the parent body');
		await expect(signedIn.getByRole('main')).toContainText('Awaiting ratification');
		await expect(signedIn.getByRole('main')).toContainText(member.name);
		await expectAccessible(signedIn);

		await signedIn.getByRole('button', { name: 'Record that the meeting ratified it' }).click();
		await expect(signedIn.getByRole('status')).toContainText('The ratification has been recorded');
		await expect(signedIn.locator('.nhsuk-summary-list__row').filter({ hasText: 'Status' })).toContainText('Ratified');
		await expect(signedIn.getByRole('link', { name: 'The decision in the register, and comments on it' })).toHaveAttribute('href', /^\/decisions\/[0-9a-f-]{36}$/);
		await expectAccessible(signedIn);
		await signedIn.context().close();
	});

	await test.step('a member comments on the decision on its page, though it was taken at no meeting; the public page shows no comments', async () => {
		const signedIn = await signInAsDemoPerson(page, browser, member);
		await gotoReady(signedIn, `/bodies/${bodyId}/decisions`);
		await signedIn.getByRole('link', { name: 'That new referrals to the vascular service be suspended pending review' }).first().click();
		await expect(signedIn).toHaveURL(/\/decisions\/[0-9a-f-]{36}$/);
		const decisionPath = new URL(signedIn.url()).pathname;
		const comments = signedIn.getByRole('region', { name: /^Comments/ });
		await expect(comments.getByText('No open comments.')).toBeVisible();
		await expectAccessible(signedIn);

		await comments.getByLabel('Your comment', { exact: true }).fill('Which providers were told of the suspension, and when?');
		await comments.getByRole('button', { name: 'Add comment' }).click();
		await expect(comments.getByRole('article')).toContainText('Which providers were told of the suspension, and when?');
		await expect(comments.getByRole('article')).toContainText(member.name);
		await expect(signedIn.getByRole('heading', { name: 'Comments (1 open)' })).toBeVisible();
		await expectAccessible(signedIn);

		// The thread is read where the person's own list of threads sends them: the decision's page.
		await gotoReady(signedIn, '/comments');
		const listed = signedIn.getByRole('listitem').filter({ hasText: 'Which providers were told' });
		await expect(listed.getByRole('link').first()).toHaveAttribute('href', new RegExp(`^${decisionPath}#thread-[0-9a-f-]{36}$`));

		await gotoReady(signedIn, `/public${decisionPath}`);
		await expect(signedIn.getByRole('heading', { level: 1 })).toContainText('That new referrals to the vascular service be suspended pending review');
		await expect(signedIn.getByRole('region', { name: /^Comments/ })).toHaveCount(0);
		await expect(signedIn.getByRole('main')).not.toContainText('Which providers were told');
		await signedIn.context().close();
	});
});
