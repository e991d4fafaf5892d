// The three loads of bench/soak.ts, each kept steady until stopped, each recording its latencies and its errors:
// - a live meeting: the chair proposes a motion and opens a vote every ~20 s, the members cast their ballots over
//   the next seconds, the chair closes the vote (socket.io clients of tests/helpers/meeting-fixture.ts);
// - co-editing: a few documents, a few editors on each typing a few characters a second (stock y-websocket clients
//   of tests/helpers/collab.ts); the relay latency is from one editor's keystroke until each other editor has it;
// - signed-in page loads at a steady rate, whether or not the last one has been answered (an open loop, as
//   people arriving are).
import * as Y from 'yjs';
import { connectClient as connectEditor, type TestClient } from '../tests/helpers/collab';
import { connectClient, type LiveClient, type SeededMeeting } from '../tests/helpers/meeting-fixture';
import { Latencies, type Errors } from './soak-series';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Load {
	/** Stops starting new work and waits for what is in flight. */
	stop(): Promise<void>;
}

/** When the load started, and the seconds since: every latency and error is kept against this clock. */
export interface Clock {
	now(): number;
}

export interface MeetingLoad extends Load {
	ballots: Latencies;
	/** The chair's propose, openVote and closeVote, each until its acknowledgement: all, and by act. */
	chairActs: Latencies;
	chairActsByName: Map<string, Latencies>;
	/** Ballots the server acknowledged as cast, and votes opened and closed. */
	counts: { ballotsAcknowledged: number; votesOpened: number; votesClosed: number };
	motionIds: string[];
}

/**
 * The chair and `memberKeys` connected and joined; every `cycleMs` the chair proposes a motion and opens a vote,
 * each member casts once at a random moment in the first `castWithinMs`, and once all are answered (and not before
 * `closeAfterMs`) the chair closes the vote.
 */
export async function startMeeting(
	url: string,
	seeded: SeededMeeting,
	memberKeys: string[],
	options: { cycleMs: number; castWithinMs: number; closeAfterMs: number },
	clock: Clock,
	errors: Errors
): Promise<MeetingLoad> {
	const { meetingId, decisionItemId: itemId } = seeded;
	const watch = (client: LiveClient, who: string) => {
		client.socket.on('disconnect', (reason) => running && errors.add('meeting socket disconnected', `${who}: ${reason}`));
		client.socket.on('session-ended', () => errors.add('meeting session ended', who));
	};
	const chair = await connectClient(url, seeded.cookies.chair!);
	watch(chair, 'chair');
	const members = await Promise.all(memberKeys.map((key) => connectClient(url, seeded.cookies[key]!)));
	members.forEach((member, i) => watch(member, memberKeys[i]!));
	for (const client of [chair, ...members]) {
		const joined = await client.emit('join', { meetingId });
		if (!joined.ok) throw new Error(`join refused: ${joined.reason}`);
	}
	const current = await chair.emit('currentItem', { meetingId, itemId });
	if (!current.ok) throw new Error(`currentItem refused: ${current.reason}`);

	const ballots = new Latencies();
	const chairActs = new Latencies();
	const chairActsByName = new Map(['propose', 'openVote', 'closeVote'].map((name) => [name, new Latencies()]));
	const counts = { ballotsAcknowledged: 0, votesOpened: 0, votesClosed: 0 };
	const motionIds: string[] = [];
	let running = true;
	let wake: () => void = () => {};
	const pause = (ms: number) => new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, ms);
		wake = () => {
			clearTimeout(timer);
			resolve();
		};
	});

	/** One act, timed; a refusal or a timeout is counted as an error of `kind` and answers null. */
	async function act(client: LiveClient, name: string, payload: Record<string, unknown>, into: Latencies, kind: string) {
		const started = performance.now();
		try {
			const answer = await client.emit(name, { meetingId, ...payload });
			const ms = performance.now() - started;
			into.record(clock.now(), ms);
			if (into === chairActs) chairActsByName.get(name)?.record(clock.now(), ms);
			if (!answer.ok) {
				errors.add(kind, `${name}: ${answer.reason}`);
				return null;
			}
			return answer;
		} catch (error) {
			errors.add(kind, `${name}: ${(error as Error).message}`);
			return null;
		}
	}

	async function cycle(n: number) {
		const started = performance.now();
		const proposed = await act(chair, 'propose', { itemId, text: `Soak motion ${n}`, category: 'procedural', procedural: true }, chairActs, 'chair act failed');
		const motionId = (proposed?.result as { id?: string } | undefined)?.id;
		if (!motionId) return;
		motionIds.push(motionId);
		if (!(await act(chair, 'openVote', { motionId }, chairActs, 'chair act failed'))) return;
		counts.votesOpened++;
		// The state broadcasts are not read here; without this the clients would keep every one for the whole soak.
		for (const client of [chair, ...members]) client.states.length = 0;
		const choices = ['for', 'for', 'against', 'abstain'] as const;
		await Promise.all(
			members.map(async (member) => {
				await sleep(Math.random() * options.castWithinMs);
				const answer = await act(member, 'castBallot', { motionId, choice: choices[Math.floor(Math.random() * choices.length)] }, ballots, 'ballot failed');
				if (answer) counts.ballotsAcknowledged++;
			})
		);
		const closeAt = started + options.closeAfterMs;
		if (running && performance.now() < closeAt) await pause(closeAt - performance.now());
		if (await act(chair, 'closeVote', { motionId }, chairActs, 'chair act failed')) counts.votesClosed++;
		const nextAt = started + options.cycleMs;
		if (running && performance.now() < nextAt) await pause(nextAt - performance.now());
	}

	const loop = (async () => {
		for (let n = 1; running; n++) await cycle(n);
	})();

	return {
		ballots,
		chairActs,
		chairActsByName,
		counts,
		motionIds,
		async stop() {
			running = false;
			wake();
			await loop;
			for (const client of [chair, ...members]) client.close();
		}
	};
}

export interface EditingLoad extends Load {
	/** From an editor's keystroke until another editor of the document has it, for every other editor. */
	relay: Latencies;
	counts: { keystrokes: number; deletions: number };
	/** After stop: whether every editor of each document has the same text, and each text's length. */
	settle(timeoutMs: number): Promise<{ converged: boolean; lengths: number[]; texts: string[] }>;
}

/**
 * `editorsPerDocument` editors on each document, typing about `keysPerSecond` each: runs of characters at a cursor
 * that now and then moves, and now and then a deletion. A keystroke's relay is timed by the sender's Yjs clock: a
 * one-character insert advances it by one, so another editor has keystroke k once its copy's state for the sender
 * reaches k + 1.
 */
export async function startEditing(
	collabUrl: string,
	documents: { name: string; cookies: string[] }[],
	keysPerSecond: number,
	clock: Clock,
	errors: Errors
): Promise<EditingLoad> {
	const relay = new Latencies();
	const counts = { keystrokes: 0, deletions: 0 };
	let running = true;
	const groups: { editors: TestClient[]; sentAt: Map<number, number[]> }[] = [];
	for (const document of documents) {
		const editors = document.cookies.map((cookie) => connectEditor(collabUrl, document.name, cookie));
		await Promise.all(editors.map((e) => e.synced));
		const sentAt = new Map<number, number[]>(editors.map((e) => [e.doc.clientID, []]));
		for (const receiver of editors) {
			const seen = new Map<number, number>(editors.map((e) => [e.doc.clientID, Y.getState(receiver.doc.store, e.doc.clientID)]));
			receiver.doc.on('update', () => {
				const now = performance.now();
				for (const sender of editors) {
					if (sender === receiver) continue;
					const id = sender.doc.clientID;
					const state = Y.getState(receiver.doc.store, id);
					const sent = sentAt.get(id)!;
					for (let k = seen.get(id)!; k < state; k++) if (sent[k] !== undefined) relay.record(clock.now(), now - sent[k]!);
					seen.set(id, state);
				}
			});
			receiver.provider.on('connection-close', (event: { code?: number; reason?: string } | null) => running && errors.add('editor disconnected', `${document.name}: ${event?.code ?? ''} ${event?.reason ?? ''}`));
			// The server's refusals (y-protocols auth messages), as tests/helpers/collab.ts collects them, counted as they come.
			const collect = receiver.provider.messageHandlers[2]!;
			receiver.provider.messageHandlers[2] = (...args) => {
				const before = receiver.refusals.length;
				collect(...args);
				if (receiver.refusals.length > before) errors.add('editor refused', `${document.name}: ${receiver.refusals.at(-1)}`);
			};
		}
		groups.push({ editors, sentAt });
	}

	const typists = groups.flatMap(({ editors, sentAt }) =>
		editors.map(async (editor) => {
			const sent = sentAt.get(editor.doc.clientID)!;
			let cursor = editor.text.length;
			while (running) {
				// Intervals spread around the mean, so the editors do not fall into step.
				await sleep((1000 / keysPerSecond) * (0.5 + Math.random()));
				if (!running) break;
				const length = editor.text.length;
				if (Math.random() < 0.02 || cursor > length) cursor = Math.floor(Math.random() * (length + 1));
				if (Math.random() < 0.1 && cursor > 0) {
					editor.text.delete(--cursor, 1);
					counts.deletions++;
					continue;
				}
				sent[Y.getState(editor.doc.store, editor.doc.clientID)] = performance.now();
				editor.text.insert(cursor++, String.fromCharCode(97 + Math.floor(Math.random() * 26)));
				counts.keystrokes++;
			}
		})
	);

	return {
		relay,
		counts,
		async stop() {
			running = false;
			await Promise.all(typists);
		},
		async settle(timeoutMs) {
			const same = () => groups.every(({ editors }) => editors.every((e) => e.text.toString() === editors[0]!.text.toString()));
			for (const deadline = performance.now() + timeoutMs; !same() && performance.now() < deadline; ) await sleep(50);
			const texts = groups.map(({ editors }) => editors[0]!.text.toString());
			for (const { editors } of groups) for (const editor of editors) editor.destroy();
			return { converged: same(), lengths: texts.map((t) => t.length), texts };
		}
	};
}

export interface PageLoad extends Load {
	/** Every page's latency until its whole body has arrived, and each path's by itself. */
	all: Latencies;
	byPath: Map<string, Latencies>;
	counts: { requests: number; ok: number };
}

/** `perSecond` GETs a second, taking the paths and the readers' cookies in turn; anything but a 200 is an error. */
export function startPages(url: string, paths: string[], cookies: string[], perSecond: number, clock: Clock, errors: Errors): PageLoad {
	const all = new Latencies();
	const byPath = new Map(paths.map((p) => [p, new Latencies()]));
	const counts = { requests: 0, ok: 0 };
	const inFlight = new Set<Promise<void>>();
	let n = 0;
	const load = async (path: string, cookie: string) => {
		const started = performance.now();
		try {
			const response = await fetch(url + path, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
			await response.arrayBuffer();
			const ms = performance.now() - started;
			all.record(clock.now(), ms);
			byPath.get(path)!.record(clock.now(), ms);
			if (response.status === 200) counts.ok++;
			else errors.add('page not 200', `${path}: ${response.status} ${response.headers.get('location') ?? ''}`);
		} catch (error) {
			errors.add('page failed', `${path}: ${(error as Error).message}`);
		}
	};
	const timer = setInterval(() => {
		const path = paths[n % paths.length]!;
		const cookie = cookies[Math.floor(n / paths.length) % cookies.length]!;
		n++;
		counts.requests++;
		const request = load(path, cookie).finally(() => inFlight.delete(request));
		inFlight.add(request);
	}, 1000 / perSecond);
	return {
		all,
		byPath,
		counts,
		async stop() {
			clearInterval(timer);
			await Promise.all(inFlight);
		}
	};
}
