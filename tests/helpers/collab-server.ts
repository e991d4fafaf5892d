/**
 * The collaboration server alone in its own process, on the database that DATABASE_URL or DATA_DIR names (read
 * through server/config.ts), for tests that kill it. Listens on PORT when set (so clients can reconnect to it
 * restarted), else any free port, and prints one JSON line, {"url": "ws://.../collab"}, once it listens.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { createCollabServer } from '../../server/collab';
import { portalCollabHooks } from '../../server/collab/portal-hooks';
import { readConfig } from '../../server/config';
import { openDatabase } from '../../src/lib/server/db';
import { migrate } from '../../src/lib/server/migrate';
import { testServices } from './collab';

const config = readConfig();
const log = pino({ level: config.logLevel }, pino.destination(2));
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
await migrate(database.sql, fileURLToPath(new URL('../../migrations', import.meta.url)), log);
const collab = createCollabServer(portalCollabHooks({ services: testServices(database, log), redis: null }));
const server = http.createServer((_req, res) => {
	res.statusCode = 404;
	res.end();
});
server.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
server.listen(Number(process.env.PORT) || 0, '127.0.0.1', () => {
	const { port } = server.address() as AddressInfo;
	process.stdout.write(JSON.stringify({ url: `ws://127.0.0.1:${port}/collab` }) + '\n');
});
process.once('SIGTERM', async () => {
	await collab.close();
	server.close();
	await database.close();
	process.exit(0);
});
