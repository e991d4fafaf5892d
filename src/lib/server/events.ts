import type { AccessBus, DocumentBus, MeetingBus, NotificationBus, ThreadBus } from './bus';
import type { Sql, Tx } from './db';

/**
 * What an act changed, announced from inside the service command that changed it and published once its
 * transaction has committed: the live meeting sockets broadcast on `meeting.changed`, the collaboration server
 * catches up on `document.changed`, open connections check themselves again on `access.changed`. The
 * subscriptions are made in the composition root (server/portal.ts); no route or handler publishes them itself.
 */
export type PortalEvent =
	| { type: 'meeting.changed'; meetingId: string }
	| { type: 'document.changed'; docName: string }
	| { type: 'access.changed'; userId: string }
	| { type: 'notifications.changed'; userIds: string[] }
	/** Threads changed in these lists (`threadPlaces`): the pages showing them fetch them again. */
	| { type: 'threads.changed'; places: string[] }
	| { type: 'email.owed' };

// Symbol.for, not Symbol(): SvelteKit's bundle and server/ each load their own copy of this module, and a
// transaction opened by one must collect what the other's services announce.
const ANNOUNCED = Symbol.for('oversight-portal.announced-after-commit');
type Announcing = { [ANNOUNCED]?: PortalEvent[] };

/**
 * Announces what the act running in `tx` changed. Published when the transaction that `transaction` opened
 * commits, and never if it rolls back; in a transaction opened otherwise (a test's own) it is dropped.
 */
export function announce(tx: Tx, event: PortalEvent): void {
	(tx as Announcing)[ANNOUNCED]?.push(event);
}

/** A savepoint's transaction announces into the transaction it is part of. */
export function withinSavepoint(outer: Tx, inner: Tx): void {
	(inner as Announcing)[ANNOUNCED] = (outer as Announcing)[ANNOUNCED];
}

/** Runs an act in one transaction and, after it commits, publishes what the act announced. */
export type Transaction = <T>(act: (tx: Tx) => Promise<T>) => Promise<T>;

export function createTransaction(sql: Sql, buses: { meetings: MeetingBus; documents: DocumentBus; access: AccessBus; notifications?: NotificationBus; threads?: ThreadBus }): Transaction {
	return async <T>(act: (tx: Tx) => Promise<T>): Promise<T> => {
		const events: PortalEvent[] = [];
		// Boxed: postgres.js would otherwise unwrap an array the act returns.
		const { value } = await sql.begin(async (tx) => {
			(tx as Announcing)[ANNOUNCED] = events;
			return { value: await act(tx) };
		});
		// Whose inboxes changed, gathered into one notice however many notifications the act wrote.
		const inboxes = new Set(events.flatMap((e) => (e.type === 'notifications.changed' ? e.userIds : [])));
		if (inboxes.size > 0) buses.notifications?.changed([...inboxes]);
		if (events.some((e) => e.type === 'email.owed')) buses.notifications?.emailOwed();
		const places = new Set(events.flatMap((e) => (e.type === 'threads.changed' ? e.places : [])));
		if (places.size > 0) buses.threads?.changed([...places]);
		const others = events.filter((e) => e.type !== 'notifications.changed' && e.type !== 'email.owed' && e.type !== 'threads.changed');
		for (const key of new Set(others.map((e) => JSON.stringify(e)))) {
			const event = JSON.parse(key) as Exclude<PortalEvent, { type: 'notifications.changed' | 'email.owed' | 'threads.changed' }>;
			if (event.type === 'meeting.changed') buses.meetings.changed(event.meetingId);
			else if (event.type === 'document.changed') buses.documents.changed(event.docName);
			else buses.access.changed(event.userId);
		}
		return value as T;
	};
}
