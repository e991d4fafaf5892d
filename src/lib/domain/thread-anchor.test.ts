import { describe, expect, it } from 'vitest';
import { listPlace, threadPlaces } from './thread-anchor';

describe('the lists a thread is in, for its live notices', () => {
	const meetingId = '6f1c1d3e-8a4b-4c2d-9e8f-0a1b2c3d4e5f';

	it('names its document, its meeting, and for a thread on the minutes the meeting they are of', () => {
		expect(threadPlaces({ docName: 'raci:b1', meetingId: null })).toEqual([listPlace({ doc: 'raci:b1' })]);
		expect(threadPlaces({ docName: null, meetingId })).toEqual([listPlace({ meeting: meetingId })]);
		expect(threadPlaces({ docName: `minutes:${meetingId}`, meetingId: null })).toEqual([listPlace({ doc: `minutes:${meetingId}` }), listPlace({ meeting: meetingId })]);
	});

	it('names its decision, for the decision’s page, with or without a meeting', () => {
		const decisionId = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
		expect(threadPlaces({ docName: null, meetingId: null, decisionId })).toEqual([listPlace({ decision: decisionId })]);
		expect(threadPlaces({ docName: null, meetingId, decisionId })).toEqual([listPlace({ meeting: meetingId }), listPlace({ decision: decisionId.toUpperCase() })]);
	});

	it('matches a page that names its meeting in capitals', () => {
		expect(listPlace({ meeting: meetingId.toUpperCase() })).toBe(threadPlaces({ docName: null, meetingId })[0]);
	});
});
