import { EventEmitter } from 'node:events';

/**
 * In-process notice that a live meeting changed, so that changes made through pages (form actions) reach the
 * people in the meeting as well as changes made through sockets. Across instances, socket.io's Redis adapter
 * carries the resulting broadcast, so the bus itself never needs to leave the process.
 */
export interface MeetingBus {
	changed(meetingId: string): void;
	onChanged(listener: (meetingId: string) => void): () => void;
}

export function createMeetingBus(): MeetingBus {
	return relayedBus(null);
}

/**
 * Notice that a co-edited document's stored log grew outside the collaboration server (a version restored, the
 * minutes regenerated, through a page), so every instance holding it loads the new updates for the people
 * editing it now. The notice names the document only: a duplicate costs one more read of storage.
 */
export interface DocumentBus {
	changed(docName: string): void;
	onChanged(listener: (docName: string) => void): () => void;
}

export function createDocumentBus(relay: Relay | null = null): DocumentBus {
	return relayedBus(relay);
}

/**
 * Notice that a person's access may have changed: a session of theirs ended (sign-out, a password change) or a
 * membership of theirs ended or changed role. Every open connection of that person — live meeting sockets and
 * co-editing websockets — checks itself again against the database. The notice says only who, never what, so a
 * duplicated notice costs one more check and can never grant anything.
 */
export interface AccessBus {
	changed(userId: string): void;
	onChanged(listener: (userId: string) => void): () => void;
}

export function createAccessBus(relay: Relay | null = null): AccessBus {
	return relayedBus(relay);
}

/**
 * Notice that people's inboxes changed (a notification written, some marked read), so their open pages update the
 * unread count: here and, with a relay, on every instance. It says only whose, so a duplicate costs one more count.
 * Closing it ends the live streams that listen to it, so a shutting-down server is not held open by them.
 */
export interface NotificationBus {
	changed(userIds: string[]): void;
	onChanged(listener: (userIds: string[]) => void): () => void;
	/** Says, on this instance only, that an act committed notifications owing an immediate email: write and send it now. */
	emailOwed(): void;
	onEmailOwed(listener: () => void): () => void;
	/** Calls `listener` once when the bus is closed (the instance is stopping). */
	onClosed(listener: () => void): () => void;
	close(): void;
}

export function createNotificationBus(relay: Relay | null = null): NotificationBus {
	const bus = relayedBus(relay);
	const closing = new EventEmitter();
	closing.setMaxListeners(0);
	const mail = new EventEmitter();
	mail.setMaxListeners(0);
	return {
		changed(userIds) {
			if (userIds.length > 0) bus.changed(userIds.join(','));
		},
		onChanged(listener) {
			return bus.onChanged((key) => listener(key.split(',')));
		},
		emailOwed() {
			mail.emit('owed');
		},
		onEmailOwed(listener) {
			mail.on('owed', listener);
			return () => mail.off('owed', listener);
		},
		onClosed(listener) {
			closing.once('closed', listener);
			return () => closing.off('closed', listener);
		},
		close() {
			closing.emit('closed');
		}
	};
}

/**
 * Notice that comment threads changed in some lists (a document's, a meeting's: `threadPlaces` in
 * thread-anchor.ts names them), so the pages showing those lists fetch them again: here and, with a relay, on
 * every instance. It says only where, never what, so a duplicate costs one more fetch, and each page fetches
 * through the service that decides what its reader may see. Closing it ends the live streams that listen to it.
 */
export interface ThreadBus {
	changed(places: string[]): void;
	onChanged(listener: (places: string[]) => void): () => void;
	/** Calls `listener` once when the bus is closed (the instance is stopping). */
	onClosed(listener: () => void): () => void;
	close(): void;
}

export function createThreadBus(relay: Relay | null = null): ThreadBus {
	const bus = relayedBus(relay);
	const closing = new EventEmitter();
	closing.setMaxListeners(0);
	return {
		changed(places) {
			if (places.length > 0) bus.changed(JSON.stringify(places));
		},
		onChanged(listener) {
			return bus.onChanged((key) => {
				try {
					const places: unknown = JSON.parse(key);
					if (Array.isArray(places)) listener(places.filter((place): place is string => typeof place === 'string'));
				} catch {
					// Not a notice of ours: nothing to refresh.
				}
			});
		},
		onClosed(listener) {
			closing.once('closed', listener);
			return () => closing.off('closed', listener);
		},
		close() {
			closing.emit('closed');
		}
	};
}

/** Carries a bus's notices to the portal's other instances (Redis pub/sub when REDIS_URL is set). */
export interface Relay {
	publish(key: string): void;
	/** Calls `listener` with each notice another instance published. */
	subscribe(listener: (key: string) => void): () => void;
}

/** One bus of notices naming a key (a meeting, a document, a person), here and, with a relay, on every instance. */
function relayedBus(relay: Relay | null): { changed(key: string): void; onChanged(listener: (key: string) => void): () => void } {
	const emitter = new EventEmitter();
	emitter.setMaxListeners(0);
	relay?.subscribe((key) => void emitter.emit('changed', key));
	return {
		changed(key) {
			// Here first, so this instance never waits on Redis to act on its own notice.
			emitter.emit('changed', key);
			relay?.publish(key);
		},
		onChanged(listener) {
			emitter.on('changed', listener);
			return () => emitter.off('changed', listener);
		}
	};
}
