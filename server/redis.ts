import { Redis } from 'ioredis';
import type { Logger } from 'pino';

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
