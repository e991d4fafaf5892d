import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import type { RedisConnections } from '../redis';

/**
 * Carries document updates and awareness between instances over Redis pub/sub, one channel per document.
 * Messages are binary: [kind][sender instance][body]. An update carries its stored sequence number, so a
 * receiver notices a message it missed; Redis itself does not redeliver.
 */
export interface Fanout {
	/**
	 * Resolves once Redis confirms the subscription: from then on nothing published for the document is missed.
	 * With Redis away it resolves after `commandTimeoutMs` all the same: the document works on this instance, and
	 * catches up from storage when Redis is back and the subscription with it.
	 */
	subscribe(docName: string): Promise<void>;
	unsubscribe(docName: string): Promise<void>;
	publishUpdate(docName: string, seq: number, update: Uint8Array): void;
	publishAwareness(docName: string, update: Uint8Array): void;
	/** Stops listening (the Redis connections belong to the caller and stay open). */
	close(): void;
}

export interface FanoutHandlers {
	update(docName: string, seq: number, update: Uint8Array): void;
	awareness(docName: string, update: Uint8Array): void;
	/** After Redis reconnected and the subscriptions are back: whatever was published meanwhile was lost. */
	resubscribed(docNames: string[]): void;
}

const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;

export function createRedisFanout(options: {
	redis: RedisConnections;
	channelPrefix: string;
	instanceId: string;
	log: Logger;
	handlers: FanoutHandlers;
	/** How long to wait for Redis to confirm a (un)subscription before carrying on without it. */
	commandTimeoutMs?: number;
}): Fanout {
	const { redis, channelPrefix, instanceId, log, handlers, commandTimeoutMs = 3000 } = options;

	/** ioredis queues commands while disconnected and never fails them: waiting on one must not stall a document. */
	async function confirmed(what: string, docName: string, command: Promise<unknown>): Promise<void> {
		let timer: NodeJS.Timeout | undefined;
		const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), commandTimeoutMs)));
		try {
			if ((await Promise.race([command, late])) === 'late') log.warn({ doc: docName }, `redis did not confirm the ${what} in time; carrying on`);
		} catch (error) {
			log.warn({ err: error, doc: docName }, `redis ${what} failed`);
		} finally {
			clearTimeout(timer);
		}
	}
	const subscribed = new Set<string>();
	const channelOf = (docName: string) => channelPrefix + docName;

	function publish(docName: string, kind: number, write: (encoder: encoding.Encoder) => void) {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, kind);
		encoding.writeVarString(encoder, instanceId);
		write(encoder);
		// Not awaited: while Redis is away, ioredis queues the message and editing carries on; the update is
		// already stored, and the other instances catch up from the database when they notice the gap.
		redis.pub.publish(channelOf(docName), Buffer.from(encoding.toUint8Array(encoder))).catch((error: unknown) => {
			log.warn({ err: error, doc: docName }, 'could not publish to redis');
		});
	}

	// The subscribing connection is shared (socket.io's adapter uses it too): only our prefix is ours.
	const onMessage = (channelBuffer: Buffer, message: Buffer) => {
		const channel = channelBuffer.toString();
		if (!channel.startsWith(channelPrefix)) return;
		const docName = channel.slice(channelPrefix.length);
		if (!subscribed.has(docName)) return;
		try {
			const decoder = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
			const kind = decoding.readVarUint(decoder);
			if (decoding.readVarString(decoder) === instanceId) return;
			if (kind === KIND_UPDATE) {
				const seq = decoding.readVarUint(decoder);
				handlers.update(docName, seq, new Uint8Array(decoding.readVarUint8Array(decoder)));
			} else if (kind === KIND_AWARENESS) {
				handlers.awareness(docName, decoding.readVarUint8Array(decoder));
			}
		} catch (error) {
			log.warn({ err: error, doc: docName }, 'unreadable message from redis ignored');
		}
	};

	// ioredis subscribes again by itself after a reconnect; subscribing once more here tells us when that is done.
	let firstReady = redis.sub.status !== 'ready';
	const onReady = () => {
		if (firstReady) {
			firstReady = false;
			return;
		}
		const docNames = [...subscribed];
		if (docNames.length === 0) return;
		redis.sub
			.subscribe(...docNames.map(channelOf))
			.then(() => handlers.resubscribed(docNames.filter((name) => subscribed.has(name))))
			.catch((error: unknown) => log.warn({ err: error }, 'could not subscribe again after a redis reconnect'));
	};

	redis.sub.on('messageBuffer', onMessage);
	redis.sub.on('ready', onReady);

	return {
		async subscribe(docName) {
			subscribed.add(docName);
			await confirmed('subscription', docName, redis.sub.subscribe(channelOf(docName)));
		},
		async unsubscribe(docName) {
			subscribed.delete(docName);
			await confirmed('unsubscription', docName, redis.sub.unsubscribe(channelOf(docName)));
		},
		publishUpdate(docName, seq, update) {
			publish(docName, KIND_UPDATE, (encoder) => {
				encoding.writeVarUint(encoder, seq);
				encoding.writeVarUint8Array(encoder, update);
			});
		},
		publishAwareness(docName, update) {
			publish(docName, KIND_AWARENESS, (encoder) => encoding.writeVarUint8Array(encoder, update));
		},
		close() {
			redis.sub.off('messageBuffer', onMessage);
			redis.sub.off('ready', onReady);
		}
	};
}
