import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as membership from '../../src/lib/server/membership';
import * as session from '../../src/lib/server/session';
import * as urgentAction from '../../src/lib/server/urgent-action';
import { seedBody, type SeededBody } from '../helpers/collab';
import { seedMeeting } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';

/** A live stream read as a browser's EventSource would, its text gathered as it comes. */
async function openStream(url: string, cookie: string) {
	const controller = new AbortController();
	const response = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, redirect: 'manual', signal: controller.signal });
	let text = '';
	if (response.ok && response.body) {
		const reader = response.body.getReader();
		const decoder = new TextDecoder();
		void (async () => {
			try {
				for (;;) {
					const { value, done } = await reader.read();
					if (done) return;
					text += decoder.decode(value, { stream: true });
				}
			} catch {
				// Aborted at the end of the test.
			}
		})();
	}
	return { response, read: () => text, close: () => controller.abort() };
}

/** Waits until `check` holds, for up to 5 seconds. */
async function eventually(check: () => boolean): Promise<boolean> {
	for (let waited = 0; waited < 5000; waited += 25) {
		if (check()) return true;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	return check();
}

const changes = (text: string) => text.split('event: changed').length - 1;

/** The live stream of a list's thread changes (/comments/threads/events), as the panels beside documents follow it. */
describe('live changes to comment threads', () => {
	let portal: TestPortal;
	let seeded: SeededBody;
	let docName: string;
	const streams: { close(): void }[] = [];
	const stream = async (query: string, cookie: string) => {
		const opened = await openStream(`${portal.url}/comments/threads/events?${query}`, cookie);
		streams.push(opened);
		return opened;
	};
	const post = (cookie: string, payload: unknown) =>
		fetch(`${portal.url}/comments/threads`, { method: 'POST', headers: { cookie, origin: portal.url, 'content-type': 'application/json' }, body: JSON.stringify(payload) });

	beforeAll(async () => {
		portal = await newPortal();
		seeded = await seedBody(portal.services.sql);
		docName = `raci:${seeded.bodyId}`;
	});
	afterAll(async () => {
		for (const opened of streams) opened.close();
		await portal?.close();
	});

	it('says to those reading a document that its threads changed, at each act, and nothing to those reading another', async () => {
		const member = await stream(`doc=${encodeURIComponent(docName)}`, seeded.cookies.voting_member);
		expect(member.response.status).toBe(200);
		expect(member.response.headers.get('content-type')).toBe('text/event-stream');
		const elsewhere = await stream(`doc=${encodeURIComponent(`terms-of-reference:${seeded.bodyId}`)}`, seeded.cookies.secretariat);
		expect(await eventually(() => member.read().includes('retry:') && elsewhere.read().includes('retry:'))).toBe(true);

		const started = await post(seeded.cookies.ppv_representative, { action: 'start', anchor: { kind: 'raci_cell', docName, rowId: 'r1', columnId: 'c1', label: 'Needs assessment – CCGs' }, text: 'Who leads this?' });
		expect(started.status).toBe(201);
		const { value } = (await started.json()) as { value: { threadId: string; commentId: string } };
		expect(await eventually(() => changes(member.read()) === 1)).toBe(true);

		expect((await post(seeded.cookies.secretariat, { action: 'reply', threadId: value.threadId, text: 'The hub does.' })).status).toBe(201);
		expect(await eventually(() => changes(member.read()) === 2)).toBe(true);
		expect((await post(seeded.cookies.ppv_representative, { action: 'edit', commentId: value.commentId, text: 'Who leads this, and when?' })).status).toBe(200);
		expect(await eventually(() => changes(member.read()) === 3)).toBe(true);
		expect((await post(seeded.cookies.secretariat, { action: 'resolve', threadId: value.threadId })).status).toBe(200);
		expect(await eventually(() => changes(member.read()) === 4)).toBe(true);
		// A refused act changes nothing, and says nothing.
		expect((await post(seeded.cookies.secretariat, { action: 'resolve', threadId: value.threadId })).status).toBe(400);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(changes(member.read())).toBe(4);
		expect(changes(elsewhere.read())).toBe(0);
		// The notice names nothing: the page fetches the list through the service that decides what it may see.
		expect(member.read()).not.toContain('Who leads this');
	});

	it('says to those reading a decision’s page that its threads changed, for a decision taken between meetings too', async () => {
		const seededMeeting = await seedMeeting(portal.services.sql, {
			name: 'Live decision threads',
			rules: {
				schemaVersion: 1,
				quorum: { minimumCount: 1, deputiesCount: true },
				voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] },
				urgentAction: { allowed: true, categories: ['service_review'], minimumConsulted: 1, ratificationPeriodDays: 28 }
			},
			members: [
				{ key: 'chair', role: 'chair' },
				{ key: 'member', role: 'voting_member' }
			],
			delegations: [{ categories: ['service_review'], financialLimitPence: 100_000_00n }]
		});
		const userOf = async (key: string) => (await portal.services.sql<{ userId: string }[]>`select user_id from memberships where id = ${seededMeeting.membershipIds[key]!}`)[0]!.userId;
		const chair = await membership.actorFor(portal.services.sql, { id: await userOf('chair'), isAdministrator: false });
		const taken = await portal.services.transaction((tx) =>
			urgentAction.take(tx, chair, seededMeeting.bodyId, {
				text: 'Suspend new referrals to the vascular service',
				category: 'service_review',
				valuePence: 0,
				procedural: false,
				noticeGivenOn: null,
				reason: 'An immediate safety concern',
				consulted: [seededMeeting.membershipIds.member!]
			})
		);
		if (!taken.ok) throw new Error(taken.reason);
		const decisionId = taken.value.decisionId!;
		const memberCookie = `${session.SESSION_COOKIE}=${(await session.create(portal.services.sql, await userOf('member'))).token}`;
		const reader = await stream(`decision=${decisionId}`, memberCookie);
		expect(reader.response.status).toBe(200);
		expect(await eventually(() => reader.read().includes('retry:'))).toBe(true);
		const started = await post(memberCookie, { action: 'start', anchor: { kind: 'decision', decisionId }, text: 'Who was consulted?' });
		expect(started.status).toBe(201);
		expect(await eventually(() => changes(reader.read()) === 1)).toBe(true);
		expect((await stream(`decision=${decisionId}`, seeded.cookies.outsider)).response.status).toBe(403);
	});

	it('refuses the stream to people outside the body, and to a request that names no list', async () => {
		const outsider = await stream(`doc=${encodeURIComponent(docName)}`, seeded.cookies.outsider);
		expect(outsider.response.status).toBe(403);
		const nothing = await stream('meeting=not-a-meeting', seeded.cookies.voting_member);
		expect(nothing.response.status).toBe(400);
		const signedOut = await stream(`doc=${encodeURIComponent(docName)}`, '');
		expect(signedOut.response.status).toBe(303);
	});

	it('tells the inbox of someone mentioned at once, now that a comment is an act of the services’ transaction', async () => {
		const heard: string[][] = [];
		const off = portal.services.notifications.onChanged((userIds) => heard.push(userIds));
		const mention = `@[The voting member](user:${seeded.userIds.voting_member})`;
		const started = await post(seeded.cookies.secretariat, { action: 'start', anchor: { kind: 'document', docName, label: '' }, text: `${mention} please look.` });
		expect(started.status).toBe(201);
		off();
		expect(heard).toContainEqual([seeded.userIds.voting_member]);
	});
});
