import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBody, type SeededBody } from '../helpers/collab';
import { newPortal, type TestPortal } from '../helpers/portal';

/** The comment threads' JSON endpoint, as the panels beside the documents use it. */
describe('comments on a co-edited document', () => {
	let portal: TestPortal;
	let seeded: SeededBody;
	let docName: string;
	const endpoint = () => `${portal.url}/comments/threads`;
	const post = (cookie: string, payload: unknown, origin = portal.url) =>
		fetch(endpoint(), { method: 'POST', redirect: 'manual', headers: { cookie, origin, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
	const start = (cookie: string, text: string, anchor: Record<string, unknown> = { kind: 'document', docName, label: 'Patient and public involvement' }, origin?: string) =>
		post(cookie, { action: 'start', anchor, text }, origin);
	const list = async (cookie: string, doc = docName) => fetch(`${endpoint()}?doc=${encodeURIComponent(doc)}`, { headers: { cookie }, redirect: 'manual' });

	beforeAll(async () => {
		portal = await newPortal();
		seeded = await seedBody(portal.services.sql);
		docName = `terms-of-reference:${seeded.bodyId}`;
	});
	afterAll(async () => portal?.close());

	it('lets a PPV representative comment, without any right to change the text', async () => {
		const added = await start(seeded.cookies.ppv_representative, 'Please name how patients are recruited.');
		expect(added.status).toBe(201);
		const threads = await (await list(seeded.cookies.voting_member)).json();
		expect(threads).toMatchObject([
			{ label: 'Patient and public involvement', startedByName: 'The ppv representative', resolvedAt: null, comments: [{ text: 'Please name how patients are recruited.', authorName: 'The ppv representative' }] }
		]);
	});

	it('refuses comments from observers and people outside the body, and an empty comment, changing nothing', async () => {
		expect((await start(seeded.cookies.observer, 'An observer’s view')).status).toBe(403);
		expect((await start(seeded.cookies.outsider, 'From elsewhere')).status).toBe(403);
		expect((await list(seeded.cookies.outsider)).status).toBe(403);
		const empty = await start(seeded.cookies.voting_member, '   ');
		expect(empty.status).toBe(400);
		expect(await empty.json()).toEqual({ ok: false, reason: 'Enter your comment' });
		expect((await start(seeded.cookies.voting_member, 'x', { kind: 'document', docName: 'raci:not-a-body' })).status).toBe(400);
		expect((await list(seeded.cookies.voting_member, 'raci:not-a-body')).status).toBe(404);
		expect((await start(seeded.cookies.voting_member, 'forged', undefined, 'https://elsewhere.example')).status).toBe(403);
		const threads = await (await list(seeded.cookies.observer)).json();
		expect(threads).toHaveLength(1);
	});

	it('lets an editor mark a thread resolved, once; a PPV representative cannot resolve another’s', async () => {
		const other = await (await start(seeded.cookies.voting_member, 'A member’s point')).json();
		const [mine] = await (await list(seeded.cookies.secretariat)).json();
		expect((await post(seeded.cookies.ppv_representative, { action: 'resolve', threadId: other.value.threadId })).status).toBe(403);
		expect((await post(seeded.cookies.secretariat, { action: 'resolve', threadId: mine.id })).status).toBe(200);
		expect((await post(seeded.cookies.secretariat, { action: 'resolve', threadId: mine.id })).status).toBe(400);
		const [after] = await (await list(seeded.cookies.secretariat)).json();
		expect(after).toMatchObject({ resolvedByName: 'The secretariat' });
	});

	it('lets observers comment once the body’s secretariat allows it on the body’s edit page, and not before', async () => {
		const setObservers = (cookie: string, allowed: boolean) =>
			fetch(`${portal.url}/bodies/${seeded.bodyId}/edit?/observers`, {
				method: 'POST',
				redirect: 'manual',
				headers: { cookie, origin: portal.url, accept: 'text/html' },
				body: new URLSearchParams(allowed ? { observersMayComment: 'yes' } : {})
			});
		expect((await start(seeded.cookies.observer, 'Before')).status).toBe(403);
		expect((await setObservers(seeded.cookies.ppv_representative, true)).status).toBe(403);
		expect((await setObservers(seeded.cookies.secretariat, true)).status).toBe(303);
		expect((await start(seeded.cookies.observer, 'An observer, allowed')).status).toBe(201);
		const page = await fetch(`${portal.url}/bodies/${seeded.bodyId}/edit`, { headers: { cookie: seeded.cookies.secretariat } });
		expect(await page.text()).toMatch(/id="observersMayComment"[^>]*checked/);
		expect((await setObservers(seeded.cookies.secretariat, false)).status).toBe(303);
		expect((await start(seeded.cookies.observer, 'After')).status).toBe(403);
	});
});
