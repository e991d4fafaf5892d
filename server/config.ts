import path from 'node:path';

/** Everything the portal reads from its environment. Read here, and nowhere else. */
export interface Config {
	/** PORT: the http port (default 3000). */
	port: number;
	/** HOST: the address to listen on (default 0.0.0.0). */
	host: string;
	/**
	 * ORIGIN: the public origin users reach, e.g. https://portal.example.nhs.uk. Links in emails use it, form posts must
	 * come from it, and cookies are Secure when it is https. Unset: http, on whatever host the browser used
	 * (emails then link to http://localhost:PORT).
	 */
	origin: string | null;
	/** DATA_DIR: where the embedded database keeps its files (default ./data). Unused when DATABASE_URL is set. */
	dataDir: string;
	/** DATABASE_URL: a PostgreSQL connection string; when absent the portal runs on embedded PGlite in DATA_DIR. */
	databaseUrl: string | null;
	/** REDIS_URL: a Redis server shared by several instances of one deployment; absent for a single instance. */
	redisUrl: string | null;
	/** SMTP_URL: e.g. smtp://user:pass@mail.example:587; absent: mail is kept in the outbox at /admin/outbox. */
	smtpUrl: string | null;
	/** MAIL_FROM: the sender of the portal's email (default "Oversight portal <no-reply@localhost>"). */
	mailFrom: string;
	/** LOG_LEVEL: pino level, one of fatal, error, warn, info, debug, trace, silent (default info). */
	logLevel: string;
	/**
	 * AUDIT_KEY: a secret of at least 32 characters. When set, the portal seals checkpoints of the audit chain's head
	 * with it (HMAC-SHA256) and `npm run audit:verify` checks them; absent, checkpoints are kept but not sealed.
	 */
	auditKey: string | null;
	/** DOCUMENT_MAX_MB: the largest a co-edited document may grow, in megabytes of stored state (default 32). */
	documentMaxBytes: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Builds the configuration from an environment, refusing values that cannot work with a message naming the variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const port = env.PORT ? Number(env.PORT) : 3000;
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new Error(`PORT must be a whole number from 0 to 65535, not "${env.PORT}"`);
	}
	const logLevel = env.LOG_LEVEL || 'info';
	if (!LOG_LEVELS.includes(logLevel)) {
		throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);
	}
	const origin = env.ORIGIN ? env.ORIGIN.replace(/\/$/, '') : null;
	if (origin !== null && !/^https?:\/\/[^/]+$/.test(origin)) {
		throw new Error(`ORIGIN must be a scheme and host such as https://portal.example.nhs.uk, not "${env.ORIGIN}"`);
	}
	const auditKey = env.AUDIT_KEY || null;
	if (auditKey !== null && auditKey.length < 32) {
		throw new Error('AUDIT_KEY must be at least 32 characters long: make one with `openssl rand -hex 32`');
	}
	const documentMaxMb = env.DOCUMENT_MAX_MB ? Number(env.DOCUMENT_MAX_MB) : 32;
	if (!Number.isFinite(documentMaxMb) || documentMaxMb <= 0) {
		throw new Error(`DOCUMENT_MAX_MB must be a number of megabytes above 0, not "${env.DOCUMENT_MAX_MB}"`);
	}
	return {
		port,
		host: env.HOST || '0.0.0.0',
		origin,
		dataDir: path.resolve(env.DATA_DIR || 'data'),
		databaseUrl: env.DATABASE_URL || null,
		redisUrl: env.REDIS_URL || null,
		smtpUrl: env.SMTP_URL || null,
		mailFrom: env.MAIL_FROM || 'Oversight portal <no-reply@localhost>',
		logLevel,
		auditKey,
		documentMaxBytes: Math.round(documentMaxMb * 1024 * 1024)
	};
}
