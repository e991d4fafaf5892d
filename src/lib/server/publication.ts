import { agendaNotPublishedReason, agendaPublished } from '$lib/domain/publication';
import type { MembershipRole } from '$lib/domain/roles';
import type { TermsOfReferenceSnapshot } from '$lib/domain/documents/snapshots';
import type { MeetingStatus } from '$lib/domain/meeting-words';
import * as body from './body';
import type { Tx } from './db';
import * as decision from './decision';
import * as documentVersion from './document-version';
import * as meeting from './meeting';
import * as membership from './membership';
import * as minutes from './minutes';

/**
 * The public record: the one place that says what anyone may read without signing in. Every public page, feed,
 * search and export reads through here. It reads as the public reader (null) of the visibility rule, so Part B
 * never leaves it, and adds when Part A is published ($lib/domain/publication). It never returns an email
 * address, a video link, a comment, a draft, an unadopted version, or the notes taken during an item.
 */

export interface PublicMeeting {
	id: string;
	bodyId: string;
	bodyName: string;
	title: string;
	startsAt: Date;
	endsAt: Date;
	place: string;
	status: MeetingStatus;
	agendaPublished: boolean;
	/** Why the agenda is not shown yet (not issued, or cancelled); null once it is published. */
	notPublished: string | null;
	/** The iCalendar SEQUENCE of its calendar entry. */
	calendarSequence: number;
}

export interface PublicMember {
	name: string;
	role: MembershipRole;
	organisations: string[];
	deputyForName: string | null;
}

export interface PublicItem {
	id: string;
	number: string;
	title: string;
	parentId: string | null;
	purpose: meeting.AgendaItem['purpose'];
	presenter: string;
	minutesAllotted: number;
	papers: { id: string; filename: string; sizeBytes: number; contentType: string }[];
}

/** The SQL twin of `agendaPublished`, for queries that must select only published business (alias: the meetings row). */
export function agendaPublishedSql(tx: Tx, alias: string) {
	const m = tx(alias);
	return tx`(${m}.status <> 'cancelled' and (${m}.notice_issued_at is not null or ${m}.started_at is not null or ${m}.status in ('in_progress', 'closed')))`;
}

function toPublic(found: meeting.Meeting): PublicMeeting {
	return {
		id: found.id,
		bodyId: found.bodyId,
		bodyName: found.bodyName,
		title: found.title,
		startsAt: found.startsAt,
		endsAt: found.endsAt,
		place: found.place,
		status: found.status,
		agendaPublished: agendaPublished(found),
		notPublished: agendaNotPublishedReason(found),
		calendarSequence: found.calendarSequence
	};
}

/** Every body, with its parent: all are public bodies or parts of one. */
export async function bodies(tx: Tx): Promise<body.Body[]> {
	return body.list(tx);
}

/** One body, or null. */
export async function bodyOf(tx: Tx, bodyId: string): Promise<body.Body | null> {
	return body.get(tx, bodyId);
}

/** A body's sub-groups. */
export async function subGroups(tx: Tx, bodyId: string): Promise<body.Body[]> {
	return body.children(tx, bodyId);
}

/** A body's members today: names, roles and organisations only. */
export async function members(tx: Tx, bodyId: string): Promise<PublicMember[]> {
	const all = await membership.listForBody(tx, bodyId);
	return all
		.filter((m) => m.current)
		.map((m) => ({ name: m.personName, role: m.role, organisations: m.organisations.map((o) => o.name), deputyForName: m.deputyForName }));
}

export interface PublicTerms {
	versionId: string;
	name: string;
	adoptedAt: Date;
	decisionId: string;
	content: TermsOfReferenceSnapshot;
}

/**
 * The terms of reference in force: the frozen version adopted most recently, with the decision that adopted it.
 * Null when none has been adopted, or when it was adopted in confidential business (the decision is not public).
 */
export async function termsInForce(tx: Tx, bodyId: string): Promise<PublicTerms | null> {
	const [latest] = await tx<{ id: string }[]>`
		select id from document_versions
		where body_id = ${bodyId} and kind = 'terms-of-reference' and adopted_at is not null
		order by adopted_at desc, created_at desc limit 1`;
	if (!latest) return null;
	const version = await documentVersion.get(tx, latest.id);
	if (!version?.adoptedAt || !version.adoptedDecisionId) return null;
	const adoptedBy = await decision.get(tx, version.adoptedDecisionId, null);
	if (!adoptedBy || !('decision' in adoptedBy)) return null;
	const snapshot = await documentVersion.versionSnapshot(tx, version);
	if (snapshot?.kind !== 'terms-of-reference') return null;
	return { versionId: version.id, name: version.name, adoptedAt: version.adoptedAt, decisionId: version.adoptedDecisionId, content: snapshot.content };
}

/** The body's meetings, newest first, as the public sees them. */
export async function meetings(tx: Tx, bodyId: string): Promise<PublicMeeting[]> {
	return (await meeting.listForBody(tx, bodyId)).map(toPublic);
}

/** One meeting as the public sees it (without its agenda), or null. */
export async function meetingOf(tx: Tx, meetingId: string): Promise<PublicMeeting | null> {
	const found = await meeting.get(tx, meetingId);
	return found ? toPublic(found) : null;
}

export interface PublicMeetingRecord {
	meeting: PublicMeeting;
	/** The published Part A agenda; empty until notice is issued. */
	items: PublicItem[];
	/** How many items were confidential (Part B) business, which the public page names only as a count. */
	withheld: number;
	/** The approved minutes' Part A, or null while they are not approved. */
	minutes: minutes.ReadMinutes | null;
}

/** A meeting as the public reads it; null when there is no such meeting. */
export async function meetingRecord(tx: Tx, meetingId: string): Promise<PublicMeetingRecord | null> {
	const found = await meeting.get(tx, meetingId);
	if (!found) return null;
	const published = toPublic(found);
	if (!published.agendaPublished) return { meeting: published, items: [], withheld: 0, minutes: null };
	const [{ items, withheld }, approved] = await Promise.all([meeting.agenda(tx, meetingId, null), minutes.approvedText(tx, meetingId, null)]);
	return {
		meeting: published,
		items: items.map((item) => ({
			id: item.id,
			number: item.number,
			title: item.title,
			parentId: item.parentId,
			purpose: item.purpose,
			presenter: item.presenter,
			minutesAllotted: item.minutesAllotted,
			papers: item.papers
		})),
		withheld,
		minutes: approved
	};
}

/** A published paper for download, or null (no such paper, Part B, or its meeting's agenda not published). */
export async function paper(tx: Tx, paperId: string): Promise<meeting.Paper | null> {
	const read = await meeting.getPaper(tx, paperId, null);
	if (!read || !('paper' in read)) return null;
	const found = await meeting.get(tx, read.paper.meetingId);
	return found && agendaPublished(found) ? read.paper : null;
}

export interface PublishedPaper {
	id: string;
	filename: string;
	meetingId: string;
	meetingTitle: string;
	itemTitle: string;
	createdAt: Date;
}

/** A body's published papers (Part A, of meetings whose agenda is published), newest first. */
export async function publishedPapers(tx: Tx, bodyId: string): Promise<PublishedPaper[]> {
	return tx<PublishedPaper[]>`
		select p.id, p.filename, m.id as meeting_id, m.title as meeting_title, a.title as item_title, p.created_at
		from papers p join agenda_items a on a.id = p.agenda_item_id join meetings m on m.id = a.meeting_id
		where m.body_id = ${bodyId} and a.part = 'A' and ${agendaPublishedSql(tx, 'm')}
		order by p.created_at desc, p.id`;
}

/**
 * The decision register as the public reads it: Part A decisions, with their outcomes and explanations, filtered as
 * the register is (a body, a meeting, dates decided, states).
 */
export async function register(tx: Tx, filter: decision.RegisterFilter = {}): Promise<decision.Decision[]> {
	return (await decision.register(tx, null, filter)).decisions;
}

/** One decision as the public reads it, or null (none, or confidential). */
export async function decisionRecord(tx: Tx, decisionId: string): Promise<decision.Decision | null> {
	const read = await decision.get(tx, decisionId, null);
	return read && 'decision' in read ? read.decision : null;
}
