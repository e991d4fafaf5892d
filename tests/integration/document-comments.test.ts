import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBody, type SeededBody } from '../helpers/collab';
import { newPortal, type TestPortal } from '../helpers/portal';

describe('comments on a co-edited document', () => {
	let portal: TestPortal;
	let seeded: SeededBody;
	let docName: string;
	const endpoint = () => `${portal.url}/bodies/${seeded.bodyId}/documents/comments`;
	const post = (cookie: string, payload: unknown, origin = portal.url) =>
		fetch(endpoint(), { method: 'POST', redirect: 'manual', headers: { cookie, origin, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
	const list = async (cookie: string) => fetch(`${endpoint()}?doc=${encodeURIComponent(docName)}`, { headers: { cookie }, redirect: 'manual' });

	beforeAll(async () => {
		portal = await newPortal();
		seeded = await seedBody(portal.services.sql);
		docName = `terms-of-reference:${seeded.bodyId}`;
	});
	afterAll(async () => portal?.close());

	it('lets a PPV representative comment, without any right to change the text', async () => {
		const added = await post(seeded.cookies.ppv_representative, { action: 'add', doc: docName, anchor: 'Patient and public involvement', text: 'Please name how patients are recruited.' });
		expect(added.status).toBe(201);
		const comments = await (await list(seeded.cookies.voting_member)).json();
		expect(comments).toMatchObject([{ anchor: 'Patient and public involvement', text: 'Please name how patients are recruited.', authorName: 'The ppv representative', resolvedAt: null }]);
	});

	it('refuses comments from observers and people outside the body, and an empty comment, changing nothing', async () => {
		expect((await post(seeded.cookies.observer, { action: 'add', doc: docName, text: 'An observer’s view' })).status).toBe(403);
		expect((await post(seeded.cookies.outsider, { action: 'add', doc: docName, text: 'From elsewhere' })).status).toBe(403);
		expect((await list(seeded.cookies.outsider)).status).toBe(403);
		const empty = await post(seeded.cookies.voting_member, { action: 'add', doc: docName, text: '   ' });
		expect(empty.status).toBe(400);
		expect(await empty.json()).toEqual({ ok: false, reason: 'Enter your comment' });
		expect((await post(seeded.cookies.voting_member, { action: 'add', doc: 'raci:not-a-body', text: 'x' })).status).toBe(404);
		expect((await post(seeded.cookies.voting_member, { action: 'add', doc: docName, text: 'forged' }, 'https://elsewhere.example')).status).toBe(403);
		const comments = await (await list(seeded.cookies.observer)).json();
		expect(comments).toHaveLength(1);
	});

	it('lets an editor mark a comment resolved, once; a PPV representative cannot', async () => {
		const [comment] = await (await list(seeded.cookies.secretariat)).json();
		expect((await post(seeded.cookies.ppv_representative, { action: 'resolve', doc: docName, id: comment.id })).status).toBe(403);
		expect((await post(seeded.cookies.secretariat, { action: 'resolve', doc: docName, id: comment.id })).status).toBe(200);
		expect((await post(seeded.cookies.secretariat, { action: 'resolve', doc: docName, id: comment.id })).status).toBe(409);
		const [after] = await (await list(seeded.cookies.secretariat)).json();
		expect(after).toMatchObject({ resolvedByName: 'The secretariat' });
	});
});
