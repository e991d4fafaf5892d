import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, markPresent, seedMeeting, SIMPLE_MAJORITY, type LiveClient, type SeededMeeting } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';

/**
 * Many people opening the live meeting at once (the start of a meeting, or everyone's page reconnecting after a
 * dropped network) read its state once per change, not once each, and hear who is connected once per burst, not
 * once per arrival. Counted through the real socket server: a whole state is read in one repeatable-read snapshot.
 */
describe('a burst of people joining the live meeting', () => {
	const MEMBERS = 30;
	let portal: TestPortal;
	let statements: string[] = [];
	let seeded: SeededMeeting;
	const clients: LiveClient[] = [];

	beforeAll(async () => {
		portal = await newPortal({}, { onQuery: (text) => !text.includes('from jobs') && statements.push(text) });
		const keys = Array.from({ length: MEMBERS }, (_, i) => `m${i}`);
		seeded = await seedMeeting(portal.services.sql, { name: 'Join burst', rules: SIMPLE_MAJORITY, members: [{ key: 'chair', role: 'chair' }, ...keys.map((key) => ({ key, role: 'voting_member' as const }))] });
		await markPresent(portal.services.sql, seeded, ['chair', ...keys]);
		for (const key of keys) clients.push(await connectClient(portal.url, seeded.cookies[key]!));
	}, 120_000);
	afterAll(async () => {
		for (const c of clients) c.close();
		await portal?.close();
	});

	it('reads the state a few times, not once each, and every one has it, as new as the meeting', async () => {
		statements = [];
		const presence: number[] = [];
		for (const client of clients) client.socket.on('presence', (p: { people: unknown[] }) => presence.push(p.people.length));
		const answers = await Promise.all(clients.map((client) => client.emit('join', { meetingId: seeded.meetingId })));
		expect(answers.every((a) => a.ok)).toBe(true);
		const [now] = await portal.services.sql<{ seq: string }[]>`select seq::text as seq from meetings where id = ${seeded.meetingId}`;
		expect(new Set(answers.map((a) => (a.state as { seq: string }).seq))).toEqual(new Set([now!.seq]));
		const snapshots = statements.filter((text) => text.includes('repeatable read')).length;
		expect(snapshots, `whole states read for ${MEMBERS} joins`).toBeLessThanOrEqual(3);
		// Each join: the session, meeting and memberships in one statement; the meeting's number; the person's ballots.
		// A whole state is one snapshot of at most 15 statements, begin and commit included.
		// Not counted: postgres.js reading the types of a new pooled connection, which is no join's work.
		const work = statements.filter((text) => !text.includes('pg_catalog.pg_type'));
		console.info(`${MEMBERS} joins: ${work.length} statements, ${snapshots} whole states`);
		expect(work.length, 'statements for the burst').toBeLessThanOrEqual(MEMBERS * 3 + snapshots * 15);
		// Everyone hears the whole list of who is connected, each a few times at most.
		await expect.poll(() => presence.filter((n) => n === MEMBERS).length).toBeGreaterThanOrEqual(MEMBERS);
		expect(presence.length, 'presence messages received in all').toBeLessThanOrEqual(MEMBERS * 3);
	}, 120_000);
});
