import type { Logger } from 'pino';
import { votingTally, withTallies, type LiveState, type TallyChange } from '../../src/lib/live/state';
import type { Sql } from '../../src/lib/server/db';
import * as live from '../../src/lib/server/live';

/** What a meeting's room is sent: the whole state, or a tally change with the state it makes. */
export type RoomUpdate = { state: LiveState } | { change: TallyChange; state: LiveState };

/**
 * The live state of each meeting that has people connected here: made once per sequence number however many ask
 * (a join burst reads one state, not one each), and sent to the room one broadcast at a time, changes that arrive
 * meanwhile folded into one more. When every change since the last broadcast was a ballot (`ballotsAt`), the room is
 * sent the new tallies (`TallyChange`, a few hundred bytes) instead of the whole state, read in one statement.
 */
export class MeetingStates {
	readonly #sql: Sql;
	readonly #log: Logger;
	readonly #send: (meetingId: string, update: RoomUpdate) => void;
	/** The state last sent to each meeting's room: what a tally change follows. */
	readonly #sent = new Map<string, LiveState>();
	/** The newest whole state made for each meeting, for a broadcast or a join. */
	readonly #made = new Map<string, LiveState>();
	/** Sequence numbers a ballot group commit ended at, per meeting: the changes a tally change can stand for. */
	readonly #ballotSeqs = new Map<string, Set<bigint>>();
	/** A broadcast under way per meeting: whether another change has arrived since it began. */
	readonly #broadcasting = new Map<string, { again: boolean }>();
	/** A whole state being made per meeting, which a join waits for rather than making its own. */
	readonly #making = new Map<string, Promise<LiveState | null>>();
	#closed = false;

	/** `send` delivers an update to the meeting's room, each audience its visible part (server/meetings). */
	constructor(options: { sql: Sql; log: Logger; send: (meetingId: string, update: RoomUpdate) => void }) {
		this.#sql = options.sql;
		this.#log = options.log;
		this.#send = options.send;
	}

	/** A ballot group commit on the meeting committed, ending at `seq`: the change between seq − 1 and seq was ballots only. */
	ballotsAt(meetingId: string, seq: string) {
		let seqs = this.#ballotSeqs.get(meetingId);
		if (!seqs) this.#ballotSeqs.set(meetingId, (seqs = new Set()));
		seqs.add(BigInt(seq));
	}

	/** The meeting changed: sends its room the change, as tallies or as the whole state. */
	async broadcast(meetingId: string): Promise<void> {
		if (this.#closed) return;
		const running = this.#broadcasting.get(meetingId);
		if (running) {
			running.again = true;
			return;
		}
		const state = { again: false };
		this.#broadcasting.set(meetingId, state);
		try {
			do {
				state.again = false;
				await this.#sendNewest(meetingId);
			} while (state.again && !this.#closed);
		} catch (error) {
			this.#log.error({ err: error, meetingId }, 'could not broadcast the meeting state');
		} finally {
			this.#broadcasting.delete(meetingId);
		}
	}

	/**
	 * The whole state at least as new as the meeting is now: the one last made when nothing has changed since, or
	 * one made for everyone asking at the same time. Null when there is no such meeting.
	 */
	async current(meetingId: string): Promise<LiveState | null> {
		const seq = await live.seqNow(this.#sql, meetingId);
		if (seq === null) return null;
		for (;;) {
			const made = this.#made.get(meetingId);
			if (made && BigInt(made.seq) >= BigInt(seq)) return made;
			const fresh = await this.#make(meetingId);
			if (!fresh || BigInt(fresh.seq) >= BigInt(seq)) return fresh;
		}
	}

	/** Nobody here follows the meeting any more: what was kept for it goes. */
	forget(meetingId: string) {
		this.#sent.delete(meetingId);
		this.#made.delete(meetingId);
		this.#ballotSeqs.delete(meetingId);
	}

	/** Broadcasts still under way: closing waits for them before the connections they send on go. */
	get busy(): boolean {
		return this.#broadcasting.size > 0;
	}

	close() {
		this.#closed = true;
	}

	async #sendNewest(meetingId: string) {
		const sent = this.#sent.get(meetingId);
		const voting = sent?.motions.filter((m) => m.state === 'voting') ?? [];
		if (sent && voting.length > 0) {
			const now = await live.talliesNow(this.#sql, meetingId, voting.map((m) => m.id));
			if (now && now.seq === sent.seq) return;
			if (now && this.#onlyBallotsBetween(meetingId, BigInt(sent.seq), BigInt(now.seq))) {
				const change: TallyChange = { meetingId, from: sent.seq, seq: now.seq, tallies: voting.map((m) => ({ motionId: m.id, tally: votingTally(m, now.counts.get(m.id)!) })) };
				const next = withTallies(sent, change);
				if (typeof next !== 'string') return this.#sendToRoom(meetingId, { change, state: next });
			}
		}
		const whole = await this.#make(meetingId);
		if (whole && (!sent || BigInt(whole.seq) > BigInt(sent.seq))) this.#sendToRoom(meetingId, { state: whole });
	}

	#sendToRoom(meetingId: string, update: RoomUpdate) {
		if (this.#closed) return;
		this.#sent.set(meetingId, update.state);
		const made = this.#made.get(meetingId);
		if (!made || BigInt(made.seq) < BigInt(update.state.seq)) this.#made.set(meetingId, update.state);
		const seqs = this.#ballotSeqs.get(meetingId);
		if (seqs) for (const seq of seqs) if (seq <= BigInt(update.state.seq)) seqs.delete(seq);
		this.#send(meetingId, update);
	}

	/** Whether every change after `from` up to `to` was a ballot group commit made here. */
	#onlyBallotsBetween(meetingId: string, from: bigint, to: bigint): boolean {
		const seqs = this.#ballotSeqs.get(meetingId);
		if (to - from > BigInt(seqs?.size ?? 0)) return false;
		for (let seq = from + 1n; seq <= to; seq++) if (!seqs!.has(seq)) return false;
		return true;
	}

	/** Makes the whole state, once for everyone who asks while it is being made. */
	#make(meetingId: string): Promise<LiveState | null> {
		const making = this.#making.get(meetingId);
		if (making) return making;
		const made = live
			.wholeState(this.#sql, meetingId)
			.then((state) => {
				if (state) this.#keep(meetingId, state);
				return state;
			})
			.finally(() => this.#making.delete(meetingId));
		this.#making.set(meetingId, made);
		return made;
	}

	#keep(meetingId: string, state: LiveState) {
		const kept = this.#made.get(meetingId);
		if (!kept || BigInt(kept.seq) <= BigInt(state.seq)) this.#made.set(meetingId, state);
	}
}
