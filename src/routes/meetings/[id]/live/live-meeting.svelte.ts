import { io, type Socket } from 'socket.io-client';
import { withTallies, type LiveState, type TallyChange } from '$lib/live/state';
import type { z } from 'zod';
import type { Ack, COMMANDS, CommandName } from '$lib/live/protocol';
import { announcementsFor } from './announce';

/** The person's own standing in the meeting, as `join` and `sync` answer it. */
export interface Me {
	membershipIds: string[];
	roles: string[];
	myBallots: { motionId: string; organisationId: string | null; choice: 'for' | 'against' | 'abstain' }[];
	canSteer: boolean;
	canParticipate: boolean;
}

export type Connection = 'connecting' | 'connected' | 'reconnecting' | 'refused';

/** A command's payload as the protocol reads it (defaulted fields optional), without the meeting id, which the connection adds. */
export type Payload<N extends CommandName> = Omit<z.input<(typeof COMMANDS)[N]>, 'meetingId'>;

/** How long to wait for the server's acknowledgement before telling the person it did not answer. */
const ACK_TIMEOUT_MS = 10_000;
/** How many announcements the live region keeps; older ones have been read out already. */
const KEPT_ANNOUNCEMENTS = 6;

/** True when `candidate` is at least as new as `current`: the meeting's change counter only goes up. */
export function isNewer(candidate: LiveState, current: LiveState | null): boolean {
	return current === null || BigInt(candidate.seq) >= BigInt(current.seq);
}

/**
 * One person's connection to a live meeting: joins its room, keeps the newest state the server has sent, restores it
 * after a drop, and sends the person's commands, recording each refusal against the part of the page that sent it.
 * Nothing is shown as done until the server acknowledges it; the page reads `state`, which only the server changes.
 */
export class LiveMeeting {
	state = $state<LiveState | null>(null);
	me = $state<Me | null>(null);
	connection = $state<Connection>('connecting');
	/** Who is connected to the meeting now, by name. */
	present = $state<{ userId: string; name: string }[]>([]);
	/** Why the server would not let the person in, when it refused. */
	refusal = $state<string | null>(null);
	/** The session ended while connected: only signing in again brings the person back. */
	signInAgain = $state(false);
	/** The latest refusal for each part of the page, by its key. */
	errors = $state<Record<string, string>>({});
	/** Parts of the page waiting for an acknowledgement. */
	pending = $state<Record<string, boolean>>({});
	/** What the polite live region reads out, newest last. */
	announcements = $state<{ id: number; text: string }[]>([]);

	#socket: Socket | null = null;
	#meetingId: string;
	#joinedOnce = false;
	#announced = 0;

	constructor(meetingId: string) {
		this.#meetingId = meetingId;
	}

	/** Opens the socket (in the browser only); returns the function that closes it. */
	connect(): () => void {
		// Long-polling first, then an upgrade to a websocket: works through proxies that refuse websockets.
		const socket = io({ path: '/socket.io' });
		this.#socket = socket;
		socket.on('connect', () => void this.#enter());
		socket.on('disconnect', (reason) => {
			if (this.connection === 'connected') this.announce('Connection lost: reconnecting…');
			this.connection = 'reconnecting';
			// A disconnect the server chose is not retried by socket.io itself.
			if (reason === 'io server disconnect') socket.connect();
		});
		socket.on('connect_error', (error) => {
			if (socket.active) {
				this.connection = this.#joinedOnce ? 'reconnecting' : 'connecting';
			} else {
				// Refused by the server's check (not signed in): retrying would be refused again.
				this.connection = 'refused';
				this.refusal = error.message;
			}
		});
		socket.on('state', (next: LiveState) => this.#receive(next));
		// Only ballots since the last state: the new counts. A change that follows a state this page never had means
		// something was missed on the way: the whole state is asked for again.
		socket.on('tally', (change: TallyChange) => {
			if (change.meetingId !== this.#meetingId || !this.state) return;
			const next = withTallies(this.state, change);
			if (next === 'gap') void this.#enter();
			else if (next !== 'stale') this.#receive(next);
		});
		// The session ended (signed out, password changed) or the person may no longer follow this meeting: the
		// server has let the connection go, and trying again would be refused until they sign in.
		socket.on('session-ended', ({ reason }: { reason: string }) => {
			this.signInAgain = true;
			this.#shutOut(socket, reason);
		});
		socket.on('access-ended', ({ meetingId, reason }: { meetingId: string; reason: string }) => {
			if (meetingId === this.#meetingId) this.#shutOut(socket, reason);
		});
		// A changed role: what the person may do now.
		socket.on('standing', ({ meetingId, me }: { meetingId: string; me: Me }) => {
			if (meetingId === this.#meetingId) this.me = me;
		});
		socket.on('presence', (presence: { meetingId: string; people: { userId: string; name: string }[] }) => {
			if (presence.meetingId === this.#meetingId) this.present = presence.people;
		});
		return () => {
			socket.removeAllListeners();
			socket.disconnect();
			this.#socket = null;
		};
	}

	#shutOut(socket: Socket, reason: string) {
		this.connection = 'refused';
		this.refusal = reason;
		this.me = null;
		socket.disconnect();
	}

	/** Tries again after the server refused the connection. */
	retry() {
		const socket = this.#socket;
		if (!socket) return;
		this.refusal = null;
		this.connection = 'connecting';
		// Connected but refused by join or sync: ask again. Refused at the handshake: connect again.
		if (socket.connected) void this.#enter();
		else socket.connect();
	}

	/** `join` on the first connection, `sync` after a drop: both answer with the full state and the person's standing. */
	async #enter() {
		const event = this.#joinedOnce ? 'sync' : 'join';
		const answer = await this.#emit(event, { meetingId: this.#meetingId });
		if (!answer.ok) {
			this.connection = 'refused';
			this.refusal = answer.reason;
			return;
		}
		const reconnected = this.#joinedOnce;
		this.#joinedOnce = true;
		this.refusal = null;
		this.me = answer.me as Me;
		this.#receive(answer.state as LiveState);
		this.connection = 'connected';
		if (reconnected) this.announce('Reconnected: the meeting is up to date');
	}

	#receive(next: LiveState | null) {
		if (!next || !isNewer(next, this.state)) return;
		const previous = this.state;
		this.state = next;
		for (const text of announcementsFor(previous, next)) this.announce(text);
	}

	/** Adds a sentence to the live region. */
	announce(text: string) {
		this.#announced += 1;
		this.announcements = [...this.announcements, { id: this.#announced, text }].slice(-KEPT_ANNOUNCEMENTS);
	}

	#emit(event: string, payload: unknown): Promise<Ack & Record<string, unknown>> {
		const socket = this.#socket;
		if (!socket?.connected) {
			return Promise.resolve({ ok: false, reason: 'Not connected to the meeting: wait until the page says Connected, then try again' });
		}
		return new Promise((resolve) => {
			socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (error: Error | null, answer: Ack) => {
				if (error) resolve({ ok: false, reason: 'The meeting server did not answer: check your connection and try again' });
				else resolve(answer as Ack & Record<string, unknown>);
			});
		});
	}

	/**
	 * Sends a command for the part of the page named `key`; while it waits that part is pending, and a refusal is kept
	 * under the key until the next attempt. Resolves to the acknowledgement.
	 */
	async send<N extends Exclude<CommandName, 'join' | 'sync'>>(key: string, name: N, payload: Payload<N>): Promise<Ack & Record<string, unknown>> {
		if (this.pending[key]) return { ok: false, reason: 'Still waiting for the server to answer the last request' };
		this.pending[key] = true;
		delete this.errors[key];
		try {
			const answer = await this.#emit(name, { ...payload, meetingId: this.#meetingId });
			if (!answer.ok) this.errors[key] = answer.reason;
			return answer;
		} finally {
			delete this.pending[key];
		}
	}

	/** Casts or changes the person's ballot; the button shows the choice only once the server has accepted it. */
	async castBallot(key: string, motionId: string, organisationId: string | null, choice: Me['myBallots'][number]['choice']) {
		const mine = this.ballotFor(motionId, organisationId);
		// Pressing the choice already recorded changes nothing, so nothing is sent.
		if (mine === choice) return;
		const answer = await this.send(key, 'castBallot', { motionId, organisationId, choice });
		if (answer.ok && this.me) {
			const others = this.me.myBallots.filter((b) => !(b.motionId === motionId && b.organisationId === organisationId));
			this.me.myBallots = [...others, { motionId, organisationId, choice }];
		}
		return answer;
	}

	/** The choice the server has recorded for the person on a motion, for one organisation (or as a member: null). */
	ballotFor(motionId: string, organisationId: string | null) {
		return this.me?.myBallots.find((b) => b.motionId === motionId && b.organisationId === organisationId)?.choice ?? null;
	}
}
