import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { scaled } from '../helpers/time';
import { gotoReady } from './ready';
import { londonToday } from './london';

// The room's screen at /meetings/:id/screen follows a meeting the chair runs from the live page. Like
// meeting.spec.ts, this file makes its own organisations, body, members, rules and meeting through the pages.
const run = `s${Date.now().toString(36)}`;
const GROUP = `Screen Test Oversight Group ${run}`;
const ORGANISATIONS = {
	england: { name: `NHS England Screen Test Team ${run}`, kind: 'NHS England' },
	north: { name: `NHS North Screen Test CCG ${run}`, kind: 'Clinical commissioning group (CCG)' },
	south: { name: `NHS South Screen Test CCG ${run}`, kind: 'Clinical commissioning group (CCG)' }
};
const PEOPLE = {
	chair: { name: 'Dr Sam Screen', email: `sam.screen.${run}@example.nhs.uk`, role: 'Chair', organisation: ORGANISATIONS.england.name, password: 'chair of the screened meeting' },
	north: { name: 'Nia North', email: `nia.north.${run}@example.nhs.uk`, role: 'Voting member', organisation: ORGANISATIONS.north.name, password: 'voting member from the north' },
	south: { name: 'Sol South', email: `sol.south.${run}@example.nhs.uk`, role: 'Voting member', organisation: ORGANISATIONS.south.name, password: 'voting member from the south' }
};
/** Quorum: two voting members, one the chair, one from NHS England. Simple majority of votes cast; all three vote. */
const RULES = {
	schemaVersion: 1,
	quorum: { minimumCount: 2, requiredRoles: [{ anyOf: ['chair', 'vice_chair'] }], requiredOrganisationKinds: [{ kind: 'nhs_england' }], deputiesCount: true },
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }], castingVote: 'chair' }
};
const OPEN_MOTION = 'Approve the minutes of the March meeting as an accurate record';
const HIDDEN_MOTION = 'Defer the action log review to the next meeting';
/** The sizes of the projectors in the rooms the groups meet in. */
const PROJECTORS = [
	{ width: 1920, height: 1080 },
	{ width: 1280, height: 720 }
];

test.describe.configure({ mode: 'serial' });

/** Chooses the organisation a person represents: from a list to search where the page has one, else its checkbox. */
async function chooseOrganisation(admin: Page, name: string) {
	const search = admin.getByRole('combobox', { name: 'Organisations represented' });
	const checkbox = admin.getByRole('checkbox', { name });
	await expect(search.or(checkbox)).toBeVisible();
	if ((await search.count()) === 0) return checkbox.check();
	await search.fill(name);
	await admin.getByRole('option', { name, exact: true }).click();
}

/** Invites a person to the body, takes the link from the outbox and accepts it in a browser context of their own. */
async function inviteAndAccept(admin: Page, browser: Browser, bodyId: string, person: (typeof PEOPLE)[keyof typeof PEOPLE]) {
	await gotoReady(admin, `/bodies/${bodyId}/invite`);
	await admin.getByLabel('Full name').fill(person.name);
	await admin.getByLabel('Email address').fill(person.email);
	await admin.getByLabel('Role').selectOption({ label: person.role });
	await chooseOrganisation(admin, person.organisation);
	await admin.getByRole('button', { name: 'Send invitation' }).click();
	await expect(admin.getByRole('status')).toContainText(person.email);
	await admin.goto('/admin/outbox');
	const message = admin.locator('.nhsuk-card').filter({ hasText: person.email }).first();
	const link = (await message.textContent())?.match(/https?:\/\/\S+\/invitations\/[a-z0-9]+/)?.[0] ?? '';
	expect(link, `invitation link for ${person.email}`).not.toBe('');
	const page = await (await browser.newContext()).newPage();
	await gotoReady(page, new URL(link).pathname);
	await page.getByLabel('Password', { exact: true }).fill(person.password);
	await page.getByLabel('Confirm password').fill(person.password);
	await page.getByRole('button', { name: 'Accept invitation' }).click();
	await expect(page.getByRole('heading', { level: 1, name: GROUP, exact: true })).toBeVisible();
	return page;
}

/** Checks the screen at each projector size: axe passes, nothing runs off the side, and `inView` is on screen. */
async function checkAtProjectorSizes(screen: Page, inView: Locator) {
	for (const size of PROJECTORS) {
		await screen.setViewportSize(size);
		await expect(inView).toBeInViewport();
		expect(await screen.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `no sideways scrolling at ${size.width}×${size.height}`).toBe(true);
		await expectAccessible(screen);
	}
	await screen.setViewportSize(PROJECTORS[0]!);
}

test('the room screen follows the meeting: the item, quorum, the tally as members vote, the outcome; and a hidden count', async ({ page: admin, browser }) => {
	test.setTimeout(scaled(240_000));
	let bodyId = '';
	let meetingId = '';

	await test.step('the administrator sets up organisations and a body, and invites its members', async () => {
		await signInAsAdministrator(admin, { demoIfNew: false });
		for (const organisation of Object.values(ORGANISATIONS)) {
			await admin.goto('/organisations/new');
			await admin.getByLabel('Name').fill(organisation.name);
			await admin.getByLabel('Kind').selectOption({ label: organisation.kind });
			await admin.getByRole('button', { name: 'Add organisation' }).click();
			await expect(admin).toHaveURL(/\/organisations\/[0-9a-f-]{36}\?added$/);
		}
		await admin.goto('/bodies/new');
		await admin.getByLabel('Name').fill(GROUP);
		await admin.getByLabel('Kind').selectOption({ label: 'Collaborative commissioning oversight group' });
		await admin.getByLabel('Parent body').selectOption({ label: 'None: a top-level body' });
		await admin.getByRole('button', { name: 'Add body' }).click();
		await expect(admin).toHaveURL(/\/bodies\/[0-9a-f-]{36}\?created$/);
		bodyId = new URL(admin.url()).pathname.split('/')[2]!;
	});

	const chair = await inviteAndAccept(admin, browser, bodyId, PEOPLE.chair);
	const north = await inviteAndAccept(admin, browser, bodyId, PEOPLE.north);
	const south = await inviteAndAccept(admin, browser, bodyId, PEOPLE.south);

	await test.step('the chair records the rules and schedules a meeting for today', async () => {
		await chair.goto(`/bodies/${bodyId}/rules`);
		// Imported as JSON, through the advanced view (meeting.spec.ts sets rules through the form).
		await chair.getByText('Advanced: the rules as JSON', { exact: true }).click();
		await chair.getByLabel('Rules (JSON)').fill(JSON.stringify(RULES, null, 2));
		await chair.getByRole('button', { name: 'Record the rules from JSON' }).click();
		await expect(chair.getByRole('status').filter({ hasText: 'The new rules have been recorded' })).toBeVisible();
		await chair.goto(`/bodies/${bodyId}/meetings/new`);
		await chair.getByLabel('Title').fill('Screened meeting');
		await chair.getByLabel('Date').fill(londonToday());
		await chair.getByLabel('Start time').fill('00:01');
		await chair.getByLabel('End time').fill('23:59');
		await chair.getByRole('button', { name: 'Schedule meeting' }).click();
		await expect(chair).toHaveURL(/\/meetings\/[0-9a-f-]{36}\?scheduled$/);
		meetingId = new URL(chair.url()).pathname.split('/')[2]!;
	});

	// The screen is a browser of its own, signed in as the administrator, reached by its address rather than
	// "localhost": socket.io treats a browser going offline as a dropped connection only away from localhost.
	const screenContext = await browser.newContext({ baseURL: new URL(admin.url()).origin.replace('localhost', '127.0.0.1'), viewport: PROJECTORS[0] });
	const screen = await screenContext.newPage();
	const quorum = screen.getByRole('region', { name: 'Quorum' });
	const vote = screen.getByTestId('vote');
	const announced = screen.getByRole('status');

	await test.step('before the meeting starts, the screen says so, and what the quorum lacks; no menu, no controls', async () => {
		await signInAsAdministrator(screen, { demoIfNew: false });
		await gotoReady(screen, `/meetings/${meetingId}/screen`);
		await expect(screen.getByRole('heading', { level: 1, name: 'Screened meeting' })).toBeVisible();
		await expect(screen.getByText(GROUP, { exact: true })).toBeVisible();
		await expect(screen.getByRole('heading', { level: 2, name: 'The meeting has not started' })).toBeVisible();
		await expect(quorum).toContainText('Not quorate');
		await expect(quorum.getByRole('listitem').filter({ hasText: 'Quorum not met: no NHS England member present' })).toBeVisible();
		// The layout's header, menu and footer are not shown on the screen, and it has nothing to press.
		await expect(screen.getByRole('banner')).toHaveCount(0);
		await expect(screen.getByRole('navigation')).toHaveCount(0);
		await expect(screen.getByRole('contentinfo')).toHaveCount(0);
		await expect(screen.getByRole('button')).toHaveCount(0);
		await checkAtProjectorSizes(screen, quorum);
	});

	await test.step('the live page links to the screen view', async () => {
		await gotoReady(chair, `/meetings/${meetingId}/live`);
		await expect(chair.getByRole('link', { name: /Open the screen view/ })).toHaveAttribute('href', `/meetings/${meetingId}/screen`);
		await expect(chair.getByText('Connected', { exact: true })).toBeVisible();
	});

	await test.step('the chair starts the meeting and takes item 3; the screen shows the item and its time', async () => {
		await chair.getByRole('button', { name: 'Start meeting' }).click();
		await expect(screen.getByRole('heading', { level: 2, name: 'No item is being taken' })).toBeVisible();
		await expect(announced).toContainText('The meeting has started');
		await chair.getByRole('button', { name: 'Take item 3: Minutes of the last meeting' }).click();
		const now = screen.getByRole('region', { name: 'Item 3: Minutes of the last meeting' });
		await expect(now.getByRole('heading', { level: 2 })).toBeVisible();
		await expect(now).toContainText('Item 3 of 5 on the agenda');
		await expect(now).toContainText('For ratification');
		await expect(screen.getByTestId('item-time')).toContainText(/\d+:\d\d used of 5 minutes allotted/);
		await expect(announced).toContainText('Now on item 3: Minutes of the last meeting');
	});

	await test.step('attendance is recorded; the screen says the meeting is quorate', async () => {
		await chair.getByLabel(`Attendance of ${PEOPLE.chair.name}`, { exact: true }).selectOption('present');
		await chair.getByRole('button', { name: `Record attendance of ${PEOPLE.chair.name}` }).click();
		await expect(quorum).toContainText('Not quorate');
		await expect(quorum).toContainText('1 of 3 voting members present');
		for (const member of [north, south]) {
			await gotoReady(member, `/meetings/${meetingId}/live`);
			await member.getByRole('button', { name: 'Check in as present' }).click();
		}
		await expect(quorum).toContainText('Quorate');
		await expect(quorum).toContainText('3 of 3 voting members present');
		await expect(quorum.getByText('Not quorate')).toHaveCount(0);
		await expect(announced).toContainText('The meeting is now quorate');
	});

	/** The chair proposes a procedural motion and opens the vote on it, the count shown or hidden. */
	async function proposeAndOpen(text: string, count: 'open' | 'hidden') {
		const form = chair.getByLabel('Motion', { exact: true });
		if (!(await form.isVisible())) await chair.getByText('Propose a motion', { exact: true }).click();
		await form.fill(text);
		await chair.getByLabel('Decision category').selectOption('procedural');
		await chair.getByLabel('Procedural business').check();
		await chair.getByLabel('Proposer').selectOption({ label: `${PEOPLE.north.name} (Voting member)` });
		await chair.getByLabel('Seconder').selectOption({ label: `${PEOPLE.south.name} (Voting member)` });
		await chair.getByRole('button', { name: 'Propose motion' }).click();
		const motion = chair.getByRole('region', { name: text });
		await expect(motion.getByRole('button', { name: 'Open vote' })).toBeVisible();
		if (count === 'hidden') await motion.getByLabel('Hide the count until the vote closes').check();
		await motion.getByRole('button', { name: 'Open vote' }).click();
		await expect(motion).toContainText('Voting open');
	}
	const ballotOf = (page: Page, name: string) => page.getByRole('group', { name: `Your vote for ${name}` });
	async function castBallot(page: Page, name: string, choice: 'For' | 'Against' | 'Abstain') {
		const ballot = ballotOf(page, name);
		await ballot.getByRole('button', { name: choice, exact: true }).click();
		await expect(ballot).toContainText(`Your vote is recorded: ${choice}`);
	}
	async function closeVote(text: string) {
		const motion = chair.getByRole('region', { name: text });
		await motion.getByRole('button', { name: 'Close vote' }).click();
		await chair.getByRole('button', { name: 'Yes, close the vote' }).click();
	}

	await test.step('the chair opens a vote with the count shown; the screen shows the tally rising as members vote', async () => {
		await proposeAndOpen(OPEN_MOTION, 'open');
		await expect(vote.getByRole('heading', { level: 2, name: 'Vote open' })).toBeVisible();
		await expect(vote).toContainText(OPEN_MOTION);
		await expect(vote).toContainText(/For\s*0\s*Against\s*0\s*Abstain\s*0/);
		await expect(vote).toContainText('0 of 3 have voted');
		await expect(announced).toContainText(`Vote opened on: ${OPEN_MOTION}`);
		await checkAtProjectorSizes(screen, vote);

		await castBallot(north, PEOPLE.north.name, 'For');
		await expect(vote).toContainText(/For\s*1\s*Against\s*0\s*Abstain\s*0/);
		await expect(vote).toContainText('1 of 3 have voted');
		await castBallot(south, PEOPLE.south.name, 'Against');
		await expect(vote).toContainText(/For\s*1\s*Against\s*1\s*Abstain\s*0/);
		await castBallot(chair, PEOPLE.chair.name, 'For');
		await expect(vote).toContainText(/For\s*2\s*Against\s*1\s*Abstain\s*0/);
		await expect(vote).toContainText('3 of 3 have voted');
	});

	await test.step('the chair closes the vote; the screen shows the outcome and the final count', async () => {
		await closeVote(OPEN_MOTION);
		await expect(vote.getByRole('heading', { level: 2, name: 'Vote closed' })).toBeVisible();
		await expect(vote).toContainText('Outcome: carried, binding');
		await expect(vote).toContainText(`The motion is carried. The decision is binding on all members of ${GROUP}`);
		await expect(vote).toContainText(/For\s*2\s*Against\s*1\s*Abstain\s*0/);
		await expect(announced).toContainText(`Vote closed on: ${OPEN_MOTION}. Outcome: carried, binding`);
		await checkAtProjectorSizes(screen, vote);
	});

	await test.step('with the count hidden, the screen says only how many have voted, and catches up after a dropped connection', async () => {
		await proposeAndOpen(HIDDEN_MOTION, 'hidden');
		await expect(vote).toContainText(HIDDEN_MOTION);
		await expect(vote).toContainText('Vote open — 0 of 3 have voted');
		await expect(vote).toContainText('The count is shown when the vote closes');
		await castBallot(north, PEOPLE.north.name, 'Against');
		await expect(vote).toContainText('Vote open — 1 of 3 have voted');
		await expect(vote.getByText('For', { exact: true })).toHaveCount(0);
		await checkAtProjectorSizes(screen, vote);

		// The screen drops off the network while a member votes; back on it, it shows what it missed.
		await screenContext.setOffline(true);
		await expect(screen.getByTestId('connection')).toHaveText('Reconnecting…');
		await castBallot(south, PEOPLE.south.name, 'Against');
		await screenContext.setOffline(false);
		await expect(screen.getByTestId('connection')).toHaveCount(0, { timeout: scaled(15_000) });
		await expect(vote).toContainText('Vote open — 2 of 3 have voted');
		await expect(announced).toContainText('Reconnected');
	});

	await test.step('the hidden vote closes; the screen shows its outcome and final count', async () => {
		await closeVote(HIDDEN_MOTION);
		await expect(vote.getByRole('heading', { level: 2, name: 'Vote closed' })).toBeVisible();
		await expect(vote).toContainText(HIDDEN_MOTION);
		await expect(vote).toContainText('Outcome: not carried');
		await expect(vote).toContainText('The motion is not carried.');
		await expect(vote).toContainText(/For\s*0\s*Against\s*2\s*Abstain\s*0/);
		await expect(vote).not.toContainText('have voted');
		await checkAtProjectorSizes(screen, vote);
	});

	await test.step('the chair closes the meeting; the screen says it has closed', async () => {
		await chair.getByRole('button', { name: 'Close meeting' }).click();
		await chair.getByRole('button', { name: 'Yes, close the meeting' }).click();
		await expect(screen.getByRole('heading', { level: 2, name: 'The meeting has closed' })).toBeVisible();
		await expect(quorum).toHaveCount(0);
		await expect(announced).toContainText('The meeting is closed');
		await expectAccessible(screen);
	});

	for (const page of [chair, north, south, screen]) await page.context().close();
});
