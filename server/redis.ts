import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AccessRelay } from '../src/lib/server/bus';

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

const ACCESS_CHANNEL = 'portal:access';

/**
 * Access notices (see `AccessBus`) between instances, on one Redis channel. Each message carries the publishing
 * instance's id, so an instance ignores its own (it has acted on it already).
 */
export function createRedisAccessRelay(redis: RedisConnections, instanceId: string, log: Logger): AccessRelay & { close(): Promise<void> } {
	const listeners = new Set<(userId: string) => void>();
	// The subscribing connection is shared with socket.io's adapter and the Yjs fan-out: only this channel is ours.
	const onMessage = (channel: string, message: string) => {
		if (channel !== ACCESS_CHANNEL) return;
		try {
			const notice = JSON.parse(message) as { from?: unknown; userId?: unknown };
			if (notice.from === instanceId || typeof notice.userId !== 'string') return;
			for (const listener of listeners) listener(notice.userId);
		} catch {
			log.warn({ channel }, 'unreadable access notice from redis ignored');
		}
	};
	redis.sub.on('message', onMessage);
	const subscribed = redis.sub.subscribe(ACCESS_CHANNEL).catch((error: unknown) => log.warn({ err: error }, 'could not subscribe to access notices'));
	return {
		publish(userId) {
			redis.pub.publish(ACCESS_CHANNEL, JSON.stringify({ from: instanceId, userId })).catch((error: unknown) => {
				log.warn({ err: error, userId }, 'could not publish an access notice to redis');
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
