// Serves the built portal for the browser tests on a fresh database: a new database on the PostgreSQL of
// DATABASE_URL, or embedded PGlite in a temporary folder. Removed again on SIGTERM.
import { readConfig } from '../../server/config';
import { startPortal } from '../../server/portal';
import { newDatabaseLocation } from '../helpers/database';

const location = await newDatabaseLocation();
const portal = await startPortal({ ...readConfig(), databaseUrl: location.databaseUrl, dataDir: location.dataDir });

async function stop() {
	await portal.close(5_000);
	await location.remove();
	process.exit(0);
}
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
