// The hostile client of bench/hostile-flood.ts, in a process of its own so that its own work (generating and
// sending) is not counted against the honest client's latency. Sends the fault test's hostile socket.io events
// and Yjs frames (tests/helpers/hostile.ts, same seed) as fast as the server takes them, then prints a JSON line.
// Arguments: url cookie meetingId documentUrl events frames seed.
import WebSocket from 'ws';
import { hostileEvents, hostileFrames, KNOWN_EVENTS } from '../tests/helpers/hostile';
import { connectClient } from '../tests/helpers/meeting-fixture';

const [url, cookie, meetingId, documentUrl, eventCount, frameCount, seed] = process.argv.slice(2) as [string, string, string, string, string, string, string];
const started = performance.now();
let reconnects = 0;
let client = await connectClient(url, cookie);
const events = hostileEvents(meetingId, Number(eventCount), Number(seed));
for (let i = 0; i < events.length; i += 200) {
	if (!client.socket.connected) {
		reconnects += 1;
		client = await connectClient(url, cookie);
	}
	const socket = client.socket;
	await Promise.all(
		events.slice(i, i + 200).map(async ([event, body, wantsAck]) => {
			if (!wantsAck || !KNOWN_EVENTS.has(event)) return void socket.emit(event, body);
			await socket.timeout(20_000).emitWithAck(event, body).catch(() => null);
		})
	);
}
client.close();
const frames = hostileFrames(Number(frameCount), Number(seed));
let sent = 0;
while (sent < frames.length) {
	const ws = new WebSocket(documentUrl, { headers: { cookie, origin: url } });
	ws.on('error', () => {});
	const opened = await new Promise<boolean>((resolve) => {
		ws.once('open', () => resolve(true));
		ws.once('unexpected-response', () => resolve(false));
		ws.once('error', () => resolve(false));
	});
	if (!opened) throw new Error('the hostile observer could not open the document');
	while (sent < frames.length && ws.readyState === WebSocket.OPEN) ws.send(frames[sent++]!);
	await new Promise<void>((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : (ws.once('close', () => resolve()), ws.close())));
	reconnects += 1;
}
console.log(JSON.stringify({ flooded: { events: events.length, frames: frames.length, ms: Math.round(performance.now() - started), reconnects } }));
process.exit(0);
