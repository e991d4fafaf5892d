import { londonDate, londonToInstant, formatLondon } from './london-time';
import { NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type NotificationKind } from './notification-kinds';

/**
 * The words of notification emails, and when the daily digest goes: pure, so what a person reads is tested without
 * a mail server. Every email links straight to the thing and says how to stop that kind of email (RFC 8058).
 */

/** The London wall-clock time the daily digest is written. */
export const DIGEST_TIME = '07:00';
/** The kind of the digest's job, one per London day that has something to digest (notification.notify schedules it). */
export const DIGEST_JOB = 'notification.digest';

export interface EmailText {
	subject: string;
	text: string;
	headers: Record<string, string>;
}

/** The headers of a one-click unsubscribe (RFC 8058): a mail client POSTs "List-Unsubscribe=One-Click" to the URL. */
export function unsubscribeHeaders(url: string): Record<string, string> {
	return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** "Someone mentions you in a comment" as the end of "emails when …": the label with a lower-case first letter. */
function about(kind: NotificationKind): string {
	const label = NOTIFICATION_KIND_LABELS[kind];
	return label[0]!.toLowerCase() + label.slice(1);
}

export function immediateEmail(input: { recipientName: string; kind: NotificationKind; title: string; url: string; unsubscribeUrl: string; preferencesUrl: string }): EmailText {
	const text = [
		`Dear ${input.recipientName},`,
		'',
		input.title,
		'',
		'Open it in the portal:',
		input.url,
		'',
		`You get this email because of your choice for "${NOTIFICATION_KIND_LABELS[input.kind]}".`,
		`To stop emails when ${about(input.kind)}: ${input.unsubscribeUrl}`,
		`To choose how you hear of each kind: ${input.preferencesUrl}`,
		'',
		'Oversight portal'
	].join('\n');
	return { subject: input.title, text, headers: unsubscribeHeaders(input.unsubscribeUrl) };
}

export interface DigestItem {
	kind: NotificationKind;
	title: string;
	url: string;
	createdAt: Date;
}

/**
 * One person's digest: what they were told since the last one, grouped by kind in the order kinds are listed, each
 * with its link and a link to stop that kind; the List-Unsubscribe header stops the digest as a whole.
 */
export function digestEmail(input: {
	recipientName: string;
	date: string;
	items: DigestItem[];
	unsubscribeDigestUrl: string;
	unsubscribeKindUrls: Partial<Record<NotificationKind, string>>;
	preferencesUrl: string;
}): EmailText {
	const kinds = NOTIFICATION_KINDS.filter((kind) => input.items.some((item) => item.kind === kind));
	const sections = kinds.flatMap((kind) => [
		NOTIFICATION_KIND_LABELS[kind],
		...input.items.filter((item) => item.kind === kind).flatMap((item) => [`- ${item.title} (${formatLondon(item.createdAt)})`, `  ${item.url}`]),
		...(input.unsubscribeKindUrls[kind] ? [`  To stop emails when ${about(kind)}: ${input.unsubscribeKindUrls[kind]}`] : []),
		''
	]);
	const count = input.items.length === 1 ? '1 thing' : `${input.items.length} things`;
	const text = [
		`Dear ${input.recipientName},`,
		'',
		`Since your last digest, ${count} happened that you asked to hear about:`,
		'',
		...sections,
		`To stop the daily digest: ${input.unsubscribeDigestUrl}`,
		`To choose how you hear of each kind: ${input.preferencesUrl}`,
		'',
		'Oversight portal'
	].join('\n');
	return { subject: `Your daily digest, ${formatDigestDate(input.date)}: ${count}`, text, headers: unsubscribeHeaders(input.unsubscribeDigestUrl) };
}

function formatDigestDate(date: string): string {
	return formatLondon(londonToInstant(date, '12:00')).split(', ')[0]!;
}

/** The next daily run strictly after `now`: the London date it belongs to and the instant London clocks show `time` on it. */
export function nextDailyRun(now: Date, time: string = DIGEST_TIME): { date: string; runAt: Date } {
	const today = londonDate(now);
	const todays = londonToInstant(today, time);
	if (todays.getTime() > now.getTime()) return { date: today, runAt: todays };
	// Noon, not midnight, steps a day: a day of a clock change is 23 or 25 hours long.
	const tomorrow = londonDate(new Date(londonToInstant(today, '12:00').getTime() + 24 * 60 * 60 * 1000));
	return { date: tomorrow, runAt: londonToInstant(tomorrow, time) };
}
