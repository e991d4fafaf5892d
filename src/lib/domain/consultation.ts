import type { TextBlock } from './documents/snapshots';
import { formatLondon, londonClock } from './london-time';

/**
 * Consultation windows (issue 15): a comment period on a document version, a paper or a set of agenda items, and
 * its "you said, we did" pack. Pure: when a window takes comments, the words that refuse one after it, how a
 * response is checked, and the pack as text blocks for its PDF and Word files.
 */

export const SUBJECT_KINDS = ['document_version', 'paper', 'agenda_items'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const DISPOSITIONS = ['accepted', 'partly_accepted', 'not_accepted'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const DISPOSITION_LABELS: Record<Disposition, string> = {
	accepted: 'Accepted',
	partly_accepted: 'Partly accepted',
	not_accepted: 'Not accepted'
};

export function isDisposition(value: string): value is Disposition {
	return (DISPOSITIONS as readonly string[]).includes(value);
}

export const MAX_TITLE = 200;
export const MAX_RESPONSE = 4000;
export const MAX_REASON = 2000;

/** Where a consultation is: taking comments, closed and awaiting its responses, or its pack published. */
export type ConsultationStage = 'open' | 'closed' | 'published';

export function stageOf(window: { closesAt: Date; publishedAt: Date | null }, now: Date): ConsultationStage {
	if (window.publishedAt) return 'published';
	return now < window.closesAt ? 'open' : 'closed';
}

/** "5:00pm on Friday 4 December 2026 (17:00:00 London time)": the closing time as every page and refusal names it. */
export function describeClosing(closesAt: Date): string {
	return `${formatLondon(closesAt)} (${londonClock(closesAt)} London time)`;
}

/** Why a comment after the window is refused, naming the window and its closing time. */
export function closedRefusal(window: { title: string; closesAt: Date }): string {
	return `The consultation “${window.title}” closed at ${describeClosing(window.closesAt)}: comments on it are no longer taken`;
}

/** Checks a window's opening: a title and a closing time still to come. Each problem names its field. */
export function checkOpening(input: { title: string; closesAt: Date }, now: Date): Record<string, string> {
	const problems: Record<string, string> = {};
	const title = input.title.trim();
	if (title === '') problems.title = 'Enter a title for the consultation, like: Draft priorities plan 2016/17';
	else if (title.length > MAX_TITLE) problems.title = `Enter a title of at most ${MAX_TITLE} characters`;
	if (Number.isNaN(input.closesAt.getTime())) problems.closesAt = 'Enter the closing date and time';
	else if (input.closesAt <= now) problems.closesAt = `The closing time must be in the future; ${formatLondon(input.closesAt)} has passed`;
	return problems;
}

export interface ResponseInput {
	response: string;
	disposition: string;
	reason: string;
}

/** Checks a response to one comment: what was done, the disposition, and the reason for it. */
export function checkResponse(input: ResponseInput): { ok: true; value: { response: string; disposition: Disposition; reason: string } } | { ok: false; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	const response = input.response.trim();
	const reason = input.reason.trim();
	if (response === '') errors.response = 'Enter the response: what was done about the comment';
	else if (response.length > MAX_RESPONSE) errors.response = `Enter a response of at most ${MAX_RESPONSE} characters`;
	if (!isDisposition(input.disposition)) errors.disposition = 'Choose whether the comment was accepted, partly accepted or not accepted';
	if (reason === '') errors.reason = 'Enter the reason for the disposition';
	else if (reason.length > MAX_REASON) errors.reason = `Enter a reason of at most ${MAX_REASON} characters`;
	if (Object.keys(errors).length > 0) return { ok: false, errors };
	return { ok: true, value: { response, disposition: input.disposition as Disposition, reason } };
}

/** A consultation as the pages that take its comments mention it: open until when, or closed and since when. */
export interface ConsultationNotice {
	id: string;
	title: string;
	subject: string;
	link: string;
	open: boolean;
	/** The closing time in words, London time. */
	closes: string;
}

/** One comment of the window, as the pack lists it, with its response once written. */
export interface PackEntry {
	commentId: string;
	authorName: string;
	/** The author's roles on the body when they wrote, in words ("PPV representative"). */
	authorRoles: string[];
	/** What the comment was on ("Needs assessment – CCGs", "Quorum"). */
	on: string;
	/** The comment as plain text. */
	said: string;
	writtenAt: Date;
	response: { response: string; disposition: Disposition; reason: string; respondedByName: string; respondedAt: Date } | null;
}

/** The comments that still need a response before the pack can be published. */
export function unanswered(entries: PackEntry[]): PackEntry[] {
	return entries.filter((entry) => entry.response === null);
}

/** A count in words: "1 comment", "3 comments". */
export const comments = (n: number) => (n === 1 ? '1 comment' : `${n} comments`);

/** The pack as text blocks, for its PDF and Word files: each comment, who made it, what was done and why. */
export function packBlocks(pack: { title: string; subject: string; openedAt: Date; closesAt: Date; entries: PackEntry[] }): TextBlock[] {
	const blocks: TextBlock[] = [
		{ type: 'paragraph', text: `Consultation on ${pack.subject}, open from ${formatLondon(pack.openedAt)} until ${describeClosing(pack.closesAt)}.` },
		{ type: 'paragraph', text: `${comments(pack.entries.length)} received. Each is listed with its author's role, what was done about it and why.` }
	];
	if (pack.entries.length === 0) blocks.push({ type: 'paragraph', text: 'No comments were received in the consultation period.' });
	pack.entries.forEach((entry, i) => {
		const roles = entry.authorRoles.length > 0 ? `, ${entry.authorRoles.join(', ')}` : '';
		blocks.push({ type: 'heading', level: 2, text: `${i + 1}. ${entry.authorName}${roles}, on ${entry.on}` });
		blocks.push({ type: 'paragraph', text: `You said (${formatLondon(entry.writtenAt)}):`, runs: [{ text: `You said (${formatLondon(entry.writtenAt)}):`, bold: true }] });
		for (const line of entry.said.split(/\n{2,}/)) if (line.trim() !== '') blocks.push({ type: 'paragraph', text: line.trim() });
		if (entry.response) {
			const disposition = DISPOSITION_LABELS[entry.response.disposition];
			blocks.push({ type: 'paragraph', text: `We did: ${disposition}.`, runs: [{ text: 'We did: ', bold: true }, { text: `${disposition}.` }] });
			blocks.push({ type: 'paragraph', text: entry.response.response });
			blocks.push({ type: 'paragraph', text: `Reason: ${entry.response.reason}`, runs: [{ text: 'Reason: ', bold: true }, { text: entry.response.reason }] });
		} else {
			blocks.push({ type: 'paragraph', text: 'No response yet.' });
		}
	});
	return blocks;
}
