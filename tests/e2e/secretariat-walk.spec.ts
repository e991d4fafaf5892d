import { expect, test, type Page } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { signInAsDemoPerson } from './demo-people';
import { scaled } from '../helpers/time';
import { gotoReady } from './ready';

// Issue 11's walk, from the demo data and through the pages alone: the North West London SCG's secretariat sets
// the group's rules with the form (no JSON typed), tries them in the simulator on the group's real members, and
// schedules a meeting with an agenda item and its paper; the chair runs it from the console with two members, one
// on a phone, while the room's screen follows it. axe checks every page on the way, at desktop and phone sizes.
// No other spec touches this demo group.

const GROUP = 'North West London Specialised Commissioning Group';
const HELEN = { name: 'Helen Ward', email: 'helen.ward@example.nhs.uk' };
const GORDON = { name: 'Gordon Shaw', email: 'gordon.shaw@example.nhs.uk' };
const ANNE = { name: 'Anne Brooks', email: 'anne.brooks@example.nhs.uk' };
const IAN = { name: 'Ian Patel', email: 'ian.patel@example.nhs.uk' };
/** The group's other voting members, away for the meeting. */
const AWAY = ['Mary Okafor', 'Tom Reilly', 'Sue Khan', 'Paul Evans', 'Rachel Lee'];
const ITEM = 'HIV consortium risk-sharing protocol';
const MOTION = 'That the North West London CCGs adopt the HIV consortium risk-sharing protocol from 1 April';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

test.describe.configure({ mode: 'serial' });

const londonToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** axe at a laptop's size and a phone's, then back to the laptop. */
async function checkAccessibleAtBothSizes(page: Page) {
	for (const size of [DESKTOP, PHONE]) {
		await page.setViewportSize(size);
		await expectAccessible(page);
	}
	await page.setViewportSize(DESKTOP);
}

test('a secretariat sets up the rules with the form, tries them, schedules a meeting, and the chair runs it from the console while the screen follows', async ({ page: admin, browser }) => {
	test.setTimeout(scaled(360_000));
	await signInAsAdministrator(admin, { demoIfNew: true });
	const origin = new URL(admin.url()).origin;
	const helen = await signInAsDemoPerson(admin, browser, HELEN, { viewport: DESKTOP });
	let bodyId = '';
	let meetingId = '';

	await test.step('the secretariat finds her group and its rules of procedure', async () => {
		await gotoReady(helen, '/bodies');
		await helen.getByRole('link', { name: GROUP, exact: true }).click();
		await expect(helen.getByRole('heading', { level: 1, name: GROUP })).toBeVisible();
		bodyId = new URL(helen.url()).pathname.split('/')[2]!;
		await checkAccessibleAtBothSizes(helen);
		await helen.getByRole('link', { name: 'Rules of procedure', exact: true }).click();
		await expect(helen.getByRole('heading', { level: 1, name: `Rules of procedure of ${GROUP}` })).toBeVisible();
		await expect(helen.getByRole('main')).toContainText('At least 6 voting members');
		await checkAccessibleAtBothSizes(helen);
	});

	const reading = helen.getByRole('region', { name: 'What these rules say' });
	await test.step('she changes the rules through the form, reading them back in plain English as she goes', async () => {
		// The group agreed: three members including the chair are a quorum; one vote each, carried by more than half
		// of votes cast; the chair may call a secret ballot.
		await helen.getByLabel('Minimum number of voting members present (optional)').fill('3');
		await helen.getByRole('button', { name: 'Add a role requirement' }).click();
		await helen.getByRole('group', { name: 'Role requirement 1: any of these roles' }).getByLabel('Chair', { exact: true }).check();
		await helen.getByLabel('One vote per voting member').check();
		const test1 = helen.getByRole('group', { name: 'Test 1' });
		await test1.getByLabel('Counted').selectOption({ label: 'of votes cast (for and against; abstentions are not counted)' });
		await test1.getByLabel('Comparison').selectOption({ label: 'More than' });
		await test1.getByLabel('Fraction').fill('1/2');
		await helen.getByLabel('The chair may hold a secret ballot').check();
		await expect(reading).toContainText('At least 3 voting members, including the chair');
		await expect(reading).toContainText('One vote per voting member; carried when more than half of votes cast are in favour');
		await expect(reading).toContainText(/Secret ballots/);
		await checkAccessibleAtBothSizes(helen);
	});

	await test.step('before recording them, she tries them in the simulator with the three who will attend', async () => {
		const outcome = helen.getByTestId('simulator-outcome');
		await helen.getByLabel('Motion', { exact: true }).fill(MOTION);
		await helen.getByLabel('Decision category').selectOption({ label: 'Risk sharing' });
		await helen.getByLabel('Value in pounds').fill('0');
		await helen.getByRole('button', { name: 'Everyone present, all in favour' }).click();
		for (const name of AWAY) await helen.getByLabel(`Attendance of ${name}`, { exact: true }).selectOption({ label: 'Apologies' });
		await helen.getByLabel(`Vote of ${GORDON.name}`, { exact: true }).selectOption({ label: 'Against' });
		await expect(outcome).toContainText(/^Carried/);
		await expect(outcome).toContainText(/binding/i);
		// Without the chair there is no quorum, whoever else attends.
		await helen.getByLabel(`Attendance of ${GORDON.name}`, { exact: true }).selectOption({ label: 'Apologies' });
		await expect(outcome).toContainText(/^No decision: Quorum not met/);
		await helen.getByLabel(`Attendance of ${GORDON.name}`, { exact: true }).selectOption({ label: 'Present in the room' });
		await expect(outcome).toContainText(/^Carried/);
		await checkAccessibleAtBothSizes(helen);
	});

	await test.step('she records the rules, and they are in force', async () => {
		await helen.getByLabel('Note on the new rules (optional)').fill('Urgent meetings: agreed by the SCG in November');
		await helen.getByRole('button', { name: 'Record these rules' }).click();
		await expect(helen.getByRole('status').filter({ hasText: 'The new rules have been recorded' })).toBeVisible();
		await expect(helen.getByRole('main')).toContainText('At least 3 voting members, including the chair');
		await checkAccessibleAtBothSizes(helen);
	});

	await test.step('she schedules a meeting for today, adds the item for decision with its paper, and issues notice', async () => {
		await gotoReady(helen, `/bodies/${bodyId}`);
		await helen.getByRole('link', { name: 'Meetings', exact: true }).click();
		await helen.getByRole('link', { name: 'Schedule a meeting' }).click();
		await checkAccessibleAtBothSizes(helen);
		await helen.getByLabel('Title').fill('Extraordinary meeting');
		await helen.getByLabel('Date').fill(londonToday());
		await helen.getByLabel('Start time').fill('00:01');
		await helen.getByLabel('End time').fill('23:59');
		await helen.getByRole('button', { name: 'Schedule meeting' }).click();
		await expect(helen).toHaveURL(/\/meetings\/[0-9a-f-]{36}\?scheduled$/);
		meetingId = new URL(helen.url()).pathname.split('/')[2]!;

		await helen.getByRole('link', { name: 'Edit the agenda, papers and meeting details' }).click();
		await helen.getByLabel('Title').first().fill(ITEM);
		await helen.getByLabel('Purpose').selectOption({ label: 'For decision' });
		await helen.getByLabel('Presenter (optional)').fill(GORDON.name);
		await helen.getByLabel('Minutes allotted').fill('30');
		await helen.getByRole('button', { name: 'Add item' }).click();
		await expect(helen.getByRole('main')).toContainText(ITEM);
		await helen.getByLabel('Agenda item').selectOption({ label: await itemLabel(helen) });
		await helen.getByLabel('File').setInputFiles({ name: 'risk-sharing-protocol.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% The protocol\n%%EOF\n') });
		await helen.getByRole('button', { name: 'Upload paper' }).click();
		await expect(helen.getByRole('main')).toContainText('risk-sharing-protocol.pdf');
		await checkAccessibleAtBothSizes(helen);

		await gotoReady(helen, `/meetings/${meetingId}`);
		await helen.getByRole('button', { name: 'Issue notice and papers' }).click();
		await expect(helen.getByRole('status')).toContainText(/emailed/i);
		await checkAccessibleAtBothSizes(helen);
	});

	// The chair and Anne on laptops, Ian on his phone; the room's screen at a projector's size, opened by the secretariat.
	const gordon = await signInAsDemoPerson(admin, browser, GORDON, { viewport: DESKTOP });
	const anne = await signInAsDemoPerson(admin, browser, ANNE, { viewport: DESKTOP });
	const ian = await signInAsDemoPerson(admin, browser, IAN, { viewport: PHONE, hasTouch: true, baseURL: origin });
	const screen = helen;
	const screenQuorum = screen.getByRole('region', { name: 'Quorum' });
	const screenVote = screen.getByTestId('vote');

	await test.step('all three join the console and the screen shows the meeting waiting to start', async () => {
		await gotoReady(gordon, `/meetings/${meetingId}`);
		await gordon.getByRole('link', { name: 'Join the live meeting' }).click();
		await expect(gordon).toHaveURL(`/meetings/${meetingId}/live`);
		for (const page of [anne, ian]) await gotoReady(page, `/meetings/${meetingId}/live`);
		for (const page of [gordon, anne, ian]) await expect(page.getByText('Connected', { exact: true })).toBeVisible();
		await expect(gordon.getByRole('link', { name: /Open the screen view/ })).toHaveAttribute('href', `/meetings/${meetingId}/screen`);
		await screen.setViewportSize({ width: 1920, height: 1080 });
		await gotoReady(screen, `/meetings/${meetingId}/screen`);
		await expect(screen.getByRole('heading', { level: 2, name: 'The meeting has not started' })).toBeVisible();
		await expectAccessible(screen);
		await checkAccessibleAtBothSizes(gordon);
		await expectAccessible(ian);
	});

	await test.step('the chair starts the meeting and marks himself present; the members check in; the screen says quorate', async () => {
		await gordon.getByRole('button', { name: 'Start meeting' }).click();
		await gordon.getByLabel(`Attendance of ${GORDON.name}`, { exact: true }).selectOption('present');
		await gordon.getByRole('button', { name: `Record attendance of ${GORDON.name}` }).click();
		await anne.getByRole('button', { name: 'Check in as present' }).click();
		await ian.getByRole('button', { name: 'Check in as present' }).click();
		await expect(screenQuorum).toContainText('Quorate');
		await expect(screenQuorum).toContainText('3 of 8 voting members present');
		for (const page of [gordon, anne, ian]) await expect(page.getByTestId('quorum-state')).toContainText('Quorate');
	});

	await test.step('the chair takes the item: its purpose and paper are in front of everyone, and on the screen', async () => {
		await gordon.getByRole('button', { name: new RegExp(`^Take item \\d+: ${ITEM}$`) }).click();
		for (const page of [gordon, anne, ian]) {
			await expect(page.getByRole('heading', { level: 2, name: new RegExp(`Item \\d+: ${ITEM}$`) })).toBeVisible();
			await expect(page.getByRole('link', { name: /risk-sharing-protocol\.pdf/ })).toBeVisible();
		}
		await expect(screen.getByRole('region', { name: new RegExp(`^Item \\d+: ${ITEM}$`) })).toContainText('For decision');
		await expectAccessible(ian);
	});

	await test.step('the chair proposes the motion, choosing its category from the list, and opens a secret ballot', async () => {
		await gordon.getByText('Propose a motion', { exact: true }).click();
		await gordon.getByLabel('Motion', { exact: true }).fill(MOTION);
		await gordon.getByLabel('Decision category').selectOption({ label: 'Risk sharing' });
		await gordon.getByLabel('Proposer').selectOption({ label: `${ANNE.name} (Voting member)` });
		await gordon.getByLabel('Seconder').selectOption({ label: `${IAN.name} (Voting member)` });
		await gordon.getByRole('button', { name: 'Propose motion' }).click();
		const motion = gordon.getByRole('region', { name: MOTION });
		await expect(motion).toContainText('A binding vote may open.');
		await motion.getByLabel('Secret ballot').check();
		await motion.getByRole('button', { name: 'Open vote' }).click();
		for (const page of [gordon, anne, ian]) await expect(page.getByRole('region', { name: MOTION })).toContainText('Voting open');
		await expect(screenVote).toContainText(MOTION);
		await expect(screenVote).toContainText(/Vote open — 0 of 3 have voted /);
		await expectAccessible(screen);
		await checkAccessibleAtBothSizes(gordon);
	});

	const ballotOf = (page: Page, name: string) => page.getByRole('group', { name: `Your vote for ${name}` });
	await test.step('the three vote; Ian on his phone finds his ballot in view; the screen counts ballots, never how', async () => {
		await ballotOf(anne, ANNE.name).getByRole('button', { name: 'For', exact: true }).click();
		await expect(ballotOf(anne, ANNE.name)).toContainText('Your vote is recorded: For');
		await expect(screenVote).toContainText('Vote open — 1 of 3 have voted');

		await ian.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
		const ianFor = ballotOf(ian, IAN.name).getByRole('button', { name: 'For', exact: true });
		await expect(ianFor).toBeInViewport();
		await ianFor.tap();
		await expect(ballotOf(ian, IAN.name)).toContainText('Your vote is recorded: For');
		await expectAccessible(ian);

		await ballotOf(gordon, GORDON.name).getByRole('button', { name: 'Against', exact: true }).click();
		await expect(screenVote).toContainText('Vote open — 3 of 3 have voted');
		await expect(screenVote.getByText('For', { exact: true })).toHaveCount(0);
	});

	await test.step('the chair closes the vote after confirming; everyone sees the outcome, the screen too', async () => {
		const motion = gordon.getByRole('region', { name: MOTION });
		await motion.getByRole('button', { name: 'Close vote' }).click();
		await gordon.getByRole('button', { name: 'Yes, close the vote' }).click();
		for (const page of [gordon, anne, ian]) await expect(page.getByRole('region', { name: MOTION }).getByRole('heading', { name: 'Outcome: carried, binding' })).toBeVisible();
		await expect(screenVote).toContainText('Outcome: carried, binding');
		await expect(screenVote).toContainText(/For\s*2\s*Against\s*1\s*Abstain\s*0/);
		// Who voted, never how.
		const explanation = gordon.getByRole('region', { name: MOTION });
		await expect(explanation).toContainText(`Voted, by secret ballot: `);
		await expect(explanation).not.toContainText(`For: 2 (`);
		await expectAccessible(screen);
		await checkAccessibleAtBothSizes(anne);
	});

	await test.step('the chair closes the meeting, confirming; the screen says it has closed', async () => {
		await gordon.getByRole('button', { name: 'Close meeting' }).click();
		await gordon.getByRole('button', { name: 'Yes, close the meeting' }).click();
		await expect(screen.getByRole('heading', { level: 2, name: 'The meeting has closed' })).toBeVisible();
		for (const page of [gordon, anne, ian]) await expect(page.getByText('Meeting: Closed')).toBeVisible();
		await expectAccessible(screen);
	});

	await test.step('the decision is in the group’s register', async () => {
		await gotoReady(gordon, `/bodies/${bodyId}/decisions`);
		await expect(gordon.getByRole('link', { name: MOTION })).toBeVisible();
		await checkAccessibleAtBothSizes(gordon);
	});

	for (const page of [helen, gordon, anne, ian]) await page.context().close();
});

/** The agenda item's label in the paper form's list ("6. HIV consortium …"), however many items come before it. */
async function itemLabel(page: Page): Promise<string> {
	const options = await page.getByLabel('Agenda item').locator('option').allTextContents();
	const label = options.find((text) => text.includes(ITEM));
	expect(label, `the paper form lists ${ITEM}`).toBeDefined();
	return label!;
}
