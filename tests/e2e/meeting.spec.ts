import { expect, test, type Browser, type Page } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { scaled } from '../helpers/time';
import { gotoReady } from './ready';
import { londonToday } from './london';

// The browser tests share one portal. This file makes its own organisations, body, members, rules and meeting
// through the pages, so it runs the same after first-run.spec.ts or on its own.
const run = Date.now().toString(36);
const GROUP = `Live Meeting Test Oversight Group ${run}`;
const ORGANISATIONS = {
	england: { name: `NHS England Live Test Team ${run}`, kind: 'NHS England' },
	ccg: { name: `NHS Live Test CCG ${run}`, kind: 'Clinical commissioning group (CCG)' },
	healthwatch: { name: `Healthwatch Live Test ${run}`, kind: 'Patient or voluntary organisation' }
};
const PEOPLE = {
	chair: { name: 'Dr Chloe Chair', email: `chloe.chair.${run}@example.nhs.uk`, role: 'Chair', organisation: ORGANISATIONS.england.name, password: 'chair of the live meeting' },
	member: { name: 'Mo Voting', email: `mo.voting.${run}@example.nhs.uk`, role: 'Voting member', organisation: ORGANISATIONS.ccg.name, password: 'voting member of the group' },
	ppv: {
		name: 'Pat Public',
		email: `pat.public.${run}@example.org`,
		role: 'Patient and public voice (PPV) representative',
		organisation: ORGANISATIONS.healthwatch.name,
		password: 'patient and public voice'
	}
};
/** Quorum: two voting members, one the chair or vice-chair, one from NHS England. Simple majority of votes cast; PPV representatives do not vote. */
const RULES = {
	schemaVersion: 1,
	quorum: { minimumCount: 2, requiredRoles: [{ anyOf: ['chair', 'vice_chair'] }], requiredOrganisationKinds: [{ kind: 'nhs_england' }], deputiesCount: true },
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }], castingVote: 'chair' }
};
const MOTION = 'Approve the minutes of the May meeting as an accurate record';

test.describe.configure({ mode: 'serial' });

/** Invites a person to the body, takes the link from the outbox and accepts it in a browser context of their own. */
async function inviteAndAccept(admin: Page, browser: Browser, bodyId: string, person: (typeof PEOPLE)[keyof typeof PEOPLE], baseURL?: string) {
	await admin.goto(`/bodies/${bodyId}/invite`);
	await admin.getByLabel('Full name').fill(person.name);
	await admin.getByLabel('Email address').fill(person.email);
	await admin.getByLabel('Role').selectOption({ label: person.role });
	await admin.getByRole('combobox', { name: 'Organisations represented' }).fill(person.organisation);
	await admin.getByRole('option', { name: person.organisation, exact: true }).click();
	await admin.getByRole('button', { name: 'Send invitation' }).click();
	await expect(admin.getByRole('status')).toContainText(person.email);
	await admin.goto('/admin/outbox');
	const message = admin.locator('.nhsuk-card').filter({ hasText: person.email }).first();
	const link = (await message.textContent())?.match(/https?:\/\/\S+\/invitations\/[a-z0-9]+/)?.[0] ?? '';
	expect(link, `invitation link for ${person.email}`).not.toBe('');
	const context = await browser.newContext(baseURL ? { baseURL } : {});
	const page = await context.newPage();
	await gotoReady(page, new URL(link).pathname);
	await page.getByLabel('Password', { exact: true }).fill(person.password);
	await page.getByLabel('Confirm password').fill(person.password);
	await page.getByRole('button', { name: 'Accept invitation' }).click();
	// Exactly the body's heading: the invitation page's own heading, "Join <group>", contains the name too.
	await expect(page).toHaveURL(/\/bodies\/[0-9a-f-]{36}/);
	await expect(page.getByRole('heading', { level: 1, name: GROUP, exact: true })).toBeVisible();
	return page;
}

test('a live meeting: the chair runs it, a member votes, a PPV representative follows, everyone sees the outcome', async ({ page: admin, browser }) => {
	test.setTimeout(scaled(240_000));
	let bodyId = '';
	let meetingId = '';

	await test.step('the administrator sets up organisations and a body', async () => {
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
	const member = await inviteAndAccept(admin, browser, bodyId, PEOPLE.member);
	// The PPV representative uses the portal by its address rather than "localhost": socket.io treats a browser going
	// offline as a dropped connection only away from localhost, and the reconnection step below needs that.
	const ppv = await inviteAndAccept(admin, browser, bodyId, PEOPLE.ppv, new URL(admin.url()).origin.replace('localhost', '127.0.0.1'));

	await test.step('the chair records the rules of procedure and schedules a meeting for today', async () => {
		// Through the form, no JSON typed: the template has the chair or vice-chair and an NHS England member, more
		// than half of votes cast and the chair's casting vote; this body counts two present instead of half, one vote each.
		await chair.goto(`/bodies/${bodyId}/rules`);
		const reading = chair.getByRole('region', { name: 'What these rules say' });
		const quorumFraction = chair.getByRole('group', { name: 'Fraction of the voting membership (optional)' });
		await quorumFraction.getByLabel('Fraction').fill('half');
		// A fraction written as a word: the reading says what is wrong as it is typed, and recording refuses it, naming the field.
		await expect(reading).toContainText('Quorum, fraction of the voting membership: expected a fraction like');
		await chair.getByRole('button', { name: 'Record these rules' }).click();
		await expect(chair.getByRole('alert')).toContainText('Quorum, fraction of the voting membership: expected a fraction like');
		await expect(chair.getByText('No rules of procedure have been recorded yet')).toBeVisible();
		await chair.getByRole('group', { name: 'Fraction of the voting membership (optional)' }).getByLabel('Fraction').fill('');
		await chair.getByLabel('Minimum number of voting members present (optional)').fill(String(RULES.quorum.minimumCount));
		await chair.getByLabel('One vote per voting member').check();
		// A meeting called for today: no notice periods, as RULES above.
		await chair.getByLabel('Agenda and papers go out, days before the meeting (optional)').fill('');
		await chair.getByLabel('Notice of a binding decision that commits money, days (optional)').fill('');
		await expect(reading).toContainText('At least 2 voting members, including the chair or vice-chair and 1 NHS England member; deputies count');
		await expect(reading).toContainText('One vote per voting member; carried when more than half of votes cast are in favour');
		await expectAccessible(chair);
		await chair.getByRole('button', { name: 'Record these rules' }).click();
		// The simulator beside the form has a status of its own.
		await expect(chair.getByRole('status').filter({ hasText: 'The new rules have been recorded' })).toBeVisible();
		await expect(chair.getByRole('main')).toContainText('At least 2 voting members, including the chair or vice-chair and 1 NHS England member');
		await chair.goto(`/bodies/${bodyId}/meetings/new`);
		await chair.getByLabel('Title').fill('Live test meeting');
		await chair.getByLabel('Date').fill(londonToday());
		await chair.getByLabel('Start time').fill('00:01');
		await chair.getByLabel('End time').fill('23:59');
		await chair.getByRole('button', { name: 'Schedule meeting' }).click();
		await expect(chair).toHaveURL(/\/meetings\/[0-9a-f-]{36}\?scheduled$/);
		meetingId = new URL(chair.url()).pathname.split('/')[2]!;
		// Notice and papers go to every member by email; issued on the day, it is late against the rules' notice period.
		await chair.getByRole('button', { name: 'Issue notice and papers' }).click();
		await expect(chair.getByRole('status')).toContainText(/emailed/i);
		await expectAccessible(chair);
		await chair.getByRole('link', { name: 'Join the live meeting' }).click();
		await expect(chair).toHaveURL(`/meetings/${meetingId}/live`);
	});

	const connected = (page: Page) => expect(page.getByText('Connected', { exact: true })).toBeVisible();
	/** The polite live region that screen readers hear. */
	const announced = (page: Page) => page.getByRole('status');

	await test.step('all three join the live page; before it starts, the quorum panel says who is missing', async () => {
		await member.goto(`/meetings/${meetingId}/live`);
		await ppv.goto(`/meetings/${meetingId}/live`);
		for (const page of [chair, member, ppv]) {
			await connected(page);
			await expect(page.getByRole('heading', { level: 1, name: 'Live test meeting' })).toBeVisible();
			const quorum = page.getByRole('region', { name: 'Quorum' });
			await expect(quorum).toContainText('Quorum not met');
			await expect(quorum.getByRole('listitem').filter({ hasText: 'Quorum not met: no NHS England member present' })).toBeVisible();
		}
		await expect(member.getByRole('button', { name: 'Start meeting' })).toHaveCount(0);
		await expectAccessible(chair);
	});

	await test.step('the chair starts the meeting and marks attendance; the member checks in; quorum is met', async () => {
		await chair.getByRole('button', { name: 'Start meeting' }).click();
		// The button pressed has gone: focus moves to the chair's next control, not to the top of the page.
		await expect(chair.getByRole('button', { name: 'Next item: 1. Welcome and apologies' })).toBeFocused();
		for (const page of [chair, member, ppv]) await expect(page.getByText('Meeting: In progress')).toBeVisible();
		await expect(announced(member)).toContainText('The meeting has started');

		await chair.getByLabel(`Attendance of ${PEOPLE.chair.name}`, { exact: true }).selectOption('present');
		await chair.getByRole('button', { name: `Record attendance of ${PEOPLE.chair.name}` }).click();
		await chair.getByLabel(`Attendance of ${PEOPLE.ppv.name}`, { exact: true }).selectOption('remote');
		await chair.getByRole('button', { name: `Record attendance of ${PEOPLE.ppv.name}` }).click();
		await member.getByRole('button', { name: 'Check in as present' }).click();

		const register = ppv.getByRole('table', { name: 'Attendance register' });
		await expect(register.getByRole('row', { name: new RegExp(PEOPLE.chair.name) })).toContainText('Present');
		await expect(register.getByRole('row', { name: new RegExp(PEOPLE.member.name) })).toContainText('Present');
		await expect(register.getByRole('row', { name: new RegExp(PEOPLE.ppv.name) })).toContainText('Present remotely');
		for (const page of [chair, member, ppv]) await expect(page.getByRole('region', { name: 'Quorum' })).toContainText('Quorum met');
	});

	await test.step('the chair takes item 3 and proposes a motion; a binding vote may open', async () => {
		await chair.getByRole('button', { name: 'Take item 3: Minutes of the last meeting' }).click();
		for (const page of [chair, member, ppv]) {
			await expect(page.getByRole('heading', { level: 2, name: 'Item 3: Minutes of the last meeting' })).toBeVisible();
			await expect(page.getByRole('listitem').filter({ hasText: '3. Minutes of the last meeting' })).toHaveAttribute('aria-current', 'step');
		}
		await chair.getByText('Propose a motion', { exact: true }).click();
		await chair.getByLabel('Motion', { exact: true }).fill(MOTION);
		await chair.getByLabel('Decision category').selectOption('procedural');
		await chair.getByLabel('Procedural business').check();
		await chair.getByLabel('Proposer').selectOption({ label: `${PEOPLE.member.name} (Voting member)` });
		await chair.getByLabel('Seconder').selectOption({ label: `${PEOPLE.chair.name} (Chair)` });
		await chair.getByRole('button', { name: 'Propose motion' }).click();
		for (const page of [chair, member, ppv]) {
			const motion = page.getByRole('region', { name: MOTION });
			await expect(motion).toContainText('A binding vote may open.');
		}
		await expect(announced(ppv)).toContainText(`Motion proposed: ${MOTION}`);
		await expectAccessible(chair);
	});

	await test.step('a refused command shows the reason: the seconder cannot be the proposer', async () => {
		// The proposal form stays open after a motion is proposed.
		await chair.getByLabel('Motion', { exact: true }).fill('A motion with one person twice');
		await chair.getByLabel('Decision category').selectOption('procedural');
		await chair.getByLabel('Proposer').selectOption({ label: `${PEOPLE.member.name} (Voting member)` });
		await chair.getByLabel('Seconder').selectOption({ label: `${PEOPLE.member.name} (Voting member)` });
		await chair.getByRole('button', { name: 'Propose motion' }).click();
		await expect(chair.getByRole('alert')).toContainText('A motion needs a seconder other than its proposer');
		await expect(chair.getByRole('region', { name: 'A motion with one person twice' })).toHaveCount(0);
	});

	await test.step('the chair opens the vote; the member has a ballot, the PPV representative sees the vote without one', async () => {
		const motion = chair.getByRole('region', { name: MOTION });
		await motion.getByRole('button', { name: 'Open vote' }).click();
		for (const page of [chair, member, ppv]) await expect(page.getByRole('region', { name: MOTION })).toContainText('Voting open');
		await expect(announced(member)).toContainText(`Vote opened on: ${MOTION}`);
		await expect(announced(ppv)).toContainText(`Vote opened on: ${MOTION}`);

		// Presence: everyone sees who is connected.
		for (const name of [PEOPLE.chair.name, PEOPLE.member.name, PEOPLE.ppv.name]) await expect(chair.getByTestId('presence')).toContainText(name);
		const ballot = member.getByRole('group', { name: `Your vote for ${PEOPLE.member.name}` });
		await expect(ballot.getByRole('button', { name: 'For', exact: true })).toHaveAttribute('aria-pressed', 'false');
		await expectAccessible(member);

		// The console keeps the open vote in view: at the foot of the page, on a laptop and on a phone, the ballot is
		// still on screen, pinned with the quorum and the item, and nobody scrolls to vote.
		for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
			await member.setViewportSize(size);
			await member.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
			await expect(ballot.getByRole('button', { name: 'For', exact: true })).toBeInViewport();
			await expect(member.getByTestId('quorum-state')).toBeInViewport();
			await expect(member.getByTestId('quorum-state')).toContainText('Quorate');
			await expectAccessible(member);
		}
		await member.setViewportSize({ width: 1280, height: 800 });

		const ppvMotion = ppv.getByRole('region', { name: MOTION });
		await expect(ppvMotion).toContainText('You do not have a vote on this motion.');
		await expect(ppvMotion.getByRole('button', { name: 'For', exact: true })).toHaveCount(0);
		await expect(ppv.getByRole('group', { name: /^Your vote for/ })).toHaveCount(0);
		await expectAccessible(ppv);
	});

	await test.step('the member votes For; pressing it twice casts one ballot; the count shows it', async () => {
		const ballot = member.getByRole('group', { name: `Your vote for ${PEOPLE.member.name}` });
		// By keyboard first, then a double click with the mouse.
		await ballot.getByRole('button', { name: 'Against', exact: true }).focus();
		await member.keyboard.press('Space');
		await expect(ballot.getByRole('button', { name: 'Against', exact: true })).toHaveAttribute('aria-pressed', 'true');
		// Changing the vote is allowed until the vote closes; a double click changes nothing more.
		await ballot.getByRole('button', { name: 'For', exact: true }).dblclick();
		await expect(ballot.getByRole('button', { name: 'For', exact: true })).toHaveAttribute('aria-pressed', 'true');
		await expect(ballot.getByRole('button', { name: 'Against', exact: true })).toHaveAttribute('aria-pressed', 'false');
		await expect(ballot).toContainText('Your vote is recorded: For');
		await expect(chair.getByRole('region', { name: MOTION })).toContainText(/For\s*1\s*Against\s*0\s*Abstain\s*0\s*Ballots cast\s*1/);
	});

	await test.step('the chair closes the vote; all three see the outcome and why, and hear it', async () => {
		// Closing a vote cannot be undone: the chair confirms, seeing how many have voted.
		await chair.getByRole('region', { name: MOTION }).getByRole('button', { name: 'Close vote' }).click();
		await expect(chair.getByRole('heading', { name: 'Important: Close the vote?' })).toBeFocused();
		await expect(chair.getByRole('region', { name: MOTION })).toContainText('1 of 2 votes have been cast');
		await chair.getByRole('button', { name: 'Yes, close the vote' }).click();
		for (const page of [chair, member, ppv]) {
			const motion = page.getByRole('region', { name: MOTION });
			await expect(motion.getByRole('heading', { name: 'Outcome: carried, binding' })).toBeVisible();
			// The engine's explanation, sentence by sentence: who voted, the rule applied, and why it binds.
			await expect(motion.getByRole('listitem').filter({ hasText: `For: 1 (${PEOPLE.member.name})` })).toBeVisible();
			await expect(motion.getByRole('listitem').filter({ hasText: 'more than half of votes cast' })).toContainText('met');
			await expect(motion.getByRole('listitem').filter({ hasText: 'The motion is carried. The decision is binding' })).toBeVisible();
			await expect(motion.getByRole('table', { name: 'How each ballot was cast' })).toContainText(PEOPLE.member.name);
			await expect(announced(page)).toContainText(`Vote closed on: ${MOTION}. Outcome: carried, binding`);
		}
		await expect(announced(ppv)).toContainText(`Vote opened on: ${MOTION}`);
		await expectAccessible(ppv);
	});

	await test.step('consensus: the chair asks, a voting member may object, the chair records it when nobody does', async () => {
		const SECOND = 'Note the action log as presented';
		await chair.getByLabel('Motion', { exact: true }).fill(SECOND);
		await chair.getByLabel('Decision category').selectOption('procedural');
		await chair.getByLabel('Procedural business').check();
		await chair.getByLabel('Seconder').selectOption({ label: `${PEOPLE.chair.name} (Chair)` });
		await chair.getByRole('button', { name: 'Propose motion' }).click();
		await chair.getByRole('region', { name: SECOND }).getByRole('button', { name: 'Ask for consensus' }).click();
		await expect(announced(member)).toContainText(`Consensus called on: ${SECOND}`);
		await expect(ppv.getByRole('region', { name: SECOND }).getByRole('button', { name: 'Object to consensus' })).toHaveCount(0);
		await member.getByRole('region', { name: SECOND }).getByRole('button', { name: 'Object to consensus' }).click();
		await expect(chair.getByRole('region', { name: SECOND })).toContainText(`Objected to consensus: ${PEOPLE.member.name}`);
		await expect(announced(chair)).toContainText(`Objection to consensus on: ${SECOND}`);
		// Asked again, nobody objects this time.
		await chair.getByRole('region', { name: SECOND }).getByRole('button', { name: 'Ask for consensus' }).click();
		await expect(member.getByRole('region', { name: SECOND })).toContainText('Consensus called');
		await chair.getByRole('region', { name: SECOND }).getByRole('button', { name: 'Record consensus' }).click();
		for (const page of [chair, member, ppv]) {
			await expect(page.getByRole('region', { name: SECOND }).getByRole('heading', { name: /^Outcome: / })).toBeVisible();
		}
		await expect(announced(ppv)).toContainText(`Consensus recorded on: ${SECOND}. Outcome:`);
	});

	await test.step('declarations and the speakers queue', async () => {
		await chair.getByText('Record a declaration', { exact: true }).click();
		await chair.getByLabel('Member declaring').selectOption({ label: PEOPLE.ppv.name });
		await chair.getByLabel('Interest', { exact: true }).fill('Trustee of a patient charity named in the minutes');
		await chair.getByLabel('May take part', { exact: true }).check();
		await chair.getByRole('button', { name: 'Record declaration' }).click();
		await expect(ppv.getByRole('region', { name: 'Declarations of interest on this item' })).toContainText('Trustee of a patient charity');

		await member.getByRole('button', { name: 'Raise hand' }).click();
		await expect(member.getByRole('button', { name: 'Lower hand' })).toBeFocused();
		const queue = chair.getByRole('list', { name: 'Hands raised, in order' });
		await expect(queue).toContainText(PEOPLE.member.name);
		await chair.getByRole('button', { name: 'Call next speaker' }).click();
		await expect(chair.getByRole('region', { name: 'Speakers' })).toContainText(`Called to speak: ${PEOPLE.member.name}`);
		await expect(member.getByRole('button', { name: 'Raise hand' })).toBeVisible();
	});

	await test.step('members act from the console: a member declares an interest and proposes a motion the chair accepts', async () => {
		await member.getByText('Declare an interest', { exact: true }).click();
		await member.getByLabel('Interest', { exact: true }).fill('I sit on the board of a provider named in item 3');
		await member.getByLabel('May take part', { exact: true }).check();
		await member.getByRole('button', { name: 'Declare interest' }).click();
		await expect(chair.getByRole('region', { name: 'Declarations of interest on this item' })).toContainText('I sit on the board of a provider');

		const SUGGESTED = 'That the action log be circulated a week before each meeting';
		await member.getByText('Propose a motion', { exact: true }).click();
		await member.getByLabel('Motion', { exact: true }).fill(SUGGESTED);
		await member.getByLabel('Decision category').selectOption('procedural');
		await member.getByRole('button', { name: 'Propose motion' }).click();
		const waiting = chair.getByRole('region', { name: SUGGESTED });
		await expect(waiting).toContainText(`${PEOPLE.member.name} proposed this motion. It waits for the chair`);
		await expect(member.getByRole('region', { name: SUGGESTED }).getByRole('button', { name: 'Accept onto the item' })).toHaveCount(0);
		await waiting.getByRole('button', { name: 'Accept onto the item' }).click();
		await expect(member.getByRole('region', { name: SUGGESTED })).toContainText('Proposed');
		await expect(waiting.getByRole('button', { name: 'Open vote' })).toBeVisible();
		await waiting.getByRole('button', { name: 'Withdraw' }).click();
		await expect(member.getByRole('region', { name: SUGGESTED })).toContainText('Withdrawn');
		await ppv.setViewportSize({ width: 390, height: 844 });
		await expectAccessible(ppv);
		await ppv.setViewportSize({ width: 1280, height: 800 });
	});

	await test.step('a dropped connection shows Reconnecting…, and on reconnection the page catches up with what it missed', async () => {
		await ppv.context().setOffline(true);
		await expect(ppv.getByText('Reconnecting…', { exact: true })).toBeVisible();
		await chair.getByLabel('Discussion summary').fill('The minutes of the May meeting were reviewed page by page.');
		await chair.getByRole('button', { name: 'Save discussion summary' }).click();
		await expect(member.getByRole('region', { name: 'Discussion' })).toContainText('reviewed page by page');
		await expect(ppv.getByRole('region', { name: 'Discussion' })).not.toContainText('reviewed page by page');
		await ppv.context().setOffline(false);
		await expect(ppv.getByText('Connected', { exact: true })).toBeVisible({ timeout: scaled(15_000) });
		await expect(ppv.getByRole('region', { name: 'Discussion' })).toContainText('reviewed page by page');
		await expect(announced(ppv)).toContainText('Reconnected');
	});

	await test.step('the chair records an action, then closes the meeting', async () => {
		await chair.getByText('Add an action', { exact: true }).click();
		await chair.getByLabel('Action', { exact: true }).fill('Publish the approved minutes on the website');
		await chair.getByLabel('Owner').selectOption({ label: PEOPLE.chair.name });
		await chair.getByRole('button', { name: 'Add action' }).click();
		await expect(ppv.getByRole('region', { name: 'Actions' })).toContainText('Publish the approved minutes on the website');
		await chair.getByRole('button', { name: 'Close meeting' }).click();
		await chair.getByRole('button', { name: 'Yes, close the meeting' }).click();
		for (const page of [chair, member, ppv]) await expect(page.getByText('Meeting: Closed')).toBeVisible();
		await expect(announced(member)).toContainText('The meeting is closed');
	});

	await test.step('the chair and the administrator write the draft minutes together; a member reads them as they are typed', async () => {
		for (const page of [chair, admin, member]) await page.goto(`/meetings/${meetingId}/minutes`);
		const minutesOf = (page: Page) => page.getByRole('textbox', { name: 'Minutes', exact: true });
		await expect(minutesOf(chair)).toContainText('RESOLVED: to approve the minutes of the May meeting as an accurate record; carried');
		await expect(minutesOf(chair)).toContainText('Annex: how each decision was reached');
		await expect(minutesOf(member)).toHaveAttribute('aria-readonly', 'true');
		// Both type at once: the chair at the end, the administrator at the start.
		await minutesOf(chair).click();
		await chair.keyboard.press('Control+End');
		await minutesOf(admin).click();
		await admin.keyboard.press('Control+Home');
		await Promise.all([chair.keyboard.type(' Agreed as a fair record.', { delay: 15 }), admin.keyboard.type('Draft for approval. ', { delay: 15 })]);
		for (const page of [chair, admin, member]) {
			await expect(minutesOf(page)).toContainText('Agreed as a fair record.');
			// Not the whole line: the others' carets, with their names, sit inside the text.
			await expect(minutesOf(page)).toContainText('Draft for approval.');
		}
		await expectAccessible(chair);
	});

	await test.step('the minutes are approved as accurate at the next meeting', async () => {
		await chair.goto(`/bodies/${bodyId}/meetings/new`);
		await chair.getByLabel('Title').fill('Next meeting');
		await chair.getByLabel('Date').fill(londonToday());
		await chair.getByLabel('Start time').fill('23:00');
		await chair.getByLabel('End time').fill('23:59');
		await chair.getByRole('button', { name: 'Schedule meeting' }).click();
		await expect(chair).toHaveURL(/\/meetings\/[0-9a-f-]{36}\?scheduled$/);
		await chair.goto(`/meetings/${meetingId}/minutes`);
		await chair.getByLabel('Approved at the meeting of').selectOption({ index: 1 });
		await chair.getByRole('button', { name: 'Approve as accurate' }).click();
		await expect(chair.getByText(/Approved as accurate at the meeting of/).first()).toBeVisible();
		// What is published is what both typed.
		await expect(chair.getByRole('main')).toContainText('Agreed as a fair record.');
		await expect(chair.getByRole('main')).toContainText(`Draft for approval. ${GROUP}: minutes of`);
		await expect(chair.getByRole('textbox', { name: 'Minutes', exact: true })).toHaveCount(0);
		await expectAccessible(chair);

		// The approved version against the text as it stands: no differences, said in words; and the redline page passes axe.
		await chair.getByRole('link', { name: /compare with the current text/ }).first().click();
		await expect(chair.getByRole('heading', { level: 1 })).toContainText('Compare version');
		await expect(chair.getByText(/No differences/)).toBeVisible();
		await expectAccessible(chair);
	});

	await test.step('anyone reads the meeting on the public record: its business in public, its approved minutes and its decisions', async () => {
		const context = await browser.newContext();
		const visitor = await context.newPage();
		await gotoReady(visitor, `/public/meetings/${meetingId}`);
		await expect(visitor.getByRole('heading', { level: 1, name: 'Live test meeting' })).toBeVisible();
		await expect(visitor.getByRole('main')).toContainText('Agreed as a fair record.');
		await expectAccessible(visitor);
		await visitor.getByRole('link', { name: MOTION, exact: true }).click();
		await expect(visitor).toHaveURL(/\/public\/decisions\/[0-9a-f-]{36}$/);
		await expect(visitor.getByRole('heading', { level: 1 })).toBeVisible();
		await expectAccessible(visitor);
		await context.close();
	});

	for (const page of [chair, member, ppv]) await page.context().close();
});
