// Serves the built portal for the browser tests on a fresh database: a new database on the PostgreSQL of
// DATABASE_URL, or embedded PGlite in a temporary folder. Removed again on SIGTERM.
//
// It says each step on stdout (Playwright shows it, prefixed [WebServer]), so a start that never becomes healthy
// shows where it stopped. It listens on the loopback address the health check asks, whatever HOST the machine's
// environment happens to carry.
import { readConfig } from '../../server/config';
import { startPortal, type Portal } from '../../server/portal';
import { newDatabaseLocation, type DatabaseLocation } from '../helpers/database';

const step = (text: string) => console.log(`[e2e portal] ${text}`);

let location: DatabaseLocation | null = null;
let portal: Portal | null = null;

async function stop(code: number) {
	await portal?.close(5_000);
	await location?.remove();
	process.exit(code);
}
process.once('SIGTERM', () => void stop(0));
process.once('SIGINT', () => void stop(0));

try {
	const config = { ...readConfig(), host: '127.0.0.1' };
	step(`making a fresh database on ${process.env.DATABASE_URL ? 'the PostgreSQL of DATABASE_URL' : 'embedded PGlite'}`);
	location = await newDatabaseLocation();
	step(`starting on ${config.host}:${config.port}${config.redisUrl ? ', with Redis' : ''}`);
	portal = await startPortal({ ...config, databaseUrl: location.databaseUrl, dataDir: location.dataDir });
	step(`listening at ${portal.url}`);
} catch (error) {
	console.error('[e2e portal] could not start:', error);
	await stop(1);
}
