import { io, type Socket } from 'socket.io-client';
import type { GovernanceRulesInput, MemberRole, OrganisationKind } from '../../src/lib/domain/governance';
import { withTallies, type LiveState, type TallyChange } from '../../src/lib/live/state';
import * as attendance from '../../src/lib/server/attendance';
import * as body from '../../src/lib/server/body';
import * as bodyRules from '../../src/lib/server/body-rules';
import type { Sql } from '../../src/lib/server/db';
import * as mandate from '../../src/lib/server/mandate';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import * as organisation from '../../src/lib/server/organisation';
import * as session from '../../src/lib/server/session';
import * as user from '../../src/lib/server/user';
import * as weight from '../../src/lib/server/weight';
import { scaled } from './time';

export interface BodySpec {
	name: string;
	rules: GovernanceRulesInput;
	organisations?: { key: string; kind: OrganisationKind; weight?: string }[];
	members: { key: string; role: MemberRole; represents?: string[]; deputyFor?: string }[];
	delegations?: { categories: string[]; financialLimitPence: bigint }[];
	mandates?: { member: string; organisation: string; categories: string[]; financialLimitPence: bigint }[];
	/** The body above this one, when it already exists (a sub-group under an oversight group); otherwise one is made. */
	parentId?: string;
}

export interface SeededMeeting {
	bodyId: string;
	parentId: string;
	meetingId: string;
	/** Agenda items by position (1-based, the standing items first), plus one decision item at the end. */
	decisionItemId: string;
	membershipIds: Record<string, string>;
	organisationIds: Record<string, string>;
	cookies: Record<string, string>;
}

const today = () => new Date().toISOString().slice(0, 10);

/** Rules for tests about something else: one voting member present is a quorum; more than half of votes cast carries. */
export const SIMPLE_MAJORITY: GovernanceRulesInput = { schemaVersion: 1, quorum: { minimumCount: 1, deputiesCount: true }, voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] } };
let counter = 0;

/**
 * A body under a parent, with organisations, members (each with a signed-in session), rules, delegations and
 * mandates, and a meeting in progress today with a decision item. Everything through the portal's own modules.
 */
export async function seedMeeting(sql: Sql, spec: BodySpec): Promise<SeededMeeting> {
	const tag = `${spec.name} ${++counter}-${Math.random().toString(36).slice(2, 7)}`;
	return sql.begin(async (tx) => {
		const clerk = await user.ensurePerson(tx, { email: `clerk.${counter}.${Math.random().toString(36).slice(2, 8)}@example.nhs.uk`, name: 'Clerk' }, null);
		const actor = clerk.id;
		const parent = spec.parentId ? { ok: true as const, value: { id: spec.parentId } } : await body.create(tx, { name: `Parent of ${tag}`, kind: 'regional_team', parentId: null }, null);
		if (!parent.ok) throw new Error(parent.reason);
		const made = await body.create(tx, { name: tag, kind: spec.parentId ? 'delivery_sub_group' : 'oversight_group', parentId: parent.value.id }, null);
		if (!made.ok) throw new Error(made.reason);
		const bodyId = made.value.id;
		const organisationIds: Record<string, string> = {};
		for (const org of spec.organisations ?? []) {
			const created = await organisation.create(tx, { name: `${org.key} (${tag})`, kind: org.kind, odsCode: null }, null);
			if (!created.ok) throw new Error(created.reason);
			organisationIds[org.key] = created.value.id;
			if (org.weight) await weight.set(tx, bodyId, { organisationId: created.value.id, weight: org.weight, basis: 'test' }, actor);
		}
		const membershipIds: Record<string, string> = {};
		const cookies: Record<string, string> = {};
		for (const member of spec.members) {
			const person = await user.ensurePerson(tx, { email: `${member.key}.${counter}.${Math.random().toString(36).slice(2, 8)}@example.nhs.uk`, name: member.key }, null);
			const joined = await membership.create(
				tx,
				bodyId,
				person.id,
				{
					role: member.role,
					deputyFor: member.deputyFor ? membershipIds[member.deputyFor]! : null,
					organisationIds: (member.represents ?? []).map((key) => organisationIds[key]!),
					startsOn: '2015-04-01',
					endsOn: null
				},
				null
			);
			if (!joined.ok) throw new Error(`${member.key}: ${joined.reason}`);
			membershipIds[member.key] = joined.value.id;
			const started = await session.create(tx, person.id);
			cookies[member.key] = `session=${started.token}`;
		}
		const rules = await bodyRules.record(tx, bodyId, spec.rules, { source: 'entered', note: 'test' }, null);
		if (!rules.ok) throw new Error(rules.problems.join('; '));
		for (const delegation of spec.delegations ?? []) {
			const added = await bodyRules.addDelegation(tx, bodyId, { ...delegation, validFrom: '2015-04-01', validTo: null, note: '' }, actor);
			if (!added.ok) throw new Error(added.reason);
		}
		for (const m of spec.mandates ?? []) {
			const added = await mandate.create(
				tx,
				membershipIds[m.member]!,
				{ organisationId: organisationIds[m.organisation]!, categories: m.categories, financialLimitPence: m.financialLimitPence, expiresOn: '2099-03-31', evidence: 'test' },
				null
			);
			if (!added.ok) throw new Error(added.reason);
		}
		const start = new Date(Date.now() - 10 * 60_000);
		const scheduled = await meeting.schedule(tx, bodyId, { title: `Meeting of ${tag}`, startsAt: start, endsAt: new Date(start.getTime() + 3 * 3_600_000), place: 'Room 1', videoLink: '' }, actor);
		if (!scheduled.ok) throw new Error(scheduled.reason);
		const item = await meeting.addItem(tx, scheduled.value.id, { title: 'Decision item', purpose: 'decision', presenter: '', minutesAllotted: 20, part: 'A', parentId: null }, actor);
		if (!item.ok) throw new Error(item.reason);
		const started = await meeting.setStatus(tx, scheduled.value.id, 'in_progress', actor);
		if (!started.ok) throw new Error(started.reason);
		return { bodyId, parentId: parent.value.id, meetingId: scheduled.value.id, decisionItemId: item.value.id, membershipIds, organisationIds, cookies };
	});
}

/** Marks members present (or as given) at the meeting, straight through the module. */
export async function markPresent(sql: Sql, seeded: SeededMeeting, keys: string[], status: 'present' | 'remote' = 'present') {
	const [clerk] = await sql<{ id: string }[]>`select id from users where name = 'Clerk' limit 1`;
	const actor = clerk!.id;
	await sql.begin(async (tx) => {
		for (const key of keys) {
			const done = await attendance.record(tx, seeded.meetingId, { membershipId: seeded.membershipIds[key]!, status, deputyFor: null, departed: false }, actor);
			if (!done.ok) throw new Error(done.reason);
		}
	});
}

export { today };

export interface LiveClient {
	socket: Socket;
	/** Every `state` broadcast received, in order. */
	states: { seq: string; [key: string]: unknown }[];
	emit(event: string, payload: unknown): Promise<{ ok: boolean; reason?: string; [key: string]: unknown }>;
	close(): void;
}

/** A real socket.io client, signed in by its session cookie. */
export async function connectClient(
	url: string,
	cookie: string | null,
	transports: ('websocket' | 'polling')[] = ['websocket'],
	headers: Record<string, string> = {}
): Promise<LiveClient> {
	const socket = io(url, { path: '/socket.io', transports, extraHeaders: { ...headers, ...(cookie ? { cookie } : {}) }, reconnection: false, forceNew: true });
	const states: LiveClient['states'] = [];
	socket.on('state', (state) => states.push(state));
	// As the page does (live-meeting.svelte.ts): a tally change makes the next state from the newest it has, the
	// join's answer included (kept apart: `states` holds broadcasts only); one that follows a state never received
	// asks for the whole state again.
	let answered: LiveState | null = null;
	const newest = () =>
		[...states, ...(answered ? [answered] : [])].reduce<LiveState | null>((best, s) => (!best || BigInt(s.seq) > BigInt(best.seq) ? (s as unknown as LiveState) : best), null);
	socket.on('tally', async (change: TallyChange) => {
		const latest = newest();
		const next = latest ? withTallies(latest, change) : 'gap';
		if (next === 'stale') return;
		if (next !== 'gap') return void states.push(next as unknown as (typeof states)[number]);
		try {
			const answer = await socket.timeout(scaled(20_000)).emitWithAck('sync', { meetingId: change.meetingId });
			if (answer.ok && answer.state && BigInt(answer.state.seq) > BigInt(newest()?.seq ?? -1)) states.push(answer.state);
		} catch {
			// Closed by the test meanwhile.
		}
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', (error) => reject(error));
	});
	return {
		socket,
		states,
		emit: async (event, payload) => {
			const answer = await socket.timeout(scaled(20_000)).emitWithAck(event, payload);
			if ((event === 'join' || event === 'sync') && answer?.ok && answer.state) answered = answer.state;
			return answer;
		},
		close: () => socket.disconnect()
	};
}

/**
 * A body with a chair and N voting members (v0, v1...), all present and connected by socket.io to the portal, with
 * a vote open on the meeting's decision item: the set-up of the ballot benchmarks and of the statement-count test.
 */
export async function openVoteWith(portal: { url: string; services: { sql: Sql } }, voters: number, name: string) {
	const keys = Array.from({ length: voters }, (_, i) => `v${i}`);
	const seeded = await seedMeeting(portal.services.sql, {
		name,
		rules: SIMPLE_MAJORITY,
		members: [{ key: 'chair', role: 'chair' }, ...keys.map((key) => ({ key, role: 'voting_member' as const }))]
	});
	await markPresent(portal.services.sql, seeded, ['chair', ...keys]);
	const chair = await connectClient(portal.url, seeded.cookies.chair!);
	await chair.emit('join', { meetingId: seeded.meetingId });
	await chair.emit('currentItem', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId });
	const proposed = await chair.emit('propose', { meetingId: seeded.meetingId, itemId: seeded.decisionItemId, text: name, category: 'procedural', procedural: true });
	const motionId = (proposed.result as { id: string }).id;
	await chair.emit('openVote', { meetingId: seeded.meetingId, motionId });
	const clients = await Promise.all(keys.map((key) => connectClient(portal.url, seeded.cookies[key]!)));
	await Promise.all(clients.map((c) => c.emit('join', { meetingId: seeded.meetingId })));
	return { seeded, chair, motionId, clients };
}
