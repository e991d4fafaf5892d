import { XMLParser, XMLValidator } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonToInstant } from '../../src/lib/domain/london-time';
import type { Actor } from '../../src/lib/domain/policy';
import * as calendarFeed from '../../src/lib/server/calendar-feed';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import * as motion from '../../src/lib/server/motion';
import * as notice from '../../src/lib/server/notice';
import { markPresent, seedMeeting, type SeededMeeting } from '../helpers/meeting-fixture';
import { newPortal, type TestPortal } from '../helpers/portal';
import { PROCESS_TEST_MS } from '../helpers/time';

/**
 * Calendars and feeds over HTTP against the built portal, read with libraries other than the ones that wrote them:
 * ical.js (Mozilla's) for the iCalendar that ical-generator writes, fast-xml-parser for the Atom that `feed` writes.
 * A meeting is scheduled in summer time, rescheduled into winter time and then cancelled, and each time its file
 * and its body's feed are fetched again, as a subscribed calendar would.
 */

function unwrap<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
	if (!result.ok) throw new Error(`Expected success, got: ${result.reason}`);
	return result.value;
}

/** In the video link of the scheduled meeting: only a member's private feed may carry it. */
const VIDEO = 'videosecret7731';
const SECRET = 'quixoticpartbmotion';
const PUBLIC_MOTION = 'zephyrpublicmotion';

const nextYear = new Date().getUTCFullYear() + 1;
/** 9 June next year, 2pm to 4pm London time: BST. */
const summer = { startsAt: londonToInstant(`${nextYear}-06-09`, '14:00'), endsAt: londonToInstant(`${nextYear}-06-09`, '16:00') };
/** 12 January the year after, 10am to 12 noon London time: GMT. */
const winter = { startsAt: londonToInstant(`${nextYear + 1}-01-12`, '10:00'), endsAt: londonToInstant(`${nextYear + 1}-01-12`, '12:00') };

interface ReadEvent {
	uid: string;
	sequence: number;
	status: string;
	summary: string;
	description: string;
	location: string;
	tzid: unknown;
	/** London wall clock as written: "2027-06-09 14:00". */
	start: string;
	end: string;
	startsAt: Date;
	endsAt: Date;
}

/** The events of an iCalendar text as ical.js reads them, times resolved with the VTIMEZONE the text carries. */
function readCalendar(text: string): { calendar: ICAL.Component; events: ReadEvent[] } {
	const calendar = new ICAL.Component(ICAL.parse(text));
	ICAL.TimezoneService.reset();
	for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
	const clock = (t: ICAL.Time) => `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
	const events = calendar.getAllSubcomponents('vevent').map((component) => {
		const event = new ICAL.Event(component);
		return {
			uid: event.uid,
			sequence: event.sequence,
			status: String(component.getFirstPropertyValue('status')),
			summary: event.summary,
			description: event.description,
			location: event.location,
			tzid: component.getFirstProperty('dtstart')?.getParameter('tzid'),
			start: clock(event.startDate),
			end: clock(event.endDate),
			startsAt: event.startDate.toJSDate(),
			endsAt: event.endDate.toJSDate()
		};
	});
	return { calendar, events };
}

describe('calendars and feeds', () => {
	let portal: TestPortal;
	let seeded: SeededMeeting;
	let other: SeededMeeting;
	let chair: Actor;
	let memberId: string;
	let meetingId: string;
	let partADecisionId: string;
	let partAPaperId: string;
	let partBPaperId: string;
	let uidDomain: string;

	const get = (path: string, headers: Record<string, string> = {}) => fetch(portal.url + path, { redirect: 'manual', headers });
	const eventOf = (text: string, id: string) => readCalendar(text).events.find((e) => e.uid === `meeting-${id}@${uidDomain}`);

	beforeAll(async () => {
		portal = await newPortal();
		const { sql } = portal.services;
		uidDomain = new URL(portal.services.origin).hostname;
		const rules = { schemaVersion: 1 as const, quorum: { minimumCount: 1, deputiesCount: true }, voting: { basis: 'per_member' as const, thresholds: [{ of: 'votes_cast' as const, comparison: 'more_than' as const, fraction: '1/2' }] } };
		seeded = await seedMeeting(sql, { name: 'Calendar', rules, members: [{ key: 'chair', role: 'chair' }, { key: 'member', role: 'voting_member' }] });
		other = await seedMeeting(sql, { name: 'Elsewhere', rules, members: [{ key: 'chair', role: 'chair' }] });
		const chairId = (await membership.get(sql, seeded.membershipIds.chair!))!.userId;
		chair = await membership.actorFor(sql, { id: chairId, isAdministrator: false });
		memberId = (await membership.get(sql, seeded.membershipIds.member!))!.userId;
		await markPresent(sql, seeded, ['chair', 'member']);

		meetingId = unwrap(
			await portal.services.transaction((tx) =>
				meeting.schedule(tx, seeded.bodyId, { title: 'Summer meeting', ...summer, place: 'Room 4, Quay House', videoLink: `https://video.example/join/${VIDEO}` }, chairId)
			)
		).id;

		// The public record of the seeded meeting (in progress, so its agenda is published): a Part A and a Part B
		// decision, and a paper on each part.
		await sql.begin(async (tx) => {
			const partBItem = unwrap(await meeting.addItem(tx, seeded.meetingId, { title: 'Confidential contract', purpose: 'decision', presenter: '', minutesAllotted: 10, part: 'B', parentId: null }, chairId));
			partAPaperId = unwrap(await meeting.addPaper(tx, seeded.decisionItemId, { filename: 'zephyr-board-paper.pdf', contentType: 'application/pdf', content: new TextEncoder().encode('%PDF-1.4') }, chairId)).id;
			partBPaperId = unwrap(await meeting.addPaper(tx, partBItem.id, { filename: `${SECRET}.pdf`, contentType: 'application/pdf', content: new TextEncoder().encode('%PDF-1.4') }, chairId)).id;
			for (const [itemId, text] of [
				[seeded.decisionItemId, `That the ${PUBLIC_MOTION} be agreed & <noted>.`],
				[partBItem.id, `That the ${SECRET} be agreed.`]
			] as const) {
				unwrap(await meeting.setCurrentItem(tx, seeded.meetingId, itemId, chairId));
				const proposed = unwrap(await motion.propose(tx, itemId, { text, category: 'procedural', valuePence: 0n, procedural: true, proposer: null, seconder: null, noticeGivenOn: null }, chairId));
				unwrap(await motion.callConsensus(tx, proposed.id, { indicative: false }, chairId));
				unwrap(await motion.recordConsensus(tx, proposed.id, chairId));
			}
		});
		const [decided] = await sql<{ id: string }[]>`select id from decisions where agenda_item_id = ${seeded.decisionItemId}`;
		partADecisionId = decided!.id;
	}, PROCESS_TEST_MS);
	afterAll(async () => portal?.close());

	it('offers each meeting as a calendar file, in London time with its VTIMEZONE and without the video link', async () => {
		const response = await get(`/public/meetings/${meetingId}/meeting.ics`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(`attachment; filename="summer-meeting-${nextYear}-06-09.ics"`);
		const text = await response.text();
		expect(text).not.toContain(VIDEO);
		const { calendar, events } = readCalendar(text);
		expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/London']);
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({
			uid: `meeting-${meetingId}@${uidDomain}`,
			sequence: 0,
			status: 'CONFIRMED',
			summary: expect.stringMatching(/^Calendar .*: Summer meeting$/),
			location: 'Room 4, Quay House',
			tzid: 'Europe/London',
			start: `${nextYear}-06-09 14:00`,
			end: `${nextYear}-06-09 16:00`,
			startsAt: summer.startsAt,
			endsAt: summer.endsAt
		});
		expect(events[0]!.description).toContain(`/public/meetings/${meetingId}`);
	});

	it('answers an unknown meeting or body with a missing page', async () => {
		for (const path of [
			'/public/meetings/00000000-0000-4000-8000-000000000000/meeting.ics',
			'/public/meetings/not-an-id/meeting.ics',
			'/public/bodies/00000000-0000-4000-8000-000000000000/meetings.ics',
			'/public/bodies/00000000-0000-4000-8000-000000000000/feed.atom'
		]) {
			expect((await get(path)).status, path).toBe(404);
		}
	});

	it('keeps the UID and raises SEQUENCE when the meeting is rescheduled, from summer time into winter time', async () => {
		const before = eventOf(await (await get(`/public/meetings/${meetingId}/meeting.ics`)).text(), meetingId)!;
		const found = (await meeting.get(portal.services.sql, meetingId))!;
		// Saving the form unchanged is no revision.
		unwrap(await portal.services.transaction((tx) => meeting.update(tx, meetingId, { title: found.title, startsAt: found.startsAt, endsAt: found.endsAt, place: found.place, videoLink: found.videoLink }, chair.userId)));
		expect(eventOf(await (await get(`/public/meetings/${meetingId}/meeting.ics`)).text(), meetingId)!.sequence).toBe(before.sequence);

		unwrap(await portal.services.transaction((tx) => meeting.update(tx, meetingId, { title: found.title, ...winter, place: 'Room 5, Quay House', videoLink: found.videoLink }, chair.userId)));
		for (const path of [`/public/meetings/${meetingId}/meeting.ics`, `/public/bodies/${seeded.bodyId}/meetings.ics`]) {
			const after = eventOf(await (await get(path)).text(), meetingId)!;
			expect(after, path).toMatchObject({
				uid: before.uid,
				sequence: before.sequence + 1,
				status: 'CONFIRMED',
				location: 'Room 5, Quay House',
				tzid: 'Europe/London',
				start: `${nextYear + 1}-01-12 10:00`,
				end: `${nextYear + 1}-01-12 12:00`,
				startsAt: winter.startsAt,
				endsAt: winter.endsAt
			});
		}
	});

	it('marks a cancelled meeting CANCELLED with a higher SEQUENCE, in its file and in its body’s feed', async () => {
		const before = eventOf(await (await get(`/public/meetings/${meetingId}/meeting.ics`)).text(), meetingId)!;
		const found = (await meeting.get(portal.services.sql, meetingId))!;
		unwrap(await notice.cancelMeeting(portal.services, found, chair));
		for (const path of [`/public/meetings/${meetingId}/meeting.ics`, `/public/bodies/${seeded.bodyId}/meetings.ics`]) {
			const after = eventOf(await (await get(path)).text(), meetingId)!;
			expect(after, path).toMatchObject({ uid: before.uid, sequence: before.sequence + 1, status: 'CANCELLED', start: before.start, startsAt: before.startsAt });
		}
	});

	it('feeds a body’s meetings, cancelled ones included, and no other body’s, without video links', async () => {
		const response = await get(`/public/bodies/${seeded.bodyId}/meetings.ics`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		const text = await response.text();
		expect(text).not.toContain(VIDEO);
		expect(text).not.toContain('video.example');
		const { calendar, events } = readCalendar(text);
		expect(calendar.getFirstPropertyValue('x-wr-calname')).toMatch(/^Calendar .* meetings$/);
		expect(String(calendar.getFirstPropertyValue('refresh-interval'))).toBe('PT1H');
		expect(events.map((e) => e.uid).sort()).toEqual([`meeting-${seeded.meetingId}@${uidDomain}`, `meeting-${meetingId}@${uidDomain}`].sort());
		expect(events.find((e) => e.uid.includes(meetingId))!.status).toBe('CANCELLED');
	});

	it('gives a member a private feed of their bodies’ meetings, with video links, until it is revoked or replaced', async () => {
		const { sql, transaction } = portal.services;
		expect(await calendarFeed.current(sql, memberId)).toBeNull();
		const token = await transaction((tx) => calendarFeed.create(tx, memberId));
		const path = `/calendar/${token}/meetings.ics`;

		const response = await get(path);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		const text = await response.text();
		const { events } = readCalendar(text);
		expect(events.map((e) => e.uid).sort()).toEqual([`meeting-${seeded.meetingId}@${uidDomain}`, `meeting-${meetingId}@${uidDomain}`].sort());
		expect(text).not.toContain(other.meetingId);
		const scheduled = events.find((e) => e.uid.includes(meetingId))!;
		expect(scheduled.description).toContain(`https://video.example/join/${VIDEO}`);
		expect(scheduled.status).toBe('CANCELLED');

		// Only the hash is kept; the audit log records the link made, not the token.
		const rows = await sql<{ tokenHash: string }[]>`select token_hash from calendar_feeds where user_id = ${memberId}`;
		expect(rows.map((r) => r.tokenHash)).not.toContain(token);
		expect(await calendarFeed.current(sql, memberId)).toMatchObject({ createdAt: expect.any(Date) });

		// A new link replaces the old one.
		const replacement = await transaction((tx) => calendarFeed.create(tx, memberId));
		expect((await get(path)).status).toBe(404);
		expect((await get(`/calendar/${replacement}/meetings.ics`)).status).toBe(200);

		expect(await transaction((tx) => calendarFeed.revoke(tx, memberId))).toBe(true);
		expect((await get(`/calendar/${replacement}/meetings.ics`)).status).toBe(404);
		expect(await calendarFeed.current(sql, memberId)).toBeNull();
		expect(await transaction((tx) => calendarFeed.revoke(tx, memberId))).toBe(false);

		for (const unknown of ['a'.repeat(32), 'not-a-token', `${replacement}x`]) expect((await get(`/calendar/${unknown}/meetings.ics`)).status, unknown).toBe(404);

		const audit = await sql<{ action: string; after: unknown }[]>`
			select action, after from audit_log where entity = 'calendar_feed' and actor_id = ${memberId} order by at, id`;
		expect(audit.map((a) => a.action)).toEqual(['calendar_feed.create', 'calendar_feed.create', 'calendar_feed.revoke']);
		expect(JSON.stringify(audit)).not.toContain(token);
	});

	it('lets a member make, replace and revoke the link from their account page', async () => {
		const cookie = seeded.cookies.member!;
		const linkIn = async (response: Response) => {
			expect(response.status).toBe(200);
			const html = await response.text();
			expect(html).toContain('Anyone with this link can see your bodies');
			const link = /value="(https?:\/\/[^"]+\/calendar\/[a-z2-7]+\/meetings\.ics)"/.exec(html)?.[1];
			expect(link, 'the link is shown').toBeDefined();
			// The link is the portal's origin; fetched here at the address the test portal listens on.
			return new URL(link!).pathname;
		};
		const page = await (await get('/account', { cookie })).text();
		expect(page).toContain('Create calendar link');

		const first = await linkIn(await portal.post('/account?/calendarCreate', {}, cookie));
		expect((await get(first)).status).toBe(200);
		const afterwards = await (await get('/account', { cookie })).text();
		expect(afterwards).toContain('Replace calendar link');
		expect(afterwards).not.toContain(first);

		const second = await linkIn(await portal.post('/account?/calendarCreate', {}, cookie));
		expect((await get(first)).status).toBe(404);
		expect((await get(second)).status).toBe(200);

		const revoked = await portal.post('/account?/calendarRevoke', {}, cookie);
		expect(revoked.status).toBe(303);
		expect(revoked.headers.get('location')).toBe('/account?calendar-revoked');
		expect((await get(second)).status).toBe(404);
		expect(await (await get('/account?calendar-revoked', { cookie })).text()).toContain('Your calendar link has been revoked');
	});

	it('feeds a body’s Part A decisions and published papers as Atom, and nothing of Part B', async () => {
		const response = await get(`/public/bodies/${seeded.bodyId}/feed.atom`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
		const xml = await response.text();
		expect(XMLValidator.validate(xml)).toBe(true);
		expect(xml).not.toContain(SECRET);
		expect(xml).not.toContain(partBPaperId);
		type Entry = { id: string; link: { href: string }; content: { '#text': string; type: string } };
		const { feed } = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'entry' }).parse(xml) as {
			feed: { xmlns: string; entry: Entry[] };
		};
		expect(feed.xmlns).toBe('http://www.w3.org/2005/Atom');
		const entries = feed.entry;
		const origin = portal.services.origin;
		expect(entries.map((e) => e.link.href).sort()).toEqual([`${origin}/public/decisions/${partADecisionId}`, `${origin}/public/papers/${partAPaperId}`].sort());
		const decided = entries.find((e) => e.link.href.endsWith(partADecisionId))!;
		expect(decided.content.type).toBe('html');
		// The motion's text, escaped as HTML text: a reader shows "& <noted>" as written.
		expect(decided.content['#text']).toContain(`That the ${PUBLIC_MOTION} be agreed &amp; &lt;noted&gt;.`);
		expect(decided.content['#text']).toContain('Carried: binding');
	});
});
