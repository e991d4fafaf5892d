// The loaders of bench/collab-sync-storm.ts, in a process of their own: on 'go', each of `loaders` clients loads
// the document again and again (connect, sync step 1 and 2, disconnect) until 'halt', when the process says
// { loads, loadMs } (every load's time from connecting to having the whole document). Ends on 'stop'.
import { openRaw, type PeerKind } from './collab-sync-clients';

const { kind, url, name, cookie, loaders } = JSON.parse(process.argv[2]!) as { kind: PeerKind; url: string; name: string; cookie: string | null; loaders: number };
let running = false;
const loadMs: number[] = [];
let failures = 0;
let loops: Promise<void>[] = [];

async function loop(): Promise<void> {
	while (running) {
		const started = performance.now();
		const client = openRaw(kind, url, name, cookie);
		try {
			await client.loaded;
			loadMs.push(performance.now() - started);
		} catch {
			failures++;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		await client.close();
	}
}

process.send!({ ready: true });
process.on('message', async (message) => {
	if (message === 'go') {
		running = true;
		loadMs.length = 0;
		failures = 0;
		loops = Array.from({ length: loaders }, loop);
	} else if (message === 'halt') {
		running = false;
		await Promise.all(loops);
		process.send!({ loads: loadMs.length, loadMs, failures });
	} else if (message === 'stop') {
		process.exit(0);
	}
});
process.on('disconnect', () => process.exit(0));
