import { TZDate } from '@date-fns/tz';
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';
// The VTIMEZONE comes from timezones-ical-library rather than @touch4it/ical-timezones: both are what ical-generator
// suggests, but timezones-ical-library is released with each new IANA time zone database (its block carries the
// data's LAST-MODIFIED), while @touch4it/ical-timezones has had no release for over a year.
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { londonDate } from '$lib/domain/london-time';
import type { MeetingStatus } from '$lib/domain/meeting-words';
import type { Tx } from './db';
import * as publication from './publication';

/**
 * Meetings as iCalendar (RFC 5545): one meeting's file, a body's feed, and a member's private feed. Events are
 * written in London wall-clock time with TZID=Europe/London and its VTIMEZONE, so a calendar shows 2pm as 2pm on
 * both sides of a clock change. A meeting keeps its UID for life; its SEQUENCE (meetings.calendar_sequence, counted by
 * the database) rises with each revision, so a calendar replaces the copy it holds when a meeting is rescheduled or
 * cancelled.
 */

const ZONE = 'Europe/London';
/** How often a subscribed calendar should fetch the feed again. */
const REFRESH_SECONDS = 60 * 60;

/** A meeting as a public calendar shows it. Public calendars never carry the video link: the type has none. */
export interface CalendarMeeting {
	id: string;
	bodyName: string;
	title: string;
	startsAt: Date;
	endsAt: Date;
	place: string;
	status: MeetingStatus;
	/** The event's SEQUENCE: meetings.calendar_sequence. */
	sequence: number;
}

/** A meeting as a member's private feed shows it: with the video link, which members may use to join. */
export interface MemberCalendarMeeting extends CalendarMeeting {
	videoLink: string;
}

export interface CalendarOptions {
	/** The portal's public origin (`services.origin`): links in the events, and the UIDs' domain. */
	origin: string;
	/** When the calendar is made (DTSTAMP); now unless given. */
	now?: Date;
}

/** The calendar file of one meeting, for download. */
export function meetingCalendar(meeting: CalendarMeeting, options: CalendarOptions): string {
	const calendar = newCalendar(`${meeting.bodyName}: ${meeting.title}`, options);
	addMeeting(calendar, meeting, null, options);
	return calendar.toString();
}

/** A body's calendar feed: all its meetings, cancelled ones included so that a subscribed calendar drops them. */
export function bodyCalendar(body: { name: string }, meetings: CalendarMeeting[], options: CalendarOptions): string {
	const calendar = newCalendar(`${body.name} meetings`, options);
	for (const meeting of meetings) addMeeting(calendar, meeting, null, options);
	return calendar.toString();
}

/** A member's private feed: the meetings of every body they sit on, with the video links to join them. */
export function memberCalendar(meetings: MemberCalendarMeeting[], options: CalendarOptions): string {
	const calendar = newCalendar('Your meetings (Oversight portal)', options);
	for (const meeting of meetings) addMeeting(calendar, meeting, meeting.videoLink, options);
	return calendar.toString();
}

/** The name a meeting's calendar file is saved under: its title and London date, letters, digits and hyphens only. */
export function calendarFileName(meeting: Pick<CalendarMeeting, 'title' | 'startsAt'>): string {
	const slug = `${meeting.title} ${londonDate(meeting.startsAt)}`
		.normalize('NFKD')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.toLowerCase()
		.slice(0, 100);
	return `${slug || 'meeting'}.ics`;
}

function newCalendar(name: string, options: CalendarOptions): ICalCalendar {
	const calendar = ical({
		name,
		prodId: { company: 'Oversight portal', product: 'Meetings', language: 'EN' },
		method: ICalCalendarMethod.PUBLISH,
		// No calendar-wide zone name: with one, ical-generator writes DTSTAMP in it without the "Z" RFC 5545 requires.
		// The events name Europe/London, and the generator adds its VTIMEZONE for them.
		timezone: { name: null, generator: (zone) => vtimezone(zone) },
		ttl: REFRESH_SECONDS
	});
	// Google Calendar and Outlook read the feed's zone from here.
	calendar.x('X-WR-TIMEZONE', ZONE);
	return calendar;
}

function vtimezone(zone: string): string | null {
	const block = tzlib_get_ical_block(zone);
	return Array.isArray(block) ? (block[0] ?? null) : null;
}

function addMeeting(calendar: ICalCalendar, meeting: CalendarMeeting, videoLink: string | null, options: CalendarOptions) {
	const page = `${options.origin}/public/meetings/${meeting.id}`;
	const cancelled = meeting.status === 'cancelled';
	const description = [
		...(cancelled ? ['This meeting has been cancelled.'] : []),
		`Agenda, papers and decisions: ${page}`,
		...(videoLink ? ['', `Join by video: ${videoLink}`, 'This link is for members only: do not share it.'] : [])
	].join('\n');
	calendar.createEvent({
		id: `meeting-${meeting.id}@${new URL(options.origin).hostname}`,
		sequence: meeting.sequence,
		stamp: options.now ?? new Date(),
		// Under a TZID, ical-generator writes a plain Date's fields in the process's own zone (UTC on a server): a TZDate
		// gives London's.
		timezone: ZONE,
		start: new TZDate(meeting.startsAt, ZONE),
		end: new TZDate(meeting.endsAt, ZONE),
		summary: `${meeting.bodyName}: ${meeting.title}`,
		location: meeting.place || null,
		url: page,
		description,
		status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
	});
}

const forCalendar = (found: publication.PublicMeeting): CalendarMeeting => ({
	id: found.id,
	bodyName: found.bodyName,
	title: found.title,
	startsAt: found.startsAt,
	endsAt: found.endsAt,
	place: found.place,
	status: found.status,
	sequence: found.calendarSequence
});

/** A meeting as the public calendar shows it, read through the public record; null when there is none. */
export async function publicMeeting(tx: Tx, meetingId: string): Promise<CalendarMeeting | null> {
	const found = await publication.meetingOf(tx, meetingId);
	return found ? forCalendar(found) : null;
}

/** A body's meetings as its public feed shows them, read through the public record, soonest first. */
export async function publicBodyMeetings(tx: Tx, bodyId: string): Promise<CalendarMeeting[]> {
	return (await publication.meetings(tx, bodyId)).map(forCalendar).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
