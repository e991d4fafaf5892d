/**
 * Draft minutes written from the record of a meeting: who came and who did not, declarations, each item's
 * discussion, each decision as one plain line with its figures, actions, and an annex with the engine's own
 * explanation of every decision. Pure: it takes plain data and returns blocks of text (headings, paragraphs,
 * list items) that become the co-edited minutes document (src/lib/documents/minutes-doc.ts).
 *
 * Part B (confidential) business goes into a part of its own, so the published minutes leave it out by
 * structure, however the text is edited.
 */

import type { TextBlock } from './documents/snapshots';
import { formatDate } from './governance/calendar';
import type { AttendanceStatus } from './governance/membership';
import { formatLondon, londonDate } from './london-time';
import { ROLE_LABELS, type MembershipRole } from './roles';

export interface MinutesAttendee {
	name: string;
	role: MembershipRole;
	/** Null: nothing recorded, so not listed. */
	status: AttendanceStatus | null;
	/** For a deputy standing in at this meeting: the member they stood in for. */
	deputyForName: string | null;
	departed?: boolean;
}

export interface MinutesItem {
	id: string;
	/** "3" or "3.1". */
	number: string;
	title: string;
	purposeLabel: string;
	presenter: string;
	part: 'A' | 'B';
	discussion: string;
}

export interface MinutesDeclaration {
	agendaItemId: string;
	name: string;
	interest: string;
	/** What the chair ruled follows, in words: "may take part in the discussion but not vote". */
	follows: string;
}

export interface MinutesDecision {
	agendaItemId: string;
	motionText: string;
	/** The decision register's state when the meeting decided (carried_binding, recommendation, not_carried...). */
	state: string;
	stateLabel: string;
	method: 'vote' | 'consensus';
	/** The votes as counted (weighted where the rules weight them); null for consensus. */
	votes: { inFavour: string; against: string; abstain: string } | null;
	/** For a recommendation: the body it goes to. */
	recommendationToName: string | null;
	/** The engine's explanation, sentence by sentence. */
	explanation: string[];
}

export interface MinutesAction {
	agendaItemId: string | null;
	description: string;
	ownerName: string | null;
	dueOn: string | null;
}

export interface MeetingRecord {
	bodyName: string;
	meeting: { title: string; startsAt: Date; endsAt: Date; place: string; videoLink: string };
	attendance: MinutesAttendee[];
	items: MinutesItem[];
	declarations: MinutesDeclaration[];
	decisions: MinutesDecision[];
	actions: MinutesAction[];
}

/** The minutes as blocks: what the public may read (Part A), and confidential business (Part B). */
export interface MinutesDraft {
	partA: TextBlock[];
	partB: TextBlock[];
}

/** What the published minutes show where Part B business was. */
export const PART_B_WITHHELD = 'Part B business was considered in private and is not published.';

const VOTING_ROLES: MembershipRole[] = ['chair', 'vice_chair', 'voting_member', 'deputy', 'ppv_representative'];

/**
 * The level of the minutes' section headings (Present, each item, the annex); sub-items one deeper. The editor
 * offers levels 3 and 4, as for the terms of reference: on the page, the minutes sit under its h1 and h2.
 */
const SECTION = 3;
const heading = (text: string, level: number): TextBlock => ({ type: 'heading', text, level });
const paragraph = (text: string): TextBlock => ({ type: 'paragraph', text });
const bullet = (text: string): TextBlock => ({ type: 'bullet', text, level: 1 });
/** A resolution line, its opening word ("RESOLVED:", "NOT CARRIED:") in bold as minutes set it. */
function resolution(line: string): TextBlock {
	const opening = /^[A-Z ,a-z]*?:/.exec(line)?.[0] ?? '';
	return opening ? { type: 'paragraph', text: line, runs: [{ text: opening, bold: true }, { text: line.slice(opening.length) }] } : paragraph(line);
}

function when(meeting: MeetingRecord['meeting']): string {
	const sameDay = londonDate(meeting.startsAt) === londonDate(meeting.endsAt);
	// formatLondon ends with the time ("…, 4:00pm"): on the same day the end needs only that.
	const end = sameDay ? formatLondon(meeting.endsAt).split(', ').pop()! : formatLondon(meeting.endsAt);
	return `${formatLondon(meeting.startsAt)} to ${end}`;
}

function attendeeLine(person: MinutesAttendee, remark = ''): TextBlock {
	const role = person.deputyForName ? `deputy for ${person.deputyForName}` : ROLE_LABELS[person.role];
	const notes = [person.status === 'remote' ? 'joined remotely' : '', person.departed ? 'left during the meeting' : '', remark].filter(Boolean);
	return bullet(`${person.name}, ${role}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`);
}

function listSection(title: string, lines: TextBlock[], none: string): TextBlock[] {
	return [heading(title, SECTION), ...(lines.length > 0 ? lines : [paragraph(none)])];
}

function actionLine(action: MinutesAction): TextBlock {
	const owner = action.ownerName ? `owner: ${action.ownerName}` : 'owner: not named';
	const due = action.dueOn ? `due ${formatDate(action.dueOn)}` : 'no due date';
	return bullet(`Action: ${action.description} (${owner}; ${due})`);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "carried 3–1, 1 abstention", from the figures as counted; "agreed by consensus" without a vote. */
function tally(decision: MinutesDecision, carried: boolean): string {
	if (decision.method === 'consensus' || !decision.votes) return carried ? 'agreed by consensus' : 'no consensus';
	const { inFavour, against, abstain } = decision.votes;
	const abstentions = Number(abstain) > 0 ? `, ${Number.isInteger(Number(abstain)) ? plural(Number(abstain), 'abstention') : `${abstain} abstaining`}` : '';
	return `${carried ? 'carried' : 'not carried'} ${inFavour}–${against}${abstentions}`;
}

/**
 * A motion's words as they follow "RESOLVED: ": "That the group adopts …." → "that the group adopts …";
 * "Approve the minutes …" → "to approve the minutes …"; "NHS England leads …" → "that NHS England leads …".
 */
function resolvedWords(motionText: string): string {
	const text = motionText.trim().replace(/[.;\s]+$/, '');
	const first = text.split(/\s/, 1)[0] ?? '';
	if (/^(to|that)\b/i.test(text)) return text.charAt(0).toLowerCase() + text.slice(1);
	// "NHS England leads …" states what is resolved; "Approve …" is a verb.
	return first.length > 1 && first === first.toUpperCase() ? `that ${text}` : `to ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

/**
 * A decision as the one line minutes give it: "RESOLVED: to recommend to the NHS England North regional team
 * that …; carried 3–1, 1 abstention." The engine's full reasoning goes to the annex.
 */
export function resolutionLine(decision: MinutesDecision): string {
	const words = resolvedWords(decision.motionText);
	switch (decision.state) {
		case 'recommendation': {
			const recommends = /^to recommend\b/i.test(words) || !decision.recommendationToName;
			const what = recommends ? words : `to recommend to ${decision.recommendationToName} ${/^that\b/i.test(words) ? words : `that ${words.replace(/^to\s+/i, 'it ')}`}`;
			return `RESOLVED: ${what}; ${tally(decision, true)}.`;
		}
		case 'carried_subject_to_ratification':
			return `RESOLVED, subject to ratification: ${words}; ${tally(decision, true)}.`;
		case 'indicative':
			return `INDICATIVE VOTE, not binding: ${words}; ${decision.votes ? `${decision.votes.inFavour}–${decision.votes.against}` : 'no figures'}.`;
		case 'not_carried':
			return `NOT CARRIED: ${words}; ${tally(decision, false)}.`;
		default:
			return `RESOLVED: ${words}; ${tally(decision, true)}.`;
	}
}

/** The draft minutes of a meeting, as blocks: Part A for the public record, Part B kept apart. */
export function draftMinutes(record: MeetingRecord): MinutesDraft {
	const { meeting } = record;
	const partA: TextBlock[] = [paragraph(`${record.bodyName}: minutes of ${meeting.title}`), paragraph(`Held on ${when(meeting)}.`)];
	if (meeting.place) partA.push(paragraph(`Place: ${meeting.place}.`));
	// Never the link itself: approved minutes are published (the public record), and a video link lets anyone in.
	if (meeting.videoLink) partA.push(paragraph('Also held by video link.'));

	const counted = (p: MinutesAttendee) => p.status === 'present' || p.status === 'remote';
	const present = record.attendance.filter((p) => counted(p) && VOTING_ROLES.includes(p.role));
	const inAttendance = record.attendance.filter(
		(p) => (counted(p) && !VOTING_ROLES.includes(p.role)) || p.status === 'in_attendance' || p.status === 'observer'
	);
	const apologies = record.attendance.filter((p) => p.status === 'apologies');
	// Members with nothing recorded neither came nor sent apologies; a deputy comes only when needed.
	const absent = record.attendance.filter((p) => p.status === null && VOTING_ROLES.includes(p.role) && p.role !== 'deputy');
	const deputyFor = new Map(present.filter((p) => p.deputyForName).map((p) => [p.deputyForName!, p.name]));

	partA.push(...listSection('Present', present.map((p) => attendeeLine(p)), 'No members were recorded as present.'));
	partA.push(
		...listSection(
			'In attendance',
			inAttendance.map((p) => attendeeLine(p, p.status === 'observer' || p.role === 'observer' ? 'observer' : '')),
			'None.'
		)
	);
	partA.push(
		...listSection(
			'Apologies',
			apologies.map((p) => attendeeLine(p, deputyFor.has(p.name) ? `represented by ${deputyFor.get(p.name)}, deputy` : '')),
			'None received.'
		)
	);
	if (absent.length > 0) partA.push(...listSection('Absent', absent.map((p) => attendeeLine(p)), ''));

	const declarationLine = (d: MinutesDeclaration) => `${d.name} declared an interest: ${d.interest}. ${d.name} ${d.follows}.`;
	const declarationsIn = (part: 'A' | 'B') =>
		record.items
			.filter((item) => item.part === part)
			.flatMap((item) => record.declarations.filter((d) => d.agendaItemId === item.id).map((d) => bullet(`Item ${item.number}, ${item.title}: ${declarationLine(d)}`)));
	partA.push(...listSection('Declarations of interest', declarationsIn('A'), 'No interests were declared.'));

	const itemBlocks = (item: MinutesItem): TextBlock[] => {
		const blocks: TextBlock[] = [heading(`${item.number}. ${item.title}`, item.number.includes('.') ? SECTION + 1 : SECTION)];
		blocks.push(paragraph(`${item.purposeLabel}.${item.presenter ? ` Presented by ${item.presenter}.` : ''}`));
		for (const d of record.declarations.filter((d) => d.agendaItemId === item.id)) blocks.push(paragraph(declarationLine(d)));
		for (const words of item.discussion.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) blocks.push(paragraph(words));
		for (const decision of record.decisions.filter((d) => d.agendaItemId === item.id)) blocks.push(resolution(resolutionLine(decision)));
		blocks.push(...record.actions.filter((a) => a.agendaItemId === item.id).map(actionLine));
		return blocks;
	};
	const annex = (part: 'A' | 'B'): TextBlock[] => {
		const entries = record.items
			.filter((item) => item.part === part)
			.flatMap((item) =>
				record.decisions
					.filter((d) => d.agendaItemId === item.id)
					.flatMap((d) => [heading(`Item ${item.number}: ${item.title}`, SECTION + 1), paragraph(`Outcome: ${d.stateLabel}.`), ...d.explanation.map(paragraph)])
			);
		return entries.length > 0 ? [heading(part === 'A' ? 'Annex: how each decision was reached' : 'Annex: how each Part B decision was reached', SECTION), ...entries] : [];
	};

	for (const item of record.items.filter((i) => i.part === 'A')) partA.push(...itemBlocks(item));
	const itemIds = new Set(record.items.map((item) => item.id));
	const otherActions = record.actions.filter((a) => !a.agendaItemId || !itemIds.has(a.agendaItemId));
	if (otherActions.length > 0) partA.push(heading('Other actions', SECTION), ...otherActions.map(actionLine));
	partA.push(...annex('A'));

	const partBItems = record.items.filter((i) => i.part === 'B');
	const partB: TextBlock[] =
		partBItems.length === 0
			? []
			: [
					heading('Part B: confidential business', SECTION),
					...listSection('Declarations of interest', declarationsIn('B'), 'No interests were declared.').map((b) => (b.type === 'heading' ? { ...b, level: SECTION + 1 } : b)),
					...partBItems.flatMap(itemBlocks),
					...annex('B')
				];
	return { partA, partB };
}
