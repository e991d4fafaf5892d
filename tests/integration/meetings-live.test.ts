import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernanceRulesInput } from '../../src/lib/domain/governance';
import * as bodyRules from '../../src/lib/server/body-rules';
import * as decision from '../../src/lib/server/decision';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import { sittingFor } from '../../src/lib/server/sitting';
import { evaluateQuorum } from '../../src/lib/domain/governance';
import { connectClient, markPresent, seedMeeting, type BodySpec, type LiveClient } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';
import { openDatabase } from '../../src/lib/server/db';
import { newDatabaseLocation, quietLog } from '../helpers/database';
import { spawnPortal } from '../helpers/process';
import { connectClient as connectDocument } from '../helpers/collab';
import { PROCESS_TEST_MS } from '../helpers/time';

/** Reads everything, Part B included, as an administrator may. */
const ADMINISTRATOR = { userId: 'administrator', isAdministrator: true, roles: [] };

const MAJORITY = {
	schemaVersion: 1,
	quorum: { minimumCount: 2, deputiesCount: true },
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] }
} satisfies GovernanceRulesInput;

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('live meetings through the real server', () => {
	let portal: TestPortal;
	const clients: LiveClient[] = [];
	const connect = async (cookie: string | null) => {
		const client = await connectClient(portal.url, cookie);
		clients.push(client);
		return client;
	};
	type Seeded = Awaited<ReturnType<typeof seedMeeting>>;
	/** Joins as the member and takes the current state. */
	const join = async (seeded: Seeded, key: string) => {
		const client = await connect(seeded.cookies[key]!);
		const joined = await client.emit('join', { meetingId: seeded.meetingId });
		expect(joined.ok).toBe(true);
		return client;
	};
	const lastState = (client: LiveClient) => client.states.at(-1) as unknown as { seq: string; quorum: { quorate: boolean; failures: string[] }; motions: { id: string; state: string; tally: { ballots: number } | null; decision: { state: string; explanation: string[] } | null }[] };
	const propose = async (chair: LiveClient, seeded: Seeded, motion: Record<string, unknown>) => {
		expect((await chair.emit('currentItem', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId })).ok).toBe(true);
		const proposed = await chair.emit('propose', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId, category: 'procedural', ...motion });
		expect(proposed).toMatchObject({ ok: true });
		return (proposed.result as { id: string }).id;
	};

	beforeAll(async () => {
		portal = await newPortal();
	});
	afterAll(async () => {
		for (const client of clients) client.close();
		await portal?.close();
	});

	it('carries socket.io and the Yjs endpoint on one http server, side by side', async () => {
		const seeded = await seedMeeting(portal.services.sql, { name: 'Both sockets', rules: MAJORITY, members: [{ key: 'chair', role: 'chair' }] });
		const live = await join(seeded, 'chair');
		const writer = connectDocument(`${portal.url.replace('http', 'ws')}/collab`, `raci:${seeded.bodyId}`, seeded.cookies.chair!);
		const reader = connectDocument(`${portal.url.replace('http', 'ws')}/collab`, `raci:${seeded.bodyId}`, seeded.cookies.chair!);
		try {
			await Promise.all([writer.synced, reader.synced]);
			writer.text.insert(0, 'Needs assessment: A = NHS England regional team');
			await expect.poll(() => reader.text.toString()).toBe('Needs assessment: A = NHS England regional team');
			// Socket.io is still answering after the Yjs traffic (its engine left the /collab/ upgrades alone).
			expect((await live.emit('sync', { meetingId: seeded.meetingId })).ok).toBe(true);
		} finally {
			writer.destroy();
			reader.destroy();
		}
	});

	it('serves socket.io long-polling without the page handler answering too (which once crashed the process)', async () => {
		const response = await fetch(`${portal.url}/socket.io/?EIO=4&transport=polling`);
		expect(response.status).toBe(200);
		expect(await response.text()).toMatch(/^0\{"sid"/);
		const seeded = await seedMeeting(portal.services.sql, { name: 'Polling', rules: MAJORITY, members: [{ key: 'chair', role: 'chair' }] });
		const polling = await connectClient(portal.url, seeded.cookies.chair!, ['polling']);
		clients.push(polling);
		expect((await polling.emit('join', { meetingId: seeded.meetingId })).ok).toBe(true);
		expect((await fetch(`${portal.url}/healthz`)).status).toBe(200);
	});

	it('tells everyone in the meeting who is connected, as people join and leave', async () => {
		const seeded = await seedMeeting(portal.services.sql, { name: 'Presence', rules: MAJORITY, members: [{ key: 'chair', role: 'chair' }, { key: 'a', role: 'voting_member' }] });
		const chair = await join(seeded, 'chair');
		const presence: string[][] = [];
		chair.socket.on('presence', (p: { people: { name: string }[] }) => presence.push(p.people.map((x) => x.name)));
		const member = await join(seeded, 'a');
		await expect.poll(() => presence.at(-1)).toEqual(['a', 'chair']);
		member.close();
		await expect.poll(() => presence.at(-1)).toEqual(['chair']);
	});

	it('refuses a connection without a session', async () => {
		await expect(connectClient(portal.url, null)).rejects.toThrow(/Sign in first/);
		await expect(connectClient(portal.url, 'session=not-a-real-token')).rejects.toThrow(/Sign in first/);
	});

	it('refuses unauthorised events with the reason, and bad payloads with what is wrong, changing nothing', async () => {
		const seeded = await seedMeeting(portal.services.sql, {
			name: 'Permissions',
			rules: MAJORITY,
			members: [
				{ key: 'chair', role: 'chair' },
				{ key: 'member', role: 'voting_member' },
				{ key: 'observer', role: 'observer' }
			]
		});
		const observer = await join(seeded, 'observer');
		const refused = await observer.emit('close', { meetingId: seeded.meetingId });
		expect(refused).toEqual({ ok: false, reason: "Only the body's chair, vice-chair or secretariat can do this." });
		const member = await join(seeded, 'member');
		const bad = await member.emit('castBallot', { meetingId: seeded.meetingId, motionId: 'nope', choice: 'maybe' });
		expect(bad.ok).toBe(false);
		expect(bad.reason).toMatch(/motionId/);
		expect(bad.reason).toMatch(/choice/);
		const [status] = await portal.services.sql`select status from meetings where id = ${seeded.meetingId}`;
		expect(status?.status).toBe('in_progress');

		const outsider = await seedMeeting(portal.services.sql, { name: 'Elsewhere', rules: MAJORITY, members: [{ key: 'stranger', role: 'voting_member' }] });
		const stranger = await connect(outsider.cookies.stranger!);
		expect(await stranger.emit('join', { meetingId: seeded.meetingId })).toMatchObject({ ok: false, reason: /Only people who sit on this body/ });
	});

	it('worked example 6: quorum lost when the only NHS England member leaves; no vote opens, and the panel says why', async () => {
		const members: BodySpec['members'] = [
			{ key: 'chair', role: 'chair', represents: ['ccg0'] },
			{ key: 'vice', role: 'vice_chair', represents: ['ccg1'] },
			{ key: 'england', role: 'voting_member', represents: ['nhse'] },
			...Array.from({ length: 9 }, (_, i) => ({ key: `m${i + 2}`, role: 'voting_member' as const, represents: [`ccg${i + 2}`] }))
		];
		const seeded = await seedMeeting(portal.services.sql, {
			name: 'Quorum',
			rules: {
				schemaVersion: 1,
				quorum: {
					minimumFraction: { fraction: '1/2', comparison: 'at_least' },
					requiredRoles: [{ anyOf: ['chair', 'vice_chair'] }],
					requiredOrganisationKinds: [{ kind: 'nhs_england' }],
					deputiesCount: true
				},
				voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] }
			},
			organisations: [{ key: 'nhse', kind: 'nhs_england' }, ...Array.from({ length: 11 }, (_, i) => ({ key: `ccg${i}`, kind: 'ccg' as const }))],
			members
		});
		await markPresent(portal.services.sql, seeded, ['vice', 'england', 'm2', 'm3', 'm4', 'm5', 'm6']);
		const vice = await join(seeded, 'vice');
		const motionId = await propose(vice, seeded, { text: 'That the group approves the service review', procedural: true });
		await expect.poll(() => lastState(vice)?.quorum.quorate).toBe(true);
		const left = await vice.emit('attendance', { meetingId: seeded.meetingId, membershipId: seeded.membershipIds.england, status: 'present', departed: true });
		expect(left.ok).toBe(true);
		await expect.poll(() => lastState(vice)?.quorum.quorate).toBe(false);
		expect(lastState(vice).quorum.failures.join(' ')).toMatch(/NHS England/);
		const opened = await vice.emit('openVote', { meetingId: seeded.meetingId, motionId });
		expect(opened.ok).toBe(false);
		expect(opened.reason).toMatch(/NHS England/);
		const indicative = await vice.emit('openVote', { meetingId: seeded.meetingId, motionId, indicative: true });
		expect(indicative.ok).toBe(false);
	});

	it('rules recorded during a meeting govern the meetings that follow, not the one under way', async () => {
		const seeded = await seedMeeting(portal.services.sql, { name: 'Rules change', rules: MAJORITY, members: [{ key: 'chair', role: 'chair' }, { key: 'a', role: 'voting_member' }] });
		await markPresent(portal.services.sql, seeded, ['chair', 'a']);
		const [clerk] = await portal.services.sql<{ id: string }[]>`select id from users where name = 'Clerk' limit 1`;
		const stricter = { ...MAJORITY, quorum: { minimumCount: 5, deputiesCount: true } };
		const recorded = await portal.services.sql.begin((tx) => bodyRules.record(tx, seeded.bodyId, stricter, { source: 'adopted', note: 'test' }, clerk!.id));
		expect(recorded.ok).toBe(true);
		const quorumOf = async (meetingId: string) => {
			const sitting = await sittingFor(portal.services.sql, meetingId, null);
			if (!sitting.ok) throw new Error(sitting.reason);
			return evaluateQuorum(sitting.value).quorate;
		};
		expect(await quorumOf(seeded.meetingId)).toBe(true);
		const next = await portal.services.sql.begin(async (tx) => {
			const scheduled = await meeting.schedule(tx, seeded.bodyId, { title: 'Next', startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000), place: '', videoLink: '' }, clerk!.id);
			if (!scheduled.ok) throw new Error(scheduled.reason);
			return scheduled.value.id;
		});
		await portal.services.sql.begin((tx) => meeting.setStatus(tx, next, 'in_progress', clerk!.id));
		await portal.services.sql`insert into attendance (meeting_id, membership_id, status) select ${next}, membership_id, status from attendance where meeting_id = ${seeded.meetingId}`;
		expect(await quorumOf(next)).toBe(false);
	});

	it('a clinical quorum counts the members recorded as clinicians', async () => {
		const seeded = await seedMeeting(portal.services.sql, {
			name: 'Clinical quorum',
			rules: { ...MAJORITY, quorum: { minimumCount: 2, requiredClinicians: 1, deputiesCount: true } },
			members: [{ key: 'chair', role: 'chair' }, { key: 'a', role: 'voting_member' }]
		});
		await markPresent(portal.services.sql, seeded, ['chair', 'a']);
		const quorum = async () => {
			const sitting = await sittingFor(portal.services.sql, seeded.meetingId, null);
			if (!sitting.ok) throw new Error(sitting.reason);
			return evaluateQuorum(sitting.value);
		};
		expect((await quorum()).failures).toEqual(['Quorum not met: no clinician present']);
		const [clerk] = await portal.services.sql<{ id: string }[]>`select id from users where name = 'Clerk' limit 1`;
		const a = (await membership.get(portal.services.sql, seeded.membershipIds.a!))!;
		const updated = await portal.services.sql.begin((tx) =>
			membership.update(tx, a.id, { role: a.role, clinician: true, deputyFor: null, organisationIds: [], startsOn: a.startsOn, endsOn: null }, clerk!.id)
		);
		expect(updated.ok && updated.value.clinician).toBe(true);
		expect((await quorum()).quorate).toBe(true);
	});

	it('worked example 7: a declared conflict takes the member out of the item’s quorum count and vote', async () => {
		const seeded = await seedMeeting(portal.services.sql, {
			name: 'Conflict',
			rules: MAJORITY,
			members: [
				{ key: 'chair', role: 'chair' },
				{ key: 'a', role: 'voting_member' },
				{ key: 'b', role: 'voting_member' },
				{ key: 'conflicted', role: 'voting_member' }
			]
		});
		await markPresent(portal.services.sql, seeded, ['chair', 'a', 'b', 'conflicted']);
		const chair = await join(seeded, 'chair');
		const motionId = await propose(chair, seeded, { text: 'That the contract is varied', procedural: true });
		await expect.poll(() => (lastState(chair) as unknown as { quorum: { counted: number } }).quorum.counted).toBe(4);
		const declared = await chair.emit('declare', {
			meetingId: seeded.meetingId,
			itemId: seeded.decisionItemId,
			membershipId: seeded.membershipIds.conflicted,
			interest: 'Employed by a provider affected by the item',
			outcome: 'may_not_vote'
		});
		expect(declared.ok).toBe(true);
		await expect.poll(() => (lastState(chair) as unknown as { quorum: { counted: number } }).quorum.counted).toBe(3);
		expect((await chair.emit('openVote', { meetingId: seeded.meetingId, motionId })).ok).toBe(true);
		const conflicted = await join(seeded, 'conflicted');
		const refused = await conflicted.emit('castBallot', { meetingId: seeded.meetingId, motionId, choice: 'for' });
		expect(refused.ok).toBe(false);
		const [count] = await portal.services.sql`select count(*)::int as n from ballots where motion_id = ${motionId}`;
		expect(count?.n).toBe(0);
	});

	it('worked example 4: without 30 days’ notice a binding vote cannot open; an indicative vote is recorded as non-binding', async () => {
		const seeded = await seedMeeting(portal.services.sql, {
			name: 'Notice',
			rules: { ...MAJORITY, notice: { bindingFinancialDecisionDays: 30 } },
			delegations: [{ categories: ['service_investment'], financialLimitPence: 500_000_000n }],
			members: [
				{ key: 'chair', role: 'chair' },
				{ key: 'a', role: 'voting_member' },
				{ key: 'b', role: 'voting_member' }
			]
		});
		await markPresent(portal.services.sql, seeded, ['chair', 'a', 'b']);
		const chair = await join(seeded, 'chair');
		const motionId = await propose(chair, seeded, { text: 'That the group invests £2m', category: 'service_investment', valuePence: '200000000', noticeGivenOn: daysAgo(20) });
		const binding = await chair.emit('openVote', { meetingId: seeded.meetingId, motionId });
		expect(binding.ok).toBe(false);
		expect(binding.reason).toMatch(/notice/i);
		expect((await chair.emit('openVote', { meetingId: seeded.meetingId, motionId, indicative: true })).ok).toBe(true);
		for (const key of ['chair', 'a', 'b']) {
			const voter = key === 'chair' ? chair : await join(seeded, key);
			expect((await voter.emit('castBallot', { meetingId: seeded.meetingId, motionId, choice: 'for' })).ok).toBe(true);
		}
		const closed = await chair.emit('closeVote', { meetingId: seeded.meetingId, motionId });
		expect(closed).toMatchObject({ ok: true, result: { state: 'indicative' } });
	});

	it('worked example 5: carried only through a vote beyond its mandate, so subject to ratification by that CCG', async () => {
		const seeded = await seedMeeting(portal.services.sql, {
			name: 'Mandate',
			rules: {
				schemaVersion: 1,
				quorum: { minimumCount: 2, deputiesCount: true },
				voting: { basis: 'per_organisation', thresholds: [{ of: 'eligible_votes', comparison: 'at_least', fraction: '3/4' }], mandatesRequired: true },
				ratificationPeriodDays: 28
			},
			organisations: [{ key: 'ccgA', kind: 'ccg' }, { key: 'ccgB', kind: 'ccg' }, { key: 'ccgC', kind: 'ccg' }],
			delegations: [{ categories: ['service_investment'], financialLimitPence: 500_000_000n }],
			members: [
				{ key: 'chair', role: 'chair', represents: ['ccgA'] },
				{ key: 'b', role: 'voting_member', represents: ['ccgB'] },
				{ key: 'limited', role: 'voting_member', represents: ['ccgC'] }
			],
			mandates: [
				{ member: 'chair', organisation: 'ccgA', categories: ['service_investment'], financialLimitPence: 500_000_000n },
				{ member: 'b', organisation: 'ccgB', categories: ['service_investment'], financialLimitPence: 500_000_000n },
				{ member: 'limited', organisation: 'ccgC', categories: ['service_investment'], financialLimitPence: 25_000_000n }
			]
		});
		await markPresent(portal.services.sql, seeded, ['chair', 'b', 'limited']);
		const chair = await join(seeded, 'chair');
		const motionId = await propose(chair, seeded, { text: 'That the group commits £1m', category: 'service_investment', valuePence: '100000000', noticeGivenOn: daysAgo(40) });
		expect((await chair.emit('openVote', { meetingId: seeded.meetingId, motionId })).ok).toBe(true);
		for (const [key, org] of [['chair', 'ccgA'], ['b', 'ccgB'], ['limited', 'ccgC']] as const) {
			const voter = key === 'chair' ? chair : await join(seeded, key);
			const cast = await voter.emit('castBallot', { meetingId: seeded.meetingId, motionId, organisationId: seeded.organisationIds[org], choice: 'for' });
			expect(cast).toMatchObject({ ok: true });
		}
		const closed = await chair.emit('closeVote', { meetingId: seeded.meetingId, motionId });
		expect(closed).toMatchObject({ ok: true, result: { state: 'carried_subject_to_ratification', ratifyingOrganisations: [{ id: seeded.organisationIds.ccgC }] } });
		// Everyone sees how each organisation's vote was cast, by name, as the minutes record it.
		await expect.poll(() => (lastState(chair).motions[0] as unknown as { ballots: { organisationName: string }[] | null }).ballots?.map((b) => b.organisationName).sort()).toEqual(
			['ccgA', 'ccgB', 'ccgC'].map((key) => expect.stringMatching(new RegExp(`^${key} `)))
		);
		const [stored] = await portal.services.sql`select state, ratifying_organisation_ids from decisions where motion_id = ${motionId}`;
		expect(stored?.state).toBe('carried_subject_to_ratification');
		expect(stored?.ratifyingOrganisationIds).toEqual([seeded.organisationIds.ccgC]);
		// Not ratified within the 28 days: the sweep lapses it, and only it.
		const later = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
		const lapsed = await portal.services.sql.begin((tx) => decision.lapseOverdue(tx, later));
		const [after] = await portal.services.sql`select id, state from decisions where motion_id = ${motionId}`;
		expect(lapsed).toContain(after?.id);
		expect(after?.state).toBe('lapsed');
	});

	it('worked example 3: with no delegation, a carried motion is a recommendation on the parent body’s list to decide', async () => {
		const seeded = await seedMeeting(portal.services.sql, {
			name: 'No delegation',
			rules: MAJORITY,
			members: [
				{ key: 'chair', role: 'chair' },
				{ key: 'a', role: 'voting_member' },
				{ key: 'b', role: 'voting_member' },
				{ key: 'c', role: 'voting_member' }
			]
		});
		await markPresent(portal.services.sql, seeded, ['chair', 'a', 'b', 'c']);
		const chair = await join(seeded, 'chair');
		const motionId = await propose(chair, seeded, { text: 'That adult cardiac surgery is consolidated into three centres', category: 'service_reconfiguration' });
		expect((await chair.emit('openVote', { meetingId: seeded.meetingId, motionId })).ok).toBe(true);
		for (const [key, choice] of [['chair', 'for'], ['a', 'for'], ['b', 'for'], ['c', 'against']] as const) {
			const voter = key === 'chair' ? chair : await join(seeded, key);
			expect((await voter.emit('castBallot', { meetingId: seeded.meetingId, motionId, choice })).ok).toBe(true);
		}
		const closed = await chair.emit('closeVote', { meetingId: seeded.meetingId, motionId });
		expect(closed).toMatchObject({ ok: true, result: { state: 'recommendation' } });
		const matters = await decision.mattersToDecide(portal.services.sql, ADMINISTRATOR, seeded.parentId);
		expect(matters.map((d) => d.motionText)).toEqual(['That adult cardiac surgery is consolidated into three centres']);
		expect(matters[0]!.explanation.join(' ')).toMatch(/recommendation/i);
	});

	it('worked example 9: four for, four against, carried on the chair’s casting vote, and the explanation says so', async () => {
		const seeded = await seedMeeting(portal.services.sql, {
			name: 'Casting vote',
			rules: { ...MAJORITY, voting: { ...MAJORITY.voting, castingVote: 'chair' } },
			members: [{ key: 'chair', role: 'chair' }, ...Array.from({ length: 7 }, (_, i) => ({ key: `m${i}`, role: 'voting_member' as const }))]
		});
		const everyone = ['chair', ...Array.from({ length: 7 }, (_, i) => `m${i}`)];
		await markPresent(portal.services.sql, seeded, everyone);
		const chair = await join(seeded, 'chair');
		const motionId = await propose(chair, seeded, { text: 'That the minutes are approved', procedural: true });
		expect((await chair.emit('openVote', { meetingId: seeded.meetingId, motionId })).ok).toBe(true);
		for (const [index, key] of everyone.entries()) {
			const voter = key === 'chair' ? chair : await join(seeded, key);
			expect((await voter.emit('castBallot', { meetingId: seeded.meetingId, motionId, choice: index < 4 ? 'for' : 'against' })).ok).toBe(true);
		}
		const closed = await chair.emit('closeVote', { meetingId: seeded.meetingId, motionId, castingVote: 'for' });
		expect(closed).toMatchObject({ ok: true, result: { state: 'carried_binding' } });
		expect(((closed.result as { explanation: string[] }).explanation).join(' ')).toMatch(/casting vote/i);
	});

	it('a vote storm of 100 clients loses and duplicates nothing, and no client sees the sequence go back', async () => {
		const keys = Array.from({ length: 100 }, (_, i) => `v${i}`);
		const seeded = await seedMeeting(portal.services.sql, {
			name: 'Storm',
			rules: { ...MAJORITY, quorum: { minimumCount: 1, deputiesCount: true } },
			members: [{ key: 'chair', role: 'chair' }, ...keys.map((key) => ({ key, role: 'voting_member' as const }))]
		});
		await markPresent(portal.services.sql, seeded, ['chair', ...keys]);
		const chair = await join(seeded, 'chair');
		const motionId = await propose(chair, seeded, { text: 'That the action log is noted', procedural: true });
		expect((await chair.emit('openVote', { meetingId: seeded.meetingId, motionId })).ok).toBe(true);
		const voters = await Promise.all(keys.map((key) => join(seeded, key)));
		// Every voter casts at once; every fourth casts twice (a double click), which must change nothing.
		const answers = await Promise.all(
			voters.flatMap((voter, i) => {
				const cast = () => voter.emit('castBallot', { meetingId: seeded.meetingId, motionId, choice: i % 3 === 0 ? 'against' : 'for' });
				return i % 4 === 0 ? [cast(), cast()] : [cast()];
			})
		);
		expect(answers.every((a) => a.ok)).toBe(true);
		const [count] = await portal.services.sql`select count(*)::int as n from ballots where motion_id = ${motionId}`;
		expect(count?.n).toBe(100);
		await expect.poll(() => voters.every((v) => lastState(v)?.motions[0]?.tally?.ballots === 100), { timeout: 30_000 }).toBe(true);
		for (const client of [chair, ...voters]) {
			const seqs = client.states.map((s) => BigInt(s.seq));
			expect(seqs.every((seq, i) => i === 0 || seq >= seqs[i - 1]!)).toBe(true);
		}
		const closed = await chair.emit('closeVote', { meetingId: seeded.meetingId, motionId });
		expect(closed).toMatchObject({ ok: true, result: { figures: { inFavour: '66', against: '34' } } });
	}, PROCESS_TEST_MS);

	// Two instances need one shared database: PostgreSQL (embedded PGlite belongs to one process).
	it.skipIf(!process.env.DATABASE_URL)('two server processes on one database and Redis: a ballot cast through one reaches a client of the other, in order', async () => {
		const location = await newDatabaseLocation();
		const env = { DATABASE_URL: location.databaseUrl!, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', DATA_DIR: location.dataDir, LOG_LEVEL: 'info' };
		const [first, second] = await Promise.all([spawnPortal(env), spawnPortal(env)]);
		const db = await openDatabase({ databaseUrl: location.databaseUrl, dataDir: location.dataDir, log: quietLog });
		try {
			const seeded = await seedMeeting(db.sql, {
				name: 'Two processes',
				rules: MAJORITY,
				members: [
					{ key: 'chair', role: 'chair' },
					{ key: 'a', role: 'voting_member' },
					{ key: 'watcher', role: 'voting_member' }
				]
			});
			await markPresent(db.sql, seeded, ['chair', 'a', 'watcher']);
			const onFirst = await connectClient(first.url, seeded.cookies.chair!);
			const voterOnFirst = await connectClient(first.url, seeded.cookies.a!);
			const onSecond = await connectClient(second.url, seeded.cookies.watcher!);
			clients.push(onFirst, voterOnFirst, onSecond);
			for (const client of [onFirst, voterOnFirst, onSecond]) expect((await client.emit('join', { meetingId: seeded.meetingId })).ok).toBe(true);
			const motionId = await propose(onFirst, seeded, { text: 'That the terms of reference are adopted', procedural: true });
			expect((await onFirst.emit('openVote', { meetingId: seeded.meetingId, motionId })).ok).toBe(true);
			expect((await voterOnFirst.emit('castBallot', { meetingId: seeded.meetingId, motionId, choice: 'for' })).ok).toBe(true);
			await expect.poll(() => lastState(onSecond)?.motions[0]?.tally?.ballots, { timeout: 15_000 }).toBe(1);
			const seqs = onSecond.states.map((state) => BigInt(state.seq));
			expect(seqs.length).toBeGreaterThanOrEqual(3);
			expect(seqs.every((seq, i) => i === 0 || seq >= seqs[i - 1]!)).toBe(true);
		} finally {
			await db.close();
			first.child.kill('SIGTERM');
			second.child.kill('SIGTERM');
			expect(await first.exited, first.output()).toBe(0);
			expect(await second.exited, second.output()).toBe(0);
			await location.remove();
		}
	}, PROCESS_TEST_MS);
});
