import type { Logger } from 'pino';
import type { AccessBus, DocumentBus, MeetingBus, NotificationBus, ThreadBus } from './bus';
import type { Database, Sql } from './db';
import type { Transaction } from './events';
import type { Mailer } from './mail';

/**
 * Everything stateful, made once in the composition root (server/index.ts) and handed down:
 * SvelteKit reaches it through `event.locals.services`, never through a module-level singleton.
 */
export interface Services {
	sql: Sql;
	database: Database;
	/** Runs an act in one transaction and publishes what it announced once it commits (events.ts): use it for acts. */
	transaction: Transaction;
	mailer: Mailer;
	log: Logger;
	/** The public origin, for links in emails. */
	origin: string;
	/** Cookies get the Secure flag when the portal is served over https. */
	secureCookies: boolean;
	/** Tells the live meeting sockets that a meeting changed through a page. */
	meetings: MeetingBus;
	/** Tells the collaboration server that a document's stored log grew through a page (a restored version). */
	documents: DocumentBus;
	/** Tells every open connection of a person to check itself again: a session ended, a membership changed. */
	access: AccessBus;
	/** Tells open pages whose inboxes changed (the unread count in the header), here and on every instance. */
	notifications: NotificationBus;
	/** Tells open pages which lists of comment threads changed, here and on every instance. */
	threads: ThreadBus;
}

/** Where `npm run dev` leaves the services for SvelteKit's hooks: Vite's dev middleware passes no platform. */
export const DEV_SERVICES = Symbol.for('oversight-portal.services');
