import * as audit from './audit';
import type { MemberCalendarMeeting } from './calendar';
import type { Tx } from './db';
import * as membership from './membership';
import { generateToken, hashToken } from './tokens';

/**
 * A member's private calendar feed: one link, `/calendar/<token>/meetings.ics`, that a calendar app subscribes to
 * without signing in, so the token is the only key. Only its hash is stored; the person sees it once, when it is
 * made. A person has at most one live link: making a new one revokes the old, and revoking leaves none.
 */

export interface CurrentFeed {
	createdAt: Date;
}

/** Makes the person's private feed link, revoking any they had; returns the token, which is never shown again. */
export async function create(tx: Tx, userId: string): Promise<string> {
	// Two requests at once (a double click) take turns on the person's row, so the second revokes the first's link
	// rather than run into the one-live-link index.
	await tx`select id from users where id = ${userId} for update`;
	const replaced = await revokeLive(tx, userId);
	const token = generateToken();
	const [row] = await tx<{ id: string }[]>`
		insert into calendar_feeds (user_id, token_hash) values (${userId}, ${hashToken(token)}) returning id`;
	await audit.record(tx, { actorId: userId, action: 'calendar_feed.create', entity: 'calendar_feed', entityId: row!.id, after: { userId, replaced } });
	return token;
}

/** Revokes the person's private feed link, so it shows nothing more; false when they had none. */
export async function revoke(tx: Tx, userId: string): Promise<boolean> {
	const revoked = await revokeLive(tx, userId);
	for (const id of revoked) await audit.record(tx, { actorId: userId, action: 'calendar_feed.revoke', entity: 'calendar_feed', entityId: id, after: { userId } });
	return revoked.length > 0;
}

async function revokeLive(tx: Tx, userId: string): Promise<string[]> {
	const rows = await tx<{ id: string }[]>`
		update calendar_feeds set revoked_at = now() where user_id = ${userId} and revoked_at is null returning id`;
	return rows.map((row) => row.id);
}

/** Whether the person has a live feed link, and since when; null when they have none. */
export async function current(tx: Tx, userId: string): Promise<CurrentFeed | null> {
	const [row] = await tx<CurrentFeed[]>`select created_at from calendar_feeds where user_id = ${userId} and revoked_at is null`;
	return row ?? null;
}

/** The person a feed token belongs to; null when the token is unknown or revoked. */
export async function userForToken(tx: Tx, token: string): Promise<{ id: string; name: string } | null> {
	const [row] = await tx<{ id: string; name: string }[]>`
		select u.id, u.name from calendar_feeds f join users u on u.id = f.user_id
		where f.token_hash = ${hashToken(token)} and f.revoked_at is null`;
	return row ?? null;
}

/**
 * The meetings a person's private feed shows: every meeting of the bodies they sit on today, from a year ago on,
 * cancelled ones included so that a subscribed calendar marks them cancelled. Soonest first.
 */
export async function meetings(tx: Tx, userId: string): Promise<MemberCalendarMeeting[]> {
	return tx<MemberCalendarMeeting[]>`
		select m.id, b.name as body_name, m.title, m.starts_at, m.ends_at, m.place, m.video_link, m.status, m.calendar_sequence as sequence
		from meetings m join bodies b on b.id = m.body_id
		where m.starts_at >= now() - interval '1 year'
			and m.body_id in (select ms.body_id from memberships ms where ms.user_id = ${userId} and ${membership.held(tx, 'ms')})
		order by m.starts_at, m.id`;
}
