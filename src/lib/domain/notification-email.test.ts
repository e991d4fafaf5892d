import { describe, expect, it } from 'vitest';
import { digestEmail, immediateEmail, nextDailyRun, unsubscribeHeaders } from './notification-email';

describe('notification emails', () => {
	it('link straight to the thing and carry a one-click unsubscribe for the kind', () => {
		const mail = immediateEmail({
			recipientName: 'Pat Ppv',
			kind: 'action_assigned',
			title: 'You have an action: review the cardiac pathway',
			url: 'https://portal.example/actions',
			unsubscribeUrl: 'https://portal.example/unsubscribe/abc',
			preferencesUrl: 'https://portal.example/account/notifications'
		});
		expect(mail.subject).toBe('You have an action: review the cardiac pathway');
		expect(mail.text).toContain('https://portal.example/actions');
		expect(mail.text).toContain('To stop emails when an action is assigned to you: https://portal.example/unsubscribe/abc');
		expect(mail.headers).toEqual({ 'List-Unsubscribe': '<https://portal.example/unsubscribe/abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
	});

	it('gather a digest by kind, each with its links', () => {
		const mail = digestEmail({
			recipientName: 'Pat',
			date: '2026-12-04',
			items: [
				{ kind: 'decision_reached', title: 'Decision: consolidate cardiac surgery', url: 'https://p/decisions/1', createdAt: new Date('2026-12-03T15:00:00Z') },
				{ kind: 'paper_issued', title: 'Papers issued: December meeting', url: 'https://p/meetings/2', createdAt: new Date('2026-12-03T10:00:00Z') },
				{ kind: 'decision_reached', title: 'Decision: approve the minutes', url: 'https://p/decisions/3', createdAt: new Date('2026-12-03T16:00:00Z') }
			],
			unsubscribeDigestUrl: 'https://p/unsubscribe/all',
			unsubscribeKindUrls: { decision_reached: 'https://p/unsubscribe/d', paper_issued: 'https://p/unsubscribe/p' },
			preferencesUrl: 'https://p/account/notifications'
		});
		expect(mail.subject).toBe('Your daily digest, Friday 4 December 2026: 3 things');
		// Kinds in their listed order: papers before decisions.
		expect(mail.text.indexOf('Papers are issued')).toBeLessThan(mail.text.indexOf('A body you sit on reaches a decision'));
		expect(mail.text).toContain('- Decision: approve the minutes (Thursday 3 December 2026, 4:00pm)\n  https://p/decisions/3');
		expect(mail.text).toContain('To stop emails when papers are issued for a meeting: https://p/unsubscribe/p');
		expect(mail.headers['List-Unsubscribe']).toBe('<https://p/unsubscribe/all>');
		expect(unsubscribeHeaders('u')['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
	});

	it('send the digest at 07:00 London time, the next one after now, across clock changes', () => {
		expect(nextDailyRun(new Date('2026-12-04T06:59:00Z'))).toEqual({ date: '2026-12-04', runAt: new Date('2026-12-04T07:00:00Z') });
		expect(nextDailyRun(new Date('2026-12-04T07:00:00Z'))).toEqual({ date: '2026-12-05', runAt: new Date('2026-12-05T07:00:00Z') });
		// British Summer Time: 07:00 London is 06:00 UTC.
		expect(nextDailyRun(new Date('2026-06-10T05:00:00Z'))).toEqual({ date: '2026-06-10', runAt: new Date('2026-06-10T06:00:00Z') });
		// The night the clocks go forward (29 March 2026).
		expect(nextDailyRun(new Date('2026-03-28T08:00:00Z'))).toEqual({ date: '2026-03-29', runAt: new Date('2026-03-29T06:00:00Z') });
		// Late in the evening, London is already on the next day in summer.
		expect(nextDailyRun(new Date('2026-06-10T23:30:00Z'))).toEqual({ date: '2026-06-11', runAt: new Date('2026-06-11T06:00:00Z') });
	});
});
