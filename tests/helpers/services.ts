import { createAccessBus, createDocumentBus, createMeetingBus, createNotificationBus, createThreadBus } from '../../src/lib/server/bus';
import { createTransaction } from '../../src/lib/server/events';
import { createMailer, type Mailer } from '../../src/lib/server/mail';
import type { Services } from '../../src/lib/server/services';
import { quietLog, type TestDatabase } from './database';

/** The services a route's load or action receives in `locals`, over a test database; override any part. */
export function newServices(db: TestDatabase, overrides: Partial<Services> = {}): Services & { mailer: Mailer } {
	const buses = { meetings: createMeetingBus(), documents: createDocumentBus(), access: createAccessBus(), notifications: createNotificationBus(), threads: createThreadBus(), ...overrides };
	return {
		sql: db.sql,
		database: db,
		transaction: createTransaction(db.sql, buses),
		mailer: createMailer({ sql: db.sql, smtpUrl: null, from: 'Oversight portal <no-reply@localhost>', log: quietLog }),
		log: quietLog,
		origin: 'https://portal.example',
		secureCookies: false,
		meetings: buses.meetings,
		documents: buses.documents,
		access: buses.access,
		notifications: buses.notifications,
		threads: buses.threads,
		...overrides
	};
}
