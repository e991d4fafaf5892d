// The peer of bench/vote-storm-peers.ts: a bare socket.io server with the portal's message pattern for a vote and
// nothing else (no database, no rules, no sessions). Each 'castBallot' is acknowledged at once and counted; the
// count goes to everyone in one broadcast per turn of the event loop, coalesced as the portal's are.
// Prints {"url": "http://127.0.0.1:PORT"} once it listens. Run by vote-storm-peers.ts; not useful alone.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const server = http.createServer();
const io = new Server(server, { path: '/socket.io', serveClient: false });
const ballots = new Map<string, Map<string, string>>();
let seq = 0;
const due = new Set<string>();

function broadcastSoon(motionId: string) {
	if (due.has(motionId)) return;
	due.add(motionId);
	setImmediate(() => {
		due.delete(motionId);
		io.emit('state', { seq: String(++seq), motions: [{ id: motionId, tally: { ballots: ballots.get(motionId)?.size ?? 0 } }] });
	});
}

io.on('connection', (socket) => {
	socket.on('join', (_payload: unknown, ack?: (answer: unknown) => void) => ack?.({ ok: true }));
	socket.on('castBallot', (payload: { motionId?: string; choice?: string }, ack?: (answer: unknown) => void) => {
		const motionId = String(payload?.motionId ?? '');
		if (!ballots.has(motionId)) ballots.set(motionId, new Map());
		ballots.get(motionId)!.set(socket.id, String(payload?.choice));
		ack?.({ ok: true });
		broadcastSoon(motionId);
	});
});

server.listen(0, '127.0.0.1', () => {
	process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }) + '\n');
});
