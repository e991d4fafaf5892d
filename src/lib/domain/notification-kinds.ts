/**
 * What a person can be told of (issue 15, "Notifications"), and how it reaches them by default. A person may choose,
 * per kind, immediate email, the daily digest, or no email at all; the inbox always has it.
 */
export const NOTIFICATION_KINDS = [
	'mention',
	'reply',
	'consultation_opened',
	'consultation_closing',
	'consultation_response',
	'paper_issued',
	'resolution_opened',
	'resolution_closing',
	'vote_opened',
	'decision_reached',
	'action_assigned',
	'action_overdue'
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DELIVERIES = ['immediate', 'digest', 'off'] as const;
export type Delivery = (typeof DELIVERIES)[number];

/** Mentions, written resolutions and actions assigned cannot wait for tomorrow's digest; the rest can. */
export const DEFAULT_DELIVERY: Record<NotificationKind, Delivery> = {
	mention: 'immediate',
	reply: 'digest',
	consultation_opened: 'digest',
	consultation_closing: 'digest',
	consultation_response: 'digest',
	paper_issued: 'digest',
	resolution_opened: 'immediate',
	resolution_closing: 'immediate',
	vote_opened: 'digest',
	decision_reached: 'digest',
	action_assigned: 'immediate',
	action_overdue: 'digest'
};

/** Each kind in words, as a person chooses how to hear of it ("Tell me about …"). */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
	mention: 'Someone mentions you in a comment',
	reply: 'Someone replies to a thread you started or took part in',
	consultation_opened: 'A consultation opens on a body you sit on',
	consultation_closing: 'A consultation closes within a day',
	consultation_response: 'A response to your comment is published',
	paper_issued: 'Papers are issued for a meeting',
	resolution_opened: 'A written resolution is put to you',
	resolution_closing: 'A written resolution you have not voted on closes within a day',
	vote_opened: 'A vote opens in a meeting you attend',
	decision_reached: 'A body you sit on reaches a decision',
	action_assigned: 'An action is assigned to you',
	action_overdue: 'An action of yours is overdue'
};

export function isNotificationKind(value: string): value is NotificationKind {
	return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
