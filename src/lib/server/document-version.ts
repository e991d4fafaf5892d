import * as Y from 'yjs';
import { parseRulesText } from '$lib/domain/governance';
import { documentTitle } from '$lib/domain/documents/titles';
import { restoreUpdate } from '$lib/documents/restore';
import { readSnapshot, readTermsOfReference, type DocumentSnapshot } from '$lib/documents/snapshot';
import { parseDocumentName, type DocumentName } from '$lib/domain/documents/document-name';
import { createPostgresStorage, loadDocument, type DocumentStorage } from './document-storage';
import * as audit from './audit';
import * as bodyRules from './body-rules';
import type { Sql, Tx } from './db';
import type { Services } from './services';
import * as meeting from './meeting';
import type { Result } from './result';

/** Document names are parsed as the collaboration server parses them, so pages and storage agree on one name. */
export { parseDocumentName, type DocumentName };

/**
 * Named versions of a body's co-edited documents: saved from the stored Yjs state, compared, restored as a new
 * edit, proposed for adoption at a meeting, and adopted when the decision on that motion is carried
 * (DOMAIN.md, "The three co-edited documents": a version takes effect only when the body adopts it).
 */

export type VersionKind = DocumentName['kind'];

export interface Version {
	id: string;
	docName: string;
	bodyId: string;
	kind: VersionKind;
	name: string;
	authorId: string;
	authorName: string;
	createdAt: Date;
	proposedMotionId: string | null;
	/** The proposing motion's state (proposed, voting, decided, withdrawn, deferred...). */
	motionState: string | null;
	proposedMeetingId: string | null;
	proposedMeetingTitle: string | null;
	proposedMeetingStartsAt: Date | null;
	/** The decision on the proposing motion, once there is one. */
	decisionState: string | null;
	adoptedAt: Date | null;
	adoptedDecisionId: string | null;
	/** Terms of reference: the rules recorded from this version on adoption; null when none were. */
	adoptedRulesId: string | null;
	/** Terms of reference: why no rules were recorded on adoption. */
	rulesProblems: string[];
	/** The version adopted most recently of its document: the one in force. */
	inForce: boolean;
}

/** The longest version name, as the table allows. */
export const MAX_NAME = 120;

const select = (tx: Tx) => tx`
	select v.id, v.doc_name, v.body_id, v.kind, v.name, v.author_id, u.name as author_name, v.created_at,
		v.proposed_motion_id, mo.state as motion_state, mt.id as proposed_meeting_id, mt.title as proposed_meeting_title,
		mt.starts_at as proposed_meeting_starts_at, d.state as decision_state,
		v.adopted_at, v.adopted_decision_id, v.adopted_rules_id, v.rules_problems,
		v.adopted_at is not null and v.id = (
			select latest.id from document_versions latest where latest.doc_name = v.doc_name and latest.adopted_at is not null
			order by latest.adopted_at desc, latest.created_at desc limit 1
		) as in_force
	from document_versions v
	join users u on u.id = v.author_id
	left join motions mo on mo.id = v.proposed_motion_id
	left join agenda_items a on a.id = mo.agenda_item_id
	left join meetings mt on mt.id = a.meeting_id
	left join decisions d on d.motion_id = v.proposed_motion_id`;

/** The versions of a document, newest first. */
export async function list(tx: Tx, docName: string): Promise<Version[]> {
	return tx<Version[]>`select * from (${select(tx)}) v where v.doc_name = ${docName} order by v.created_at desc, v.id`;
}

export async function get(tx: Tx, id: string): Promise<Version | null> {
	const [row] = await tx<Version[]>`select * from (${select(tx)}) v where v.id = ${id}`;
	return row ?? null;
}


/** The document as it is now, as plain data (empty when nothing is stored yet). */
export async function currentSnapshot(tx: Tx, document: DocumentName): Promise<DocumentSnapshot> {
	const doc = (await loadDocument(tx, document.name)) ?? new Y.Doc();
	try {
		return readSnapshot(document.kind, doc);
	} finally {
		doc.destroy();
	}
}

/** A version's content as a Y.Doc; the caller destroys it. */
export async function versionDocument(tx: Tx, id: string): Promise<Y.Doc | null> {
	const [row] = await tx<{ state: Buffer }[]>`select state from document_versions where id = ${id}`;
	if (!row) return null;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength));
	return doc;
}

/** A version's content as plain data. */
export async function versionSnapshot(tx: Tx, version: Pick<Version, 'id' | 'kind'>): Promise<DocumentSnapshot | null> {
	const doc = await versionDocument(tx, version.id);
	if (!doc) return null;
	try {
		return readSnapshot(version.kind, doc);
	} finally {
		doc.destroy();
	}
}

/** Saves the document as it is stored now under a name. */
export async function create(tx: Tx, docName: string, name: string, authorId: string): Promise<Result<Version>> {
	const document = parseDocumentName(docName);
	if (!document) return { ok: false, reason: 'No such document' };
	const trimmed = name.trim();
	if (trimmed === '') return { ok: false, reason: 'Enter a name for the version' };
	if (trimmed.length > MAX_NAME) return { ok: false, reason: `Enter a name of at most ${MAX_NAME} characters` };
	const [body] = await tx<{ id: string }[]>`select id from bodies where id = ${document.bodyId}`;
	if (!body) return { ok: false, reason: 'No such body' };
	const doc = await loadDocument(tx, docName);
	if (!doc) return { ok: false, reason: `${documentTitle(document)} has nothing in it yet: write something before saving a version` };
	let state: Uint8Array;
	try {
		state = Y.encodeStateAsUpdate(doc);
	} finally {
		doc.destroy();
	}
	const [row] = await tx<{ id: string }[]>`
		insert into document_versions (doc_name, body_id, kind, name, state, author_id)
		values (${docName}, ${document.bodyId}, ${document.kind}, ${trimmed}, ${Buffer.from(state)}, ${authorId})
		returning id`;
	const created = (await get(tx, row!.id))!;
	await audit.record(tx, { actorId: authorId, action: 'document_version.create', entity: 'document_version', entityId: created.id, after: { docName, name: trimmed } });
	return { ok: true, value: created };
}

/**
 * Makes the current document read as the version again, as a new edit: the difference, built as one Yjs update
 * on the current stored state, appended to the document's log like anyone's edit. Nothing of the history is lost,
 * and the version itself is untouched.
 *
 * Open editors: the collaboration server applies the update to a loaded document when it next notices the
 * document's log has moved past what it holds, which is at the next edit anyone makes (it then reads the log
 * from storage: LiveDocument.catchUp), or when the document is next loaded. Until then open editors still show
 * the old content, and their edits merge with the restore as with anyone's.
 */
export async function restore(
	services: Pick<Services, 'sql' | 'documents'>,
	versionId: string,
	actorId: string,
	storage: DocumentStorage = createPostgresStorage(services.sql)
): Promise<Result<{ changed: boolean; seq: number | null }>> {
	const { sql } = services;
	const version = await get(sql, versionId);
	if (!version) return { ok: false, reason: 'No such version' };
	const source = await versionDocument(sql, versionId);
	const current = (await loadDocument(sql, version.docName)) ?? new Y.Doc();
	try {
		const update = restoreUpdate(current, source!, version.kind);
		if (!update) return { ok: true, value: { changed: false, seq: null } };
		const seq = await storage.append(version.docName, update);
		// Stored: every instance holding the document loads the restore for the people editing it now.
		services.documents.changed(version.docName);
		await sql.begin((tx) =>
			audit.record(tx, { actorId, action: 'document_version.restore', entity: 'document_version', entityId: versionId, after: { docName: version.docName, seq } })
		);
		return { ok: true, value: { changed: true, seq } };
	} finally {
		source?.destroy();
		current.destroy();
	}
}

/** What adopting a version did: for terms of reference, whether its rules were recorded, and if not, why. */
export interface Adoption {
	versionId: string;
	kind: VersionKind;
	rules: { recorded: true; rulesId: string } | { recorded: false; problems: string[] } | null;
}

/** Decision states in which the motion to adopt is carried and binding. */
const ADOPTING = ['carried_binding', 'ratified'];

/**
 * Called when a decision is recorded on a motion (motion.recordDecision), or when it later becomes binding by
 * ratification. When the motion proposed a version's adoption and is carried, the version is adopted; an
 * adopted version of the terms of reference brings its structured rules into force (recorded as 'adopted',
 * so meetings from now on are run by them). Rules that do not parse leave the rules in force as they were:
 * the adoption stands, and the version records why its rules were not taken up.
 */
export async function onDecision(tx: Tx, motionId: string, state: string): Promise<Adoption | null> {
	if (!ADOPTING.includes(state)) return null;
	const [version] = await tx<{ id: string; name: string; bodyId: string; kind: VersionKind; docName: string }[]>`
		select id, name, body_id, kind, doc_name from document_versions
		where proposed_motion_id = ${motionId} and adopted_at is null for update`;
	if (!version) return null;
	const [decided] = await tx<{ id: string; meetingTitle: string }[]>`
		select d.id, m.title as meeting_title from decisions d join meetings m on m.id = d.meeting_id where d.motion_id = ${motionId}`;
	if (!decided) return null;
	await tx`update document_versions set adopted_at = now(), adopted_decision_id = ${decided.id} where id = ${version.id}`;
	let rules: Adoption['rules'] = null;
	if (version.kind === 'terms-of-reference') {
		rules = await adoptRules(tx, version, decided.meetingTitle);
		if (rules.recorded) await tx`update document_versions set adopted_rules_id = ${rules.rulesId} where id = ${version.id}`;
		else await tx`update document_versions set rules_problems = ${rules.problems} where id = ${version.id}`;
	}
	await audit.record(tx, {
		actorId: null,
		action: 'document_version.adopt',
		entity: 'document_version',
		entityId: version.id,
		after: { decisionId: decided.id, rules }
	});
	return { versionId: version.id, kind: version.kind, rules };
}

async function adoptRules(tx: Tx, version: { id: string; name: string; bodyId: string }, meetingTitle: string): Promise<NonNullable<Adoption['rules']>> {
	const doc = await versionDocument(tx, version.id);
	const rulesText = doc ? readTermsOfReference(doc).rulesText : '';
	doc?.destroy();
	const read = parseRulesText(rulesText);
	if (!read.ok) return { recorded: false, problems: read.empty ? ['The version has no structured rules'] : read.problems };
	const recorded = await bodyRules.record(
		tx,
		version.bodyId,
		read.input,
		{ source: 'adopted', note: `Adopted with the terms of reference version '${version.name}' at ${meetingTitle}` },
		null
	);
	return recorded.ok ? { recorded: true, rulesId: recorded.value.id } : { recorded: false, problems: recorded.problems };
}
