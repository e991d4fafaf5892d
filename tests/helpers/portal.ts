import pino from 'pino';
import { readConfig, type Config } from '../../server/config';
import { startPortal, type Portal } from '../../server/portal';
import { newDatabaseLocation, quietLog } from './database';

export interface TestPortal extends Portal {
	/** The PostgreSQL database it runs on (null when embedded), for a second instance to share. */
	databaseUrl: string | null;
	/** A fetch against the portal that sends the Origin header SvelteKit's CSRF check expects of a form post. */
	post(path: string, form: Record<string, string>, cookie?: string): Promise<Response>;
}

/** The built portal on a free port with a fresh database and quiet logs; `close()` removes the database. */
export async function newPortal(overrides: Partial<Config> = {}, options: { onQuery?: (text: string) => void } = {}): Promise<TestPortal> {
	const location = await newDatabaseLocation();
	const base = readConfig({ LOG_LEVEL: 'silent' });
	const portal = await startPortal(
		{ ...base, port: 0, host: '127.0.0.1', databaseUrl: location.databaseUrl, dataDir: location.dataDir, ...overrides },
		{ log: process.env.TEST_LOG ? pino({ level: process.env.TEST_LOG }) : quietLog, onQuery: options.onQuery }
	);
	return {
		...portal,
		databaseUrl: location.databaseUrl,
		post(path, form, cookie) {
			return fetch(portal.url + path, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: portal.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
				body: new URLSearchParams(form)
			});
		},
		async close(graceMs) {
			await portal.close(graceMs);
			await location.remove();
		}
	};
}

/** The `name=value` part of a response's session cookie, to send back. */
export function sessionCookieOf(response: Response): string {
	const header = response.headers.getSetCookie().find((c) => c.startsWith('session='));
	if (!header) throw new Error(`no session cookie in the response (status ${response.status})`);
	return header.split(';')[0]!;
}
