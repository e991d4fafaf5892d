import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVoteWith, type LiveClient } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';
import { SESSION_ENDED } from '../../server/meetings';
import * as session from '../../src/lib/server/session';

/**
 * The ballot path is one service command that loads each row once: counted with a wrapper round the database
 * client (postgres.js's debug hook sees every statement the portal sends), through the real socket server.
 */
describe('the SQL statements a ballot costs', () => {
	const VOTERS = 5;
	let portal: TestPortal;
	let statements: string[] = [];
	let counting = false;
	let vote: Awaited<ReturnType<typeof openVoteWith>>;

	beforeAll(async () => {
		portal = await newPortal({}, { onQuery: (text) => counting && !text.includes('from jobs') && statements.push(text) });
		vote = await openVoteWith(portal, VOTERS, 'Statement count');
	}, 120_000);
	afterAll(async () => {
		for (const c of [vote?.chair, ...(vote?.clients ?? [])]) c?.close();
		await portal?.close();
	});

	const ballotsSeen = (client: LiveClient) => (client.states.at(-1) as { motions?: { tally?: { ballots: number } }[] } | undefined)?.motions?.[0]?.tally?.ballots ?? 0;
	const until = async (condition: () => boolean) => {
		while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
	};

	it('is at most 6 from the session check to the commit, begin and commit included, for every voter', async () => {
		const costs: number[] = [];
		for (const [i, client] of vote.clients.entries()) {
			// The broadcast of the ballot before has been read and sent: what is counted now is this ballot's alone.
			await until(() => ballotsSeen(vote.chair) === i);
			statements = [];
			counting = true;
			const ack = await client.emit('castBallot', { meetingId: vote.seeded.meetingId, motionId: vote.motionId, choice: 'for' });
			counting = false;
			expect(ack).toMatchObject({ ok: true });
			// The act runs to its commit; the state broadcast it announces may already have begun its own reads.
			const act = statements.slice(0, statements.findIndex((text) => text.trim() === 'commit') + 1);
			expect(act.some((text) => text.includes('insert into ballots')), 'the ballot is written in the act').toBe(true);
			costs.push(act.length);
			if (act.length > 6) console.log(act.map((s) => s.replace(/\s+/g, ' ').slice(0, 100)).join('\n'));
		}
		await until(() => ballotsSeen(vote.chair) === VOTERS);
		expect(Math.max(...costs), `statements per ballot: ${costs.join(', ')}`).toBeLessThanOrEqual(6);
	}, 120_000);
});

/**
 * Group commit: the ballots that arrive while one is being written go into the next transaction together, each
 * acknowledged once that transaction has committed. Twenty members voting at once cost a few transactions, not
 * twenty in single file on the meeting's lock; every ballot is still counted once.
 */
describe('ballots cast at once', () => {
	const VOTERS = 20;
	let portal: TestPortal;
	let statements: string[] = [];
	let vote: Awaited<ReturnType<typeof openVoteWith>>;

	beforeAll(async () => {
		portal = await newPortal({}, { onQuery: (text) => !text.includes('from jobs') && statements.push(text) });
		vote = await openVoteWith(portal, VOTERS, 'Group commit');
	}, 120_000);
	afterAll(async () => {
		for (const c of [vote?.chair, ...(vote?.clients ?? [])]) c?.close();
		await portal?.close();
	});

	it('are written in fewer transactions than ballots, and each is counted once', async () => {
		statements = [];
		const acks = await Promise.all(
			vote.clients.map((client, i) => client.emit('castBallot', { meetingId: vote.seeded.meetingId, motionId: vote.motionId, choice: i % 3 === 0 ? 'against' : 'for' }))
		);
		expect(acks.every((ack) => ack.ok), JSON.stringify(acks)).toBe(true);
		const writes = statements.filter((text) => text.includes('insert into ballots')).length;
		expect(writes, `transactions that wrote ballots for ${VOTERS} voters`).toBeLessThanOrEqual(VOTERS / 2);
		const counted = await portal.services.sql<{ choice: string; n: number }[]>`
			select choice, count(*)::int as n from ballots where motion_id = ${vote.motionId} group by choice order by choice`;
		expect(counted).toEqual([
			{ choice: 'against', n: 7 },
			{ choice: 'for', n: 13 }
		]);
		const audited = await portal.services.sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'ballot.cast' and entity_id = ${vote.motionId}`;
		expect(audited[0]!.n).toBe(VOTERS);
	}, 120_000);

	it('answer each ballot of a group on its own: one whose session has ended is refused, the others are counted', async () => {
		const mixed = await openVoteWith(portal, 6, 'Group commit, one signed out');
		try {
			// Signed out elsewhere, with no notice reaching the socket: only the act's own check of the session stops it.
			const token = mixed.seeded.cookies.v0!.slice('session='.length);
			await portal.services.sql`delete from sessions where id = ${session.hashOf(token)}`;
			// v1 first, so that v0's ballot arrives while v1's is being written and goes in the next group with the rest.
			const order = [1, 0, 2, 3, 4, 5];
			statements = [];
			const acks = await Promise.all(order.map((i) => mixed.clients[i]!.emit('castBallot', { meetingId: mixed.seeded.meetingId, motionId: mixed.motionId, choice: 'for' })));
			expect(acks[1]).toEqual({ ok: false, reason: SESSION_ENDED });
			expect(acks.filter((_, k) => k !== 1).every((ack) => ack.ok), JSON.stringify(acks)).toBe(true);
			expect(statements.filter((text) => text.includes('insert into ballots')).length, 'written in fewer transactions than ballots').toBeLessThan(5);
			const [counted] = await portal.services.sql<{ n: number }[]>`select count(*)::int as n from ballots where motion_id = ${mixed.motionId}`;
			expect(counted!.n).toBe(5);
		} finally {
			for (const c of [mixed.chair, ...mixed.clients]) c.close();
		}
	}, 120_000);
});

