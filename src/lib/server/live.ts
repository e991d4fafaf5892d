import * as governance from '$lib/domain/governance';
import { visibleParts, type Reader } from '$lib/domain/policy';
import { visibleState, votingTally, type Counts, type LiveMotion, type LiveState } from '$lib/live/state';
import * as action from './action';
import * as attendance from './attendance';
import type { Sql, Tx } from './db';
import * as membership from './membership';
import * as declaration from './declaration';
import * as meeting from './meeting';
import * as motion from './motion';
import { itemContext, loadSitting, type LoadedSitting } from './sitting';
import type { Result } from './result';
import * as speaker from './speaker';

export type { LiveMotion, LiveState };

const countsOf = (cast: { choice: governance.Choice }[]): Counts => ({
	for: cast.filter((b) => b.choice === 'for').length,
	against: cast.filter((b) => b.choice === 'against').length,
	abstain: cast.filter((b) => b.choice === 'abstain').length
});

/** Names the organisation each ballot was cast for, as the minutes do. */
async function ballotsWithOrganisations(tx: Tx, cast: motion.BallotRow[]) {
	const ids = [...new Set(cast.flatMap((b) => (b.organisationId ? [b.organisationId] : [])))];
	const names = new Map(
		ids.length ? (await tx<{ id: string; name: string }[]>`select id, name from organisations where id in ${tx(ids)}`).map((o) => [o.id, o.name]) : []
	);
	return cast.map((b) => ({ ...b, organisationName: b.organisationId ? (names.get(b.organisationId) ?? null) : null }));
}

async function memberName(tx: Tx, membershipId: string): Promise<string | null> {
	const [row] = await tx<{ name: string }[]>`select u.name from memberships m join users u on u.id = m.user_id where m.id = ${membershipId}`;
	return row?.name ?? null;
}

/**
 * A closed secret ballot's count, from the decision: its ballots are gone. Per member, so each figure is whole; the
 * minute names who voted ("Voted, by secret ballot: …").
 */
function secretCount(figures: { inFavour: string; against: string; abstain: string } | undefined): LiveMotion['tally'] {
	if (!figures) return null;
	const [inFavour, against, abstain] = [figures.inFavour, figures.against, figures.abstain].map((n) => Number(n));
	return { for: inFavour!, against: against!, abstain: abstain!, ballots: inFavour! + against! + abstain! };
}

async function liveMotion(tx: Tx, sitting: Result<LoadedSitting>, row: motion.MotionRow): Promise<LiveMotion> {
	const context: Result<governance.ItemContext> = sitting.ok ? { ok: true, value: itemContext(sitting.value, row) } : sitting;
	const cast = await motion.ballots(tx, row.id);
	const closed = row.state === 'decided';
	const [decided] = await tx<{ state: string; explanation: string[]; figures: { figures?: { inFavour: string; against: string; abstain: string } } }[]>`
		select state, explanation, figures from decisions where motion_id = ${row.id}`;
	let opening: LiveMotion['opening'] = null;
	let entitlements: LiveMotion['entitlements'] = [];
	const settled = ['withdrawn', 'deferred', 'declined'].includes(row.state);
	if (context.ok && !closed && !settled) {
		const check = governance.bindingVoteMayOpen(context.value);
		opening = check.ok
			? { ok: true, basis: check.basis, reason: null, alternatives: [], explanation: check.explanation }
			: { ok: false, basis: null, reason: check.reason, alternatives: check.alternatives, explanation: check.explanation };
		entitlements = governance.eligibleVoters(context.value).entitlements.map((e) => ({
			key: e.key,
			kind: e.kind,
			label: e.label,
			weight: e.weight,
			casters: e.casters.map((c) => c.memberId)
		}));
	} else if (!context.ok) {
		opening = { ok: false, basis: null, reason: context.reason, alternatives: [], explanation: [] };
	}
	return {
		id: row.id,
		agendaItemId: row.agendaItemId,
		text: row.text,
		category: row.category,
		valuePence: row.valuePence,
		procedural: row.procedural,
		state: row.state,
		indicative: row.indicative,
		countVisibility: row.countVisibility,
		secret: row.secret,
		secretBallotAllowed: context.ok && context.value.rules.voting.secretBallotsAllowed,
		opening,
		entitlements,
		proposedBy: row.proposer ? await memberName(tx, row.proposer) : null,
		objections: (await motion.objections(tx, row.id)).map((o) => o.name),
		tally: closed && row.secret
			? secretCount(decided?.figures.figures)
			: closed || row.state === 'voting'
				? votingTally({ countVisibility: closed ? 'open' : row.countVisibility }, countsOf(cast))
				: null,
		ballots: closed && !row.secret ? await ballotsWithOrganisations(tx, cast) : null,
		decision: decided ?? null
	};
}

/**
 * The live meeting as the reader may see it (policy.visibleParts, through `visibleState`): what join and sync
 * answer. Null when there is no such meeting.
 */
export async function stateFor(sql: Sql, meetingId: string, reader: Reader): Promise<LiveState | null> {
	const state = await wholeState(sql, meetingId);
	return state && visibleState(state, visibleParts(reader, state.meeting.bodyId));
}

/**
 * Everything a participant's screen shows of a live meeting, Part B included, read in one consistent snapshot with
 * the sequence number it reflects: a client keeps the state with the highest number and never shows an older one.
 * Never sent as it is: the sockets send each audience its `visibleState`.
 */
export async function wholeState(sql: Sql, meetingId: string): Promise<LiveState | null> {
	return sql.begin('isolation level repeatable read', async (tx) => {
		const found = await meeting.get(tx, meetingId);
		if (!found) return null;
		const items = await meeting.wholeAgenda(tx, meetingId);
		const itemId = found.currentItemId;
		const sitting = await loadSitting(tx, found, itemId);
		const quorum = sitting.ok ? governance.evaluateQuorum(sitting.value.sitting) : null;
		const motions = itemId ? (await motion.listForMeeting(tx, meetingId)).filter((m) => m.agendaItemId === itemId) : [];
		return {
			seq: found.seq,
			meeting: {
				id: found.id,
				bodyId: found.bodyId,
				title: found.title,
				bodyName: found.bodyName,
				status: found.status,
				startsAt: found.startsAt.toISOString(),
				endsAt: found.endsAt.toISOString(),
				place: found.place,
				videoLink: found.videoLink
			},
			agenda: items.map(({ id, number, title, purpose, presenter, minutesAllotted, part, secondsUsed, discussion, papers }) => ({
				id,
				number,
				title,
				purpose,
				presenter,
				minutesAllotted,
				part,
				secondsUsed,
				discussion,
				papers: papers.map((p) => ({ id: p.id, filename: p.filename }))
			})),
			currentItem: itemId ? { id: itemId, startedAt: found.currentItemStartedAt?.toISOString() ?? null } : null,
			attendance: await attendance.register(tx, meetingId),
			quorum: quorum
				? { quorate: quorum.quorate, failures: quorum.failures, explanation: quorum.explanation, counted: quorum.counted, votingMembership: quorum.votingMembership }
				: { unavailable: sitting.ok ? 'Quorum cannot be judged' : sitting.reason },
			declarations: (await declaration.wholeList(tx, meetingId)).filter((d) => d.agendaItemId === itemId).map(({ bodyId: _b, part: _p, ...entry }) => entry),
			motions: await Promise.all(motions.map((m) => liveMotion(tx, sitting, m))),
			withheld: { items: 0, currentItem: false },
			speakers: (await speaker.queue(tx, meetingId)).map((s) => ({ membershipId: s.membershipId, name: s.name })),
			actions: (await action.wholeLog(tx, { meetingId })).map((a) => ({ id: a.id, description: a.description, ownerName: a.ownerName, dueOn: a.dueOn, agendaItemId: a.agendaItemId, status: a.status }))
		};
	});
}

/** A participant's own view: their memberships in the body and, on open votes, the ballots they have cast. */
export async function personalState(sql: Sql, meetingId: string, userId: string, known?: { id: string; role: string }[]) {
	// The person's memberships of the body, when the caller has just read them (meeting.readForSession), are not read again.
	const memberships =
		known ??
		(await sql<{ id: string; role: string }[]>`
			select m.id, m.role from memberships m join meetings mt on mt.body_id = m.body_id
			where mt.id = ${meetingId} and m.user_id = ${userId} and ${membership.held(sql, 'm')}`);
	const ids = memberships.map((m) => m.id).concat(['00000000-0000-0000-0000-000000000000']);
	const myBallots = await sql<{ motionId: string; organisationId: string | null; choice: governance.Choice }[]>`
		select b.motion_id, b.organisation_id, b.choice from ballots b
		join motions mo on mo.id = b.motion_id join agenda_items a on a.id = mo.agenda_item_id
		where a.meeting_id = ${meetingId} and b.voter_membership_id in ${sql(ids)}`;
	return { membershipIds: memberships.map((m) => m.id), roles: memberships.map((m) => m.role), myBallots: [...myBallots] };
}

/**
 * The meeting's sequence number and the counts of the given motions' ballots, read in one statement (one snapshot):
 * what a tally change (`TallyChange`) is made of, in place of the whole state, when only ballots have changed.
 */
export async function talliesNow(sql: Sql, meetingId: string, motionIds: string[]): Promise<{ seq: string; counts: Map<string, Counts> } | null> {
	const [row] = await sql<{ seq: string; counts: { motionId: string; choice: governance.Choice; n: number }[] }[]>`
		select m.seq::text as seq, coalesce((
			select json_agg(json_build_object('motionId', b.motion_id, 'choice', b.choice, 'n', b.n))
			from (select motion_id, choice, count(*)::int as n from ballots where motion_id in ${sql(motionIds)} group by motion_id, choice) b
		), '[]'::json) as counts
		from meetings m where m.id = ${meetingId}`;
	if (!row) return null;
	const counts = new Map(motionIds.map((id): [string, Counts] => [id, { for: 0, against: 0, abstain: 0 }]));
	for (const { motionId, choice, n } of row.counts) counts.get(motionId)![choice] = n;
	return { seq: row.seq, counts };
}

/** The meeting's sequence number now: whether a state already made is still the newest. */
export async function seqNow(sql: Sql, meetingId: string): Promise<string | null> {
	const [row] = await sql<{ seq: string }[]>`select seq::text as seq from meetings where id = ${meetingId}`;
	return row?.seq ?? null;
}
