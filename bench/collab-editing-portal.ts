// The portal as server/index.ts starts it (startPortal with build/), counting the SQL statements it sends: for
// `bench/collab-editing.ts --profile`, which runs this with --cpu-prof. IPC: says { url } once it listens; 'count'
// starts counting afresh; 'counted' answers { statements: { total, byShape } }, statements by their first words.
// SIGTERM closes it as the portal closes, so that node writes the CPU profile.
import { readConfig } from '../server/config';
import { createLogger, startPortal } from '../server/portal';

const config = readConfig();
let total = 0;
let byShape = new Map<string, number>();
const portal = await startPortal(config, {
	log: createLogger(config),
	onQuery: (text) => {
		total++;
		const shape = text.replace(/\s+/g, ' ').trim().slice(0, 90);
		byShape.set(shape, (byShape.get(shape) ?? 0) + 1);
	}
});
process.send!({ url: portal.url });
process.on('message', (message) => {
	if (message === 'count') {
		total = 0;
		byShape = new Map();
	} else if (message === 'counted') {
		process.send!({ statements: { total, byShape: Object.fromEntries([...byShape].sort(([, a], [, b]) => b - a)) } });
	}
});
process.once('SIGTERM', async () => {
	await portal.close();
	process.exit(0);
});
