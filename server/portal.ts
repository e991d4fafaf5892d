import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { createAccessBus, createDocumentBus, createMeetingBus, createNotificationBus, createThreadBus } from '../src/lib/server/bus';
import * as audit from '../src/lib/server/audit';
import * as decision from '../src/lib/server/decision';
import { londonDate } from '../src/lib/domain/london-time';
import { openDatabase } from '../src/lib/server/db';
import { createTransaction } from '../src/lib/server/events';
import { createMailer } from '../src/lib/server/mail';
import { createJobRunner } from '../src/lib/server/jobs';
import * as notificationEmail from '../src/lib/server/notification-email';
import { createPoller } from '../src/lib/server/poller';
import { jobHandlers } from '../src/lib/server/scheduled-work';
import { migrate } from '../src/lib/server/migrate';
import { readUnreadPapers } from '../src/lib/server/paper-text';
import { DEV_SERVICES, type Services } from '../src/lib/server/services';
import type { Config } from './config';
import { COLLAB_PATH, createCollabServer } from './collab';
import { portalCollabHooks } from './collab/portal-hooks';
import { attachMeetingSockets } from './meetings';
import { ACCESS_CHANNEL, DOCUMENTS_CHANNEL, NOTIFICATIONS_CHANNEL, THREADS_CHANNEL, createRedisRelay, openRedis } from './redis';
import { UNSUBSCRIBE_PATH, answerUnsubscribePost } from './one-click-unsubscribe';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
export const MIGRATIONS_DIR = path.join(ROOT, 'migrations');
const BUILT_HANDLER = path.join(ROOT, 'build', 'handler.js');

/** How soon after audit rows are added their checkpoint is sealed (with AUDIT_KEY). */
const AUDIT_SEAL_MS = 5_000;

type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;

export interface Portal {
	server: http.Server;
	services: Services;
	/** Where it listens, e.g. http://127.0.0.1:41234 */
	url: string;
	/** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes the database. */
	close(graceMs?: number): Promise<void>;
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
	return pino({ level: config.logLevel, base: { service: 'oversight-portal' } });
}

/**
 * The composition root: config → database → migrations → services → one http server carrying SvelteKit
 * (the built handler, or Vite's dev middleware with `dev: true`).
 */
export async function startPortal(config: Config, options: { log?: Logger; dev?: boolean; onQuery?: (text: string) => void } = {}): Promise<Portal> {
	const log = options.log ?? createLogger(config);
	const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log, onQuery: options.onQuery });
	try {
		await migrate(database.sql, MIGRATIONS_DIR, log);
	} catch (error) {
		await database.close();
		throw error;
	}
	const mailer = createMailer({ sql: database.sql, smtpUrl: config.smtpUrl, from: config.mailFrom, log });
	const server = http.createServer();
	// Requests that arrive while SvelteKit loads wait for it rather than go unanswered.
	const sveltekitLoading = options.dev ? viteMiddleware(server) : builtHandler();
	const address = await listen(server, config.port, config.host).catch(async (error: NodeJS.ErrnoException) => {
		await database.close();
		throw error.code === 'EADDRINUSE' ? new Error(`Port ${config.port} is in use: stop what is using it, or set PORT`) : error;
	});
	const redis = config.redisUrl ? await openRedis(config.redisUrl, log) : null;
	const instanceId = randomUUID();
	const accessRelay = redis ? createRedisRelay(redis, ACCESS_CHANNEL, instanceId, log) : null;
	const documentRelay = redis ? createRedisRelay(redis, DOCUMENTS_CHANNEL, instanceId, log) : null;
	const notificationRelay = redis ? createRedisRelay(redis, NOTIFICATIONS_CHANNEL, instanceId, log) : null;
	const threadRelay = redis ? createRedisRelay(redis, THREADS_CHANNEL, instanceId, log) : null;
	const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address}:${address.port}`;
	const buses = {
		meetings: createMeetingBus(),
		documents: createDocumentBus(documentRelay),
		access: createAccessBus(accessRelay),
		notifications: createNotificationBus(notificationRelay),
		threads: createThreadBus(threadRelay)
	};
	const services: Services = {
		sql: database.sql,
		database,
		transaction: createTransaction(database.sql, buses),
		mailer,
		log,
		origin: config.origin ?? `http://localhost:${address.port}`,
		secureCookies: config.origin?.startsWith('https:') ?? false,
		...buses
	};
	if (options.dev) (globalThis as Record<symbol, Services>)[DEV_SERVICES] = services;
	const meetingSockets = attachMeetingSockets({ server, services, redis });
	const collab = createCollabServer({ ...portalCollabHooks({ services, redis }), maxDocumentBytes: config.documentMaxBytes });
	services.documents.onChanged((docName) => collab.catchUp(docName));
	// A session ended or a membership changed: that person's open connections check themselves again, here and,
	// through Redis, on every other instance.
	services.access.onChanged((userId) => {
		void meetingSockets.recheckUser(userId);
		void collab.recheckUser(userId);
	});
	// Notices published while Redis was away never arrived: once it is back, every open connection checks itself.
	redis?.onRestored(() => {
		void meetingSockets.recheckAll();
		void collab.recheckAll();
	});

	// Two websocket users share the server: socket.io takes /socket.io/ itself (and leaves the rest alone), the
	// Yjs endpoint takes /collab/, Vite's HMR (dev only) takes its own; anything else is refused.
	server.on('upgrade', (req, socket, head) => {
		socket.on('error', (error) => log.debug({ err: error }, 'upgrade socket error'));
		const path = (req.url ?? '/').split('?')[0]!;
		if (path.startsWith(COLLAB_PATH)) return collab.handleUpgrade(req, socket, head);
		if (path.startsWith('/socket.io/') || options.dev) return;
		socket.destroy();
	});

	server.on('request', async (req: http.IncomingMessage & { services?: Services }, res) => {
		const started = performance.now();
		res.on('finish', () => log.debug({ method: req.method, url: req.url, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request'));
		if (req.url === '/healthz') return void health(services, res);
		const unsubscribing = req.method === 'POST' ? UNSUBSCRIBE_PATH.exec((req.url ?? '').split('?')[0]!) : null;
		if (unsubscribing) {
			return void answerUnsubscribePost(services, unsubscribing[1]!, req, res).catch((error) => {
				log.error({ err: error }, 'could not unsubscribe');
				if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
				res.end('Sorry, there is a problem with the service');
			});
		}
		// socket.io's engine answers its own http requests (long-polling) from a listener of its own.
		if (req.url?.startsWith('/socket.io/')) return;
		// SvelteKit's hooks find the services here (adapter-node passes `platform: { req }`).
		req.services = services;
		// With no ORIGIN, adapter-node takes the host from the request and the protocol from this header; this
		// server speaks plain http, and whatever a client sent in the header is overwritten.
		if (!config.origin) req.headers[PROTOCOL_HEADER] = 'http';
		(await sveltekitLoading).handle(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	});
	const sveltekit = await sveltekitLoading;

	log.info({ url, origin: services.origin, embedded: database.embedded, mail: mailer.delivers ? 'smtp' : 'outbox' }, 'portal listening');
	// Mail: the immediate emails notifications owe are written into the outbox, and the outbox is sent: what was
	// pending at start (left by an instance that stopped), and after each commit here that owes an email or each job
	// run that wrote some. With SMTP, once a minute too, and when a failed message is due another try. No idle poll
	// of the database otherwise: the statement counts of the vote path stay what the act costs. Each row is claimed,
	// so two instances never both send it.
	const mailPump = createPoller({
		run: () => notificationEmail.sendOwed(services),
		pollMs: mailer.delivers ? 60_000 : null,
		log,
		failure: 'could not send pending mail'
	});
	services.notifications.onEmailOwed(() => mailPump.wake());
	// Ratification periods end by the calendar, not by anyone's action: sweep now and every hour.
	const lapse = () =>
		database.sql
			.begin((tx) => decision.lapseOverdue(tx, londonDate(new Date())))
			.then((ids) => ids.length && log.info({ decisions: ids }, 'decisions lapsed: not ratified in time'))
			.catch((error) => log.warn({ err: error }, 'could not sweep lapsed decisions'));
	void lapse();
	const lapseTimer = setInterval(lapse, 60 * 60 * 1000);
	lapseTimer.unref();
	// Digests, windows closing, reminders: claimed from the jobs table, so each runs once across instances.
	const jobRunner = createJobRunner({ sql: database.sql, handlers: jobHandlers(services), log, transaction: services.transaction, onRan: () => mailPump.wake() });
	// With AUDIT_KEY, the audit chain's head is sealed a few seconds after it moves, and once more at shutdown. A
	// timer rather than a hook in every act: audit.record runs in each act's own transaction, which has no key.
	const sealAudit = () =>
		config.auditKey
			? audit.seal(database.sql, config.auditKey).catch((error) => log.warn({ err: error }, 'could not seal the audit chain'))
			: Promise.resolve(false);
	const sealTimer = config.auditKey ? setInterval(() => void sealAudit(), AUDIT_SEAL_MS) : null;
	sealTimer?.unref();

	let closing: Promise<void> | null = null;
	// Papers uploaded before their words were read for the search are read now, in the background, once.
	const paperReading = readUnreadPapers(database.sql, log, { stopping: () => closing !== null }).catch((error) =>
		log.warn({ err: error }, 'could not read the words of older papers for the search')
	);
	return {
		server,
		services,
		url,
		close(graceMs = 10_000) {
			closing ??= (async () => {
				clearInterval(lapseTimer);
				await jobRunner.close();
				await mailPump.close();
				// Live inbox streams end, so they do not hold the server open.
				buses.notifications.close();
				buses.threads.close();
				if (sealTimer) clearInterval(sealTimer);
				const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
				// Upgraded sockets would keep server.close() waiting: end them now.
				await meetingSockets.close();
				await collab.close();
				server.closeIdleConnections();
				const timer = setTimeout(() => server.closeAllConnections(), graceMs);
				await stopped;
				clearTimeout(timer);
				await sveltekit.close();
				await sealAudit();
				await paperReading;
				await accessRelay?.close();
				await documentRelay?.close();
				await notificationRelay?.close();
				await threadRelay?.close();
				await redis?.close();
				mailer.close();
				await database.close();
				log.info('portal stopped');
			})();
			return closing;
		}
	};
}

function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve(server.address() as AddressInfo);
		});
	});
}

async function health(services: Services, res: http.ServerResponse): Promise<void> {
	const reachable = await Promise.race([
		services.sql`select 1`.then(() => true),
		new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref())
	]).catch(() => false);
	res.writeHead(reachable ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
	res.end(JSON.stringify({ status: reachable ? 'ok' : 'unavailable', database: reachable ? 'reachable' : 'unreachable' }));
}

interface SvelteKitMount {
	handle: RequestHandler;
	close(): Promise<void>;
}

/** Read by adapter-node when it loads; without it, adapter-node assumes https when ORIGIN is unset. */
const PROTOCOL_HEADER = 'x-portal-protocol';

async function builtHandler(): Promise<SvelteKitMount> {
	process.env.PROTOCOL_HEADER ??= PROTOCOL_HEADER;
	// Meeting papers may be up to 20 MB (meeting.MAX_PAPER_BYTES); adapter-node's default limit is 512 KB.
	process.env.BODY_SIZE_LIMIT ??= '21M';
	const { handler } = (await import(pathToFileURL(BUILT_HANDLER).href)) as { handler: RequestHandler };
	return { handle: handler, close: async () => {} };
}

/** Development: Vite's middleware serves SvelteKit with hot reload; its HMR websocket rides on the same server. */
async function viteMiddleware(server: http.Server): Promise<SvelteKitMount> {
	const { createServer } = await import('vite');
	const vite = await createServer({ root: ROOT, server: { middlewareMode: true, hmr: { server } }, appType: 'custom' });
	return { handle: (req, res, next) => vite.middlewares(req, res, next), close: () => vite.close() };
}
