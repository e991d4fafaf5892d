import type http from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type Socket } from 'socket.io';
import { decide, visibleParts, type Action, type Part } from '../../src/lib/domain/policy';
import { TokenBucket } from '../../src/lib/domain/rate-limit';
import { visibleState, visibleTallies } from '../../src/lib/live/state';
import { GroupCommit } from '../../src/lib/server/group-commit';
import * as live from '../../src/lib/server/live';
import * as meeting from '../../src/lib/server/meeting';
import * as meetingCommands from '../../src/lib/server/meeting-commands';
import type { Services } from '../../src/lib/server/services';
import * as session from '../../src/lib/server/session';
import { cookieFrom, sameOrigin } from '../../src/lib/server/handshake';
import type { RedisConnections } from '../redis';
import { COMMANDS, type Ack, type Command } from '../../src/lib/live/protocol';
import { MeetingStates } from './meeting-states';

export interface MeetingSockets {
	io: Server;
	/** Checks every socket of the person on this instance again: a session ended, a membership ended or changed. */
	recheckUser(userId: string): Promise<void>;
	/** Every socket checked again: after notices of who to check may have been lost (Redis was away). */
	recheckAll(): Promise<void>;
	close(): Promise<void>;
}

/** What other instances may read of a socket (the Redis adapter sends it to them as JSON for presence). */
interface SocketData {
	user: session.SessionUser;
}

/** What only this instance keeps of a socket: never in socket.data, which the Redis adapter sends to the others. */
interface SocketSession {
	/** The session cookie's token: every event checks it again, so a socket lasts only as long as its session. */
	token: string;
	expiresAt: Date;
	/** Checks the session again when it is due to end. */
	expiryTimer?: NodeJS.Timeout;
	/** How many events it may still send now: see ACTS_PER_SECOND. */
	acts: TokenBucket;
}

/**
 * Events one socket may send: a burst of ACT_BURST, then ACTS_PER_SECOND. A chair clicking as fast as they can, or
 * a page rejoining after a dropped connection, stays far inside it; one connection flooding (a fault, or someone
 * hostile) is answered at once, with the reason, and never reaches the database, so the meeting stays quick for
 * everyone else.
 */
const ACTS_PER_SECOND = 20;
const ACT_BURST = 60;
const TOO_FAST = 'Too many requests from this connection at once: wait a moment and try again';
/** What a person is told when an act failed through no fault of theirs (the database away): nothing was done. */
const SERVICE_PROBLEM = 'Sorry, there is a problem with the service: try again';

/** What a socket whose session has ended is told, before it is disconnected. */
export const SESSION_ENDED = 'Your session has ended; sign in again';
/** setTimeout's longest delay; a session that ends later is checked at this interval until it is near. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;


/** Who is connected is told at most this often per meeting: 300 people joining at once get one list, not 300. */
const PRESENCE_EVERY_MS = 100;

const room = (meetingId: string) => `meeting:${meetingId}`;
/** Who may see which parts of the meeting's business: each audience gets its own state, so Part B reaches only its readers. */
const AUDIENCES: readonly (readonly Part[])[] = [['A', 'B'], ['A']];
const audienceRoom = (meetingId: string, parts: readonly Part[]) => `parts:${parts.join('')}:${meetingId}`;

/**
 * socket.io for live meetings, on the portal's http server. Every event is parsed by its schema, checked by the
 * policy (and, for votes, by the rules engine), carried out in one transaction, then the meeting's state goes to
 * everyone in its room. The browser is never trusted.
 */
export function attachMeetingSockets(options: { server: http.Server; services: Services; redis: RedisConnections | null }): MeetingSockets {
	const { services } = options;
	const { sql, log } = services;
	// destroyUpgrade: false leaves the Yjs endpoint's websocket upgrades alone.
	const io = new Server(options.server, {
		path: '/socket.io',
		destroyUpgrade: false,
		serveClient: false,
		maxHttpBufferSize: 100_000,
		connectionStateRecovery: undefined,
		// A page on another origin of the same site would otherwise join with a member's cookie, and could vote.
		allowRequest: (req, callback) => callback(sameOrigin(req, services.origin) ? null : 'Cross-origin connections are refused', sameOrigin(req, services.origin))
	});
	const adapterClients = options.redis ? [options.redis.pub.duplicate(), options.redis.sub.duplicate()] : [];
	if (options.redis) {
		for (const client of adapterClients) client.on('error', (error) => log.warn({ err: error }, 'socket.io redis adapter connection error'));
		// requestsTimeout bounds how long a presence question to the other instances can hold up a shutdown.
		io.adapter(createAdapter(adapterClients[0], adapterClients[1], { key: 'portal-meetings', requestsTimeout: 2_000 }));
	}

	const sessions = new WeakMap<Socket, SocketSession>();
	const sessionOf = (socket: Socket) => sessions.get(socket)!;

	io.use(async (socket, next) => {
		try {
			const token = cookieFrom(socket.request.headers.cookie, session.SESSION_COOKIE);
			const found = token ? await session.lookup(sql, token) : null;
			if (!token || !found) return next(new Error('Sign in first'));
			(socket.data as SocketData).user = found.user;
			sessions.set(socket, { token, expiresAt: found.session.expiresAt, acts: new TokenBucket(ACTS_PER_SECOND, ACT_BURST, performance.now()) });
			next();
		} catch (error) {
			log.error({ err: error }, 'socket authentication failed');
			next(new Error('Sorry, there is a problem with the service'));
		}
	});

	// Once closing, nothing more is emitted: an emit after the Redis adapter's connections quit would reject unhandled.
	let closed = false;

	const states = new MeetingStates({
		sql,
		log,
		send(meetingId, update) {
			for (const parts of AUDIENCES) {
				const audience = io.to(audienceRoom(meetingId, parts));
				if ('change' in update) audience.emit('tally', visibleTallies(update.change, update.state, parts));
				else audience.emit('state', visibleState(update.state, parts));
			}
		}
	});
	const broadcast = (meetingId: string) => states.broadcast(meetingId);
	// What is kept of a meeting's state goes once nobody here follows it.
	io.of('/').adapter.on('delete-room', (name: string) => {
		if (name.startsWith('meeting:')) states.forget(name.slice('meeting:'.length));
	});

	/**
	 * Ballots go through a group commit per meeting: those that arrive while one is being written are written
	 * together next, each acknowledged once its transaction has committed. If a batch fails, its ballots are tried
	 * again one at a time, in the order they came (a changed mind lands last), so one person's problem is never
	 * another's; one that fails again is answered with the service's apology, as a lone ballot would be.
	 */
	const castAndNote = async (meetingId: string, requests: meetingCommands.BallotRequest[]) => {
		const { performed, seq } = await meetingCommands.castBallots(services, meetingId, requests);
		if (seq) states.ballotsAt(meetingId, seq);
		return performed;
	};
	const ballots = new GroupCommit<meetingCommands.BallotRequest, meetingCommands.Performed>(async (meetingId, requests) => {
		try {
			return await castAndNote(meetingId, requests);
		} catch (error) {
			if (requests.length === 1) throw error;
			log.warn({ err: error, meetingId, ballots: requests.length }, 'a group of ballots failed: casting each alone');
			const performed: meetingCommands.Performed[] = [];
			for (const request of requests) {
				try {
					performed.push((await castAndNote(meetingId, [request]))[0]!);
				} catch (alone) {
					log.error({ err: alone, meetingId }, 'live meeting event failed');
					performed.push({ sessionEnded: false, result: { ok: false, reason: SERVICE_PROBLEM }, user: null, sessionExpiresAt: null });
				}
			}
			return performed;
		}
	});

	const unsubscribe = services.meetings.onChanged((meetingId) => void broadcast(meetingId));
	// Broadcasts to another instance's clients go through Redis; those made while it was away were lost. Once it is
	// back, each instance sends the state of every meeting its own clients are in, which reaches everyone in them.
	const stopCatchingUp = options.redis?.onRestored(() => {
		for (const name of io.of('/').adapter.rooms.keys()) if (name.startsWith('meeting:')) void broadcast(name.slice('meeting:'.length));
	});

	/** Presence questions still out to the other instances: closing waits for them before the adapter's connections go. */
	const asking = new Set<Promise<void>>();
	/** Meetings whose presence will be gathered shortly: a burst of joins or leaves is told once. */
	const presenceDue = new Map<string, NodeJS.Timeout>();
	function broadcastPresence(meetingId: string): void {
		if (closed || presenceDue.has(meetingId)) return;
		const timer = setTimeout(() => {
			presenceDue.delete(meetingId);
			if (closed) return;
			const question = gatherPresence(meetingId).finally(() => asking.delete(question));
			asking.add(question);
		}, PRESENCE_EVERY_MS);
		presenceDue.set(meetingId, timer);
	}

	/** Who is connected to the meeting now, on any instance (the Redis adapter asks the others), each person once. */
	async function gatherPresence(meetingId: string) {
		try {
			const sockets = await io.in(room(meetingId)).fetchSockets();
			const people = new Map<string, string>();
			for (const s of sockets) {
				const user = (s.data as SocketData | undefined)?.user;
				if (user) people.set(user.id, user.name);
			}
			const list = [...people].map(([userId, name]) => ({ userId, name })).sort((a, b) => a.name.localeCompare(b.name));
			if (!closed) io.to(room(meetingId)).emit('presence', { meetingId, people: list });
		} catch (error) {
			log.warn({ err: error, meetingId }, 'could not gather who is connected');
		}
	}

	/** Tells the socket its session has ended and lets it go; it has to sign in again to come back. */
	function endSession(socket: Socket) {
		socket.emit('session-ended', { reason: SESSION_ENDED });
		socket.disconnect(true);
	}

	/**
	 * The person's standing in the meeting's body: who they are there, and whether the policy lets them act. The
	 * session is checked again in the same statement, so an event from a socket whose session has ended is refused
	 * (and the caller lets the socket go) even before the access notice reaches it.
	 */
	async function standing(socket: Socket, meetingId: string, permission: Action) {
		// The session, the meeting and the person's memberships of its body, in one statement.
		const found = await meeting.readForSession(sql, meetingId, sessionOf(socket).token);
		if (!found) return { ok: false as const, reason: 'No such meeting' };
		if ('sessionEnded' in found) return { ok: false as const, reason: SESSION_ENDED, sessionEnded: true };
		(socket.data as SocketData).user = found.user;
		const { actor } = found;
		const bodyId = found.meeting.bodyId;
		const allowed = decide(actor, permission, { bodyId });
		if (!allowed.allowed) return { ok: false as const, reason: allowed.reason };
		const may = (what: Action) => decide(actor, what, { bodyId }).allowed;
		return {
			ok: true as const,
			userId: found.user.id,
			actor,
			memberships: found.membershipIds.map((id, i) => ({ id, role: actor.roles[i]!.role as string })),
			parts: visibleParts(actor, bodyId),
			canSteer: may('meeting.steer'),
			canParticipate: may('meeting.participate')
		};
	}

	/** The person's own part in the meeting, as join and sync answer it and a recheck sends it again. */
	async function me(meetingId: string, who: { userId: string; memberships: { id: string; role: string }[]; canSteer: boolean; canParticipate: boolean }) {
		const mine = await live.personalState(sql, meetingId, who.userId, who.memberships);
		return { ...mine, canSteer: who.canSteer, canParticipate: who.canParticipate };
	}

	/** Checks the session again when it is due to end (sessions end 30 days after last use; pages renew them). */
	function scheduleExpiry(socket: Socket) {
		const kept = sessionOf(socket);
		clearTimeout(kept.expiryTimer);
		const due = Math.min(Math.max(0, kept.expiresAt.getTime() - Date.now() + 50), LONGEST_TIMER_MS);
		kept.expiryTimer = setTimeout(() => void recheck(socket), due);
		kept.expiryTimer.unref();
	}

	/**
	 * Checks an open socket against the database again: a session that has ended ends the socket; a meeting the
	 * person may no longer follow is left, and told; otherwise the person's standing (a changed role) is sent again.
	 */
	async function recheck(socket: Socket): Promise<void> {
		if (closed || !socket.connected) return;
		const kept = sessionOf(socket);
		const data = socket.data as SocketData;
		try {
			const current = await session.lookup(sql, kept.token);
			if (!current) return endSession(socket);
			data.user = current.user;
			kept.expiresAt = current.session.expiresAt;
			scheduleExpiry(socket);
			for (const meetingId of meetingsOf(socket)) {
				const who = await standing(socket, meetingId, 'meeting.follow');
				if (!socket.connected) return;
				if (!who.ok && who.sessionEnded) return endSession(socket);
				if (!who.ok) {
					await leaveMeeting(socket, meetingId);
					socket.emit('access-ended', { meetingId, reason: who.reason });
					void broadcastPresence(meetingId);
					continue;
				}
				if (await joinAudience(socket, meetingId, who.parts)) {
					const whole = await states.current(meetingId);
					if (whole) socket.emit('state', visibleState(whole, who.parts));
				}
				socket.emit('standing', { meetingId, me: await me(meetingId, who) });
			}
		} catch (error) {
			// The database being away is not the person's fault: keep the socket; its next event checks again.
			log.warn({ err: error, user: data.user.id }, 'could not check an open socket again');
			scheduleExpiry(socket);
		}
	}

	/** Puts the socket in the audience of the parts it may see; true when that changed what it receives. */
	async function joinAudience(socket: Socket, meetingId: string, parts: readonly Part[]): Promise<boolean> {
		const target = audienceRoom(meetingId, parts);
		if (socket.rooms.has(target)) return false;
		for (const other of AUDIENCES) await socket.leave(audienceRoom(meetingId, other));
		await socket.join(target);
		return true;
	}

	async function leaveMeeting(socket: Socket, meetingId: string) {
		await socket.leave(room(meetingId));
		for (const parts of AUDIENCES) await socket.leave(audienceRoom(meetingId, parts));
	}

	const meetingsOf = (socket: Socket) => [...socket.rooms].filter((r) => r.startsWith('meeting:')).map((r) => r.slice('meeting:'.length));

	/** An act of the protocol: parsed here, carried out by its service command, which announces the change. */
	function on<N extends (typeof meetingCommands.ACT_NAMES)[number]>(socket: Socket, name: N) {
		socket.on(name as string, async (payload: unknown, ack?: (answer: Ack) => void) => {
			const reply = typeof ack === 'function' ? ack : () => {};
			if (!sessionOf(socket).acts.take(performance.now())) return reply({ ok: false, reason: TOO_FAST });
			const parsed = COMMANDS[name].safeParse(payload);
			if (!parsed.success) {
				return reply({ ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ') });
			}
			try {
				// The act checks the session again, so an event from a socket whose session has ended is refused (and
				// the socket let go) even before the access notice reaches it.
				const token = sessionOf(socket).token;
				const done =
					name === 'castBallot'
						? await ballots.submit((parsed.data as Command<'castBallot'>).meetingId, { token, command: parsed.data as Command<'castBallot'> })
						: await meetingCommands.perform(services, token, name, parsed.data as Command<N>);
				if (done.sessionEnded) {
					reply({ ok: false, reason: SESSION_ENDED });
					return endSession(socket);
				}
				if (done.user) (socket.data as SocketData).user = done.user;
				const { result } = done;
				reply(result.ok ? { ok: true, ...(result.value && typeof result.value === 'object' ? { result: result.value } : {}) } : { ok: false, reason: result.reason });
			} catch (error) {
				log.error({ err: error, event: name }, 'live meeting event failed');
				reply({ ok: false, reason: SERVICE_PROBLEM });
			}
		});
	}

	io.on('connection', (socket) => {
		socket.on('error', (error) => log.warn({ err: error }, 'socket error'));
		scheduleExpiry(socket);
		socket.on('disconnecting', () => {
			const meetings = meetingsOf(socket);
			clearTimeout(sessionOf(socket).expiryTimer);
			// After the socket has left its rooms, so it is not counted.
			socket.once('disconnect', () => meetings.forEach((id) => void broadcastPresence(id)));
		});

		for (const name of ['join', 'sync'] as const) {
			socket.on(name, async (payload: unknown, ack?: (answer: Ack) => void) => {
				const reply = typeof ack === 'function' ? ack : () => {};
				if (!sessionOf(socket).acts.take(performance.now())) return reply({ ok: false, reason: TOO_FAST });
				const parsed = COMMANDS[name].safeParse(payload);
				if (!parsed.success) return reply({ ok: false, reason: 'payload: expected { meetingId }' });
				try {
					const who = await standing(socket, parsed.data.meetingId, 'meeting.follow');
					if (!who.ok) {
						reply({ ok: false, reason: who.reason });
						if (who.sessionEnded) endSession(socket);
						return;
					}
					const joining = !socket.rooms.has(room(parsed.data.meetingId));
					await socket.join(room(parsed.data.meetingId));
					await joinAudience(socket, parsed.data.meetingId, who.parts);
					if (joining) void broadcastPresence(parsed.data.meetingId);
					const whole = await states.current(parsed.data.meetingId);
					reply({ ok: true, state: whole && visibleState(whole, who.parts), me: await me(parsed.data.meetingId, who) });
				} catch (error) {
					log.error({ err: error, event: name }, 'live meeting join failed');
					reply({ ok: false, reason: SERVICE_PROBLEM });
				}
			});
		}

		for (const name of meetingCommands.ACT_NAMES) on(socket, name);
	});

	return {
		io,
		async recheckUser(userId) {
			const theirs = [...io.of('/').sockets.values()].filter((socket) => (socket.data as SocketData | undefined)?.user?.id === userId);
			await Promise.all(theirs.map(recheck));
		},
		async recheckAll() {
			await Promise.all([...io.of('/').sockets.values()].map(recheck));
		},
		/** Disconnects every client; the http server itself is closed by its owner (io.close() would close it too). */
		async close() {
			closed = true;
			unsubscribe();
			stopCatchingUp?.();
			// This instance's sockets only: without .local the adapter tells every instance to disconnect all of theirs.
			io.local.disconnectSockets(true);
			io.engine.close();
			for (const timer of presenceDue.values()) clearTimeout(timer);
			states.close();
			// Let broadcasts already under way finish before the adapter's connections go.
			while (states.busy) await new Promise((resolve) => setTimeout(resolve, 10));
			await Promise.allSettled([...asking]);
			// The adapter answers other instances' questions (who is connected, disconnect these) by publishing on its
			// own, uncaught: it must stop listening before its connections go, or an answer written to a closed
			// connection rejects unhandled and takes the process down mid-shutdown.
			await io.of('/').adapter.close();
			await Promise.allSettled(adapterClients.map((client) => client.quit()));
		}
	};
}
