import { expect, test, type Page } from '@playwright/test';
import { scaled } from '../helpers/time';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { addBody, addMember } from './bodies';
import { londonToday } from './london';
import { gotoReady } from './ready';

// Its own three bodies, so nothing another spec made gets in the way: a regional team, an oversight group under it,
// and a delivery sub-group under that. The administrator runs both meetings; one voting member each agrees.
const run = Date.now().toString(36);
const REGION = `Travel Test Regional Team ${run}`;
const GROUP = `Travel Test Oversight Group ${run}`;
const SUB = `Travel Test Cardiac Sub-group ${run}`;
const RULES = {
	schemaVersion: 1,
	quorum: { minimumCount: 1, deputiesCount: true },
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] }
};
const MOTION = 'That adult cardiac surgery be consolidated into three centres';
const ONWARD = 'That the sub-group’s recommendation be agreed';


/** A voting member, the rules, and a meeting today with one item for decision: the meeting's id and the item's title. */
async function readyToMeet(page: Page, bodyId: string, member: string, item: string): Promise<string> {
	await addMember(page, bodyId, { name: member, email: `${member.toLowerCase().replaceAll(' ', '.')}.${run}@example.nhs.uk` }, 'Voting member');
	await gotoReady(page, `/bodies/${bodyId}/rules`);
	await page.getByText('Advanced: the rules as JSON').click();
	await page.getByLabel('Rules (JSON)').fill(JSON.stringify(RULES));
	await page.getByRole('button', { name: 'Record the rules from JSON' }).click();
	await expect(page).toHaveURL(/\?recorded$/);
	await gotoReady(page, `/bodies/${bodyId}/meetings/new`);
	await page.getByLabel('Title').fill(`Meeting ${run}`);
	await page.getByLabel('Date').fill(londonToday());
	await page.getByLabel('Start time').fill('00:01');
	await page.getByLabel('End time').fill('23:59');
	await page.getByRole('button', { name: 'Schedule meeting' }).click();
	await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]{36}\?scheduled$/);
	const meetingId = new URL(page.url()).pathname.split('/')[2]!;
	await gotoReady(page, `/meetings/${meetingId}/agenda`);
	await page.getByLabel('Title').first().fill(item);
	await page.getByLabel('Purpose').first().selectOption({ label: 'For decision' });
	await page.getByRole('button', { name: 'Add item' }).click();
	await expect(page.getByRole('status')).toContainText('The item has been added to the agenda.');
	return meetingId;
}

/** Starts the meeting, marks the member present, takes the item and agrees the motion by consensus. */
async function agree(page: Page, meetingId: string, member: string, item: string, text: string) {
	await gotoReady(page, `/meetings/${meetingId}/live`);
	await expect(page.getByText('Connected', { exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Start meeting' }).click();
	await expect(page.getByText('Meeting: In progress')).toBeVisible();
	await page.getByLabel(`Attendance of ${member}`, { exact: true }).selectOption('present');
	await page.getByRole('button', { name: `Record attendance of ${member}` }).click();
	await expect(page.getByRole('region', { name: 'Quorum' })).toContainText('Quorum met');
	await page.getByRole('button', { name: new RegExp(`^Take item \\d+: ${item}$`) }).click();
	await page.getByText('Propose a motion', { exact: true }).click();
	await page.getByLabel('Motion', { exact: true }).fill(text);
	await page.getByLabel('Decision category').selectOption('service_review');
	await page.getByRole('button', { name: 'Propose motion' }).click();
	await page.getByRole('region', { name: text }).getByRole('button', { name: 'Ask for consensus' }).click();
	await page.getByRole('region', { name: text }).getByRole('button', { name: 'Record consensus' }).click();
	await expect(page.getByRole('region', { name: text }).getByRole('heading', { name: /^Outcome: / })).toBeVisible();
}

test('a sub-group’s recommendation is taken up from the agenda, recommended onward, and its path shown both ways', async ({ page }) => {
	test.setTimeout(scaled(240_000));
	let groupId = '';
	let subId = '';

	await test.step('the administrator sets up a regional team, an oversight group under it and a sub-group under that', async () => {
		await signInAsAdministrator(page, { demoIfNew: false });
		await addBody(page, REGION, { kind: 'NHS England regional team' });
		groupId = await addBody(page, GROUP, { parent: REGION });
		subId = await addBody(page, SUB, { kind: 'Delivery sub-group', parent: GROUP });
	});

	await test.step('the sub-group agrees a recommendation to the oversight group', async () => {
		const meetingId = await readyToMeet(page, subId, 'Sid Sub', 'Cardiac surgery');
		await agree(page, meetingId, 'Sid Sub', 'Cardiac surgery', MOTION);
		await expect(page.getByRole('region', { name: MOTION })).toContainText(`recommendation to ${GROUP}`);
	});

	let groupMeetingId = '';
	await test.step('the oversight group’s agenda item is set to consider it, chosen from the recommendations addressed to it', async () => {
		groupMeetingId = await readyToMeet(page, groupId, 'Olive Over', 'Recommendation of the sub-group');
		await page.getByRole('link', { name: /^Edit item \d+, Recommendation of the sub-group$/ }).click();
		const choice = page.getByLabel('Recommendation it considers');
		await expect(choice.getByRole('option')).toHaveText(['None', new RegExp(`^${SUB}, .*: ${MOTION}$`)]);
		await choice.selectOption({ index: 1 });
		await page.getByRole('button', { name: 'Save the recommendation it considers' }).click();
		await expect(page.getByRole('status')).toContainText('The recommendation the item considers has been saved.');
		await expectAccessible(page);
	});

	await test.step('carried without authority, it goes onward to the regional team, and the minute names the path', async () => {
		await agree(page, groupMeetingId, 'Olive Over', 'Recommendation of the sub-group', ONWARD);
		await expect(page.getByRole('region', { name: ONWARD })).toContainText(`Recommended by ${SUB} on`);
		await expect(page.getByRole('region', { name: ONWARD })).toContainText(`recommended onward by ${GROUP} on`);
	});

	await test.step('the decision page shows the path with links, both ways', async () => {
		await gotoReady(page, `/bodies/${groupId}/decisions`);
		await page.getByRole('link', { name: ONWARD }).first().click();
		await expect(page.getByRole('heading', { level: 1, name: ONWARD })).toBeVisible();
		const path = page.getByRole('definition').filter({ hasText: `Recommended by ${SUB}` });
		await expect(path).toContainText(`Recommended onward by ${GROUP} on`);
		await expect(page.getByRole('definition').filter({ hasText: REGION }).getByRole('link', { name: REGION })).toBeVisible();
		await expectAccessible(page);
		await path.getByRole('link', { name: SUB }).click();
		await expect(page.getByRole('heading', { level: 1, name: MOTION })).toBeVisible();
		const takenUp = page.getByRole('definition').filter({ hasText: `${GROUP} on` });
		await expect(takenUp).toContainText('Recommendation to the parent body');
		await takenUp.getByRole('link', { name: GROUP }).click();
		await expect(page.getByRole('heading', { level: 1, name: ONWARD })).toBeVisible();
	});
});
