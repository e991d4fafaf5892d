/**
 * Meetings are scheduled in Europe/London time (GMT or BST). These convert between a London wall-clock time and
 * an instant without a time-zone library, using the platform's own zone data through Intl.
 */

const ZONE = 'Europe/London';

// Each formatter is made once: making an Intl.DateTimeFormat costs far more than using one (about 50 µs against
// 2 µs here), and a vote storm asks for the London date on every ballot.
const WALL_CLOCK = new Intl.DateTimeFormat('en-GB', {
	timeZone: ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit'
});
const DATE = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const LONG_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const TWELVE_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });

function offsetMinutesAt(instant: Date): number {
	const parts = WALL_CLOCK.formatToParts(instant);
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return Math.round((asUtc - instant.getTime()) / 60_000);
}

/** The instant at which London clocks show `date` (YYYY-MM-DD) and `time` (HH:MM). */
export function londonToInstant(date: string, time: string): Date {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	const [hour, minute] = time.split(':').map(Number) as [number, number];
	const naive = Date.UTC(year, month - 1, day, hour, minute);
	// The offset at the naive instant is right except within an hour of a clock change; a second pass settles it.
	let instant = naive - offsetMinutesAt(new Date(naive)) * 60_000;
	instant = naive - offsetMinutesAt(new Date(instant)) * 60_000;
	return new Date(instant);
}

/** The London calendar date (YYYY-MM-DD) of an instant. */
export function londonDate(instant: Date): string {
	return DATE.format(instant);
}

/** The London wall-clock time (HH:MM) of an instant. */
export function londonTime(instant: Date): string {
	return TIME.format(instant);
}

/** The London wall-clock time to the second (HH:MM:SS), for moments the record must pin down: a vote closing. */
export function londonClock(instant: Date): string {
	return CLOCK.format(instant);
}

/** "Tuesday 9 June 2015, 2:00pm" in London time. */
export function formatLondon(instant: Date): string {
	// NHS style writes "Tuesday 9 June 2015" with no comma after the weekday.
	const day = LONG_DAY.format(instant).replace(',', '');
	const time = TWELVE_HOUR.format(instant)
		.replace(' ', '')
		.toLowerCase();
	return `${day}, ${time}`;
}
