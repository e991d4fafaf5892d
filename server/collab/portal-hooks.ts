import { randomUUID } from 'node:crypto';
import { admit, recheck } from '../../src/lib/server/document-access';
import { createPostgresStorage, type DocumentStorage } from '../../src/lib/server/document-storage';
import type { Services } from '../../src/lib/server/services';
import type { RedisConnections } from '../redis';
import { createRedisFanout } from './fanout';
import type { CollabHooks } from './index';

/** What the collaboration hooks use of the portal's services (the whole `Services` object will do). */
export type CollabServices = Pick<Services, 'sql' | 'log' | 'origin'>;

/**
 * The portal's hooks for the collaboration server, made by the composition root: sessions and the policy decide
 * who may open a document (src/lib/server/document-access.ts), PostgreSQL keeps documents, and with Redis the
 * updates reach the other instances on a channel per document.
 */
export function portalCollabHooks(options: {
	services: CollabServices;
	redis: RedisConnections | null;
	/** Default: PostgreSQL, through `services.sql`. */
	storage?: DocumentStorage;
	/** Prefix of the Redis channels, one per document. Default `portal:collab:`. */
	channelPrefix?: string;
}): CollabHooks {
	const { services, redis } = options;
	return {
		log: services.log,
		authenticate: (req) => admit(services.sql, req, services.origin),
		recheck: (token, document) => recheck(services.sql, token, document),
		storage: options.storage ?? createPostgresStorage(services.sql),
		fanout: redis
			? (handlers) =>
					createRedisFanout({
						redis,
						channelPrefix: options.channelPrefix ?? 'portal:collab:',
						instanceId: randomUUID(),
						log: services.log.child({ component: 'collab' }),
						handlers
					})
			: null
	};
}
