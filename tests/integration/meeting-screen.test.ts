import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMeeting, type SeededMeeting } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';

const RULES = { schemaVersion: 1 as const, quorum: { minimumCount: 1, deputiesCount: true }, voting: { basis: 'per_member' as const, thresholds: [{ of: 'votes_cast' as const, comparison: 'more_than' as const, fraction: '1/2' }] } };

/** The room's screen, /meetings/:id/screen, is let in as the live page is: whoever may follow the meeting. */
describe('the meeting screen view', () => {
	let portal: TestPortal;
	let seeded: SeededMeeting;
	let elsewhere: SeededMeeting;

	beforeAll(async () => {
		portal = await newPortal();
		seeded = await seedMeeting(portal.services.sql, { name: 'Screened group', rules: RULES, members: [{ key: 'chair', role: 'chair' }, { key: 'observer', role: 'observer' }] });
		elsewhere = await seedMeeting(portal.services.sql, { name: 'Another group', rules: RULES, members: [{ key: 'chair', role: 'chair' }] });
	});
	afterAll(async () => {
		await portal?.close();
	});

	const open = (meetingId: string, cookie?: string) => fetch(`${portal.url}/meetings/${meetingId}/screen`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

	it('sends someone not signed in to sign in, and back to the screen after', async () => {
		const response = await open(seeded.meetingId);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(`/meetings/${seeded.meetingId}/screen`)}`);
	});

	it('shows the meeting to anyone who sits on the body, an observer too, before the socket brings the rest', async () => {
		for (const cookie of [seeded.cookies.chair!, seeded.cookies.observer!]) {
			const response = await open(seeded.meetingId, cookie);
			expect(response.status).toBe(200);
			const html = await response.text();
			expect(html).toMatch(/<h1 class="screen__title[^"]*">Meeting of Screened group/);
			expect(html).toContain('Connecting to the meeting…');
		}
	});

	it('refuses someone who sits on another body, with the rule, and answers 404 for a meeting that does not exist', async () => {
		const refused = await open(seeded.meetingId, elsewhere.cookies.chair!);
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain('Only people who sit on this body can follow its meetings');
		expect((await open('00000000-0000-0000-0000-000000000000', seeded.cookies.chair!)).status).toBe(404);
	});
});
