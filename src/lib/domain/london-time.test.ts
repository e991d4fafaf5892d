import { describe, expect, it } from 'vitest';
import { formatLondon, londonClock, londonDate, londonTime, londonToInstant } from './london-time';

describe('London time', () => {
	it('reads winter times as GMT and summer times as BST', () => {
		expect(londonToInstant('2015-01-15', '14:00').toISOString()).toBe('2015-01-15T14:00:00.000Z');
		expect(londonToInstant('2015-06-09', '14:00').toISOString()).toBe('2015-06-09T13:00:00.000Z');
	});

	it('handles the days the clocks change', () => {
		// 29 March 2015: clocks went forward at 01:00 GMT; 10:00 that morning is BST.
		expect(londonToInstant('2015-03-29', '10:00').toISOString()).toBe('2015-03-29T09:00:00.000Z');
		// 25 October 2015: clocks went back at 02:00 BST; 10:00 that morning is GMT.
		expect(londonToInstant('2015-10-25', '10:00').toISOString()).toBe('2015-10-25T10:00:00.000Z');
	});

	it('gives back the London date and time of an instant, and reads them aloud', () => {
		const instant = new Date('2015-06-09T23:30:00Z');
		expect(londonDate(instant)).toBe('2015-06-10');
		expect(londonTime(instant)).toBe('00:30');
		expect(londonClock(new Date('2015-06-09T09:42:07.900Z'))).toBe('10:42:07');
		expect(formatLondon(new Date('2015-06-09T13:00:00Z'))).toBe('Tuesday 9 June 2015, 2:00pm');
	});

	it('writes the hour after midnight and after noon as 12, never 0', () => {
		expect(formatLondon(new Date('2015-06-09T23:30:00Z'))).toBe('Wednesday 10 June 2015, 12:30am');
		expect(formatLondon(new Date('2015-12-01T00:00:00Z'))).toBe('Tuesday 1 December 2015, 12:00am');
		expect(formatLondon(new Date('2015-12-01T12:05:00Z'))).toBe('Tuesday 1 December 2015, 12:05pm');
	});
});
