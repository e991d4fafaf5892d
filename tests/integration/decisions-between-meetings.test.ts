import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceRulesInput } from '../../src/lib/domain/governance';
import type { Actor } from '../../src/lib/domain/policy';
import { openDatabase } from '../../src/lib/server/db';
import * as decision from '../../src/lib/server/decision';
import * as jobs from '../../src/lib/server/jobs';
import * as meeting from '../../src/lib/server/meeting';
import { betweenMeetingsHandlers } from '../../src/lib/server/scheduled-work';
import * as urgentAction from '../../src/lib/server/urgent-action';
import * as writtenResolution from '../../src/lib/server/written-resolution';
import { newDatabase, quietLog, type TestDatabase } from '../helpers/database';
import { seedMeeting, type SeededMeeting } from '../helpers/meeting-fixture';

const RULES: GovernanceRulesInput = {
	schemaVersion: 1,
	quorum: { minimumCount: 3, deputiesCount: true },
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] },
	writtenResolutions: {
		allowed: true,
		categories: ['service_review'],
		minimumResponse: { minimumFraction: { fraction: '1/2', comparison: 'at_least' } },
		thresholds: [{ of: 'eligible_votes', comparison: 'more_than', fraction: '1/2' }]
	},
	urgentAction: { allowed: true, categories: ['service_review'], minimumConsulted: 2, ratificationPeriodDays: 28 }
};

const HOUR = 3_600_000;
const VOTERS = ['chair', 'vice', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6'];

describe('decisions between meetings', () => {
	let db: TestDatabase;
	let seeded: SeededMeeting;
	const actors: Record<string, Actor> = {};

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedMeeting(db.sql, {
			name: 'Between meetings',
			rules: RULES,
			members: [
				{ key: 'chair', role: 'chair' },
				{ key: 'vice', role: 'vice_chair' },
				...VOTERS.slice(2).map((key) => ({ key, role: 'voting_member' as const })),
				{ key: 'sec', role: 'secretariat' },
				{ key: 'obs', role: 'observer' }
			],
			delegations: [{ categories: ['service_review'], financialLimitPence: 100_000_00n }]
		});
		for (const [key, membershipId] of Object.entries(seeded.membershipIds)) {
			const [row] = await db.sql<{ userId: string; role: Actor['roles'][number]['role'] }[]>`select user_id, role from memberships where id = ${membershipId}`;
			actors[key] = { userId: row!.userId, isAdministrator: false, roles: [{ bodyId: seeded.bodyId, role: row!.role }] };
		}
	});
	afterAll(async () => db?.close());

	const putOne = async (text: string, closesAt: Date, now = new Date()) => {
		const put = await db.sql.begin((tx) =>
			writtenResolution.put(tx, actors.sec!, seeded.bodyId, { text, category: 'service_review', valuePence: 0, procedural: false, noticeGivenOn: null, closesAt }, now)
		);
		if (!put.ok) throw new Error(put.reason);
		return put.value;
	};
	const cast = (key: string, id: string, choice: 'for' | 'against' | 'abstain', now = new Date()) =>
		db.sql.begin((tx) => writtenResolution.cast(tx, actors[key]!, id, { choice }, now));

	it('refuses to put a resolution the rules do not allow, or with a closing time past', async () => {
		const closesAt = new Date(Date.now() + 48 * HOUR);
		const designation = await db.sql.begin((tx) =>
			writtenResolution.put(tx, actors.sec!, seeded.bodyId, { text: 'Designate', category: 'designation', valuePence: 0, procedural: false, noticeGivenOn: null, closesAt })
		);
		expect(designation).toEqual({ ok: false, reason: 'The rules allow a written resolution only for service review, not designation' });
		const past = await db.sql.begin((tx) =>
			writtenResolution.put(tx, actors.sec!, seeded.bodyId, { text: 'Late', category: 'service_review', valuePence: 0, procedural: false, noticeGivenOn: null, closesAt: new Date(Date.now() - HOUR) })
		);
		expect(past).toMatchObject({ ok: false, reason: expect.stringMatching(/^The closing time must be in the future/) });
		const member = await db.sql.begin((tx) =>
			writtenResolution.put(tx, actors.v1!, seeded.bodyId, { text: 'Mine', category: 'service_review', valuePence: 0, procedural: false, noticeGivenOn: null, closesAt })
		);
		expect(member).toEqual({ ok: false, reason: "Only the body's chair, vice-chair or secretariat can do this." });
	});

	it('closes on time by the job, evaluates by the rules, enters the register and reports to the next meeting for noting', async () => {
		const closesAt = new Date(Date.now() + 48 * HOUR);
		const resolution = await putOne('That the review of the renal service go ahead', closesAt);
		// Each voting member was told, with a link to the ballot page; the secretariat who put it and the observer were not.
		const told = await db.sql<{ userId: string; link: string }[]>`select user_id, link from notifications where key = ${`written-resolution:${resolution.id}:opened`}`;
		expect(told.map((t) => t.userId).sort()).toEqual(VOTERS.map((k) => actors[k]!.userId).sort());
		expect(new Set(told.map((t) => t.link))).toEqual(new Set([`/bodies/${seeded.bodyId}/resolutions/${resolution.id}`]));

		for (const key of ['chair', 'vice', 'v1', 'v2', 'v3']) expect(await cast(key, resolution.id, 'for')).toMatchObject({ ok: true });
		expect(await cast('v4', resolution.id, 'against')).toMatchObject({ ok: true });
		expect(await cast('obs', resolution.id, 'for')).toEqual({ ok: false, reason: 'Only members of the body can vote on its written resolutions.' });
		expect(await cast('v1', resolution.id, 'against')).toEqual({ ok: false, reason: expect.stringMatching(/^A ballot for v1 has already been returned by v1; each vote is cast once$/) });

		// The reminder a day before goes to the two who have not voted.
		await jobs.runDue(db.sql, betweenMeetingsHandlers(), quietLog, { now: new Date(closesAt.getTime() - 23 * HOUR) });
		const reminded = await db.sql<{ userId: string }[]>`select user_id from notifications where key = ${`written-resolution:${resolution.id}:closing`}`;
		expect(reminded.map((r) => r.userId).sort()).toEqual([actors.v5!.userId, actors.v6!.userId].sort());

		// Nothing closes before its time.
		await jobs.runDue(db.sql, betweenMeetingsHandlers(), quietLog, { now: new Date(closesAt.getTime() - 1000) });
		expect((await writtenResolution.get(db.sql, resolution.id))!.status).toBe('open');

		// A meeting scheduled before it closes is the next meeting.
		const next = await db.sql.begin((tx) =>
			meeting.schedule(tx, seeded.bodyId, { title: 'Next meeting', startsAt: new Date(Date.now() + 30 * 24 * HOUR), endsAt: new Date(Date.now() + 30 * 24 * HOUR + 2 * HOUR), place: 'Room 2', videoLink: '' }, actors.sec!.userId)
		);
		if (!next.ok) throw new Error(next.reason);

		await jobs.runDue(db.sql, betweenMeetingsHandlers(), quietLog, { now: new Date(closesAt.getTime() + 1000) });
		const closed = (await writtenResolution.get(db.sql, resolution.id))!;
		expect(closed).toMatchObject({ status: 'closed', outcome: 'carried_binding' });
		expect(closed.explanation).toContain('Rule: more than half of eligible votes — 5 of the 8 eligible votes in favour (62.5%): met.');
		const entered = await decision.wholeRegister(db.sql, { bodyId: seeded.bodyId });
		const mine = entered.find((d) => d.id === closed.decisionId)!;
		expect(mine).toMatchObject({ method: 'written_resolution', state: 'carried_binding', meetingId: null, meetingTitle: 'Written resolution', takenAt: `/bodies/${seeded.bodyId}/resolutions/${resolution.id}` });
		// Every member of the body hears of the decision, as of one reached at a meeting.
		const toldOfDecision = await db.sql<{ userId: string }[]>`select user_id from notifications where key = ${`decision:${closed.decisionId}:reached`}`;
		expect(toldOfDecision.map((t) => t.userId).sort()).toEqual(Object.values(actors).map((a) => a.userId).sort());
		const agenda = await meeting.wholeAgenda(db.sql, next.value.id);
		expect(agenda.filter((i) => i.title.startsWith('Written resolution'))).toEqual([
			expect.objectContaining({ title: 'Written resolution (for noting): That the review of the renal service go ahead', purpose: 'information' })
		]);

		// Closing again does nothing.
		expect(await db.sql.begin((tx) => writtenResolution.close(tx, resolution.id))).toEqual({ ok: true, value: null });
	});

	it('refuses a ballot after the closing time, naming the time in London', async () => {
		const closesAt = new Date('2030-01-15T17:00:00Z');
		const resolution = await putOne('That the audit be commissioned', closesAt);
		const late = await cast('v1', resolution.id, 'for', new Date(closesAt.getTime() + 60_000));
		expect(late).toEqual({ ok: false, reason: 'Voting closed at Tuesday 15 January 2030, 5:00pm (17:00:00 London time); a ballot after the closing time cannot be counted' });
		const atTheSecond = await cast('v1', resolution.id, 'for', closesAt);
		expect(atTheSecond.ok).toBe(false);
	});

	it('too few responses: no decision, nothing on the register, still reported for noting', async () => {
		const closesAt = new Date(Date.now() + 2 * HOUR);
		const resolution = await putOne('That the pathway be redesigned', closesAt);
		for (const key of ['chair', 'vice', 'v1']) await cast(key, resolution.id, 'for');
		await jobs.runDue(db.sql, betweenMeetingsHandlers(), quietLog, { now: new Date(closesAt.getTime() + 1000) });
		const closed = (await writtenResolution.get(db.sql, resolution.id))!;
		expect(closed).toMatchObject({ status: 'closed', outcome: 'no_decision', decisionId: null });
		expect(closed.explanation?.join(' ')).toContain('Too few responses: 3 of 8 (37.5%) returned, where the rules need at least half of the eligible votes returned');
	});

	it('counts each member once when all vote at once, and a second ballot of each is refused', async () => {
		const resolution = await putOne('That the tender proceed', new Date(Date.now() + 48 * HOUR));
		// On PostgreSQL, one pool per voter: separate connections racing; embedded, the one connection serialises them.
		const pools = db.databaseUrl ? await Promise.all(VOTERS.map(() => openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, log: quietLog }))) : [];
		try {
			const sqls = pools.length ? pools.map((p) => p.sql) : VOTERS.map(() => db.sql);
			const attempts = VOTERS.flatMap((key, i) => [0, 1].map(() => sqls[i]!.begin((tx) => writtenResolution.cast(tx, actors[key]!, resolution.id, { choice: 'for' }))));
			const results = await Promise.all(attempts);
			expect(results.filter((r) => r.ok)).toHaveLength(VOTERS.length);
			expect(results.filter((r) => !r.ok).every((r) => !r.ok && /has already been returned/.test(r.reason))).toBe(true);
		} finally {
			await Promise.all(pools.map((p) => p.close()));
		}
		const ballots = await writtenResolution.ballots(db.sql, resolution.id);
		expect(new Set(ballots.map((b) => b.voteKey)).size).toBe(VOTERS.length);
		expect(ballots).toHaveLength(VOTERS.length);
	});

	it("urgent action: binding, on the next agenda for ratification; lapses when not ratified in time", async () => {
		const refused = await db.sql.begin((tx) =>
			urgentAction.take(tx, actors.chair!, seeded.bodyId, { text: 'Suspend referrals', category: 'service_review', valuePence: 0, procedural: false, noticeGivenOn: null, reason: 'A safety alert', consulted: [seeded.membershipIds.vice!] })
		);
		expect(refused).toEqual({ ok: false, reason: 'The rules require the chair to consult at least 2 members before urgent action; 1 was consulted' });
		const byMember = await db.sql.begin((tx) =>
			urgentAction.take(tx, actors.v1!, seeded.bodyId, { text: 'Suspend referrals', category: 'service_review', valuePence: 0, procedural: false, noticeGivenOn: null, reason: 'A safety alert', consulted: [] })
		);
		expect(byMember).toMatchObject({ ok: false, reason: "Only the body's chair, or the vice-chair acting as chair, can take urgent action." });

		const now = new Date();
		const taken = await db.sql.begin((tx) =>
			urgentAction.take(tx, actors.chair!, seeded.bodyId, { text: 'Suspend new referrals to the vascular service', category: 'service_review', valuePence: 0, procedural: false, noticeGivenOn: null, reason: 'The regulator raised an immediate safety concern', consulted: [seeded.membershipIds.vice!, seeded.membershipIds.v1!] }, now)
		);
		if (!taken.ok) throw new Error(taken.reason);
		expect(taken.value).toMatchObject({ outcome: 'carried_binding', status: 'awaiting_ratification', consulted: expect.arrayContaining([expect.objectContaining({ name: 'vice' }), expect.objectContaining({ name: 'v1' })]) });

		const upcoming = (await meeting.listForBody(db.sql, seeded.bodyId)).filter((m) => m.status === 'scheduled' && m.startsAt > now);
		const agenda = await meeting.wholeAgenda(db.sql, upcoming[0]!.id);
		expect(agenda.filter((i) => i.purpose === 'ratification' && i.standing === null)).toEqual([
			expect.objectContaining({ title: "Chair's urgent action (for ratification): Suspend new referrals to the vascular service" })
		]);

		// Not lapsed on the last day of the period; lapsed after it.
		const ratifyBy = taken.value.ratifyBy;
		await jobs.runDue(db.sql, betweenMeetingsHandlers(), quietLog, { now: new Date(`${ratifyBy}T12:00:00Z`) });
		expect((await urgentAction.get(db.sql, taken.value.id))!.status).toBe('awaiting_ratification');
		await jobs.runDue(db.sql, betweenMeetingsHandlers(), quietLog, { now: new Date(new Date(`${ratifyBy}T00:00:00Z`).getTime() + 25 * HOUR) });
		const lapsed = (await urgentAction.get(db.sql, taken.value.id))!;
		expect(lapsed.status).toBe('lapsed');
		const entry = (await decision.wholeRegister(db.sql, { bodyId: seeded.bodyId })).find((d) => d.id === lapsed.decisionId)!;
		expect(entry).toMatchObject({ method: 'urgent_action', state: 'lapsed', events: [expect.objectContaining({ kind: 'lapsed' })] });
		// Ratifying after the period is refused.
		const late = await db.sql.begin((tx) => urgentAction.ratify(tx, actors.sec!, taken.value.id, ratifyBy));
		expect(late).toEqual({ ok: false, reason: 'This urgent action has already lapsed' });
	});

	it('urgent action ratified within the period stays binding and never lapses', async () => {
		const taken = await db.sql.begin((tx) =>
			urgentAction.take(tx, actors.vice!, seeded.bodyId, { text: 'Agree interim transfer arrangements', category: 'service_review', valuePence: 0, procedural: false, noticeGivenOn: null, reason: 'Surgery stops on Monday', consulted: [seeded.membershipIds.chair!, seeded.membershipIds.v2!] })
		);
		if (!taken.ok) throw new Error(taken.reason);
		const ratified = await db.sql.begin((tx) => urgentAction.ratify(tx, actors.sec!, taken.value.id, taken.value.takenOn));
		if (!ratified.ok) throw new Error(ratified.reason);
		expect(ratified.value.status).toBe('ratified');
		await jobs.runDue(db.sql, betweenMeetingsHandlers(), quietLog, { now: new Date(Date.now() + 60 * 24 * HOUR) });
		const entry = (await decision.wholeRegister(db.sql, { bodyId: seeded.bodyId })).find((d) => d.id === ratified.value.decisionId)!;
		expect(entry.state).toBe('ratified');
		expect((await urgentAction.get(db.sql, taken.value.id))!.status).toBe('ratified');
	});

	it('a report waits when no meeting is scheduled, and goes on the agenda of the next one when it is', async () => {
		const quiet = await seedMeeting(db.sql, { name: 'No meeting yet', rules: RULES, members: [{ key: 'chair', role: 'chair' }, { key: 'a', role: 'voting_member' }, { key: 'b', role: 'voting_member' }], delegations: [] });
		const [chair] = await db.sql<{ userId: string }[]>`select user_id from memberships where id = ${quiet.membershipIds.chair!}`;
		const actor: Actor = { userId: chair!.userId, isAdministrator: false, roles: [{ bodyId: quiet.bodyId, role: 'chair' }] };
		const taken = await db.sql.begin((tx) =>
			urgentAction.take(tx, actor, quiet.bodyId, { text: 'Write to the provider', category: 'service_review', valuePence: 0, procedural: false, noticeGivenOn: null, reason: 'The provider needs an answer this week', consulted: [quiet.membershipIds.a!, quiet.membershipIds.b!] })
		);
		if (!taken.ok) throw new Error(taken.reason);
		// No delegation: a recommendation to the parent body.
		expect(taken.value.outcome).toBe('recommendation');
		const [waiting] = await db.sql<{ placedAt: Date | null }[]>`select placed_at from between_meeting_reports where urgent_action_id = ${taken.value.id}`;
		expect(waiting!.placedAt).toBeNull();

		const scheduled = await db.sql.begin((tx) =>
			meeting.schedule(tx, quiet.bodyId, { title: 'The next meeting', startsAt: new Date(Date.now() + 7 * 24 * HOUR), endsAt: new Date(Date.now() + 7 * 24 * HOUR + HOUR), place: '', videoLink: '' }, actor.userId)
		);
		if (!scheduled.ok) throw new Error(scheduled.reason);
		const agenda = await meeting.wholeAgenda(db.sql, scheduled.value.id);
		expect(agenda.filter((i) => i.standing === null).map((i) => [i.title, i.purpose])).toEqual([["Chair's urgent action (for ratification): Write to the provider", 'ratification']]);
		// A second meeting scheduled later does not get it again.
		const later = await db.sql.begin((tx) =>
			meeting.schedule(tx, quiet.bodyId, { title: 'The one after', startsAt: new Date(Date.now() + 14 * 24 * HOUR), endsAt: new Date(Date.now() + 14 * 24 * HOUR + HOUR), place: '', videoLink: '' }, actor.userId)
		);
		if (!later.ok) throw new Error(later.reason);
		expect((await meeting.wholeAgenda(db.sql, later.value.id)).filter((i) => i.standing === null)).toEqual([]);
	});

	it('a member who declares an interest is out of the vote and of the eligible votes', async () => {
		const closesAt = new Date(Date.now() + 3 * HOUR);
		const resolution = await putOne('That the provider be designated for the review', closesAt);
		expect(await db.sql.begin((tx) => writtenResolution.declareInterest(tx, actors.v6!, resolution.id, 'A director of the provider'))).toEqual({ ok: true, value: null });
		expect(await cast('v6', resolution.id, 'for')).toEqual({ ok: false, reason: 'v6 declared an interest (A director of the provider) and may not vote on this item, so may not vote on this resolution' });
		await cast('v5', resolution.id, 'for');
		expect(await db.sql.begin((tx) => writtenResolution.declareInterest(tx, actors.v5!, resolution.id, 'Too late'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^You have already voted/) });
		for (const key of ['chair', 'vice', 'v1']) await cast(key, resolution.id, 'for');
		await jobs.runDue(db.sql, betweenMeetingsHandlers(), quietLog, { now: new Date(closesAt.getTime() + 1000) });
		const closed = (await writtenResolution.get(db.sql, resolution.id))!;
		// 4 of the 7 eligible (v6 out): more than half of eligible votes, and half returned.
		expect(closed.outcome).toBe('carried_binding');
		expect(closed.explanation).toContain('Rule: more than half of eligible votes — 4 of the 7 eligible votes in favour (57.1%): met.');
	});
});
