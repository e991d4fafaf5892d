import { readConfig } from './config';
import { createLogger, startPortal } from './portal';

/** `npm start` (built) or `npm run dev` (--dev, Vite middleware): run the portal until SIGTERM or SIGINT. */
async function main() {
	let config;
	try {
		config = readConfig();
	} catch (error) {
		console.error(`Configuration error: ${(error as Error).message}`);
		process.exit(2);
	}
	const log = createLogger(config);
	let portal;
	try {
		portal = await startPortal(config, { log, dev: process.argv.includes('--dev') });
	} catch (error) {
		log.fatal({ err: error }, `the portal could not start: ${(error as Error).message}`);
		process.exit(1);
	}
	const stop = async (signal: string) => {
		log.info({ signal }, 'stopping: no new connections; finishing requests in flight');
		try {
			await portal.close();
			process.exit(0);
		} catch (error) {
			log.error({ err: error }, 'error while stopping');
			process.exit(1);
		}
	};
	process.once('SIGTERM', () => void stop('SIGTERM'));
	process.once('SIGINT', () => void stop('SIGINT'));
}

void main();
