import { describe, expect, it } from 'vitest';
import { checkOpening, checkResponse, closedRefusal, packBlocks, stageOf, unanswered, type PackEntry } from './consultation';

const closesAt = new Date('2026-12-04T17:00:00Z');

describe('a consultation window', () => {
	it('takes comments until the closing time, the very moment of closing being too late', () => {
		expect(stageOf({ closesAt, publishedAt: null }, new Date('2026-12-04T16:59:59.999Z'))).toBe('open');
		expect(stageOf({ closesAt, publishedAt: null }, closesAt)).toBe('closed');
		expect(stageOf({ closesAt, publishedAt: new Date('2026-12-05T09:00:00Z') }, new Date('2026-12-06T00:00:00Z'))).toBe('published');
	});

	it('names the window and its closing time, in London time, when refusing a comment', () => {
		expect(closedRefusal({ title: 'Draft plan', closesAt })).toBe('The consultation “Draft plan” closed at Friday 4 December 2026, 5:00pm (17:00:00 London time): comments on it are no longer taken');
		// In summer London is an hour ahead of UTC.
		expect(closedRefusal({ title: 'Plan', closesAt: new Date('2026-06-05T16:00:00Z') })).toContain('5:00pm (17:00:00 London time)');
	});

	it('names each field an opening or a response lacks', () => {
		expect(checkOpening({ title: '  ', closesAt: new Date('2026-12-01T00:00:00Z') }, new Date('2026-12-02T00:00:00Z'))).toEqual({
			title: expect.stringMatching(/^Enter a title/),
			closesAt: 'The closing time must be in the future; Tuesday 1 December 2026, 12:00am has passed'
		});
		expect(checkOpening({ title: 'x'.repeat(201), closesAt: new Date('2027-01-01T00:00:00Z') }, new Date('2026-12-02T00:00:00Z'))).toEqual({ title: 'Enter a title of at most 200 characters' });
		expect(checkResponse({ response: '', disposition: 'perhaps', reason: ' ' })).toEqual({
			ok: false,
			errors: { response: expect.any(String), disposition: expect.any(String), reason: expect.any(String) }
		});
		expect(checkResponse({ response: ' Done ', disposition: 'partly_accepted', reason: ' Part of it ' })).toEqual({ ok: true, value: { response: 'Done', disposition: 'partly_accepted', reason: 'Part of it' } });
	});
});

describe('the pack', () => {
	const entry = (said: string, response: PackEntry['response']): PackEntry => ({
		commentId: said,
		authorName: 'Asha Patel',
		authorRoles: ['Patient and public voice (PPV) representative'],
		on: 'Quorum',
		said,
		writtenAt: new Date('2026-12-01T10:00:00Z'),
		response
	});
	const answered = entry('Count PPV representatives.\n\nThey bring the patient view.', {
		response: 'They now count.',
		disposition: 'partly_accepted',
		reason: 'They count towards the quorum, not the vote.',
		respondedByName: 'Sam',
		respondedAt: new Date('2026-12-05T10:00:00Z')
	});

	it('lists each comment with its author and role, what was said, what was done and why', () => {
		const blocks = packBlocks({ title: 'Draft', subject: 'Terms of reference', openedAt: new Date('2026-11-20T09:00:00Z'), closesAt, entries: [answered, entry('Later', null)] });
		expect(blocks.map((b) => b.text)).toEqual([
			'Consultation on Terms of reference, open from Friday 20 November 2026, 9:00am until Friday 4 December 2026, 5:00pm (17:00:00 London time).',
			'2 comments received. Each is listed with its author\'s role, what was done about it and why.',
			'1. Asha Patel, Patient and public voice (PPV) representative, on Quorum',
			'You said (Tuesday 1 December 2026, 10:00am):',
			'Count PPV representatives.',
			'They bring the patient view.',
			'We did: Partly accepted.',
			'They now count.',
			'Reason: They count towards the quorum, not the vote.',
			'2. Asha Patel, Patient and public voice (PPV) representative, on Quorum',
			'You said (Tuesday 1 December 2026, 10:00am):',
			'Later',
			'No response yet.'
		]);
		expect(unanswered([answered, entry('Later', null)]).map((e) => e.said)).toEqual(['Later']);
	});

	it('says so when nobody commented', () => {
		expect(packBlocks({ title: 'Draft', subject: 'x', openedAt: closesAt, closesAt, entries: [] }).map((b) => b.text)).toContain('No comments were received in the consultation period.');
	});
});
