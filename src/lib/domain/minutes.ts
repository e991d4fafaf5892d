/**
 * Draft minutes written from the record of a meeting: who came, declarations, each item's discussion, decisions with
 * the engine's own explanation, and actions. Pure: it takes plain data and returns text for the secretariat to edit.
 *
 * Part B (confidential) business is fenced between marker lines, so that the published minutes can leave it out
 * even after the text has been edited by hand (`withoutPartB`).
 */

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
	stateLabel: string;
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

/** Marker lines around confidential business; kept when the text is edited, so it can still be left out when published. */
export const PART_B_BEGINS = '[Part B: confidential business begins]';
export const PART_B_ENDS = '[Part B: confidential business ends]';
/** What the published minutes show where Part B business was. */
export const PART_B_WITHHELD = '[Part B business: confidential, not published]';

const VOTING_ROLES: MembershipRole[] = ['chair', 'vice_chair', 'voting_member', 'deputy', 'ppv_representative'];

function when(meeting: MeetingRecord['meeting']): string {
	const sameDay = londonDate(meeting.startsAt) === londonDate(meeting.endsAt);
	// formatLondon ends with the time ("…, 4:00pm"): on the same day the end needs only that.
	const end = sameDay ? formatLondon(meeting.endsAt).split(', ').pop()! : formatLondon(meeting.endsAt);
	return `${formatLondon(meeting.startsAt)} to ${end}`;
}

function attendeeLine(person: MinutesAttendee, remark = ''): string {
	const role = person.deputyForName ? `deputy for ${person.deputyForName}` : ROLE_LABELS[person.role];
	const notes = [person.status === 'remote' ? 'joined remotely' : '', person.departed ? 'left during the meeting' : '', remark].filter(Boolean);
	return `- ${person.name}, ${role}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

function section(heading: string, lines: string[], none: string): string[] {
	return [heading, ...(lines.length > 0 ? lines : [none]), ''];
}

/** Lines of Part B business between markers; Part A lines as they are. */
function fenced(part: 'A' | 'B', lines: string[]): string[] {
	return part === 'B' && lines.length > 0 ? [PART_B_BEGINS, ...lines, PART_B_ENDS] : lines;
}

function actionLine(action: MinutesAction): string {
	const owner = action.ownerName ? `owner: ${action.ownerName}` : 'owner: not named';
	const due = action.dueOn ? `due ${formatDate(action.dueOn)}` : 'no due date';
	return `- Action: ${action.description} (${owner}; ${due})`;
}

/** The draft minutes of a meeting, as text. */
export function draftMinutes(record: MeetingRecord): string {
	const { meeting } = record;
	const lines: string[] = [record.bodyName, `Minutes of the meeting: ${meeting.title}`, `Held on ${when(meeting)}`];
	if (meeting.place) lines.push(`Place: ${meeting.place}`);
	if (meeting.videoLink) lines.push(`Video link: ${meeting.videoLink}`);
	lines.push('');

	const counted = (p: MinutesAttendee) => p.status === 'present' || p.status === 'remote';
	const present = record.attendance.filter((p) => counted(p) && VOTING_ROLES.includes(p.role));
	const inAttendance = record.attendance.filter(
		(p) => (counted(p) && !VOTING_ROLES.includes(p.role)) || p.status === 'in_attendance' || p.status === 'observer'
	);
	const apologies = record.attendance.filter((p) => p.status === 'apologies');
	const deputyFor = new Map(present.filter((p) => p.deputyForName).map((p) => [p.deputyForName!, p.name]));

	lines.push(...section('Present', present.map((p) => attendeeLine(p)), 'No members were recorded as present.'));
	lines.push(
		...section(
			'In attendance',
			inAttendance.map((p) => attendeeLine(p, p.status === 'observer' || p.role === 'observer' ? 'observer' : '')),
			'None recorded.'
		)
	);
	lines.push(
		...section(
			'Apologies',
			apologies.map((p) => attendeeLine(p, deputyFor.has(p.name) ? `represented by ${deputyFor.get(p.name)}, deputy` : '')),
			'None received.'
		)
	);

	const itemById = new Map(record.items.map((item) => [item.id, item]));
	const declarationLine = (d: MinutesDeclaration) => `${d.name} declared an interest: ${d.interest}. ${d.name} ${d.follows}.`;
	const declared = record.items.flatMap((item) =>
		fenced(
			item.part,
			record.declarations.filter((d) => d.agendaItemId === item.id).map((d) => `- Item ${item.number}, ${item.title}: ${declarationLine(d)}`)
		)
	);
	lines.push(...section('Declarations of interest', declared, 'No interests were declared.'));

	for (const item of record.items) {
		const body: string[] = [`${item.number}. ${item.title} (${item.purposeLabel}${item.part === 'B' ? ', Part B: confidential' : ''})`];
		if (item.presenter) body.push(`Presented by ${item.presenter}.`);
		for (const d of record.declarations.filter((d) => d.agendaItemId === item.id)) body.push(declarationLine(d));
		body.push(item.discussion.trim() || 'No discussion recorded.');
		for (const decision of record.decisions.filter((d) => d.agendaItemId === item.id)) {
			body.push(`Decision: ${decision.motionText}`, `Outcome: ${decision.stateLabel}.`, ...decision.explanation);
		}
		const actions = record.actions.filter((a) => a.agendaItemId === item.id);
		if (actions.length > 0) body.push('Actions:', ...actions.map(actionLine));
		lines.push(...fenced(item.part, body), '');
	}

	const otherActions = record.actions.filter((a) => !a.agendaItemId || !itemById.has(a.agendaItemId));
	if (otherActions.length > 0) lines.push('Other actions', ...otherActions.map(actionLine), '');
	return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * The minutes without their Part B business: each fenced block becomes one line saying it was withheld. A block
 * whose end marker was deleted is withheld to the end, since leaving confidential text out is the safe mistake.
 */
export function withoutPartB(text: string): string {
	const out: string[] = [];
	let inside = false;
	for (const line of text.split('\n')) {
		const marker = line.trim();
		if (marker === PART_B_BEGINS) {
			if (!inside) out.push(PART_B_WITHHELD);
			inside = true;
		} else if (marker === PART_B_ENDS) {
			inside = false;
		} else if (!inside) {
			out.push(line);
		}
	}
	return out.join('\n');
}
