import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Relay } from '../src/lib/server/bus';

/** One publishing and one subscribing connection, shared by socket.io's adapter and the Yjs fan-out. */
export interface RedisConnections {
	pub: Redis;
	sub: Redis;
	/**
	 * Calls `listener` each time Redis is back after an outage (both connections ready again): whatever the
	 * instances published meanwhile was lost, so each brings its own clients up to date.
	 */
	onRestored(listener: () => void): () => void;
	close(): Promise<void>;
}

export async function openRedis(url: string, log: Logger): Promise<RedisConnections> {
	// While Redis is away, each instance goes on serving its own clients; what crosses between instances (meeting
	// broadcasts, co-editing updates, access notices) waits. Said once when it starts and once when it ends, not at
	// every retry.
	let degraded = false;
	let closing = false;
	const restored = new Set<() => void>();
	const make = (role: string) => {
		const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
		client.on('error', (error) => {
			if (degraded) return log.debug({ err: error, role }, 'redis still unreachable');
			log.warn({ err: error, role }, 'redis connection error');
		});
		client.on('close', () => {
			if (closing || degraded) return;
			degraded = true;
			log.warn({ role }, 'redis is unreachable: delivery between instances is degraded; each instance still serves its own clients');
		});
		client.on('ready', () => {
			if (!degraded || pub.status !== 'ready' || sub.status !== 'ready') return;
			degraded = false;
			log.info('redis is back: delivery between instances is restored; bringing clients up to date');
			for (const listener of restored) listener();
		});
		return client;
	};
	const pub = make('pub');
	const sub = make('sub');
	await Promise.all([pub.connect(), sub.connect()]);
	return {
		pub,
		sub,
		onRestored(listener) {
			restored.add(listener);
			return () => restored.delete(listener);
		},
		async close() {
			closing = true;
			await Promise.allSettled([pub.quit(), sub.quit()]);
		}
	};
}

/** Access notices (see `AccessBus`): whose access may have changed. */
export const ACCESS_CHANNEL = 'portal:access';
/** Document notices (see `DocumentBus`): which document's stored log grew outside the collaboration server. */
export const DOCUMENTS_CHANNEL = 'portal:documents';

/** Inbox notices (see `NotificationBus`): whose inboxes changed. */
export const NOTIFICATIONS_CHANNEL = 'portal:notifications';

/** Thread notices (see `ThreadBus`): which lists of comment threads changed. */
export const THREADS_CHANNEL = 'portal:threads';

/**
 * A bus's notices between instances, on one Redis channel. Each message carries the publishing instance's id, so
 * an instance ignores its own (it has acted on it already).
 */
export function createRedisRelay(redis: RedisConnections, channel: string, instanceId: string, log: Logger): Relay & { close(): Promise<void> } {
	const listeners = new Set<(key: string) => void>();
	// The subscribing connection is shared with socket.io's adapter, the Yjs fan-out and the other relays: only
	// this channel is ours.
	const onMessage = (from: string, message: string) => {
		if (from !== channel) return;
		try {
			const notice = JSON.parse(message) as { from?: unknown; key?: unknown };
			if (notice.from === instanceId || typeof notice.key !== 'string') return;
			for (const listener of listeners) listener(notice.key);
		} catch {
			log.warn({ channel }, 'unreadable notice from redis ignored');
		}
	};
	redis.sub.on('message', onMessage);
	const subscribed = redis.sub.subscribe(channel).catch((error: unknown) => log.warn({ err: error, channel }, 'could not subscribe to notices'));
	return {
		publish(key) {
			redis.pub.publish(channel, JSON.stringify({ from: instanceId, key })).catch((error: unknown) => {
				log.warn({ err: error, channel, key }, 'could not publish a notice to redis');
			});
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		async close() {
			await subscribed;
			redis.sub.off('message', onMessage);
		}
	};
}
