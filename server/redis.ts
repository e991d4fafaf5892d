import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Relay } from '../src/lib/server/bus';

/** One publishing and one subscribing connection, shared by socket.io's adapter and the Yjs fan-out. */
export interface RedisConnections {
	pub: Redis;
	sub: Redis;
	close(): Promise<void>;
}

export async function openRedis(url: string, log: Logger): Promise<RedisConnections> {
	const make = (role: string) => {
		const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
		client.on('error', (error) => log.warn({ err: error, role }, 'redis connection error'));
		return client;
	};
	const pub = make('pub');
	const sub = make('sub');
	await Promise.all([pub.connect(), sub.connect()]);
	return {
		pub,
		sub,
		async close() {
			await Promise.allSettled([pub.quit(), sub.quit()]);
		}
	};
}

/** Access notices (see `AccessBus`): whose access may have changed. */
export const ACCESS_CHANNEL = 'portal:access';
/** Document notices (see `DocumentBus`): which document's stored log grew outside the collaboration server. */
export const DOCUMENTS_CHANNEL = 'portal:documents';

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
