import { expect, test } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { addBody, addMember } from './bodies';
import { signInAsDemoPerson } from './demo-people';
import { londonInAWhile } from './london';
import { gotoReady } from './ready';

// A consultation from start to finish, in the browser: opened on a saved version of the RACI matrix, commented on
// by a PPV representative, closed by the clock (a comment after it refused with the time), answered by the chair
// and published as a paper of a meeting, the representative told and able to read and download what was done.
const GROUP = 'Consultation Test Oversight Group';
const PPV = { name: 'Cora Voice', email: 'cora.voice@example.org' };
const MEETING = 'Consultation test meeting';

test('a consultation opens, takes a PPV representative’s comment, closes on time, and publishes “you said, we did”', async ({ page, browser }) => {
	// The window closes three to four minutes after it opens, by the portal's own job runner and clock.
	test.setTimeout(Math.max(test.info().timeout, 9 * 60_000));
	let bodyId = '';
	let consultationPath = '';
	const raci = () => `/bodies/${bodyId}/documents/raci`;

	await test.step('a body with a PPV representative, a meeting to come, and a saved version of its RACI matrix', async () => {
		await signInAsAdministrator(page, { demoIfNew: false });
		bodyId = await addBody(page, GROUP);
		await addMember(page, bodyId, PPV, 'Patient and public voice (PPV) representative');

		await gotoReady(page, `/bodies/${bodyId}/meetings/new`);
		await page.getByLabel('Title').fill(MEETING);
		await page.getByLabel('Date').fill(londonInAWhile(30 * 86_400_000).date);
		await page.getByLabel('Start time').fill('14:00');
		await page.getByLabel('End time').fill('16:00');
		await page.getByRole('button', { name: 'Schedule meeting' }).click();
		await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]{36}\?scheduled$/);

		// An editor opening the matrix sets it up with the commissioning cycle; then a version is saved.
		await gotoReady(page, raci());
		await expect(page.getByRole('status')).toContainText('Up to date');
		await expect(page.getByRole('table', { name: /activities by / })).toBeVisible();
		await gotoReady(page, `/bodies/${bodyId}/documents/versions?doc=${encodeURIComponent(`raci:${bodyId}`)}`);
		await page.getByLabel('Name of the version').fill('Draft for consultation');
		await page.getByRole('button', { name: 'Save version' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Version “Draft for consultation”' })).toBeVisible();
	});

	await test.step('the chair opens a consultation on the version; a form left empty names each field', async () => {
		await gotoReady(page, `/bodies/${bodyId}`);
		await page.getByRole('link', { name: 'Consultations' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Consultations' })).toBeVisible();
		await expectAccessible(page);
		await page.getByRole('button', { name: 'Open the consultation' }).click();
		const problems = page.getByRole('alert');
		await expect(problems).toContainText('Title: enter a title for the consultation');
		await expect(problems).toContainText('Document version: choose the version to consult on');
		await expect(problems).toContainText('Closing date: enter the closing date as a real date');
		await expectAccessible(page);

		const closes = londonInAWhile(4 * 60_000);
		await page.getByLabel('Title', { exact: true }).fill('Draft RACI matrix');
		await page.getByLabel('A saved version of a document').check();
		await page.getByLabel('Document version').selectOption({ index: 1 });
		await page.getByLabel('Closing date').fill(closes.date);
		await page.getByLabel('Closing time').fill(closes.time);
		await page.getByRole('button', { name: 'Open the consultation' }).click();
		await expect(page).toHaveURL(/\/consultations\/[0-9a-f-]{36}$/);
		consultationPath = new URL(page.url()).pathname;
		await expect(page.getByRole('heading', { level: 1, name: 'Draft RACI matrix' })).toBeVisible();
		await expect(page.getByRole('main')).toContainText(`(${closes.time}:00 London time)`);
		await expect(page.getByRole('main')).toContainText('RACI matrix, version ‘Draft for consultation’');
		await expectAccessible(page);
	});

	const pat = await signInAsDemoPerson(page, browser, PPV);

	await test.step('the PPV representative is told, follows the link and comments on a cell of the matrix', async () => {
		await gotoReady(pat, '/inbox');
		await pat.getByRole('link', { name: /is consulting on RACI matrix, version ‘Draft for consultation’/ }).click();
		await expect(pat).toHaveURL(new RegExp(`${consultationPath}$`));
		await expectAccessible(pat);
		await pat.getByRole('link', { name: /^comment on RACI matrix/ }).click();
		await expect(pat.getByRole('status')).toContainText('Up to date');
		// The page itself says the consultation is open, and until when.
		await expect(pat.getByRole('main')).toContainText(/Consultation “Draft RACI matrix” on RACI matrix, version ‘Draft for consultation’ is open: comments are taken until .+ London time\)\./);
		await pat.getByLabel('Stakeholder (for one cell)').selectOption({ index: 1 });
		await pat.getByLabel('Your comment', { exact: true }).fill('Patients should be consulted on this, not just informed.');
		await pat.getByRole('button', { name: 'Add comment' }).click();
		const region = pat.getByRole('region', { name: /^Comments on the matrix/ });
		await expect(region.getByRole('article').first()).toContainText('Patients should be consulted on this');
		await expectAccessible(pat);
	});

	await test.step('the chair replies and resolves the thread', async () => {
		await gotoReady(page, raci());
		await expect(page.getByRole('status')).toContainText('Up to date');
		const thread = page.getByRole('region', { name: /^Comments on the matrix/ }).getByRole('article').first();
		await thread.getByLabel('Reply').fill('Thank you: we will answer in the pack.');
		await thread.getByRole('button', { name: /^Reply/ }).click();
		await expect(thread).toContainText('Thank you: we will answer in the pack.');
		await thread.getByRole('button', { name: /^Mark resolved/ }).click();
		await expect(page.getByRole('region', { name: /^Comments on the matrix/ }).getByText('No open comments.')).toBeVisible();
	});

	await test.step('at the closing time, a comment is refused with the time named', async () => {
		await expect(async () => {
			await gotoReady(pat, consultationPath);
			await expect(pat.locator('#stage')).toContainText('Being written', { timeout: 1_000 });
		}).toPass({ timeout: 5 * 60_000, intervals: [5_000] });
		await expectAccessible(pat);
		await gotoReady(pat, raci());
		await expect(pat.getByRole('status')).toContainText('Up to date');
		await expect(pat.getByRole('main')).toContainText(/Consultation “Draft RACI matrix” on .+ closed at .+: comments on it are no longer taken\./);
		await pat.getByLabel('Your comment', { exact: true }).fill('One more thought');
		await pat.getByRole('button', { name: 'Add comment' }).click();
		await expect(pat.getByRole('main')).toContainText(/The consultation “Draft RACI matrix” closed at .+ London time\): comments on it are no longer taken/);
		await expectAccessible(pat);
	});

	await test.step('the chair responds to the comment, each missing field named, and publishes the pack to the meeting', async () => {
		await gotoReady(page, consultationPath);
		const entry = page.getByRole('listitem').filter({ hasText: 'Patients should be consulted on this' });
		await expect(entry.getByRole('heading')).toHaveText('1. Cora Voice, Patient and public voice (PPV) representative');
		// The chair's reply is theirs to answer with, not a comment of the consultation.
		await expect(page.getByRole('main')).not.toContainText('we will answer in the pack');
		await entry.getByRole('button', { name: 'Save the response to comment 1' }).click();
		const problems = page.getByRole('alert');
		await expect(problems).toContainText('Response: enter the response');
		await expect(problems).toContainText('Disposition: choose whether the comment was accepted');
		await expect(problems).toContainText('Reason: enter the reason');
		await expectAccessible(page);

		await entry.getByLabel('Accepted', { exact: true }).check();
		await entry.getByLabel('Response: what was done').fill('Patients and the public are now Consulted on the needs assessment.');
		await entry.getByLabel('Reason').fill('Patients know best what they need.');
		await entry.getByRole('button', { name: 'Save the response to comment 1' }).click();
		await expect(entry).toContainText('(saved)');
		await expect(page.getByLabel('Meeting')).toContainText(MEETING);
		await page.getByRole('button', { name: 'Publish the pack' }).click();
		await expect(page.getByRole('status')).toContainText('The pack is published as a paper of the meeting');
		await expectAccessible(page);
		await page.getByRole('link', { name: 'a paper of the meeting' }).click();
		await expect(page.getByRole('main')).toContainText('You said, we did: Draft RACI matrix');
		await expectAccessible(page);
	});

	await test.step('the PPV representative is told, reads what was done and why, and downloads the pack', async () => {
		await gotoReady(pat, '/inbox');
		await pat.getByRole('link', { name: 'The response to your 1 comment on “Draft RACI matrix” is published' }).click();
		const entry = pat.getByRole('listitem').filter({ hasText: 'Patients should be consulted on this' });
		await expect(entry).toContainText('Your comment');
		await expect(entry).toContainText('Accepted');
		await expect(entry).toContainText('Patients and the public are now Consulted on the needs assessment.');
		await expect(entry).toContainText('Reason: Patients know best what they need.');
		await expectAccessible(pat);

		const pdf = await pat.request.get(`${consultationPath}/pack.pdf`);
		expect(pdf.status()).toBe(200);
		expect(pdf.headers()['content-type']).toBe('application/pdf');
		expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
		const word = await pat.request.get(`${consultationPath}/pack.docx`);
		expect(word.status()).toBe(200);
		expect(word.headers()['content-disposition']).toMatch(/consultation-test-oversight-group-you-said-we-did-draft-raci-matrix\.docx/);
		expect((await word.body()).subarray(0, 2).toString()).toBe('PK');
	});
	await pat.context().close();
});
