import * as Y from 'yjs';
import { minutesDocumentName } from '$lib/domain/documents/document-name';
import { formatLondon } from '$lib/domain/london-time';
import { DECLARATION_FOLLOWS, PURPOSE_LABELS } from '$lib/domain/meeting-words';
import { draftMinutes, type MeetingRecord, type MinutesDraft } from '$lib/domain/minutes';
import type { MembershipRole } from '$lib/domain/roles';
import { blocksFromText, hasMinutes, minutesUpdate, readMinutes, type MinutesSnapshot } from '$lib/documents/minutes-doc';
import * as action from './action';
import * as attendance from './attendance';
import { mayRead, type Reader } from '$lib/domain/policy';
import * as audit from './audit';
import { announce } from './events';
import type { Tx } from './db';
import * as decision from './decision';
import * as declaration from './declaration';
import { appendUpdate, loadDocument } from './document-storage';
import { MAX_NAME } from './document-version';
import * as meeting from './meeting';
import type { Result } from './result';

/**
 * The minutes of a meeting: a co-edited document (`minutes:<meeting>`, kept by the collaboration server like the
 * body's other documents), generated once from the record of the meeting, edited together by the chair and the
 * secretariat, saved as versions, and approved as accurate at a later meeting of the same body. Approval keeps the
 * approved version; that version, Part A only, is what is published.
 */

export { minutesDocumentName };

/** Where the minutes stand: a draft until approved. */
export interface Minutes {
	meetingId: string;
	approvedAt: Date | null;
	approvedAtMeetingId: string | null;
	/** When the meeting that approved them started. */
	approvedAtMeetingStartsAt: Date | null;
	/** The version that was approved (null only for minutes approved before they were co-edited). */
	approvedVersionId: string | null;
}

/** A saved version of the minutes. */
export interface MinutesVersion {
	id: string;
	name: string;
	authorName: string;
	createdAt: Date;
}

export async function get(tx: Tx, meetingId: string): Promise<Minutes | null> {
	const [row] = await tx<Minutes[]>`
		select mi.meeting_id, mi.approved_at, mi.approved_at_meeting_id, am.starts_at as approved_at_meeting_starts_at, mi.approved_version_id
		from minutes mi left join meetings am on am.id = mi.approved_at_meeting_id
		where mi.meeting_id = ${meetingId}`;
	return row ?? null;
}

/**
 * Makes sure the minutes document exists: the first time anyone opens the minutes it is written from the record
 * of the meeting (or from minutes kept as text before they were co-edited), once, under the meeting's lock, so
 * two people opening them at the same moment do not both write them. Resolves whether it wrote them now.
 */
export async function openDraft(tx: Tx, meetingId: string): Promise<Result<{ docName: string; generated: boolean }>> {
	const docName = minutesDocumentName(meetingId);
	const exists = async () => (await tx<{ name: string }[]>`select name from documents where name = ${docName}`).length > 0;
	// Once written, opening them takes no lock: only the first opening waits on the meeting's row.
	if (await exists()) return { ok: true, value: { docName, generated: false } };
	const found = await meeting.lock(tx, meetingId);
	if (!found) return { ok: false, reason: 'No such meeting' };
	if (await exists()) return { ok: true, value: { docName, generated: false } };
	const [legacy] = await tx<{ text: string }[]>`select text from minutes where meeting_id = ${meetingId}`;
	const draft: MinutesDraft = legacy?.text.trim() ? { partA: blocksFromText(legacy.text), partB: [] } : draftMinutes((await recordOf(tx, meetingId))!);
	await appendUpdate(tx, docName, minutesUpdate(new Y.Doc(), draft));
	// A copy already open (written by someone a moment before, on another instance) catches up.
	announce(tx, { type: 'document.changed', docName });
	return { ok: true, value: { docName, generated: true } };
}

/** Minutes as the reader may see them: Part B only to those who may read it, with whether any was withheld. */
export type ReadMinutes = MinutesSnapshot & { withheld: boolean };

async function forReader(tx: Tx, meetingId: string, reader: Reader, snapshot: MinutesSnapshot): Promise<ReadMinutes> {
	const found = await meeting.get(tx, meetingId);
	if (found && mayRead(reader, found.bodyId, 'B')) return { ...snapshot, withheld: false };
	return { partA: snapshot.partA, partB: [], withheld: snapshot.partB.length > 0 };
}

/** The minutes as they stand now, as blocks (empty before anyone has opened them), as the reader may see them. */
export async function current(tx: Tx, meetingId: string, reader: Reader): Promise<ReadMinutes> {
	const doc = (await loadDocument(tx, minutesDocumentName(meetingId))) ?? new Y.Doc();
	try {
		return forReader(tx, meetingId, reader, readMinutes(doc));
	} finally {
		doc.destroy();
	}
}

/**
 * Writes the minutes again from the record of the meeting, as one edit appended like anyone's: what was typed is
 * replaced (it stays in the document's history and in any saved version). Refused once the minutes are approved.
 */
export async function regenerate(tx: Tx, meetingId: string, actorId: string): Promise<Result<{ docName: string }>> {
	const opened = await openDraft(tx, meetingId);
	if (!opened.ok) return opened;
	if ((await get(tx, meetingId))?.approvedAt) return { ok: false, reason: 'These minutes have been approved as accurate and can no longer be changed' };
	const { docName } = opened.value;
	const doc = (await loadDocument(tx, docName))!;
	try {
		await appendUpdate(tx, docName, minutesUpdate(doc, draftMinutes((await recordOf(tx, meetingId))!)));
		announce(tx, { type: 'document.changed', docName });
	} finally {
		doc.destroy();
	}
	await audit.record(tx, { actorId, action: 'minutes.regenerate', entity: 'minutes', entityId: meetingId });
	return { ok: true, value: { docName } };
}

/** Saves the minutes as they stand now under a name, as the other documents' versions are saved. */
export async function saveVersion(tx: Tx, meetingId: string, name: string, actorId: string): Promise<Result<MinutesVersion>> {
	const trimmed = name.trim();
	if (trimmed === '') return { ok: false, reason: 'Enter a name for the version' };
	if (trimmed.length > MAX_NAME) return { ok: false, reason: `Enter a name of at most ${MAX_NAME} characters` };
	const found = await meeting.lock(tx, meetingId);
	if (!found) return { ok: false, reason: 'No such meeting' };
	const id = await storeVersion(tx, found, trimmed, actorId);
	if (!id) return { ok: false, reason: 'The minutes have nothing in them yet: open them before saving a version' };
	await audit.record(tx, { actorId, action: 'document_version.create', entity: 'document_version', entityId: id, after: { docName: minutesDocumentName(meetingId), name: trimmed } });
	return { ok: true, value: (await versions(tx, meetingId)).find((v) => v.id === id)! };
}

async function storeVersion(tx: Tx, found: meeting.Meeting, name: string, actorId: string): Promise<string | null> {
	const docName = minutesDocumentName(found.id);
	const doc = await loadDocument(tx, docName);
	if (!doc || !hasMinutes(doc)) {
		doc?.destroy();
		return null;
	}
	const state = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	const [row] = await tx<{ id: string }[]>`
		insert into document_versions (doc_name, body_id, kind, name, state, author_id)
		values (${docName}, ${found.bodyId}, 'minutes', ${name}, ${Buffer.from(state)}, ${actorId})
		returning id`;
	return row!.id;
}

/** The saved versions of the minutes, newest first. */
export async function versions(tx: Tx, meetingId: string): Promise<MinutesVersion[]> {
	return tx<MinutesVersion[]>`
		select v.id, v.name, u.name as author_name, v.created_at
		from document_versions v join users u on u.id = v.author_id
		where v.doc_name = ${minutesDocumentName(meetingId)} and v.kind = 'minutes'
		order by v.created_at desc, v.id`;
}

/** A saved version's blocks as the reader may see them, or null when the meeting has no such version. */
export async function versionText(tx: Tx, meetingId: string, versionId: string, reader: Reader): Promise<ReadMinutes | null> {
	const whole = await wholeVersion(tx, meetingId, versionId);
	return whole && forReader(tx, meetingId, reader, whole);
}

async function wholeVersion(tx: Tx, meetingId: string, versionId: string): Promise<MinutesSnapshot | null> {
	const [row] = await tx<{ state: Buffer }[]>`
		select state from document_versions where id = ${versionId} and doc_name = ${minutesDocumentName(meetingId)} and kind = 'minutes'`;
	if (!row) return null;
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength));
		return readMinutes(doc);
	} finally {
		doc.destroy();
	}
}

/**
 * Records that the minutes were approved as accurate at `atMeetingId`: a later meeting of the same body, not
 * cancelled. The minuted meeting must have been held (closed). The minutes as they stand are saved as the
 * approved version, frozen like every version; from then on that version is the minutes, and the co-edited
 * document is no longer offered for editing.
 */
export async function approve(tx: Tx, meetingId: string, atMeetingId: string, actorId: string): Promise<Result<Minutes>> {
	const minuted = await meeting.lock(tx, meetingId);
	if (!minuted) return { ok: false, reason: 'No such meeting' };
	if (minuted.status !== 'closed') return { ok: false, reason: 'Minutes are approved once the meeting has been held and closed' };
	const at = await meeting.get(tx, atMeetingId);
	if (!at || at.bodyId !== minuted.bodyId) return { ok: false, reason: `Choose a meeting of ${minuted.bodyName}` };
	if (at.startsAt <= minuted.startsAt) return { ok: false, reason: 'Minutes are approved at a later meeting than the one they record' };
	if (at.status === 'cancelled') return { ok: false, reason: 'A cancelled meeting cannot approve minutes' };
	if ((await get(tx, meetingId))?.approvedAt) return { ok: false, reason: 'These minutes have already been approved' };
	// Minutes approved as generated, never opened, are generated first: what was approved is what is kept.
	const opened = await openDraft(tx, meetingId);
	if (!opened.ok) return opened;
	const versionId = await storeVersion(tx, minuted, `Approved at the meeting of ${formatLondon(at.startsAt)}`.slice(0, MAX_NAME), actorId);
	if (!versionId) return { ok: false, reason: 'The minutes have nothing in them: regenerate them from the record first' };
	await tx`
		insert into minutes (meeting_id, approved_at, approved_at_meeting_id, approved_version_id)
		values (${meetingId}, now(), ${atMeetingId}, ${versionId})
		on conflict (meeting_id) do update set approved_at = now(), approved_at_meeting_id = excluded.approved_at_meeting_id,
			approved_version_id = excluded.approved_version_id, updated_at = now()`;
	const after = (await get(tx, meetingId))!;
	// Open editors of the minutes become readers now, here and on other instances: their access changed.
	const members = await tx<{ userId: string }[]>`select distinct user_id from memberships where body_id = ${minuted.bodyId}`;
	for (const { userId } of members) announce(tx, { type: 'access.changed', userId });
	await audit.record(tx, { actorId, action: 'minutes.approve', entity: 'minutes', entityId: meetingId, after: { approvedAtMeetingId: atMeetingId, versionId } });
	return { ok: true, value: after };
}

/**
 * The approved minutes as the reader may see them (Part A is published), or null while they are a draft. Minutes approved before they were co-edited are their
 * saved text, which fenced Part B business between marker lines: that text is not published.
 */
export async function approvedText(tx: Tx, meetingId: string, reader: Reader): Promise<ReadMinutes | null> {
	const saved = await get(tx, meetingId);
	if (!saved?.approvedAt) return null;
	return saved.approvedVersionId ? versionText(tx, meetingId, saved.approvedVersionId, reader) : { partA: [], partB: [], withheld: false };
}

/** Everything the minutes are drafted from, gathered from the record of the meeting. Null when there is no such meeting. */
export async function recordOf(tx: Tx, meetingId: string): Promise<MeetingRecord | null> {
	const found = await meeting.get(tx, meetingId);
	if (!found) return null;
	const [items, register, declarations, decisions, actions] = await Promise.all([
		meeting.wholeAgenda(tx, meetingId),
		attendance.register(tx, meetingId),
		declaration.wholeList(tx, meetingId),
		decision.wholeRegister(tx, { meetingId }),
		action.wholeLog(tx, { meetingId })
	]);
	const names = new Map(register.map((entry) => [entry.membershipId, entry.name]));
	return {
		bodyName: found.bodyName,
		meeting: { title: found.title, startsAt: found.startsAt, endsAt: found.endsAt, place: found.place, videoLink: found.videoLink },
		attendance: register.map((entry) => ({
			name: entry.name,
			role: entry.role as MembershipRole,
			status: entry.status,
			deputyForName: entry.deputyFor ? (names.get(entry.deputyFor) ?? 'a member') : null,
			departed: entry.departed
		})),
		items: items.map((item) => ({
			id: item.id,
			number: item.number,
			title: item.title,
			purposeLabel: PURPOSE_LABELS[item.purpose],
			presenter: item.presenter,
			part: item.part,
			discussion: item.discussion
		})),
		declarations: declarations.map((d) => ({ agendaItemId: d.agendaItemId, name: d.name, interest: d.interest, follows: DECLARATION_FOLLOWS[d.outcome] })),
		// The register is newest first; the minutes read in the order things were decided.
		// A meeting's register holds only its own decisions, each on an item; the filter says so to the types.
		decisions: [...decisions].reverse().flatMap((d) => (d.agendaItemId === null || (d.method !== 'vote' && d.method !== 'consensus') ? [] : [{ ...d, agendaItemId: d.agendaItemId, method: d.method }])).map((d) => ({
			agendaItemId: d.agendaItemId,
			motionText: d.motionText,
			// What the meeting decided, not what became of it later (ratified, appealed...): the minutes record the meeting.
			state: decidedState(d),
			stateLabel: decision.STATE_LABELS[decidedState(d)],
			method: d.method,
			votes: votesOf(d.figures),
			recommendationToName: d.recommendationToName,
			explanation: d.explanation
		})),
		actions: actions.map((a) => ({ agendaItemId: a.agendaItemId, description: a.description, ownerName: a.ownerName, dueOn: a.dueOn }))
	};
}

/** The state a decision was recorded in at the meeting, before any later event moved it on. */
function decidedState(d: decision.Decision): decision.DecisionState {
	const later: decision.DecisionState[] = ['ratified', 'lapsed', 'under_appeal', 'upheld', 'overturned', 'implemented'];
	if (!later.includes(d.state)) return d.state;
	return d.ratifyingOrganisations.length > 0 ? 'carried_subject_to_ratification' : 'carried_binding';
}

/** The votes as the outcome counted them (decisions.figures, as motion.recordDecision stores it). */
function votesOf(stored: Record<string, unknown>): { inFavour: string; against: string; abstain: string } | null {
	const figures = stored.figures as Record<string, unknown> | undefined;
	if (!figures || figures.inFavour === undefined) return null;
	return { inFavour: String(figures.inFavour), against: String(figures.against ?? 0), abstain: String(figures.abstain ?? 0) };
}
