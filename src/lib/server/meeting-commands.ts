import { decide, type Action, type Actor } from '$lib/domain/policy';
import type { Command, CommandName } from '$lib/live/protocol';
import * as action from './action';
import * as attendance from './attendance';
import type { Tx } from './db';
import * as declaration from './declaration';
import * as meeting from './meeting';
import * as motion from './motion';
import type { Result } from './result';
import type { Services } from './services';
import type { SessionUser } from './session';
import * as speaker from './speaker';

/** An act in a live meeting, by a signed-in person, with the meeting's row locked and read once. */
export interface MeetingAct {
	meeting: meeting.Meeting;
	actor: Actor;
	userId: string;
	/** The person's memberships in the meeting's body today. */
	membershipIds: string[];
}

type Acts = Exclude<CommandName, 'join' | 'sync'>;
type Run<N extends Acts> = (tx: Tx, command: Command<N>, act: MeetingAct) => Promise<Result<unknown>>;
interface CommandSpec<N extends Acts> {
	permission: Action;
	run: Run<N>;
}

/**
 * Every act below is given the meeting the command has locked (a MeetingRef or MotionRef), so the row is read once;
 * an item or motion named in a command must belong to it, which the act checks.
 */
const motionIn = (act: MeetingAct, motionId: string): motion.MotionRef => ({ motionId, meeting: act.meeting });


/**
 * Acts for which any of the person's memberships will do (checking in, the speakers' queue): the first the act
 * accepts. Votes and objections are not among them: the engine picks the membership that may cast (motion.ts).
 */
async function asMember(act: MeetingAct, attempt: (membershipId: string) => Promise<Result<unknown>>): Promise<Result<unknown>> {
	if (act.membershipIds.length === 0) return { ok: false, reason: 'You are not a member of this body' };
	let last: Result<unknown> = { ok: false, reason: 'You are not eligible' };
	for (const id of act.membershipIds) {
		last = await attempt(id);
		if (last.ok) return last;
	}
	return last;
}

const spec = <N extends Acts>(permission: Action, run: Run<N>): CommandSpec<N> => ({ permission, run });

/** Every act of the live meeting protocol: who may (the policy's action) and the service command it is. */
const COMMAND_SPECS: { [N in Acts]: CommandSpec<N> } = {
	start: spec('meeting.steer', (tx, _c, act) => meeting.setStatus(tx, act.meeting, 'in_progress', act.userId)),
	close: spec('meeting.steer', (tx, _c, act) => meeting.setStatus(tx, act.meeting, 'closed', act.userId)),
	currentItem: spec('meeting.steer', (tx, c, act) => meeting.setCurrentItem(tx, act.meeting, c.itemId, act.userId)),
	attendance: spec('meeting.steer', (tx, c, act) =>
		attendance.record(tx, act.meeting, { membershipId: c.membershipId, status: c.status, deputyFor: c.deputyFor, departed: c.departed }, act.userId)
	),
	checkIn: spec('meeting.participate', (tx, c, act) =>
		asMember(act, (membershipId) => attendance.record(tx, act.meeting, { membershipId, status: c.status, deputyFor: null, departed: false }, act.userId))
	),
	declare: spec('meeting.steer', (tx, c, act) =>
		declaration.record(tx, c.itemId, { membershipId: c.membershipId, interest: c.interest, outcome: c.outcome }, act.userId, act.meeting)
	),
	declareOwn: spec('meeting.participate', (tx, c, act) =>
		declaration.declareOwn(tx, act.meeting, act.membershipIds, { itemId: c.itemId, interest: c.interest, outcome: c.outcome }, act.userId)
	),
	raiseHand: spec('meeting.participate', (tx, _c, act) => asMember(act, (id) => speaker.raise(tx, act.meeting, id, act.userId))),
	lowerHand: spec('meeting.participate', (tx, _c, act) => asMember(act, (id) => speaker.lower(tx, act.meeting, id, act.userId))),
	callNext: spec('meeting.steer', (tx, _c, act) => speaker.callNext(tx, act.meeting, act.userId)),
	propose: spec('meeting.steer', (tx, c, act) =>
		motion.propose(
			tx,
			c.itemId,
			{ text: c.text, category: c.category, valuePence: BigInt(c.valuePence), procedural: c.procedural, proposer: c.proposer, seconder: c.seconder, noticeGivenOn: c.noticeGivenOn },
			act.userId,
			act.meeting
		)
	),
	suggestMotion: spec('meeting.participate', (tx, c, act) =>
		asMember(act, (proposer) =>
			motion.propose(
				tx,
				c.itemId,
				{ text: c.text, category: c.category, valuePence: BigInt(c.valuePence), procedural: false, proposer, seconder: null, noticeGivenOn: c.noticeGivenOn },
				act.userId,
				act.meeting,
				'suggested'
			)
		)
	),
	acceptMotion: spec('meeting.steer', (tx, c, act) => motion.answerSuggested(tx, motionIn(act, c.motionId), 'accept', act.userId)),
	declineMotion: spec('meeting.steer', (tx, c, act) => motion.answerSuggested(tx, motionIn(act, c.motionId), 'decline', act.userId)),
	callConsensus: spec('meeting.steer', (tx, c, act) => motion.callConsensus(tx, motionIn(act, c.motionId), { indicative: c.indicative }, act.userId)),
	object: spec('meeting.participate', (tx, c, act) => motion.objectToConsensus(tx, motionIn(act, c.motionId), { userId: act.userId }, act.userId)),
	recordConsensus: spec('meeting.steer', (tx, c, act) => motion.recordConsensus(tx, motionIn(act, c.motionId), act.userId)),
	openVote: spec('meeting.steer', (tx, c, act) =>
		motion.openVote(tx, motionIn(act, c.motionId), { indicative: c.indicative, countVisibility: c.countVisibility, secret: c.secret }, act.userId)
	),
	castBallot: spec('meeting.participate', (tx, c, act) =>
		motion.castBallot(tx, motionIn(act, c.motionId), { voter: { userId: act.userId }, organisationId: c.organisationId, choice: c.choice }, act.userId)
	),
	closeVote: spec('meeting.steer', (tx, c, act) => motion.closeVote(tx, motionIn(act, c.motionId), { castingVote: c.castingVote }, act.userId)),
	defer: spec('meeting.steer', (tx, c, act) => motion.setAside(tx, motionIn(act, c.motionId), 'deferred', act.userId)),
	withdraw: spec('meeting.steer', (tx, c, act) => motion.setAside(tx, motionIn(act, c.motionId), 'withdrawn', act.userId)),
	addAction: spec('meeting.steer', (tx, c, act) =>
		action.create(tx, act.meeting, { agendaItemId: c.itemId, description: c.description, ownerMembershipId: c.ownerMembershipId, dueOn: c.dueOn }, act.userId)
	),
	discussion: spec('meeting.steer', (tx, c, act) => meeting.recordDiscussion(tx, c.itemId, c.text, act.userId, act.meeting))
};

export const ACT_NAMES = Object.keys(COMMAND_SPECS) as Acts[];

/** What an act came to: its result, and the person behind the session as the act found them (or that it has ended). */
export type Performed = { sessionEnded: true } | { sessionEnded: false; result: Result<unknown>; user: SessionUser | null; sessionExpiresAt: Date | null };

/**
 * Carries out one act of the live meeting protocol for the person behind a session token, as one service
 * command: locks the meeting, checks the session still lasts and reads the person's memberships of the body (one
 * statement), asks the policy, and does the act in the same transaction; what the act announces (the meeting
 * changed: the sockets broadcast its state) is published after commit. A ballot costs 6 statements from begin to commit, counted in
 * tests/integration/ballot-statements.test.ts.
 */
export async function perform<N extends Acts>(services: Pick<Services, 'transaction'>, token: string, name: N, command: Command<N>): Promise<Performed> {
	const specOf = COMMAND_SPECS[name] as CommandSpec<N>;
	return services.transaction(async (tx): Promise<Performed> => {
		const locked = await meeting.lockForSession(tx, command.meetingId, token);
		if (!locked) return { sessionEnded: false, result: { ok: false, reason: 'No such meeting' }, user: null, sessionExpiresAt: null };
		if ('sessionEnded' in locked) return locked;
		const { user, sessionExpiresAt } = locked;
		const allowed = decide(locked.actor, specOf.permission, { bodyId: locked.meeting.bodyId });
		if (!allowed.allowed) return { sessionEnded: false, result: { ok: false, reason: allowed.reason }, user, sessionExpiresAt };
		const result = await specOf.run(tx, command, { meeting: locked.meeting, actor: locked.actor, userId: user.id, membershipIds: locked.membershipIds });
		return { sessionEnded: false, result, user, sessionExpiresAt };
	});
}

/** One person's ballot for a group commit: their session token and the command as the protocol parsed it. */
export interface BallotRequest {
	token: string;
	command: Command<'castBallot'>;
}

/**
 * Carries out ballots on one meeting that arrived together (a group commit: see server/meetings), as one service
 * command in one transaction: the meeting locked and every session checked in one statement, the policy asked for
 * each person, the motion read once, and every accepted ballot written in one more (`motion.castBallots`). Each
 * request gets what `perform` would have given it alone; `seq` is the meeting's number after the ballots, or null
 * when none was accepted. A failure that is no one's fault (the database) fails them all, and nothing is written.
 */
export async function castBallots(
	services: Pick<Services, 'transaction'>,
	meetingId: string,
	requests: BallotRequest[]
): Promise<{ performed: Performed[]; seq: string | null }> {
	return services.transaction(async (tx) => {
		const locked = await meeting.lockForSessions(tx, meetingId, requests.map((r) => r.token));
		if (!locked) {
			return { performed: requests.map((): Performed => ({ sessionEnded: false, result: { ok: false, reason: 'No such meeting' }, user: null, sessionExpiresAt: null })), seq: null };
		}
		const performed: (Performed | null)[] = [];
		const ballots: motion.BallotToCast[] = [];
		const cast: number[] = [];
		for (const [i, request] of requests.entries()) {
			const person = locked.people[i]!;
			if ('sessionEnded' in person) {
				performed.push(person);
				continue;
			}
			const allowed = decide(person.actor, COMMAND_SPECS.castBallot.permission, { bodyId: locked.meeting.bodyId });
			if (!allowed.allowed) {
				performed.push({ sessionEnded: false, result: { ok: false, reason: allowed.reason }, user: person.user, sessionExpiresAt: person.sessionExpiresAt });
				continue;
			}
			const { motionId, organisationId, choice } = request.command;
			ballots.push({ motionId, voter: { userId: person.user.id }, organisationId, choice, actorId: person.user.id });
			cast.push(i);
			performed.push(null);
		}
		const { results, seq } = ballots.length ? await motion.castBallots(tx, locked.meeting, ballots) : { results: [], seq: null };
		for (const [k, i] of cast.entries()) {
			const person = locked.people[i] as Exclude<meeting.SessionPerson, { sessionEnded: true }>;
			performed[i] = { sessionEnded: false, result: results[k]!, user: person.user, sessionExpiresAt: person.sessionExpiresAt };
		}
		return { performed: performed as Performed[], seq };
	});
}
