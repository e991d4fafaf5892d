import * as governance from '$lib/domain/governance';
import { londonClock } from '$lib/domain/london-time';
import * as audit from './audit';
import type { Tx } from './db';
import * as documentVersion from './document-version';
import * as meeting from './meeting';
import type { Result } from './result';
import { itemContextFor, type MotionRow } from './sitting';

export type { MotionRow };

export interface MotionInput {
	text: string;
	category: string;
	valuePence: bigint;
	procedural: boolean;
	proposer: string | null;
	seconder: string | null;
	noticeGivenOn: string | null;
}

const select = (tx: Tx) => tx`
	select id, agenda_item_id, text, category, value_pence::text as value_pence, procedural, proposer, seconder, notice_given_on,
		state, indicative, count_visibility, casting_vote, opened_at, closed_at, created_at
	from motions`;

export async function get(tx: Tx, id: string): Promise<(MotionRow & { meetingId: string; bodyId: string }) | null> {
	const [row] = await tx<(MotionRow & { meetingId: string; bodyId: string })[]>`
		select mo.*, a.meeting_id, m.body_id from (${select(tx)}) mo
		join agenda_items a on a.id = mo.agenda_item_id join meetings m on m.id = a.meeting_id
		where mo.id = ${id}`;
	return row ?? null;
}

export async function listForMeeting(tx: Tx, meetingId: string): Promise<MotionRow[]> {
	return tx<MotionRow[]>`
		select mo.* from (${select(tx)}) mo join agenda_items a on a.id = mo.agenda_item_id
		where a.meeting_id = ${meetingId} order by a.position, mo.created_at, mo.id`;
}

/**
 * A motion must belong to a running meeting before anything is done with it. The meeting is locked first
 * (`meeting.lock`) and the motion read after, so what an act sees is what the last act on the meeting left.
 */
async function inRunningMeeting(tx: Tx, motionId: string) {
	const [ref] = await tx<{ meetingId: string }[]>`
		select a.meeting_id from motions mo join agenda_items a on a.id = mo.agenda_item_id where mo.id = ${motionId}`;
	if (!ref) return { ok: false as const, reason: 'No such motion' };
	const running = await meeting.lock(tx, ref.meetingId);
	if (running?.status !== 'in_progress') return { ok: false as const, reason: 'The meeting is not in progress' };
	return { ok: true as const, value: (await get(tx, motionId))! };
}

/** Motions are numbered on their item in the order proposed, as the live meeting shows them: "motion 2". */
async function numberOnItem(tx: Tx, motion: MotionRow): Promise<number> {
	const [row] = await tx<{ n: number }[]>`
		select count(*)::int as n from motions
		where agenda_item_id = ${motion.agendaItemId} and (created_at, id) <= (select created_at, id from motions where id = ${motion.id})`;
	return row!.n;
}

/** Why a ballot cannot be cast on a motion that is not voting: when its vote closed, or what it is now. */
async function notVoting(tx: Tx, motion: MotionRow): Promise<string> {
	const number = await numberOnItem(tx, motion);
	if (motion.closedAt) return `The vote on motion ${number} closed at ${londonClock(motion.closedAt)}`;
	return `Voting is not open on motion ${number}: it is ${motion.state.replace('_', ' ')}`;
}

export async function propose(tx: Tx, itemId: string, input: MotionInput, actorId: string): Promise<Result<MotionRow>> {
	const open = await meeting.lockOpenForItem(tx, itemId);
	if (!open.ok) return open;
	const { item } = open.value;
	for (const who of [input.proposer, input.seconder]) {
		if (!who) continue;
		const [member] = await tx<{ bodyId: string }[]>`select body_id from memberships where id = ${who}`;
		if (!member || member.bodyId !== item.bodyId) return { ok: false, reason: 'The proposer and seconder must be members of this body' };
	}
	if (input.proposer && input.proposer === input.seconder) return { ok: false, reason: 'A motion needs a seconder other than its proposer' };
	if (input.valuePence > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'That value is too large' };
	const [row] = await tx<{ id: string }[]>`
		insert into motions (agenda_item_id, text, category, value_pence, procedural, proposer, seconder, notice_given_on)
		values (${itemId}, ${input.text}, ${input.category}, ${input.valuePence.toString()}, ${input.procedural}, ${input.proposer}, ${input.seconder}, ${input.noticeGivenOn})
		returning id`;
	await meeting.nextSeq(tx, item.meetingId);
	const created = (await get(tx, row!.id))!;
	await audit.record(tx, { actorId, action: 'motion.propose', entity: 'motion', entityId: created.id, after: created });
	return { ok: true, value: created };
}

/** What the engine says about opening a binding vote on the motion now: may it, on what footing, and if not, why. */
export async function opening(tx: Tx, motionId: string): Promise<Result<governance.VoteOpening>> {
	const found = await get(tx, motionId);
	if (!found) return { ok: false, reason: 'No such motion' };
	const context = await itemContextFor(tx, found.meetingId, found);
	if (!context.ok) return context;
	return { ok: true, value: governance.bindingVoteMayOpen(context.value) };
}

/** The chair asks for consensus: allowed when a vote could open (quorate, notice, authority), or as an indicative call. */
export async function callConsensus(tx: Tx, motionId: string, options: { indicative: boolean }, actorId: string): Promise<Result<null>> {
	const found = await inRunningMeeting(tx, motionId);
	if (!found.ok) return found;
	if (found.value.state !== 'proposed') return { ok: false, reason: `Consensus can be called on a proposed motion; this one is ${found.value.state.replace('_', ' ')}` };
	const check = await opening(tx, motionId);
	if (!check.ok) return check;
	if (!check.value.ok && !options.indicative) return { ok: false, reason: check.value.reason };
	await tx`delete from consensus_objections where motion_id = ${motionId}`;
	await tx`update motions set state = 'consensus_called', indicative = ${options.indicative} where id = ${motionId}`;
	await meeting.nextSeq(tx, found.value.meetingId);
	await audit.record(tx, { actorId, action: 'motion.call_consensus', entity: 'motion', entityId: motionId, after: options });
	return { ok: true, value: null };
}

/** A voting member objects to consensus: the motion goes back to the chair, to be put to a vote. */
export async function objectToConsensus(tx: Tx, motionId: string, membershipId: string, actorId: string): Promise<Result<null>> {
	const found = await inRunningMeeting(tx, motionId);
	if (!found.ok) return found;
	if (found.value.state !== 'consensus_called') return { ok: false, reason: 'The chair has not asked for consensus on this motion' };
	const context = await itemContextFor(tx, found.value.meetingId, found.value);
	if (!context.ok) return context;
	const eligibility = governance.eligibleVoters(context.value);
	const mayVote = eligibility.entitlements.some((e) => e.casters.some((c) => c.memberId === membershipId));
	if (!mayVote) return { ok: false, reason: 'Only a voting member eligible on this item can object' };
	await tx`insert into consensus_objections (motion_id, membership_id) values (${motionId}, ${membershipId}) on conflict do nothing`;
	await tx`update motions set state = 'proposed' where id = ${motionId}`;
	await meeting.nextSeq(tx, found.value.meetingId);
	await audit.record(tx, { actorId, action: 'motion.object', entity: 'motion', entityId: motionId, after: { membershipId } });
	return { ok: true, value: null };
}

export async function objections(tx: Tx, motionId: string): Promise<{ membershipId: string; name: string }[]> {
	return tx<{ membershipId: string; name: string }[]>`
		select o.membership_id, u.name from consensus_objections o join memberships m on m.id = o.membership_id join users u on u.id = m.user_id
		where o.motion_id = ${motionId} order by o.created_at`;
}

/** The chair records consensus: no voting member objected. The engine decides what it amounts to. */
export async function recordConsensus(tx: Tx, motionId: string, actorId: string): Promise<Result<governance.DecisionReached>> {
	const found = await inRunningMeeting(tx, motionId);
	if (!found.ok) return found;
	if (found.value.state !== 'consensus_called') return { ok: false, reason: 'Ask for consensus first' };
	const context = await itemContextFor(tx, found.value.meetingId, found.value);
	if (!context.ok) return context;
	const objectedBy = (await objections(tx, motionId)).map((o) => o.membershipId);
	const outcome = governance.decideConsensus(context.value, { objections: objectedBy, indicative: found.value.indicative });
	if (!outcome.ok) return { ok: false, reason: outcome.reason };
	await recordDecision(tx, found.value, outcome, context.value);
	await audit.record(tx, { actorId, action: 'motion.record_consensus', entity: 'motion', entityId: motionId, after: { state: outcome.state } });
	return { ok: true, value: outcome };
}

/** The chair opens a vote. A binding vote opens only when the engine allows; otherwise an indicative vote may. */
export async function openVote(
	tx: Tx,
	motionId: string,
	options: { indicative: boolean; countVisibility: 'open' | 'hidden' },
	actorId: string
): Promise<Result<governance.VoteOpening>> {
	const found = await inRunningMeeting(tx, motionId);
	if (!found.ok) return found;
	if (found.value.state !== 'proposed') return { ok: false, reason: `A vote opens on a proposed motion; this one is ${found.value.state.replace('_', ' ')}` };
	const check = await opening(tx, motionId);
	if (!check.ok) return check;
	if (!check.value.ok) {
		const quorumFailure = !check.value.quorum.quorate;
		// An indicative vote is the chair's way round missing notice or authority, never round an inquorate meeting.
		if (!options.indicative || quorumFailure) return { ok: false, reason: check.value.reason };
	}
	await tx`
		update motions set state = 'voting', indicative = ${options.indicative}, count_visibility = ${options.countVisibility}, opened_at = clock_timestamp()
		where id = ${motionId}`;
	await meeting.nextSeq(tx, found.value.meetingId);
	await audit.record(tx, { actorId, action: 'motion.open_vote', entity: 'motion', entityId: motionId, after: options });
	return { ok: true, value: check.value };
}

/**
 * Casts (or changes) a ballot. The voter must be able to cast that vote on this item: present, free of conflict,
 * and, per organisation, representing it. One ballot per voter and organisation per motion, enforced by the database.
 */
export async function castBallot(
	tx: Tx,
	motionId: string,
	input: { voterMembershipId: string; organisationId: string | null; choice: governance.Choice },
	actorId: string
): Promise<Result<null>> {
	const found = await inRunningMeeting(tx, motionId);
	if (!found.ok) return found;
	if (found.value.state !== 'voting') return { ok: false, reason: await notVoting(tx, found.value) };
	const context = await itemContextFor(tx, found.value.meetingId, found.value);
	if (!context.ok) return context;
	const eligibility = governance.eligibleVoters(context.value);
	const entitlement = eligibility.entitlements.find((e) =>
		e.kind === 'member' ? input.organisationId === null && e.casters.some((c) => c.memberId === input.voterMembershipId) : e.key === input.organisationId
	);
	if (!entitlement || !entitlement.casters.some((c) => c.memberId === input.voterMembershipId)) {
		const excluded = eligibility.excluded.find((x) => x.key === input.voterMembershipId || x.key === input.organisationId);
		return { ok: false, reason: excluded ? `${excluded.label}: ${excluded.reason}` : 'You are not eligible to cast that vote on this item' };
	}
	await tx`
		insert into ballots (motion_id, voter_membership_id, organisation_id, choice)
		values (${motionId}, ${input.voterMembershipId}, ${input.organisationId}, ${input.choice})
		on conflict (motion_id, voter_membership_id, coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'))
		do update set choice = excluded.choice, updated_at = now()`;
	await meeting.nextSeq(tx, found.value.meetingId);
	await audit.record(tx, { actorId, action: 'ballot.cast', entity: 'motion', entityId: motionId, after: input });
	return { ok: true, value: null };
}

export interface BallotRow {
	voterMembershipId: string;
	organisationId: string | null;
	choice: governance.Choice;
}

export async function ballots(tx: Tx, motionId: string): Promise<BallotRow[]> {
	return tx<BallotRow[]>`select voter_membership_id, organisation_id, choice from ballots where motion_id = ${motionId} order by id`;
}

/**
 * The chair closes the vote; the engine decides the outcome from the ballots as they stand. The meeting's lock,
 * held since `inRunningMeeting`, keeps any ballot from landing between this count and the commit.
 */
export async function closeVote(tx: Tx, motionId: string, options: { castingVote: 'for' | 'against' | null }, actorId: string): Promise<Result<governance.DecisionReached>> {
	const found = await inRunningMeeting(tx, motionId);
	if (!found.ok) return found;
	if (found.value.state !== 'voting') return { ok: false, reason: await notVoting(tx, found.value) };
	const context = await itemContextFor(tx, found.value.meetingId, found.value);
	if (!context.ok) return context;
	const cast = await ballots(tx, motionId);
	const outcome = governance.decideVote(context.value, {
		ballots: cast.map((b) => ({ voterId: b.voterMembershipId, choice: b.choice, ...(b.organisationId ? { organisationId: b.organisationId } : {}) })),
		...(options.castingVote ? { castingVote: options.castingVote } : {}),
		indicative: found.value.indicative
	});
	if (!outcome.ok) return { ok: false, reason: outcome.reason };
	await tx`update motions set casting_vote = ${options.castingVote}, closed_at = clock_timestamp() where id = ${motionId}`;
	await recordDecision(tx, found.value, outcome, context.value);
	await audit.record(tx, { actorId, action: 'motion.close_vote', entity: 'motion', entityId: motionId, after: { state: outcome.state } });
	return { ok: true, value: outcome };
}

/** The chair defers a motion or the proposer withdraws it; it stays on the record. */
export async function setAside(tx: Tx, motionId: string, state: 'deferred' | 'withdrawn', actorId: string): Promise<Result<null>> {
	const [ref] = await tx<{ meetingId: string }[]>`
		select a.meeting_id from motions mo join agenda_items a on a.id = mo.agenda_item_id where mo.id = ${motionId}`;
	if (!ref) return { ok: false, reason: 'No such motion' };
	const open = await meeting.lockOpen(tx, ref.meetingId);
	if (!open.ok) return open;
	const found = (await get(tx, motionId))!;
	if (found.state === 'decided') return { ok: false, reason: 'A decided motion cannot be deferred or withdrawn' };
	await tx`update motions set state = ${state} where id = ${motionId}`;
	await tx`delete from ballots where motion_id = ${motionId}`;
	await meeting.nextSeq(tx, found.meetingId);
	await audit.record(tx, { actorId, action: `motion.${state}`, entity: 'motion', entityId: motionId });
	return { ok: true, value: null };
}

async function recordDecision(
	tx: Tx,
	motion: MotionRow & { meetingId: string; bodyId: string },
	outcome: governance.DecisionReached,
	context: governance.ItemContext
) {
	const [parent] = await tx<{ parentId: string | null }[]>`select parent_id from bodies where id = ${motion.bodyId}`;
	const ratifying = (outcome.ratifyingOrganisations ?? []).map((o) => o.id);
	await tx`update motions set state = 'decided' where id = ${motion.id}`;
	await tx`
		insert into decisions (motion_id, body_id, meeting_id, agenda_item_id, method, state, recommendation_to_body_id,
			ratifying_organisation_ids, ratify_by, appeal_by, figures, explanation)
		values (${motion.id}, ${motion.bodyId}, ${motion.meetingId}, ${motion.agendaItemId}, ${outcome.method}, ${outcome.state},
			${outcome.state === 'recommendation' ? (parent?.parentId ?? null) : null}, ${ratifying}::uuid[],
			${outcome.ratifyBy ?? null}, ${outcome.appealBy ?? null},
			${tx.json({ footing: outcome.footing, indicativeResult: outcome.indicativeResult ?? null, figures: outcome.figures, ballots: outcome.ballots, setAside: outcome.setAside, recommendationTo: outcome.recommendationTo ?? null, arbitrationApplies: outcome.arbitrationApplies ?? false, motion: context.motion } as never)},
			${outcome.explanation})`;
	await documentVersion.onDecision(tx, motion.id, outcome.state);
	await meeting.nextSeq(tx, motion.meetingId);
}
