import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocumentBus } from '../../src/lib/server/bus';
import { createPostgresStorage, loadDocument, type DocumentStorage } from '../../src/lib/server/document-storage';
import { readBlocks, readRaci, readTermsOfReference } from '../../src/lib/documents/snapshot';
import { compareSnapshots } from '../../src/lib/domain/documents/compare';
import { TERMS_OF_REFERENCE_SECTIONS } from '../../src/lib/domain/documents/layout';
import type { GovernanceRulesInput } from '../../src/lib/domain/governance';
import * as bodyRules from '../../src/lib/server/body-rules';
import * as adoption from '../../src/lib/server/adoption';
import * as documentVersion from '../../src/lib/server/document-version';
import { renderDocx } from '../../src/lib/server/export/docx';
import { renderPdf } from '../../src/lib/server/export/pdf';
import * as meeting from '../../src/lib/server/meeting';
import * as motion from '../../src/lib/server/motion';
import type { Services } from '../../src/lib/server/services';
import { GET as exportPdf } from '../../src/routes/bodies/[id]/documents/versions/[versionId]/export.pdf/+server';
import { GET as exportDocx } from '../../src/routes/bodies/[id]/documents/versions/[versionId]/export.docx/+server';
import { GET as exportCurrentPdf } from '../../src/routes/bodies/[id]/documents/versions/current/export.pdf/+server';
import { connectClient, newCollabServer } from '../helpers/collab';
import { newDatabase, quietLog, type TestDatabase } from '../helpers/database';
import { markPresent, seedMeeting, type SeededMeeting } from '../helpers/meeting-fixture';

const MAJORITY: GovernanceRulesInput = {
	schemaVersion: 1,
	quorum: { minimumCount: 2, deputiesCount: true },
	voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] }
};
/** What the terms of reference under adoption say: a larger quorum. */
const ADOPTED_RULES = { ...MAJORITY, quorum: { minimumCount: 3, deputiesCount: true } };

let db: TestDatabase;
let storage: DocumentStorage;

beforeAll(async () => {
	db = await newDatabase();
	storage = createPostgresStorage(db.sql);
});
afterAll(async () => {
	await db?.close();
});

/** An editor's copy of a document whose every change is appended to storage, as the collaboration server does. */
function editor(docName: string) {
	const doc = new Y.Doc();
	const pending: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => pending.push(update));
	return {
		doc,
		/** Stores what was typed since the last save, one update per change, in order. */
		async save() {
			for (const update of pending.splice(0)) await storage.append(docName, update);
		}
	};
}

function paragraph(text: string): Y.XmlElement {
	const p = new Y.XmlElement('paragraph');
	const t = new Y.XmlText();
	t.insert(0, text);
	p.insert(0, [t]);
	return p;
}

function setSection(doc: Y.Doc, key: string, texts: string[]) {
	const fragment = doc.getXmlFragment(`section:${key}`);
	doc.transact(() => {
		fragment.delete(0, fragment.length);
		fragment.insert(0, texts.map(paragraph));
	});
}

function setRules(doc: Y.Doc, text: string) {
	const rules = doc.getText('rules');
	doc.transact(() => {
		rules.delete(0, rules.length);
		rules.insert(0, text);
	});
}

async function userOf(seeded: SeededMeeting, key: string): Promise<string> {
	const [row] = await db.sql<{ userId: string }[]>`select user_id from memberships where id = ${seeded.membershipIds[key]!}`;
	return row!.userId;
}

async function seedBody(name: string) {
	const seeded = await seedMeeting(db.sql, {
		name,
		rules: MAJORITY,
		members: [
			{ key: 'chair', role: 'chair' },
			{ key: 'a', role: 'voting_member' },
			{ key: 'b', role: 'voting_member' },
			{ key: 'outsider', role: 'observer' }
		]
	});
	await markPresent(db.sql, seeded, ['chair', 'a', 'b']);
	return { seeded, chair: await userOf(seeded, 'chair') };
}

/** Opens the vote on a motion, casts the members' ballots, and closes it: the decision is recorded as the engine finds. */
async function vote(seeded: SeededMeeting, motionId: string, choice: 'for' | 'against', actorId: string) {
	return db.sql.begin(async (tx) => {
		const opened = await motion.openVote(tx, motionId, { indicative: false, countVisibility: 'open' }, actorId);
		if (!opened.ok) throw new Error(opened.reason);
		for (const key of ['chair', 'a', 'b']) {
			const cast = await motion.castBallot(tx, motionId, { voter: { membershipId: seeded.membershipIds[key]! }, organisationId: null, choice }, actorId);
			if (!cast.ok) throw new Error(cast.reason);
		}
		const closed = await motion.closeVote(tx, motionId, { castingVote: null }, actorId);
		if (!closed.ok) throw new Error(closed.reason);
		return closed.value;
	});
}

/** Terms of reference with a purpose, a quorum section and rules, stored; returns the editor to go on editing. */
async function writeTerms(bodyId: string, rulesText: string) {
	const docName = `terms-of-reference:${bodyId}`;
	const writer = editor(docName);
	setSection(writer.doc, 'purpose', ['To oversee specialised commissioning across the hub.']);
	setSection(writer.doc, 'quorum', ['Three voting members, including the chair or vice-chair.']);
	setRules(writer.doc, rulesText);
	await writer.save();
	return { docName, writer };
}

describe('document versions', () => {
	it('saves a version of the stored document, and refuses an empty document or name', async () => {
		const { seeded, chair } = await seedBody('Versions save');
		const { docName } = await writeTerms(seeded.bodyId, JSON.stringify(ADOPTED_RULES));
		const saved = await db.sql.begin((tx) => documentVersion.create(tx, docName, '  Draft for June  ', chair));
		expect(saved.ok).toBe(true);
		if (!saved.ok) return;
		expect(saved.value).toMatchObject({ name: 'Draft for June', kind: 'terms-of-reference', bodyId: seeded.bodyId, authorName: 'chair', adoptedAt: null, inForce: false });
		const snapshot = await documentVersion.versionSnapshot(db.sql, saved.value);
		expect(snapshot?.kind).toBe('terms-of-reference');
		if (snapshot?.kind !== 'terms-of-reference') return;
		expect(snapshot.content.sections.find((s) => s.key === 'quorum')!.blocks).toEqual([{ type: 'paragraph', text: 'Three voting members, including the chair or vice-chair.' }]);
		expect((await documentVersion.list(db.sql, docName)).map((v) => v.name)).toEqual(['Draft for June']);

		expect(await db.sql.begin((tx) => documentVersion.create(tx, `raci:${seeded.bodyId}`, 'Empty', chair))).toEqual({
			ok: false,
			reason: 'RACI matrix has nothing in it yet: write something before saving a version'
		});
		expect(await db.sql.begin((tx) => documentVersion.create(tx, docName, '   ', chair))).toEqual({ ok: false, reason: 'Enter a name for the version' });
		expect(await db.sql.begin((tx) => documentVersion.create(tx, 'terms-of-reference:not-a-body', 'x', chair))).toEqual({ ok: false, reason: 'No such document' });
		// Versions are frozen by the database itself.
		await expect(db.sql`update document_versions set name = 'Changed' where id = ${saved.value.id}`).rejects.toThrow(/frozen/);
		await expect(db.sql`delete from document_versions where id = ${saved.value.id}`).rejects.toThrow(/cannot be deleted/);
	});

	it('compares a version with the current document, and restores it as a new edit that makes the stored document read as the version', async () => {
		const { seeded, chair } = await seedBody('Versions restore');
		const { docName, writer } = await writeTerms(seeded.bodyId, JSON.stringify(ADOPTED_RULES));
		const saved = await db.sql.begin((tx) => documentVersion.create(tx, docName, 'Agreed text', chair));
		if (!saved.ok) throw new Error(saved.reason);

		// Edits after the version, part of them merged into the stored snapshot, part still in the log.
		setSection(writer.doc, 'quorum', ['Half of the voting members.']);
		await writer.save();
		await storage.compact(docName);
		setSection(writer.doc, 'appeal', ['Disputes over £100k go to arbitration.']);
		setRules(writer.doc, '{"schemaVersion": 1, "quorum": {"minimumCount": 2}}');
		await writer.save();

		const version = (await documentVersion.get(db.sql, saved.value.id))!;
		const before = (await documentVersion.versionSnapshot(db.sql, version))!;
		const document = documentVersion.parseDocumentName(docName)!;
		const changes = compareSnapshots(before, await documentVersion.currentSnapshot(db.sql, document));
		expect(changes.map((c) => c.text)).toEqual(
			expect.arrayContaining(['Section “Quorum” changed: 1 block reworded', 'Section “Appeal and arbitration” added (1 block)', 'Structured rules: quorum.minimumCount changed from 3 to 2'])
		);

		const { seq: seqBefore } = await storage.load(docName);
		const restored = await documentVersion.restore({ sql: db.sql, documents: createDocumentBus() }, version.id, chair, storage);
		expect(restored).toMatchObject({ ok: true, value: { changed: true, seq: seqBefore + 1 } });

		// The stored document now reads as the version...
		const stored = (await loadDocument(db.sql, docName))!;
		const versionDoc = (await documentVersion.versionDocument(db.sql, version.id))!;
		expect(readTermsOfReference(stored)).toEqual(readTermsOfReference(versionDoc));
		expect(compareSnapshots(before, await documentVersion.currentSnapshot(db.sql, document))).toEqual([]);
		// ...and so does an editor that had the document open, once it receives the stored update (as clients do).
		const { updates } = await storage.load(docName, seqBefore);
		for (const { update } of updates) Y.applyUpdate(writer.doc, update);
		expect(readTermsOfReference(writer.doc)).toEqual(readTermsOfReference(versionDoc));
		// Restoring what is already there changes nothing.
		expect(await documentVersion.restore({ sql: db.sql, documents: createDocumentBus() }, version.id, chair, storage)).toEqual({ ok: true, value: { changed: false, seq: null } });
		expect((await storage.load(docName)).seq).toBe(seqBefore + 1);
	});

	it('restores a RACI matrix', async () => {
		const { seeded, chair } = await seedBody('Versions RACI restore');
		const docName = `raci:${seeded.bodyId}`;
		const writer = editor(docName);
		const rows = writer.doc.getArray<Y.Map<unknown>>('rows');
		const columns = writer.doc.getArray<Y.Map<unknown>>('columns');
		const line = (fields: Record<string, string>) => {
			const map = new Y.Map<unknown>();
			for (const [k, v] of Object.entries(fields)) map.set(k, v);
			return map;
		};
		rows.push([line({ id: 'needs', stage: 'Planning', activity: 'Needs assessment' })]);
		columns.push([line({ id: 'hub', name: 'Specialised commissioning hub' }), line({ id: 'ccgs', name: 'CCGs' })]);
		writer.doc.getMap('cells').set('needs:hub', 'A');
		writer.doc.getMap('cells').set('needs:ccgs', 'C');
		await writer.save();
		const saved = await db.sql.begin((tx) => documentVersion.create(tx, docName, 'Baseline', chair));
		if (!saved.ok) throw new Error(saved.reason);
		writer.doc.getMap('cells').set('needs:ccgs', 'R');
		await writer.save();
		const document = documentVersion.parseDocumentName(docName)!;
		const version = (await documentVersion.get(db.sql, saved.value.id))!;
		expect(compareSnapshots((await documentVersion.versionSnapshot(db.sql, version))!, await documentVersion.currentSnapshot(db.sql, document))).toEqual([
			{ kind: 'changed', text: 'Needs assessment × CCGs: C → R' }
		]);
		await documentVersion.restore({ sql: db.sql, documents: createDocumentBus() }, version.id, chair, storage);
		const stored = (await loadDocument(db.sql, docName))!;
		expect(readRaci(stored).cells).toEqual({ 'needs:hub': 'A', 'needs:ccgs': 'C' });
	});
});

describe('restoring while people have the document open', () => {
	it('reaches open editors through the collaboration server once anyone edits again', async () => {
		const { seeded, chair } = await seedBody('Restore live');
		const docName = `terms-of-reference:${seeded.bodyId}`;
		const server = await newCollabServer(db, { gapGraceMs: 20 });
		const a = connectClient(server.url, docName, seeded.cookies.chair!);
		const b = connectClient(server.url, docName, seeded.cookies.a!);
		try {
			await Promise.all([a.synced, b.synced]);
			setSection(a.doc, 'quorum', ['Three voting members.']);
			await expect.poll(() => (b.doc.getXmlFragment('section:quorum').length)).toBe(1);
			await expect.poll(async () => (await storage.load(docName)).updates.length).toBeGreaterThan(0);
			const saved = await db.sql.begin((tx) => documentVersion.create(tx, docName, 'Three', chair));
			if (!saved.ok) throw new Error(saved.reason);
			setSection(a.doc, 'quorum', ['Two voting members.']);
			// (The test client also opens a Y.Map named `rules`, so only the section is read from its document.)
			const quorumOf = (doc: Y.Doc) => readBlocks(doc.getXmlFragment('section:quorum')).map((b) => b.text);
			await expect.poll(() => quorumOf(b.doc)).toEqual(['Two voting members.']);
			await expect.poll(async () => quorumOf((await loadDocument(db.sql, docName))!)).toEqual(['Two voting members.']);

			expect(await documentVersion.restore({ sql: db.sql, documents: createDocumentBus() }, saved.value.id, chair)).toMatchObject({ ok: true, value: { changed: true } });
			// The next edit anyone makes shows the loaded document a hole in the log, which it fills from storage.
			setSection(b.doc, 'review', ['Reviewed every April.']);
			await expect.poll(() => quorumOf(a.doc)).toEqual(['Three voting members.']);
			await expect.poll(() => quorumOf(b.doc)).toEqual(['Three voting members.']);
		} finally {
			a.destroy();
			b.destroy();
			await server.close();
		}
	});
});

describe('adoption', () => {
	async function proposedVersion(name: string, rulesText: string) {
		const { seeded, chair } = await seedBody(name);
		const { docName } = await writeTerms(seeded.bodyId, rulesText);
		const saved = await db.sql.begin((tx) => documentVersion.create(tx, docName, 'For adoption', chair));
		if (!saved.ok) throw new Error(saved.reason);
		const proposed = await db.sql.begin((tx) => adoption.propose(tx, saved.value.id, seeded.meetingId, chair));
		if (!proposed.ok) throw new Error(proposed.reason);
		return { seeded, chair, versionId: saved.value.id, ...proposed.value };
	}

	it('puts the adoption on the meeting with a procedural motion, and refuses other bodies\u2019 meetings and a second proposal', async () => {
		const { seeded, chair, versionId, itemId, motionId } = await proposedVersion('Adoption propose', JSON.stringify(ADOPTED_RULES));
		const item = (await meeting.wholeAgenda(db.sql, seeded.meetingId)).find((i) => i.id === itemId)!;
		expect(item).toMatchObject({ title: "Adoption of terms of reference version 'For adoption'", purpose: 'decision', part: 'A' });
		const proposed = (await motion.get(db.sql, motionId))!;
		expect(proposed).toMatchObject({ category: 'terms_of_reference', procedural: true, state: 'proposed', agendaItemId: itemId });
		expect(proposed.text).toMatch(/adopts version 'For adoption' of its terms of reference/);
		const version = (await documentVersion.get(db.sql, versionId))!;
		expect(version).toMatchObject({ proposedMotionId: motionId, motionState: 'proposed', proposedMeetingId: seeded.meetingId });

		expect(await db.sql.begin((tx) => adoption.propose(tx, versionId, seeded.meetingId, chair))).toMatchObject({ ok: false, reason: expect.stringMatching(/already proposed/) });
		const other = await seedBody('Adoption other body');
		expect(await db.sql.begin((tx) => adoption.propose(tx, versionId, other.seeded.meetingId, chair))).toEqual({ ok: false, reason: 'Choose a meeting of this body' });
	});

	it('adopts the version when the motion is carried, and brings its structured rules into force', async () => {
		const { seeded, chair, versionId, motionId } = await proposedVersion('Adoption carried', JSON.stringify(ADOPTED_RULES));
		const before = (await bodyRules.current(db.sql, seeded.bodyId))!;
		expect(before.source).toBe('entered');
		const outcome = await vote(seeded, motionId, 'for', chair);
		expect(outcome.state).toBe('carried_binding');

		const version = (await documentVersion.get(db.sql, versionId))!;
		expect(version.adoptedAt).toBeInstanceOf(Date);
		expect(version.inForce).toBe(true);
		const [decided] = await db.sql<{ id: string }[]>`select id from decisions where motion_id = ${motionId}`;
		expect(version.adoptedDecisionId).toBe(decided!.id);
		const rules = (await bodyRules.current(db.sql, seeded.bodyId))!;
		expect(rules.source).toBe('adopted');
		expect(rules.id).toBe(version.adoptedRulesId);
		expect(rules.rules.quorum).toMatchObject({ minimumCount: 3 });
		expect(rules.note).toMatch(/For adoption/);
		// An adopted version stays adopted, and cannot be proposed again.
		expect(await db.sql.begin((tx) => adoption.propose(tx, versionId, seeded.meetingId, chair))).toMatchObject({ ok: false, reason: expect.stringMatching(/already been adopted/) });
		await expect(db.sql`update document_versions set adopted_at = null, adopted_decision_id = null where id = ${versionId}`).rejects.toThrow(/stays adopted/);
	});

	it('adopts a version whose rules do not parse, leaving the rules in force as they were and saying why', async () => {
		const { seeded, chair, versionId, motionId } = await proposedVersion('Adoption bad rules', '{"schemaVersion": 1, "quorum": ');
		const before = (await bodyRules.current(db.sql, seeded.bodyId))!;
		expect((await vote(seeded, motionId, 'for', chair)).state).toBe('carried_binding');
		const version = (await documentVersion.get(db.sql, versionId))!;
		expect(version.adoptedAt).toBeInstanceOf(Date);
		expect(version.adoptedRulesId).toBeNull();
		expect(version.rulesProblems[0]).toMatch(/not valid JSON/);
		expect((await bodyRules.current(db.sql, seeded.bodyId))!.id).toBe(before.id);
	});

	it('adopts nothing when the motion is not carried, and the version can be proposed again', async () => {
		const { seeded, chair, versionId, motionId } = await proposedVersion('Adoption not carried', JSON.stringify(ADOPTED_RULES));
		expect((await vote(seeded, motionId, 'against', chair)).state).toBe('not_carried');
		const version = (await documentVersion.get(db.sql, versionId))!;
		expect(version).toMatchObject({ adoptedAt: null, decisionState: 'not_carried' });
		expect((await bodyRules.current(db.sql, seeded.bodyId))!.source).toBe('entered');
		const again = await db.sql.begin((tx) => adoption.propose(tx, versionId, seeded.meetingId, chair));
		expect(again.ok).toBe(true);
	});

	it('adopts a RACI matrix by a procedural motion, without touching the rules', async () => {
		const { seeded, chair } = await seedBody('Adoption RACI');
		const docName = `raci:${seeded.bodyId}`;
		const writer = editor(docName);
		writer.doc.getMap('cells').set('x:y', 'A');
		await writer.save();
		const saved = await db.sql.begin((tx) => documentVersion.create(tx, docName, 'Matrix 1', chair));
		if (!saved.ok) throw new Error(saved.reason);
		const proposed = await db.sql.begin((tx) => adoption.propose(tx, saved.value.id, seeded.meetingId, chair));
		if (!proposed.ok) throw new Error(proposed.reason);
		expect((await motion.get(db.sql, proposed.value.motionId))!.category).toBe('procedural');
		expect((await meeting.wholeAgenda(db.sql, seeded.meetingId)).some((i) => i.title === "Adoption of RACI matrix version 'Matrix 1'")).toBe(true);
		await vote(seeded, proposed.value.motionId, 'for', chair);
		expect((await documentVersion.get(db.sql, saved.value.id))!).toMatchObject({ inForce: true, adoptedRulesId: null, rulesProblems: [] });
		expect((await bodyRules.current(db.sql, seeded.bodyId))!.source).toBe('entered');
	});
});

/** The entries of a zip file (as .docx files are), by name: enough of the format to read what Word would. */
function unzip(bytes: Buffer): Map<string, Buffer> {
	const entries = new Map<string, Buffer>();
	const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	const count = bytes.readUInt16LE(end + 10);
	let at = bytes.readUInt32LE(end + 16);
	for (let i = 0; i < count; i++) {
		const method = bytes.readUInt16LE(at + 10);
		const size = bytes.readUInt32LE(at + 20);
		const nameLength = bytes.readUInt16LE(at + 28);
		const extra = bytes.readUInt16LE(at + 30);
		const comment = bytes.readUInt16LE(at + 32);
		const local = bytes.readUInt32LE(at + 42);
		const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
		const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
		const data = bytes.subarray(start, start + size);
		entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
		at += 46 + nameLength + extra + comment;
	}
	return entries;
}

describe('export', () => {
	it('renders any of the three documents as a PDF and as a Word document with its headings', async () => {
		const doc = new Y.Doc();
		setSection(doc, 'purpose', ['To oversee specialised commissioning.']);
		setRules(doc, JSON.stringify(MAJORITY));
		const input = {
			title: 'Terms of reference',
			bodyName: 'North West oversight group',
			versionLabel: "Version 'Draft'",
			status: 'Not adopted',
			snapshot: { kind: 'terms-of-reference' as const, content: readTermsOfReference(doc) }
		};
		const pdf = await renderPdf(input);
		expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
		const docx = await renderDocx(input);
		expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
		const xml = unzip(docx).get('word/document.xml')!.toString('utf8');
		for (const { heading } of TERMS_OF_REFERENCE_SECTIONS) expect(xml).toContain(heading);
		expect(xml).toContain('To oversee specialised commissioning.');

		const raci = { title: 'RACI matrix', bodyName: 'NW', versionLabel: 'v', status: 's', snapshot: { kind: 'raci' as const, content: { rows: [{ id: 'r', stage: 'Planning', activity: 'Needs assessment' }], columns: [{ id: 'c', name: 'CCGs' }], cells: { 'r:c': 'C' as const } } } };
		expect(unzip(await renderDocx(raci)).get('word/document.xml')!.toString('utf8')).toContain('Needs assessment has no one accountable (A)');
		expect((await renderPdf(raci)).subarray(0, 4).toString('latin1')).toBe('%PDF');
		const plan = { ...raci, title: 'Priorities plan 2015/16', snapshot: { kind: 'priorities' as const, content: { priorities: [] } } };
		expect((await renderPdf(plan)).subarray(0, 4).toString('latin1')).toBe('%PDF');
		expect(unzip(await renderDocx(plan)).get('word/document.xml')!.toString('utf8')).toContain('No priorities in this plan yet.');
	});

	it('serves a version as a download to people who sit on the body, and to no one else', async () => {
		const { seeded, chair } = await seedBody('Export route');
		const { docName } = await writeTerms(seeded.bodyId, JSON.stringify(ADOPTED_RULES));
		const saved = await db.sql.begin((tx) => documentVersion.create(tx, docName, 'Draft 3', chair));
		if (!saved.ok) throw new Error(saved.reason);
		const services = { sql: db.sql, log: quietLog } as unknown as Services;
		const event = (user: { id: string }, params: Record<string, string>, url = 'http://portal.test/') =>
			({ locals: { services, user: { ...user, email: '', name: '', isAdministrator: false }, sessionId: null }, params, url: new URL(url) }) as never;

		const pdf = await exportPdf(event({ id: chair }, { id: seeded.bodyId, versionId: saved.value.id }));
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="export-route-.*-terms-of-reference-draft-3\.pdf"$/);
		expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('%PDF');

		const word = await exportDocx(event({ id: chair }, { id: seeded.bodyId, versionId: saved.value.id }));
		expect(word.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
		expect(unzip(Buffer.from(await word.arrayBuffer())).get('word/document.xml')!.toString('utf8')).toContain('Three voting members');

		const current = await exportCurrentPdf(event({ id: chair }, { id: seeded.bodyId }, `http://portal.test/?doc=${encodeURIComponent(docName)}`));
		expect(current.headers.get('content-disposition')).toMatch(/-current\.pdf"$/);

		const stranger = await seedBody('Export stranger');
		await expect(exportPdf(event({ id: stranger.chair }, { id: seeded.bodyId, versionId: saved.value.id }))).rejects.toMatchObject({ status: 403 });
		// A version is found only under its own body, and ids are checked before any query.
		await expect(exportPdf(event({ id: stranger.chair }, { id: stranger.seeded.bodyId, versionId: saved.value.id }))).rejects.toMatchObject({ status: 404 });
		await expect(exportPdf(event({ id: chair }, { id: seeded.bodyId, versionId: 'not-a-uuid' }))).rejects.toMatchObject({ status: 404 });
		await expect(
			exportCurrentPdf(event({ id: chair }, { id: seeded.bodyId }, `http://portal.test/?doc=${encodeURIComponent(`raci:${stranger.seeded.bodyId}`)}`))
		).rejects.toMatchObject({ status: 404 });
	});
});
