import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { bodyCalendar, calendarFileName, meetingCalendar, memberCalendar, type CalendarMeeting, type MemberCalendarMeeting } from './calendar';

/**
 * The calendars are written with ical-generator and read back here with ical.js (Mozilla's parser, used by
 * Thunderbird), a different library: what it reads is what a calendar app would. Times are turned into instants
 * with the VTIMEZONE the file itself carries, never the machine's zone data, so a wrong VTIMEZONE would show.
 */

const origin = 'https://portal.example';
const now = new Date('2026-02-01T09:00:00Z');

/** 9 June 2026, 2pm to 4pm in London: British Summer Time (UTC+1). */
const summer: CalendarMeeting = {
	id: '11111111-1111-4111-8111-111111111111',
	bodyName: 'North West Oversight Group',
	title: 'June meeting',
	startsAt: new Date('2026-06-09T13:00:00Z'),
	endsAt: new Date('2026-06-09T15:00:00Z'),
	place: 'Room 4, Quay House, Manchester',
	status: 'scheduled',
	sequence: 0
};

/** 13 January 2026, 2pm to 4pm in London: Greenwich Mean Time (UTC+0). */
const winter: CalendarMeeting = {
	...summer,
	id: '22222222-2222-4222-8222-222222222222',
	title: 'January meeting',
	startsAt: new Date('2026-01-13T14:00:00Z'),
	endsAt: new Date('2026-01-13T16:00:00Z'),
	sequence: 3
};

/** 25 October 2026, the day the clocks go back at 2am BST: 10am to 11am GMT. */
const clockChange: CalendarMeeting = {
	...summer,
	id: '33333333-3333-4333-8333-333333333333',
	title: 'Extraordinary meeting',
	startsAt: new Date('2026-10-25T10:00:00Z'),
	endsAt: new Date('2026-10-25T11:00:00Z')
};

interface Read {
	calendar: ICAL.Component;
	events: ICAL.Event[];
	/** The VEVENT components, for their properties. */
	components: ICAL.Component[];
}

function read(text: string): Read {
	const calendar = new ICAL.Component(ICAL.parse(text));
	ICAL.TimezoneService.reset();
	for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
	const components = calendar.getAllSubcomponents('vevent');
	return { calendar, components, events: components.map((c) => new ICAL.Event(c)) };
}

/** London wall-clock fields of an ICAL.Time, as written in the file. */
const wallClock = (time: ICAL.Time) => ({ year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute });

describe('a meeting calendar file', () => {
	it('writes a summer meeting in London time with its VTIMEZONE, and reads back as the same instants', () => {
		const { calendar, events, components } = read(meetingCalendar(summer, { origin, now }));
		expect(calendar.name).toBe('vcalendar');
		const zones = calendar.getAllSubcomponents('vtimezone');
		expect(zones).toHaveLength(1);
		expect(zones[0]!.getFirstPropertyValue('tzid')).toBe('Europe/London');
		expect(zones[0]!.getAllSubcomponents('daylight')).toHaveLength(1);
		expect(zones[0]!.getAllSubcomponents('standard')).toHaveLength(1);

		expect(events).toHaveLength(1);
		const event = events[0]!;
		expect(components[0]!.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/London');
		expect(components[0]!.getFirstProperty('dtend')!.getParameter('tzid')).toBe('Europe/London');
		expect(wallClock(event.startDate)).toEqual({ year: 2026, month: 6, day: 9, hour: 14, minute: 0 });
		expect(wallClock(event.endDate)).toEqual({ year: 2026, month: 6, day: 9, hour: 16, minute: 0 });
		expect(event.startDate.toJSDate()).toEqual(summer.startsAt);
		expect(event.endDate.toJSDate()).toEqual(summer.endsAt);
	});

	it('writes a winter meeting in London time (GMT), and reads back as the same instants', () => {
		const { events } = read(meetingCalendar(winter, { origin, now }));
		const event = events[0]!;
		expect(event.startDate.zone?.tzid).toBe('Europe/London');
		expect(wallClock(event.startDate)).toEqual({ year: 2026, month: 1, day: 13, hour: 14, minute: 0 });
		expect(event.startDate.toJSDate()).toEqual(winter.startsAt);
		expect(event.endDate.toJSDate()).toEqual(winter.endsAt);
	});

	it('gets the day the clocks go back right', () => {
		const { events } = read(meetingCalendar(clockChange, { origin, now }));
		expect(wallClock(events[0]!.startDate)).toEqual({ year: 2026, month: 10, day: 25, hour: 10, minute: 0 });
		expect(events[0]!.startDate.toJSDate()).toEqual(clockChange.startsAt);
	});

	it('names the meeting, its body, place and public page, with a UID of the portal and its revision number', () => {
		const { calendar, events, components } = read(meetingCalendar(winter, { origin, now }));
		const event = events[0]!;
		expect(event.uid).toBe(`meeting-${winter.id}@portal.example`);
		expect(event.sequence).toBe(3);
		expect(event.summary).toBe('North West Oversight Group: January meeting');
		expect(event.location).toBe('Room 4, Quay House, Manchester');
		expect(components[0]!.getFirstPropertyValue('url')).toBe(`${origin}/public/meetings/${winter.id}`);
		expect(event.description).toContain(`${origin}/public/meetings/${winter.id}`);
		expect(components[0]!.getFirstPropertyValue('status')).toBe('CONFIRMED');
		// DTSTAMP must be UTC (RFC 5545 §3.8.7.2).
		const stamp = components[0]!.getFirstPropertyValue('dtstamp') as ICAL.Time;
		expect(stamp.zone).toBe(ICAL.Timezone.utcTimezone);
		expect(stamp.toJSDate()).toEqual(now);
		expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
		expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('North West Oversight Group: January meeting');
		expect(String(calendar.getFirstPropertyValue('refresh-interval'))).toBe('PT1H');
		expect(calendar.getFirstPropertyValue('x-published-ttl')).toBe('PT1H');
	});

	it('marks a cancelled meeting CANCELLED, and says so', () => {
		const { components, events } = read(meetingCalendar({ ...summer, status: 'cancelled', sequence: 2 }, { origin, now }));
		expect(components[0]!.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(events[0]!.sequence).toBe(2);
		expect(events[0]!.description).toContain('cancelled');
	});

	it('keeps a long, accented place whole through line folding', () => {
		const place = `Salle de réunion « Über » ${'très long '.repeat(12)}— Manchester`;
		const { events } = read(meetingCalendar({ ...summer, place }, { origin, now }));
		expect(events[0]!.location).toBe(place);
	});

	it('is saved under a name made of the title and London date', () => {
		expect(calendarFileName(summer)).toBe('june-meeting-2026-06-09.ics');
		expect(calendarFileName({ title: '£££', startsAt: summer.startsAt })).toBe('2026-06-09.ics');
	});
});

describe('a body calendar feed', () => {
	const withVideo: MemberCalendarMeeting[] = [
		{ ...summer, videoLink: 'https://video.example/join/secret-room-4417' },
		{ ...winter, status: 'cancelled', videoLink: 'https://video.example/join/secret-room-4417' }
	];

	it('holds every meeting, cancelled ones included, with one VTIMEZONE for all', () => {
		const { calendar, events, components } = read(bodyCalendar({ name: 'North West Oversight Group' }, withVideo, { origin, now }));
		expect(calendar.getAllSubcomponents('vtimezone')).toHaveLength(1);
		expect(events.map((e) => e.uid)).toEqual([`meeting-${summer.id}@portal.example`, `meeting-${winter.id}@portal.example`]);
		expect(components.map((c) => c.getFirstPropertyValue('status'))).toEqual(['CONFIRMED', 'CANCELLED']);
		expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('North West Oversight Group meetings');
		expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Europe/London');
	});

	it('never carries a video link, even when the meetings it is given have one', () => {
		const text = bodyCalendar({ name: 'North West Oversight Group' }, withVideo, { origin, now }) + meetingCalendar(withVideo[0]!, { origin, now });
		expect(text).not.toContain('secret-room-4417');
		expect(text).not.toContain('video.example');
	});

	it('in a member’s private feed, carries the video link to join', () => {
		const { events } = read(memberCalendar(withVideo, { origin, now }));
		expect(events).toHaveLength(2);
		for (const event of events) expect(event.description).toContain('https://video.example/join/secret-room-4417');
	});
});
