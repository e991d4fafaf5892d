import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { ADMIN, signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { scaled } from '../helpers/time';
import { gotoReady } from './ready';

// The browser tests share one portal and run in file order: this file is named to run after first-run.spec.ts,
// which creates the administrator and loads the demo data. Run on its own, it does both itself.
const run = Date.now().toString(36);
const GROUP = 'North West Collaborative Commissioning Oversight Group';
const VOTER = { name: 'Vera Voter', email: `vera.voter.${run}@example.nhs.uk`, role: 'Voting member', password: 'vera voter passphrase' };
const PPV = { name: 'Pip Public', email: `pip.public.${run}@example.org`, role: 'Patient and public voice (PPV) representative', password: 'pip public passphrase' };

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
let bodyId = '';
const signedIn: { admin?: StorageState; voter?: StorageState; ppv?: StorageState } = {};

test.describe.configure({ mode: 'serial' });
// Each step waits on another browser's change: a step that never comes fails at once with its name, not at the test's end.
test.use({ actionTimeout: 20_000 });

/** Invites a person to the group, takes the link from the outbox, accepts it in a context of their own; their sign-in. */
async function inviteAndAccept(admin: Page, browser: Browser, person: typeof VOTER): Promise<StorageState> {
	await admin.goto(`/bodies/${bodyId}/invite`);
	await admin.getByLabel('Full name').fill(person.name);
	await admin.getByLabel('Email address').fill(person.email);
	await admin.getByLabel('Role').selectOption({ label: person.role });
	await admin.getByRole('button', { name: 'Send invitation' }).click();
	await expect(admin.getByRole('status')).toContainText(person.email);
	await admin.goto('/admin/outbox');
	const message = admin.locator('.nhsuk-card').filter({ hasText: person.email }).first();
	const link = (await message.textContent())?.match(/https?:\/\/\S+\/invitations\/[a-z0-9]+/)?.[0] ?? '';
	expect(link, `invitation link for ${person.email}`).not.toBe('');
	const context = await browser.newContext();
	const page = await context.newPage();
	await gotoReady(page, new URL(link).pathname);
	await page.getByLabel('Password', { exact: true }).fill(person.password);
	await page.getByLabel('Confirm password').fill(person.password);
	await page.getByRole('button', { name: 'Accept invitation' }).click();
	// Exact: the invitation page's own heading, "Join …", holds the group's name too.
	await expect(page.getByRole('heading', { level: 1, name: GROUP, exact: true })).toBeVisible();
	await expect(page).toHaveURL(new RegExp(`/bodies/${bodyId}$`));
	const state = await context.storageState();
	await context.close();
	return state;
}

/** A page of its own for each person, opened at `path` and synced with the server. */
async function open(browser: Browser, state: StorageState | undefined, path: string): Promise<Page> {
	const context = await browser.newContext({ storageState: state });
	const page = await context.newPage();
	await page.goto(path);
	await expect(page.getByRole('status')).toContainText('Up to date');
	return page;
}

const whoIsHere = (page: Page) => page.getByRole('region', { name: 'Who is here' });

test('the administrator invites a voting member and a PPV representative to the North West group', async ({ page, browser }) => {
	test.setTimeout(scaled(180_000));
	await signInAsAdministrator(page, { demoIfNew: true });
	await page.goto('/bodies');
	await page.getByRole('link', { name: GROUP }).click();
	await expect(page.getByRole('heading', { level: 1, name: GROUP })).toBeVisible();
	bodyId = new URL(page.url()).pathname.split('/')[2]!;
	signedIn.admin = await page.context().storageState();
	signedIn.voter = await inviteAndAccept(page, browser, VOTER);
	signedIn.ppv = await inviteAndAccept(page, browser, PPV);

	await page.goto(`/bodies/${bodyId}`);
	await page.getByRole('link', { name: 'Documents', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Documents of ${GROUP}` })).toBeVisible();
	await expectAccessible(page);
	await page.getByLabel('Open the plan for another financial year').fill('2016');
	await page.getByRole('button', { name: 'Open plan' }).click();
	await expect(page.getByRole('alert')).toContainText('Enter a financial year like 2016/17');
	await expectAccessible(page);
	await page.getByLabel('Open the plan for another financial year').fill('2016/17');
	await page.getByRole('button', { name: 'Open plan' }).click();
	await expect(page).toHaveURL(new RegExp(`/bodies/${bodyId}/documents/priorities/2016-17$`));
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Priorities plan 2016/17');
});

test('two members co-edit the RACI matrix and a PPV representative watches', async ({ browser }) => {
	test.setTimeout(scaled(180_000));
	const path = `/bodies/${bodyId}/documents/raci`;
	const ada = await open(browser, signedIn.admin, path);
	const vera = await open(browser, signedIn.voter, path);

	await test.step('an editor sets up an empty matrix with the commissioning cycle, once', async () => {
		for (const page of [ada, vera]) {
			await expect(page.getByRole('combobox', { name: 'Needs assessment, NHS England regional team' })).toBeVisible();
			await expect(page.getByRole('combobox', { name: 'Financial oversight, Overview and scrutiny committee' })).toBeVisible();
			await expect(page.getByRole('row')).toHaveCount(1 + 15 + 1 + 15 + 1 + 12);
		}
		await expect(ada.getByRole('heading', { name: '15 activities break the RACI rule' })).toBeVisible();
	});

	await test.step('each sees the other here', async () => {
		await expect(whoIsHere(ada)).toContainText(VOTER.name);
		await expect(whoIsHere(vera)).toContainText(ADMIN.name);
	});

	await test.step('a cell one sets shows at the other, and the rule is checked live', async () => {
		await ada.getByRole('combobox', { name: 'Needs assessment, NHS England regional team' }).selectOption('A');
		await expect(vera.getByRole('combobox', { name: 'Needs assessment, NHS England regional team' })).toHaveValue('A');
		await expect(vera.locator('#row-activity-needs-assessment')).toContainText('Needs assessment has no one responsible (R)');
		const cell = vera.getByRole('combobox', { name: 'Needs assessment, CCGs' });
		await cell.focus();
		await expect(whoIsHere(ada)).toContainText('in Needs assessment, CCGs');
		await cell.selectOption('R');
		await expect(ada.getByRole('combobox', { name: 'Needs assessment, CCGs' })).toHaveValue('R');
		for (const page of [ada, vera]) {
			await expect(page.locator('#row-activity-needs-assessment')).not.toContainText('Needs assessment has');
			await expect(page.getByRole('heading', { name: '14 activities break the RACI rule' })).toBeVisible();
		}
		await ada.getByRole('combobox', { name: 'Needs assessment, Oversight group' }).selectOption('A');
		await expect(vera.locator('#row-activity-needs-assessment')).toContainText('Needs assessment has 2 accountable (A): exactly one is needed');
		await vera.getByRole('combobox', { name: 'Needs assessment, Oversight group' }).selectOption('C');
		await expect(ada.locator('#row-activity-needs-assessment')).not.toContainText('accountable');
	});

	await test.step('rows and columns are renamed, reordered, added and removed by either', async () => {
		await vera.getByLabel('Activity 13', { exact: true }).fill('Evaluation and learning');
		await expect(ada.getByRole('combobox', { name: 'Evaluation and learning, CCGs' })).toBeVisible();
		await ada.getByRole('button', { name: 'Move Pathway design up' }).click();
		const activities = ada.locator('tbody th[scope="row"]');
		await expect(vera.locator('.raci-table tbody th[scope="row"]').nth(2)).toContainText('Pathway design');
		await expect(vera.locator('.raci-table tbody th[scope="row"]').nth(3)).toContainText('Strategic planning');
		await expect(activities.nth(2)).toContainText('Pathway design');
		await vera.getByRole('button', { name: 'Move CCGs left' }).click();
		await expect(ada.locator('.raci-table thead th').nth(4)).toHaveText('CCGs');
		await expect(ada.getByRole('combobox', { name: 'Needs assessment, CCGs' })).toHaveValue('R');
		await ada.getByLabel('New stakeholder').fill('Specialised commissioning team');
		await ada.getByRole('button', { name: 'Add stakeholder' }).click();
		await expect(vera.getByRole('columnheader', { name: 'Specialised commissioning team' })).toBeVisible();
		await vera.getByRole('combobox', { name: 'Needs assessment, Specialised commissioning team' }).selectOption('I');
		await vera.getByRole('button', { name: 'Remove Specialised commissioning team' }).click();
		await expect(ada.getByRole('columnheader', { name: 'Specialised commissioning team' })).toHaveCount(0);
	});

	await test.step('the matrix pages pass the accessibility checks', async () => {
		await expectAccessible(ada);
		await expectAccessible(vera);
	});

	await test.step('a PPV representative sees the matrix and its changes but cannot change it', async () => {
		const pip = await open(browser, signedIn.ppv, path);
		await expect(pip.getByRole('combobox', { name: 'Needs assessment, CCGs' })).toHaveValue('R');
		await expect(pip.getByRole('combobox', { name: 'Needs assessment, CCGs' })).toBeDisabled();
		await expect(pip.getByRole('button', { name: 'Add stakeholder' })).toHaveCount(0);
		await expect(whoIsHere(pip)).toContainText(ADMIN.name);
		await expect(whoIsHere(ada)).toContainText(PPV.name);
		await vera.getByRole('combobox', { name: 'Priority setting, Oversight group' }).selectOption('A');
		await expect(pip.getByRole('combobox', { name: 'Priority setting, Oversight group' })).toHaveValue('A');
		await expectAccessible(pip);
		await pip.context().close();
	});
	await ada.context().close();
	await vera.context().close();
});

test('two members co-edit the priorities plan, monitor it, and a PPV representative reads it', async ({ browser }) => {
	test.setTimeout(scaled(180_000));
	const path = `/bodies/${bodyId}/documents/priorities/2015-16`;
	const ada = await open(browser, signedIn.admin, path);
	const vera = await open(browser, signedIn.voter, path);
	const CARDIAC = 'Consolidate adult cardiac surgery';
	const NEURO = 'Review paediatric neurosurgery';
	const card = (page: Page, title: string) => page.getByRole('region', { name: title });

	await test.step('a priority one adds appears at the other, and each fills in fields', async () => {
		await expect(whoIsHere(ada)).toContainText(VOTER.name);
		await ada.getByLabel('Title of the new priority').fill(CARDIAC);
		await ada.getByRole('button', { name: 'Add priority' }).click();
		await expect(card(vera, CARDIAC)).toBeVisible();
		await card(vera, CARDIAC).getByLabel('Lead', { exact: true }).fill('Dr Ann Chair');
		await expect(card(ada, CARDIAC).getByLabel('Lead', { exact: true })).toHaveValue('Dr Ann Chair');
		await card(ada, CARDIAC).getByLabel('Programme of care').selectOption('Internal Medicine');
		await card(ada, CARDIAC).getByLabel('Category').selectOption('Service designation');
		await card(ada, CARDIAC).getByLabel('Vulnerability (succession, staff loss)').selectOption('3');
		await card(ada, CARDIAC).getByLabel('Increasing need or demand').selectOption('2');
		await expect(card(vera, CARDIAC)).toContainText('Total score: 5');
		await card(ada, CARDIAC).getByLabel('QIPP savings target').fill('1,250,000');
		await card(ada, CARDIAC).getByLabel('QIPP savings target').blur();
		await expect(vera.getByRole('row', { name: new RegExp(CARDIAC) })).toContainText('£1,250,000');
	});

	await test.step('both type into one field at once: neither loses a character or their place', async () => {
		// Letters from one, digits from the other, 200 each, keystroke for keystroke.
		const adaTypes = 'abcdefghijklmnopqrstuvwxyz'.repeat(8).slice(0, 200);
		const veraTypes = '0123456789'.repeat(20);
		const field = (page: Page) => card(page, CARDIAC).getByLabel('Services');
		await field(ada).click();
		await field(vera).click();
		for (let i = 0; i < 200; i++) {
			await ada.keyboard.type(adaTypes[i]!);
			await vera.keyboard.type(veraTypes[i]!);
		}
		await expect.poll(async () => (await field(ada).inputValue()).length).toBe(400);
		await expect.poll(async () => field(vera).inputValue()).toBe(await field(ada).inputValue());
		const text = await field(ada).inputValue();
		expect(text.replace(/[0-9]/g, '')).toBe(adaTypes);
		expect(text.replace(/[a-z]/g, '')).toBe(veraTypes);
		// Each caret is still just after the last character its person typed.
		for (const [page, typed] of [[ada, adaTypes], [vera, veraTypes]] as const) {
			const caret = await field(page).evaluate((element) => (element as HTMLTextAreaElement).selectionStart);
			expect(text[caret - 1]).toBe(typed.at(-1));
			expect(text.slice(0, caret).replace(typed === adaTypes ? /[0-9]/g : /[a-z]/g, '')).toBe(typed);
		}
		await expectAccessible(ada);
	});

	await test.step('scores rank the priorities as both type', async () => {
		await vera.getByLabel('Title of the new priority').fill(NEURO);
		await vera.getByRole('button', { name: 'Add priority' }).click();
		await expect(card(ada, NEURO)).toBeVisible();
		await card(vera, NEURO).getByLabel('Clinical governance or outcome concerns').selectOption('3');
		await card(vera, NEURO).getByLabel('Inequity of access').selectOption('3');
		await card(vera, NEURO).getByLabel('Programme of care').selectOption('Women and Children');
		await expect(card(ada, NEURO)).toContainText('Ranked 1 of 2');
		await expect(card(ada, CARDIAC)).toContainText('Ranked 2 of 2');
		await expect(ada.getByRole('table', { name: 'All 2 priorities' }).getByRole('row').nth(1)).toContainText(NEURO);
	});

	await test.step('a RAG change is recorded with its history, and milestones are tracked', async () => {
		await card(ada, CARDIAC).getByLabel('New RAG status').selectOption('Amber');
		await card(ada, CARDIAC).getByLabel('Reason for the change (optional)').fill('Two centres yet to agree');
		await card(ada, CARDIAC).getByRole('button', { name: `Record RAG status of ${CARDIAC}` }).click();
		await expect(card(vera, CARDIAC).getByRole('table', { name: `RAG history of ${CARDIAC}` })).toContainText('Two centres yet to agree');
		await card(vera, CARDIAC).getByLabel('New milestone', { exact: true }).fill('Options appraisal to the group');
		await card(vera, CARDIAC).getByLabel('Due date of the new milestone').fill('2015-06-30');
		await card(vera, CARDIAC).getByRole('button', { name: `Add milestone to ${CARDIAC}` }).click();
		await card(vera, CARDIAC).getByLabel('New milestone', { exact: true }).fill('Public consultation');
		await card(vera, CARDIAC).getByRole('button', { name: `Add milestone to ${CARDIAC}` }).click();
		await expect(card(ada, CARDIAC).getByLabel('Milestone 1', { exact: true })).toHaveValue('Options appraisal to the group');
		await card(ada, CARDIAC).getByLabel('Milestone 2 done').check();
		await expect(card(vera, CARDIAC).getByLabel('Milestone 2 done')).toBeChecked();
	});

	await test.step('sorting and filtering change only the view of the one who does it', async () => {
		await ada.getByLabel('Filter by RAG status').selectOption('Amber');
		await expect(ada.getByRole('table', { name: 'Priorities shown: 1 of 2' })).toBeVisible();
		await expect(card(ada, NEURO)).toHaveCount(0);
		await expect(card(vera, NEURO)).toBeVisible();
		await ada.getByLabel('Filter by RAG status').selectOption('Any status');
		await ada.getByLabel('Sort by').selectOption('Title, A to Z');
		await expect(ada.getByRole('table', { name: 'All 2 priorities' }).getByRole('row').nth(1)).toContainText(CARDIAC);
		await expectAccessible(ada);
		await expectAccessible(vera);
	});

	await test.step('the monitoring view shows progress against milestones', async () => {
		await ada.getByRole('link', { name: 'Monitoring' }).click();
		await expect(ada.getByRole('heading', { name: 'Monitoring: progress against milestones' })).toBeVisible();
		const row = ada.getByRole('row', { name: new RegExp(CARDIAC) });
		await expect(row).toContainText('1 of 2');
		await expect(row).toContainText('Overdue Options appraisal to the group, due 30 June 2015');
		await expect(ada.getByText('1 milestone overdue, across 1 priority')).toBeVisible();
		await expectAccessible(ada);
	});

	await test.step('a PPV representative sees the plan and its changes but cannot type in it', async () => {
		const pip = await open(browser, signedIn.ppv, path);
		await expect(card(pip, CARDIAC).getByLabel('Lead', { exact: true })).toHaveValue('Dr Ann Chair');
		await expect(card(pip, CARDIAC).getByLabel('Title')).not.toBeEditable();
		await expect(card(pip, CARDIAC).getByLabel('Vulnerability (succession, staff loss)')).toBeDisabled();
		await expect(pip.getByRole('button', { name: 'Add priority' })).toHaveCount(0);
		await card(vera, CARDIAC).getByLabel('Why it is a priority').fill('Outcomes vary between the five centres');
		await expect(card(pip, CARDIAC).getByLabel('Why it is a priority')).toHaveValue('Outcomes vary between the five centres');
		await expectAccessible(pip);
		await pip.context().close();
	});
	await ada.context().close();
	await vera.context().close();
});

test('two members co-edit the terms of reference with carets, the rules are checked live, a PPV representative reads', async ({ browser }) => {
	test.setTimeout(scaled(180_000));
	const path = `/bodies/${bodyId}/documents/terms-of-reference`;
	const ada = await open(browser, signedIn.admin, path);
	const vera = await open(browser, signedIn.voter, path);
	const PURPOSE = 'The group oversees specialised services across the North West hub.';

	await test.step('what one types in a section appears at the other, with their caret', async () => {
		const editor = vera.getByRole('textbox', { name: 'Purpose and functions' });
		await editor.click();
		await vera.keyboard.type(PURPOSE);
		await expect(ada.getByRole('textbox', { name: 'Purpose and functions' })).toContainText(PURPOSE);
		await expect(ada.locator('.collaboration-carets__label', { hasText: VOTER.name })).toBeVisible();
		await expect(whoIsHere(ada)).toContainText('in Purpose and functions');
	});

	const rules = (page: Page) => page.getByLabel('Rules (JSON)');
	await test.step('the structured rules start from the template and read back in plain English', async () => {
		await ada.getByRole('button', { name: 'Start from the template' }).click();
		await expect(rules(vera)).toHaveValue(/"schemaVersion": 1/);
		await expect(vera.getByRole('definition').filter({ hasText: 'At least half of voting members, including the chair or vice-chair' })).toBeVisible();
	});

	await test.step('every problem with the rules is listed as an alert, at both ends', async () => {
		const text = await rules(vera).inputValue();
		await rules(vera).fill(text.replace('"papersDays": 7', '"papersDays": -1').replace('"basis": "per_organisation"', '"basis": "per_person"'));
		for (const page of [ada, vera]) {
			await expect(page.getByRole('alert')).toContainText('The rules have 2 problems');
			await expect(page.getByRole('alert')).toContainText('notice.papersDays');
			await expect(page.getByRole('alert')).toContainText('voting.basis');
		}
		await expectAccessible(ada);
		await rules(vera).fill(text);
		await expect(ada.getByRole('alert')).toHaveCount(0);
	});

	await test.step('two people changing different rules at once keep both changes', async () => {
		const retype = async (page: Page, from: string, to: string) => {
			const area = rules(page);
			await area.evaluate((el: HTMLTextAreaElement, target) => {
				const at = el.value.indexOf(target);
				el.focus();
				el.setSelectionRange(at, at + target.length);
			}, from);
			await page.keyboard.type(to);
		};
		await Promise.all([
			retype(ada, '"appealPeriodDays": 28', '"appealPeriodDays": 21'),
			retype(vera, '"ratificationPeriodDays": 28', '"ratificationPeriodDays": 14')
		]);
		for (const page of [ada, vera]) {
			await expect(rules(page)).toHaveValue(/"appealPeriodDays": 21/);
			await expect(rules(page)).toHaveValue(/"ratificationPeriodDays": 14/);
		}
		await expect(vera.getByRole('definition').filter({ hasText: 'within 21 days' })).toBeVisible();
	});

	await test.step('a PPV representative reads the terms of reference but cannot type in them', async () => {
		const pip = await open(browser, signedIn.ppv, path);
		const editor = pip.getByRole('textbox', { name: 'Purpose and functions' });
		await expect(editor).toContainText(PURPOSE);
		await expect(editor).toHaveAttribute('contenteditable', 'false');
		await expect(rules(pip)).not.toBeEditable();
		await editor.click();
		await pip.keyboard.type('typed by a reader');
		await expect(editor).not.toContainText('typed by a reader');
		// Nothing was sent for the server to refuse: the page never wrote to the document.
		await expect(pip.getByText('PPV representatives comment on this document')).toHaveCount(0);
		await vera.getByRole('textbox', { name: 'Quorum', exact: true }).click();
		await vera.keyboard.type('Half of the voting members.');
		await expect(pip.getByRole('textbox', { name: 'Quorum', exact: true })).toContainText('Half of the voting members.');
		await expectAccessible(pip);
		await expectAccessible(vera);

		// A PPV representative comments instead, on a passage they select; a member sees the comment beside the
		// passage and marks it resolved.
		// Near the start of the line, on its first word: a double click between words would select only a space.
		await editor.getByText(PURPOSE).dblclick({ position: { x: 8, y: 8 } });
		await pip.getByRole('button', { name: /^Comment on this/ }).click();
		const onPurpose = (page: Page) => page.getByRole('region', { name: /^Comments on Purpose and functions/ });
		await pip.getByLabel('Your comment on the selected text').fill('Please say how patient representatives are recruited.');
		await onPurpose(pip).getByRole('button', { name: 'Add comment' }).click();
		await expect(onPurpose(pip).getByRole('article')).toContainText('Please say how patient representatives are recruited.');
		await expect(pip.locator('.comment-highlight')).toHaveCount(1);
		await expectAccessible(pip);
		await vera.reload();
		const comment = onPurpose(vera).getByRole('article');
		await expect(comment).toContainText('Please say how patient representatives are recruited.');
		await expect(comment.locator('blockquote')).not.toBeEmpty();
		await comment.getByRole('button', { name: /Mark resolved/ }).click();
		await expect(onPurpose(vera).getByText('No open comments.')).toBeVisible();
		await pip.context().close();
	});
	await ada.context().close();
	await vera.context().close();
});

test('a member compares two saved versions as a redline, each difference announced to screen readers', async ({ browser }) => {
	test.setTimeout(scaled(180_000));
	const versionsOf = (docName: string) => `/bodies/${bodyId}/documents/versions?doc=${encodeURIComponent(docName)}`;
	const compare = (docName: string, from: string, to: string) => `/bodies/${bodyId}/documents/versions/compare?${new URLSearchParams({ doc: docName, from, to })}`;
	/** Saves a named version from the versions page; its id, from the page it lands on. */
	const saveVersion = async (page: Page, docName: string, name: string) => {
		await page.goto(versionsOf(docName));
		await page.getByLabel('Name of the version').fill(name);
		await page.getByRole('button', { name: 'Save version' }).click();
		await expect(page.getByRole('heading', { level: 1, name: `Version “${name}”` })).toBeVisible();
		return new URL(page.url()).pathname.split('/').at(-1)!;
	};
	/** Edits are stored as they are typed, a moment later: the redline against the current text shows when. */
	const stored = async (page: Page, docName: string, from: string, kind: 'ins' | 'del', text: string) => {
		await expect
			.poll(async () => {
				await page.goto(compare(docName, from, 'current'));
				return (await page.locator(kind).allTextContents()).join(' ');
			})
			.toContain(text);
	};

	await test.step('the terms of reference: a version, a sentence added to the quorum, a second version, and the redline between them', async () => {
		const docName = `terms-of-reference:${bodyId}`;
		const editor = await open(browser, signedIn.admin, `/bodies/${bodyId}/documents/terms-of-reference`);
		const first = await saveVersion(editor, docName, `Quorum as agreed ${run}`);
		await editor.goto(`/bodies/${bodyId}/documents/terms-of-reference`);
		await expect(editor.getByRole('status')).toContainText('Up to date');
		await editor.getByRole('textbox', { name: 'Quorum', exact: true }).click();
		await editor.keyboard.press('Control+End');
		await editor.keyboard.type(' Deputies count towards the quorum.');
		await stored(editor, docName, first, 'ins', 'Deputies count towards the quorum');
		const second = await saveVersion(editor, docName, `Quorum with deputies ${run}`);

		await editor.goto(versionsOf(docName));
		await editor.getByLabel('Compare from').selectOption(first);
		await editor.getByLabel('To', { exact: true }).selectOption(second);
		await editor.getByRole('button', { name: 'Compare' }).click();
		await expect(editor.getByRole('heading', { level: 1 })).toHaveText(`Compare version “Quorum as agreed ${run}” with version “Quorum with deputies ${run}”`);
		await expect(editor.getByText(/^\d+ words inserted, in 1 section\.$/)).toBeVisible();
		await expect(editor.locator('ins').first()).toHaveText(/^inserted: .*Deputies count towards the quorum.* \(end of insertion\)$/);
		await expectAccessible(editor);
		await editor.getByRole('link', { name: /^Swap:/ }).click();
		await expect(editor.locator('del').first()).toContainText('deleted: ');
		await expectAccessible(editor);
		await editor.context().close();
	});

	await test.step('the RACI matrix: a letter changed between two versions, marked in its cell', async () => {
		const docName = `raci:${bodyId}`;
		const editor = await open(browser, signedIn.admin, `/bodies/${bodyId}/documents/raci`);
		const first = await saveVersion(editor, docName, `Matrix before ${run}`);
		await editor.goto(`/bodies/${bodyId}/documents/raci`);
		await expect(editor.getByRole('status')).toContainText('Up to date');
		await editor.getByRole('combobox', { name: 'Needs assessment, CCGs' }).selectOption('C');
		await stored(editor, docName, first, 'ins', 'C');
		const second = await saveVersion(editor, docName, `Matrix after ${run}`);
		await editor.goto(compare(docName, first, second));
		await expect(editor.getByText('1 cell changed, in 1 activity.')).toBeVisible();
		const row = editor.getByRole('row', { name: /Needs assessment/ });
		await expect(row.locator('del')).toHaveText('deleted: R (end of deletion)');
		await expect(row.locator('ins')).toHaveText('inserted: C (end of insertion)');
		await expectAccessible(editor);
		await editor.context().close();
	});
});
