import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { signInAsAdministrator } from './administrator';
import { expectAccessible } from './axe';
import { scaled } from '../helpers/time';
import { gotoReady } from './ready';

// Comment threads in a real browser: whatever is typed into a comment, a mention or a person's name, nothing runs
// in anybody's browser and no javascript: link appears. Every page visited passes axe.
const run = Date.now().toString(36);
const GROUP = 'North West Collaborative Commissioning Oversight Group';
/** A PPV representative whose name is itself a payload: it is shown in threads, mentions and lists. */
const PPV = {
	name: `Pat <img src=x onerror="alert('name')"> Payload ${run}`,
	email: `pat.payload.${run}@example.org`,
	role: 'Patient and public voice (PPV) representative',
	password: 'pat payload passphrase'
};
const PAYLOADS = [
	`<script>alert('script')</script>`,
	`<img src=x onerror="alert('img')">`,
	`<a href="javascript:alert('a')" onclick="alert('click')">a link</a>`,
	`[click me](javascript:alert('markdown'))`,
	`[click me too](JaVaScRiPt&#58;alert('entity'))`,
	`<svg onload="alert('svg')"></svg>`,
	`[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+)`,
	`**Patients** should be _consulted_: see https://www.england.nhs.uk/`
].join('\n\n');

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
let bodyId = '';
let admin: StorageState | undefined;
let ppv: StorageState | undefined;
/** Every dialog any page opened: none may. */
const dialogs: string[] = [];

test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 20_000 });

async function watched(browser: Browser, state: StorageState | undefined): Promise<Page> {
	const context = await browser.newContext({ storageState: state });
	const page = await context.newPage();
	page.on('dialog', (dialog) => {
		dialogs.push(`${page.url()}: ${dialog.message()}`);
		void dialog.dismiss();
	});
	return page;
}

/**
 * Nothing ran, no javascript: link, no event-handler attribute, no script or image in the page's content (but
 * ProseMirror's own separator image, which it puts in an empty line), and axe finds nothing wrong.
 */
async function expectHarmless(page: Page): Promise<void> {
	await expect(page.locator('[href^="javascript:" i], [src^="javascript:" i]')).toHaveCount(0);
	await expect(page.locator('[onerror], [onload], [onclick], main script, main img:not(.ProseMirror-separator)')).toHaveCount(0);
	// An image that failed to load would have fired onerror by now; give a script a moment to run.
	await page.waitForTimeout(300);
	expect(dialogs).toEqual([]);
	await expectAccessible(page);
}

test('the administrator invites a PPV representative whose name is a payload', async ({ browser }) => {
	test.setTimeout(scaled(180_000));
	const page = await watched(browser, undefined);
	await signInAsAdministrator(page, { demoIfNew: true });
	await page.goto('/bodies');
	await page.getByRole('link', { name: GROUP }).click();
	await expect(page.getByRole('heading', { level: 1, name: GROUP })).toBeVisible();
	await expectAccessible(page);
	bodyId = new URL(page.url()).pathname.split('/')[2]!;
	admin = await page.context().storageState();

	await page.goto(`/bodies/${bodyId}/invite`);
	await page.getByLabel('Full name').fill(PPV.name);
	await page.getByLabel('Email address').fill(PPV.email);
	await page.getByLabel('Role').selectOption({ label: PPV.role });
	await page.getByRole('button', { name: 'Send invitation' }).click();
	await expect(page.getByRole('status')).toContainText(PPV.email);
	await page.goto('/admin/outbox');
	const message = page.locator('.nhsuk-card').filter({ hasText: PPV.email }).first();
	const link = (await message.textContent())?.match(/https?:\/\/\S+\/invitations\/[a-z0-9]+/)?.[0] ?? '';
	expect(link).not.toBe('');
	const invited = await watched(browser, undefined);
	await gotoReady(invited, new URL(link).pathname);
	await invited.getByLabel('Password', { exact: true }).fill(PPV.password);
	await invited.getByLabel('Confirm password').fill(PPV.password);
	await invited.getByRole('button', { name: 'Accept invitation' }).click();
	await expect(invited).toHaveURL(new RegExp(`/bodies/${bodyId}$`));
	ppv = await invited.context().storageState();
	await invited.context().close();
	await page.context().close();
	expect(dialogs).toEqual([]);
});

test('payloads in comments, mentions and names never run, on the RACI matrix, the person’s list and a meeting', async ({ browser }) => {
	test.setTimeout(scaled(240_000));
	const raci = `/bodies/${bodyId}/documents/raci`;

	// An editor opens the matrix first, which sets it up with the commissioning cycle.
	const ada = await watched(browser, admin);
	await ada.goto(raci);
	await expect(ada.getByRole('status')).toContainText('Up to date');
	await expect(ada.getByRole('table', { name: /activities by / })).toBeVisible();

	// The PPV representative comments on a cell of the matrix with every payload.
	const pat = await watched(browser, ppv);
	await pat.goto(raci);
	await expect(pat.getByRole('status')).toContainText('Up to date');
	await pat.getByLabel('Stakeholder (for one cell)').selectOption({ index: 1 });
	await pat.getByLabel('Your comment', { exact: true }).fill(PAYLOADS);
	await pat.getByRole('button', { name: 'Add comment' }).click();
	const thread = (page: Page) => page.getByRole('region', { name: /^Comments on the matrix/ }).getByRole('article').first();
	await expect(thread(pat)).toContainText(`<script>alert('script')</script>`);
	await expect(thread(pat)).toContainText(PPV.name);
	await expect(thread(pat).locator('strong', { hasText: 'Patients' })).toBeVisible();
	await expect(thread(pat).getByRole('link', { name: 'https://www.england.nhs.uk/' })).toHaveAttribute('href', 'https://www.england.nhs.uk/');
	await expect(thread(pat).getByRole('link')).toHaveCount(1);
	// The cell itself shows the open thread, and leads to it.
	const onCell = pat.getByRole('table', { name: /activities by / }).getByRole('link', { name: /^1 open comment on / });
	await expect(onCell).toHaveAttribute('href', /^#thread-/);
	await expectHarmless(pat);

	// The administrator (acting for the chair) replies, mentioning the PPV representative through the list as they
	// type, with a payload of their own, then resolves the thread.
	await ada.reload();
	await expect(ada.getByRole('status')).toContainText('Up to date');
	const reply = thread(ada).getByLabel('Reply');
	await reply.fill(`Thank you `);
	await reply.press('End');
	await reply.pressSequentially('@Pat');
	const option = ada.getByRole('option', { name: PPV.name });
	await expect(option).toBeVisible();
	await reply.press('Enter');
	await expect(reply).toHaveValue(/@\[Pat .*\]\(user:[0-9a-f-]{36}\) $/);
	await reply.pressSequentially(`see [here](javascript:alert('reply')) <img src=x onerror=alert('reply')>`);
	await expectAccessible(ada);
	await thread(ada).getByRole('button', { name: /^Reply/ }).click();
	const mention = thread(ada).locator('.comment-mention');
	await expect(mention).toHaveText(`@${PPV.name}`);
	await expect(mention.locator('*')).toHaveCount(0);
	await expectHarmless(ada);
	await thread(ada).getByRole('button', { name: /^Mark resolved/ }).click();
	await expect(ada.getByRole('region', { name: /^Comments on the matrix/ }).getByText('No open comments.')).toBeVisible();
	await ada.getByRole('region', { name: /^Comments on the matrix/ }).getByLabel('Resolved').check();
	await expect(thread(ada)).toContainText('Resolved by Ada Administrator');
	await expectHarmless(ada);

	// The PPV representative finds the thread on their own list, resolved, with the reply.
	await pat.goto('/account');
	await pat.getByRole('link', { name: 'Your comment threads' }).click();
	await expect(pat.getByRole('heading', { level: 1, name: 'Your comment threads' })).toBeVisible();
	await expect(pat.getByText('You have no open threads.')).toBeVisible();
	await expectHarmless(pat);
	await pat.getByLabel('Resolved').check();
	await pat.getByRole('button', { name: 'Show threads' }).click();
	await expect(pat.getByRole('listitem').filter({ hasText: 'Resolved by Ada Administrator' })).toContainText(`@${PPV.name}`);
	await expectHarmless(pat);
	await pat.getByRole('listitem').filter({ hasText: 'Resolved by Ada Administrator' }).getByRole('link').first().click();
	await expect(pat).toHaveURL(new RegExp(`/documents/raci#thread-`));
	await expectHarmless(pat);

	// And on a meeting's business.
	await pat.goto(`/bodies/${bodyId}/meetings`);
	await pat.locator('main a[href^="/meetings/"]').first().click();
	await pat.getByRole('link', { name: 'Comments on this meeting’s business' }).click();
	await expect(pat.getByRole('heading', { level: 1, name: /^Comments on / })).toBeVisible();
	await expectHarmless(pat);
	await pat.getByLabel('Your comment', { exact: true }).fill(`<iframe src="javascript:alert('iframe')"></iframe> ${PAYLOADS}`);
	await pat.getByRole('button', { name: 'Add comment' }).click();
	await expect(pat.getByRole('article').first()).toContainText(`<iframe src="javascript:alert('iframe')"></iframe>`);
	await expectHarmless(pat);

	await pat.context().close();
	await ada.context().close();
});

test('a comment on a passage of the terms of reference follows it, and says when the passage was deleted', async ({ browser }) => {
	test.setTimeout(scaled(180_000));
	const path = `/bodies/${bodyId}/documents/terms-of-reference`;
	const passage = `Reviewed every ${run} years`;
	const ada = await watched(browser, admin);
	await ada.goto(path);
	await expect(ada.getByRole('status')).toContainText('Up to date');
	const adaReview = ada.getByRole('textbox', { name: 'Review date' });
	await adaReview.click();
	await ada.keyboard.type(`${passage} by the group.`);

	const pat = await watched(browser, ppv);
	await pat.goto(path);
	await expect(pat.getByRole('status')).toContainText('Up to date');
	const review = pat.getByRole('textbox', { name: 'Review date' });
	await expect(review).toContainText(passage);
	// Selects the passage itself, as a reader would by dragging over it.
	await review.evaluate((element, words) => {
		// The text node holding the passage: once a comment's highlight is on it, that is the highlight's own.
		const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
		let text: Node | null = walker.nextNode();
		while (text && !text.textContent?.includes(words)) text = walker.nextNode();
		if (!text) throw new Error(`no text holds “${words}”`);
		const at = text.textContent!.indexOf(words);
		const range = document.createRange();
		range.setStart(text, at);
		range.setEnd(text, at + words.length);
		document.getSelection()!.removeAllRanges();
		document.getSelection()!.addRange(range);
	}, passage);
	await pat.getByRole('button', { name: /^Comment on this/ }).click();
	const onReview = (page: Page) => page.getByRole('region', { name: /^Comments on Review date/ });
	await onReview(pat).getByLabel('Your comment on the selected text').fill(`Every <b onmouseover=alert('b')>${run}</b> years is too long.`);
	await onReview(pat).getByRole('button', { name: 'Add comment' }).click();
	await expect(onReview(pat).getByRole('article')).toContainText('is too long');
	await expect(onReview(pat).locator('blockquote')).toHaveText(passage);
	await expect(pat.locator('.comment-highlight')).toHaveText(passage);
	await expectHarmless(pat);

	// Typing around the passage leaves the highlight on it; deleting it says so beside the comment.
	await adaReview.press('Home');
	await ada.keyboard.type('Usually ');
	await expect(pat.locator('.comment-highlight')).toHaveText(passage);
	await adaReview.evaluate((element, words) => {
		// The text node holding the passage: once a comment's highlight is on it, that is the highlight's own.
		const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
		let text: Node | null = walker.nextNode();
		while (text && !text.textContent?.includes(words)) text = walker.nextNode();
		if (!text) throw new Error(`no text holds “${words}”`);
		const at = text.textContent!.indexOf(words);
		const range = document.createRange();
		range.setStart(text, at);
		range.setEnd(text, at + words.length);
		document.getSelection()!.removeAllRanges();
		document.getSelection()!.addRange(range);
	}, passage);
	await ada.keyboard.press('Backspace');
	await expect(pat.getByRole('textbox', { name: 'Review date' })).not.toContainText(passage);
	await expect(onReview(pat).getByText('The text this referred to was deleted.')).toBeVisible();
	await expect(pat.locator('.comment-highlight')).toHaveCount(0);
	await expectHarmless(pat);
	await pat.context().close();
	await ada.context().close();
});


const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function boxOf(locator: Locator) {
	const box = await locator.boundingBox();
	expect(box, 'it is laid out').not.toBeNull();
	return box!;
}

/** `thread` is in the margin: to the right of `thing`, and level with some of it. */
async function expectBeside(thread: Locator, thing: Locator): Promise<void> {
	const [t, a] = [await boxOf(thing), await boxOf(thread)];
	expect(a.x, 'the thread starts right of what it is on').toBeGreaterThanOrEqual(t.x + t.width);
	expect(a.y, 'the thread starts above the foot of what it is on').toBeLessThan(t.y + t.height);
	expect(a.y + a.height, 'the thread ends below the top of what it is on').toBeGreaterThan(t.y);
}

/** `thread` is under `thing`, in the same column. */
async function expectBelow(thread: Locator, thing: Locator): Promise<void> {
	const [t, a] = [await boxOf(thing), await boxOf(thread)];
	expect(a.y, 'the thread is below what it is on').toBeGreaterThanOrEqual(t.y + t.height);
	expect(a.x, 'the thread is in the same column').toBeLessThan(t.x + t.width);
}

/** Nothing runs off the side: when something does, the message names the outermost elements that stick out. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
	const outside = await page.evaluate(() => {
		if (document.documentElement.scrollWidth <= window.innerWidth) return [];
		// What sticks out of the window, not what scrolls inside a box of its own (the RACI matrix does, on purpose).
		const clipped = (element: Element) => {
			for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') return true;
			return false;
		};
		const wide = [...document.body.querySelectorAll('*')].filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5 && !clipped(element));
		return wide
			.filter((element) => !wide.some((other) => other !== element && other.contains(element)) || element.children.length === 0)
			.slice(0, 8)
			.map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} right ${Math.round(element.getBoundingClientRect().right)}`);
	});
	expect(outside, `no sideways scrolling at ${page.viewportSize()?.width} px on ${page.url()}`).toEqual([]);
}

test('on a wide screen a thread sits in the margin beside the section it is on; on a phone below it, and nothing scrolls sideways', async ({ browser }) => {
	test.setTimeout(scaled(120_000));
	const ada = await watched(browser, admin);
	await ada.setViewportSize(DESKTOP);
	await ada.goto(`/bodies/${bodyId}/documents/terms-of-reference`);
	await expect(ada.getByRole('status')).toContainText('Up to date');
	// The thread the test before left on the review date, its passage since deleted.
	const section = ada.getByRole('region', { name: 'Review date', exact: true });
	const text = ada.getByRole('textbox', { name: 'Review date' });
	const panel = ada.getByRole('region', { name: /^Comments on Review date/ });
	await expect(panel.getByRole('article')).toContainText('is too long');
	await expectBeside(panel, text);
	expect((await boxOf(panel.getByRole('article'))).x).toBeGreaterThanOrEqual((await boxOf(text)).x + (await boxOf(text)).width);
	// Its region is inside the section's: a screen reader meets the section's text, then its comments.
	await expect(section.getByRole('region', { name: /^Comments on Review date/ })).toBeVisible();
	await expectNoSidewaysScroll(ada);
	await expectHarmless(ada);

	await ada.setViewportSize(PHONE);
	await expectBelow(panel, text);
	await expectNoSidewaysScroll(ada);
	await expectHarmless(ada);
	await ada.context().close();
});

test('a priority card shows its open comments beside it, and another person sees new ones, on the plan and the matrix, without reloading', async ({ browser }) => {
	test.setTimeout(scaled(240_000));
	const plan = `/bodies/${bodyId}/documents/priorities/2019-20`;
	const raci = `/bodies/${bodyId}/documents/raci`;
	const TITLE = `Review adult congenital heart disease ${run}`;
	const card = (page: Page) => page.getByRole('region', { name: TITLE });
	const margin = (page: Page) => page.getByRole('region', { name: /^Comments on this priority/ });
	const marker = (page: Page) => card(page).getByRole('link', { name: /open comments? on / });
	const commentOn = (page: Page) => page.getByRole('button', { name: new RegExp(`^Comment on this priority\\W+${TITLE}$`) });

	const ada = await watched(browser, admin);
	await ada.setViewportSize(DESKTOP);
	await ada.goto(plan);
	await expect(ada.getByRole('status')).toContainText('Up to date');
	await ada.getByLabel('Title of the new priority').fill(TITLE);
	await ada.getByRole('button', { name: 'Add priority' }).click();
	await expect(card(ada)).toBeVisible();
	await expect(marker(ada)).toHaveCount(0);

	// The PPV representative comments on a part of it, from the button beside the card.
	const pat = await watched(browser, ppv);
	await pat.setViewportSize(DESKTOP);
	await pat.goto(plan);
	await expect(pat.getByRole('status')).toContainText('Up to date');
	await commentOn(pat).click();
	await expect(margin(pat).getByLabel('What your comment is about')).toBeFocused();
	await margin(pat).getByLabel('What your comment is about').selectOption({ label: 'Services' });
	await margin(pat).getByLabel('Your comment', { exact: true }).fill('Which centres does this cover?');
	await margin(pat).getByRole('button', { name: 'Add comment' }).click();
	await expect(margin(pat).getByRole('article')).toContainText('Which centres does this cover?');
	await expect(margin(pat).getByRole('article')).toContainText(`${TITLE}: services`);
	await expect(marker(pat)).toHaveText(`1 open comment on ${TITLE}`);
	await expectHarmless(pat);

	// The administrator's page, opened before, shows it beside the card without reloading: the live stream said so
	// (the fallback fetch comes only every 3 minutes).
	await expect(marker(ada)).toHaveText(`1 open comment on ${TITLE}`);
	await expect(margin(ada).getByRole('article')).toContainText('Which centres does this cover?');
	await expectBeside(margin(ada).getByRole('article'), card(ada));
	await commentOn(pat).click();
	await margin(pat).getByLabel('Your comment', { exact: true }).fill('And by when?');
	await margin(pat).getByRole('button', { name: 'Add comment' }).click();
	await expect(marker(ada)).toHaveText(`2 open comments on ${TITLE}`);
	await expect(marker(ada)).toHaveAttribute('href', /^#threads-p-.+-heading$/);
	await marker(ada).click();
	await expect(margin(ada).getByRole('heading', { name: /^Comments on this priority \(2 open\)/ })).toBeInViewport();
	await expectHarmless(ada);

	// Resolving one is seen at the other's page too.
	await margin(ada).getByRole('article').filter({ hasText: 'And by when?' }).getByRole('button', { name: /^Mark resolved/ }).click();
	await expect(marker(pat)).toHaveText(`1 open comment on ${TITLE}`);

	// On a phone the comments come after the card, and nothing scrolls sideways.
	await ada.setViewportSize(PHONE);
	await expectBelow(margin(ada), card(ada));
	await expectNoSidewaysScroll(ada);
	await expectHarmless(ada);

	// On the matrix: a comment on a whole activity is marked in its row, at the other's page too.
	await ada.setViewportSize(DESKTOP);
	await ada.goto(raci);
	await expect(ada.getByRole('status')).toContainText('Up to date');
	await pat.goto(raci);
	await expect(pat.getByRole('status')).toContainText('Up to date');
	await pat.getByLabel('Activity to comment on').selectOption({ index: 1 });
	const activity = (await pat.getByLabel('Activity to comment on').locator('option:checked').textContent())!.trim();
	await pat.getByLabel('Stakeholder (for one cell)').selectOption({ label: 'The whole activity' });
	await pat.getByLabel('Your comment', { exact: true }).fill('Is the hub accountable here?');
	await pat.getByRole('button', { name: 'Add comment' }).click();
	const onRow = (page: Page) => page.getByRole('table', { name: /activities by / }).getByRole('link', { name: `1 open comment on ${activity}`, exact: true });
	await expect(onRow(pat)).toBeVisible();
	await expect(onRow(ada)).toHaveAttribute('href', /^#thread-/);
	await expect(ada.getByRole('region', { name: /^Comments on the matrix/ }).getByRole('article').filter({ hasText: 'Is the hub accountable here?' })).toBeVisible();
	await expectHarmless(ada);
	await ada.setViewportSize(PHONE);
	await expectNoSidewaysScroll(ada);
	await expectHarmless(ada);

	// The monitoring view lists every comment on the plan, with the form to start one.
	await pat.goto(`${plan}?view=monitoring`);
	await expect(pat.getByRole('region', { name: /^Comments on the plan \(1 open\)/ })).toContainText('Which centres does this cover?');
	await expect(pat.getByLabel('Priority to comment on')).toBeVisible();
	await expectHarmless(pat);
	await pat.context().close();
	await ada.context().close();
});
