import * as governance from '$lib/domain/governance';
import { londonClock } from '$lib/domain/london-time';
import { MOTION_STATE_LABELS } from '$lib/domain/meeting-words';
import * as audit from './audit';
import type { Tx } from './db';
import * as decision from './decision';
import { announce } from './events';
import * as meeting from './meeting';
import * as notification from './notification';
import type { Result } from './result';
import { loadMotion, membershipsOf, type LoadedMotion, type MotionRow } from './sitting';

export type { MotionRow };

/**
 * The motion an act is on: its id, or, from a command that has locked the meeting already, the id with the
 * locked meeting row, so the row is read once.
 */
export type MotionRef = string | { motionId: string; meeting: meeting.Meeting };

/** Who casts a ballot or objects: one membership, or a person, whose membership the engine picks. */
export type Voter = { membershipId: string } | { userId: string };

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
		state, indicative, count_visibility, secret, casting_vote, opened_at, closed_at, created_at
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
 * (`meeting.lock`) and the motion, with all the engine needs, read after in one statement: what an act sees is
 * what the last act on the meeting left.
 */
async function inRunningMeeting(tx: Tx, ref: MotionRef): Promise<Result<LoadedMotion>> {
	const motionId = typeof ref === 'string' ? ref : ref.motionId;
	const running = typeof ref === 'string' ? await meeting.lockForMotion(tx, motionId) : ref.meeting;
	if (!running) return { ok: false, reason: 'No such motion' };
	if (running.status !== 'in_progress') return { ok: false, reason: 'The meeting is not in progress' };
	return loadMotion(tx, running, motionId);
}

/** The memberships a voter acts through: the one named, or those of the person among the sitting's members. */
const votersMemberships = (found: LoadedMotion, voter: Voter): string[] =>
	'membershipId' in voter ? [voter.membershipId] : membershipsOf(found.loaded, voter.userId);

/** "suggested (waiting for the chair)", "voting open": a motion's state as a refusal names it. */
const stateWords = (state: MotionRow['state']) => (state === 'suggested' ? 'suggested, waiting for the chair to accept it' : MOTION_STATE_LABELS[state].toLowerCase());

/** Why a ballot cannot be cast on a motion that is not voting: when its vote closed, or what it is now. */
function notVoting(motion: LoadedMotion['motion']): string {
	if (motion.closedAt) return `The vote on motion ${motion.number} closed at ${londonClock(motion.closedAt)}`;
	return `Voting is not open on motion ${motion.number}: it is ${stateWords(motion.state)}`;
}

/**
 * The chair puts a motion on the item (`proposed`), or a member proposes one from the console (`suggested`), which
 * waits for the chair to accept it onto the item (`acceptSuggested`). Nothing is decided on a suggested motion.
 */
export async function propose(
	tx: Tx,
	itemId: string,
	input: MotionInput,
	actorId: string,
	locked?: meeting.Meeting,
	state: 'proposed' | 'suggested' = 'proposed'
): Promise<Result<MotionRow>> {
	const open = await meeting.lockOpenForItem(tx, itemId, locked);
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
		insert into motions (agenda_item_id, text, category, value_pence, procedural, proposer, seconder, notice_given_on, state)
		values (${itemId}, ${input.text}, ${input.category}, ${input.valuePence.toString()}, ${input.procedural}, ${input.proposer}, ${input.seconder}, ${input.noticeGivenOn}, ${state})
		returning id`;
	await meeting.nextSeq(tx, item.meetingId);
	const created = (await get(tx, row!.id))!;
	await audit.record(tx, { actorId, action: state === 'suggested' ? 'motion.suggest' : 'motion.propose', entity: 'motion', entityId: created.id, after: created });
	return { ok: true, value: created };
}

/** The chair accepts a motion a member proposed onto the item, or declines it; a declined motion stays on the record. */
export async function answerSuggested(tx: Tx, ref: MotionRef, answer: 'accept' | 'decline', actorId: string): Promise<Result<null>> {
	const found = await inRunningMeeting(tx, ref);
	if (!found.ok) return found;
	const { motion } = found.value;
	if (motion.state !== 'suggested') {
		return { ok: false, reason: `Only a motion waiting for the chair can be accepted or declined; motion ${motion.number} is ${MOTION_STATE_LABELS[motion.state].toLowerCase()}` };
	}
	await tx`update motions set state = ${answer === 'accept' ? 'proposed' : 'declined'} where id = ${motion.id}`;
	await meeting.nextSeq(tx, motion.meetingId);
	await audit.record(tx, { actorId, action: `motion.${answer}`, entity: 'motion', entityId: motion.id });
	return { ok: true, value: null };
}

/** The chair asks for consensus: allowed when a vote could open (quorate, notice, authority), or as an indicative call. */
export async function callConsensus(tx: Tx, ref: MotionRef, options: { indicative: boolean }, actorId: string): Promise<Result<null>> {
	const found = await inRunningMeeting(tx, ref);
	if (!found.ok) return found;
	const { motion } = found.value;
	if (motion.state !== 'proposed') return { ok: false, reason: `Consensus can be called on a proposed motion; motion ${motion.number} is ${stateWords(motion.state)}` };
	const may = governance.mayPutToMeeting(governance.bindingVoteMayOpen(found.value.context), options.indicative);
	if (!may.ok) return may;
	await tx`delete from consensus_objections where motion_id = ${motion.id}`;
	await tx`update motions set state = 'consensus_called', indicative = ${options.indicative} where id = ${motion.id}`;
	await meeting.nextSeq(tx, motion.meetingId);
	await audit.record(tx, { actorId, action: 'motion.call_consensus', entity: 'motion', entityId: motion.id, after: options });
	return { ok: true, value: null };
}

/** A voting member objects to consensus: the motion goes back to the chair, to be put to a vote. */
export async function objectToConsensus(tx: Tx, ref: MotionRef, voter: Voter, actorId: string): Promise<Result<null>> {
	const found = await inRunningMeeting(tx, ref);
	if (!found.ok) return found;
	const { motion } = found.value;
	if (motion.state !== 'consensus_called') return { ok: false, reason: 'The chair has not asked for consensus on this motion' };
	const who = governance.objector(governance.eligibleVoters(found.value.context), votersMemberships(found.value, voter));
	if (!who.ok) return who;
	await tx`insert into consensus_objections (motion_id, membership_id) values (${motion.id}, ${who.memberId}) on conflict do nothing`;
	await tx`update motions set state = 'proposed' where id = ${motion.id}`;
	await meeting.nextSeq(tx, motion.meetingId);
	await audit.record(tx, { actorId, action: 'motion.object', entity: 'motion', entityId: motion.id, after: { membershipId: who.memberId } });
	return { ok: true, value: null };
}

export async function objections(tx: Tx, motionId: string): Promise<{ membershipId: string; name: string }[]> {
	return tx<{ membershipId: string; name: string }[]>`
		select o.membership_id, u.name from consensus_objections o join memberships m on m.id = o.membership_id join users u on u.id = m.user_id
		where o.motion_id = ${motionId} order by o.created_at`;
}

/** The chair records consensus: no voting member objected. The engine decides what it amounts to. */
export async function recordConsensus(tx: Tx, ref: MotionRef, actorId: string): Promise<Result<governance.DecisionReached>> {
	const found = await inRunningMeeting(tx, ref);
	if (!found.ok) return found;
	const { motion, context } = found.value;
	if (motion.state !== 'consensus_called') return { ok: false, reason: 'Ask for consensus first' };
	const objectedBy = (await objections(tx, motion.id)).map((o) => o.membershipId);
	const outcome = governance.decideConsensus(context, { objections: objectedBy, indicative: motion.indicative });
	if (!outcome.ok) return { ok: false, reason: outcome.reason };
	await decided(tx, found.value, outcome);
	await audit.record(tx, { actorId, action: 'motion.record_consensus', entity: 'motion', entityId: motion.id, after: { state: outcome.state } });
	return { ok: true, value: outcome };
}

/** The chair opens a vote. A binding vote opens only when the engine allows; otherwise an indicative vote may. */
export async function openVote(
	tx: Tx,
	ref: MotionRef,
	options: { indicative: boolean; countVisibility: 'open' | 'hidden'; secret?: boolean },
	actorId: string
): Promise<Result<governance.VoteOpening>> {
	const found = await inRunningMeeting(tx, ref);
	if (!found.ok) return found;
	const { motion } = found.value;
	if (motion.state !== 'proposed') return { ok: false, reason: `A vote opens on a proposed motion; motion ${motion.number} is ${stateWords(motion.state)}` };
	const opening = governance.bindingVoteMayOpen(found.value.context);
	const may = governance.mayPutToMeeting(opening, options.indicative);
	if (!may.ok) return may;
	const secret = options.secret ?? false;
	if (secret && !found.value.context.rules.voting.secretBallotsAllowed) {
		return { ok: false, reason: "The body's rules of procedure do not provide for secret ballots: the vote is open, and the minutes record how each member voted" };
	}
	// A secret ballot never shows a running count: the count is shown when the vote closes.
	const countVisibility = secret ? 'hidden' : options.countVisibility;
	await tx`
		update motions set state = 'voting', indicative = ${options.indicative}, count_visibility = ${countVisibility}, secret = ${secret},
			opened_at = clock_timestamp()
		where id = ${motion.id}`;
	await meeting.nextSeq(tx, motion.meetingId);
	await audit.record(tx, { actorId, action: 'motion.open_vote', entity: 'motion', entityId: motion.id, after: options });
	await notifyAttending(tx, found.value, actorId);
	return { ok: true, value: opening };
}

/** Who is at the meeting now, in person or remotely, as the sitting already read records it. */
const ATTENDING = new Set(['present', 'remote', 'in_attendance', 'observer']);

/** Tells the people attending that a vote opened: from the sitting already loaded, in one statement. */
async function notifyAttending(tx: Tx, found: LoadedMotion, actorId: string): Promise<void> {
	const { sitting, userOf } = found.loaded;
	const attending = sitting.attendance.filter((a) => ATTENDING.has(a.status) && !a.departed).map((a) => userOf.get(a.memberId));
	const { motion } = found;
	await notification.notify(
		tx,
		attending.filter((id): id is string => id !== undefined),
		{
			kind: 'vote_opened',
			bodyId: motion.bodyId,
			// The title reaches email, outside the portal: confidential business is named only as such, as decisions are.
			title:
				motion.part === 'B'
					? 'A vote has opened on confidential (Part B) business'
					: `A vote has opened on motion ${motion.number}: ${motion.text.length > 200 ? `${motion.text.slice(0, 199)}…` : motion.text}`,
			link: `/meetings/${motion.meetingId}/live`,
			key: `motion:${motion.id}:vote-opened`
		},
		actorId
	);
}

/**
 * Casts (or changes) a ballot. The engine says which of the voter's memberships may cast the vote offered on this
 * item: present, free of conflict, and, per organisation, representing it. One ballot per voter and organisation
 * per motion, enforced by the database. The ballot path's statements are counted (tests/integration/ballot-statements).
 */
export async function castBallot(
	tx: Tx,
	ref: MotionRef,
	input: { voter: Voter; organisationId: string | null; choice: governance.Choice },
	actorId: string
): Promise<Result<null>> {
	const motionId = typeof ref === 'string' ? ref : ref.motionId;
	const locked = typeof ref === 'string' ? await meeting.lockForMotion(tx, motionId) : ref.meeting;
	if (!locked) return { ok: false, reason: 'No such motion' };
	const { results } = await castBallots(tx, locked, [{ motionId, ...input, actorId }]);
	return results[0]!;
}

/** One ballot of a group commit (`castBallots`): on which motion, by whom, for whom and how, and who acts. */
export interface BallotToCast {
	motionId: string;
	voter: Voter;
	organisationId: string | null;
	choice: governance.Choice;
	actorId: string;
}

/**
 * Casts several ballots on one meeting, locked by the caller and unchanged since, in the order given: each judged
 * as `castBallot` judges it, against the motion read once however many ballots are on it (a ballot changes nothing
 * the engine reads), and those accepted written in one statement with their audit rows and one step of the
 * meeting's sequence. Two ballots for the same voter, organisation and motion leave the later choice, as they
 * would one after the other. `seq` is the meeting's number after the ballots, or null when none was accepted.
 */
export async function castBallots(tx: Tx, locked: meeting.Meeting, ballots: BallotToCast[]): Promise<{ results: Result<null>[]; seq: string | null }> {
	const motions = new Map<string, Result<LoadedMotion>>();
	const motionOf = async (motionId: string) => {
		let found = motions.get(motionId);
		if (!found) {
			found = await inRunningMeeting(tx, { motionId, meeting: locked });
			motions.set(motionId, found);
		}
		return found;
	};
	const results: Result<null>[] = [];
	const accepted: { motion: LoadedMotion['motion']; memberId: string; ballot: BallotToCast }[] = [];
	for (const ballot of ballots) {
		const found = await motionOf(ballot.motionId);
		if (!found.ok) {
			results.push(found);
			continue;
		}
		const { motion } = found.value;
		if (motion.state !== 'voting') {
			results.push({ ok: false, reason: notVoting(motion) });
			continue;
		}
		const caster = governance.ballotCaster(governance.eligibleVoters(found.value.context), { memberIds: votersMemberships(found.value, ballot.voter), organisationId: ballot.organisationId });
		if (!caster.ok) {
			results.push(caster);
			continue;
		}
		accepted.push({ motion, memberId: caster.memberId, ballot });
		results.push({ ok: true, value: null });
	}
	if (accepted.length === 0) return { results, seq: null };
	// The later of two ballots for the same seat stands: one row each in the statement (the database refuses two).
	const seats = new Map(accepted.map((a) => [`${a.motion.id} ${a.memberId} ${a.ballot.organisationId}`, a]));
	const rows = [...seats.values()]
		.map((a) => tx`(${a.motion.id}::uuid, ${a.memberId}::uuid, ${a.ballot.organisationId}::uuid, ${a.ballot.choice})`)
		.reduce((list, row) => tx`${list}, ${row}`);
	announce(tx, { type: 'meeting.changed', meetingId: locked.id });
	// The ballots, the meeting's next sequence number and the audit rows go in one statement.
	await audit.recordAll(
		tx,
		accepted.map(({ motion, memberId, ballot }) => ({
			actorId: ballot.actorId,
			action: 'ballot.cast',
			entity: 'motion',
			entityId: motion.id,
			// A secret ballot's audit row says that the member voted, never how.
			after: { voterMembershipId: memberId, organisationId: ballot.organisationId, ...(motion.secret ? { secret: true } : { choice: ballot.choice }) }
		})),
		[
			tx`
				insert into ballots (motion_id, voter_membership_id, organisation_id, choice)
				values ${rows}
				on conflict (motion_id, voter_membership_id, coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'))
				do update set choice = excluded.choice, updated_at = now()`,
			tx`update meetings set seq = seq + 1 where id = ${locked.id}`
		]
	);
	return { results, seq: (BigInt(locked.seq) + 1n).toString() };
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
export async function closeVote(tx: Tx, ref: MotionRef, options: { castingVote: 'for' | 'against' | null }, actorId: string): Promise<Result<governance.DecisionReached>> {
	const found = await inRunningMeeting(tx, ref);
	if (!found.ok) return found;
	const { motion, context } = found.value;
	if (motion.state !== 'voting') return { ok: false, reason: notVoting(motion) };
	const cast = await ballots(tx, motion.id);
	const outcome = governance.decideVote(context, {
		ballots: cast.map((b) => ({ voterId: b.voterMembershipId, choice: b.choice, ...(b.organisationId ? { organisationId: b.organisationId } : {}) })),
		...(options.castingVote ? { castingVote: options.castingVote } : {}),
		indicative: motion.indicative,
		secret: motion.secret
	});
	if (!outcome.ok) return { ok: false, reason: outcome.reason };
	// Counted, a secret ballot's choices go: the decision keeps the counts, and its minute says who voted.
	const kept = motion.secret ? { ...outcome, ballots: [], setAside: [] } : outcome;
	if (motion.secret) await tx`delete from ballots where motion_id = ${motion.id}`;
	await tx`update motions set casting_vote = ${options.castingVote}, closed_at = clock_timestamp() where id = ${motion.id}`;
	await decided(tx, found.value, kept);
	await audit.record(tx, { actorId, action: 'motion.close_vote', entity: 'motion', entityId: motion.id, after: { state: outcome.state } });
	return { ok: true, value: kept };
}

/** The chair defers a motion or the proposer withdraws it; it stays on the record. */
export async function setAside(tx: Tx, ref: MotionRef, state: 'deferred' | 'withdrawn', actorId: string): Promise<Result<null>> {
	const motionId = typeof ref === 'string' ? ref : ref.motionId;
	const locked = typeof ref === 'string' ? await meeting.lockForMotion(tx, motionId) : ref.meeting;
	if (!locked) return { ok: false, reason: 'No such motion' };
	const open = meeting.openForRecord(locked);
	if (!open.ok) return open;
	const found = await get(tx, motionId);
	if (!found || found.meetingId !== locked.id) return { ok: false, reason: 'That motion is not in this meeting' };
	if (found.state === 'decided') return { ok: false, reason: 'A decided motion cannot be deferred or withdrawn' };
	await tx`update motions set state = ${state} where id = ${motionId}`;
	await tx`delete from ballots where motion_id = ${motionId}`;
	await meeting.nextSeq(tx, found.meetingId);
	await audit.record(tx, { actorId, action: `motion.${state}`, entity: 'motion', entityId: motionId });
	return { ok: true, value: null };
}

/** The motion is decided: the decision goes on the register (decision.ts owns it) and the meeting moves on. */
async function decided(tx: Tx, found: LoadedMotion, outcome: governance.DecisionReached) {
	await tx`update motions set state = 'decided' where id = ${found.motion.id}`;
	await decision.record(tx, { motion: found.motion, outcome, context: found.context, parentBodyId: found.loaded.parentBodyId });
	await meeting.nextSeq(tx, found.motion.meetingId);
}
