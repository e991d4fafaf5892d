import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sectionFragment } from '../../src/lib/domain/documents/layout';
import { anchorRange, resolveAnchor } from '../../src/lib/documents/text-anchor';
import * as commentThread from '../../src/lib/server/comment-thread';
import * as membership from '../../src/lib/server/membership';
import { connectClient, newCollabServer, seedBody, type SeededBody, type TestClient, type TestCollab } from '../helpers/collab';
import { newDatabase, type TestDatabase } from '../helpers/database';

/** The words of a section's paragraphs, as text-anchor.ts counts them (each paragraph ends with "\n"). */
const wordsOf = (fragment: Y.XmlFragment) => fragment.toArray().map((p) => `${((p as Y.XmlElement).get(0) as Y.XmlText).toString()}\n`).join('');

describe('a comment anchored in the terms of reference, through the collaboration server', () => {
	let db: TestDatabase;
	let server: TestCollab;
	let seeded: SeededBody;
	const clients: TestClient[] = [];
	const field = sectionFragment('quorum');
	const client = (cookie: string) => {
		const made = connectClient(server.url, `terms-of-reference:${seeded.bodyId}`, cookie);
		clients.push(made);
		return made;
	};

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedBody(db.sql);
		server = await newCollabServer(db);
	});
	afterEach(() => {
		for (const made of clients.splice(0)) made.destroy();
	});
	afterAll(async () => {
		await server?.close();
		await db?.close();
	});

	it('follows its passage through two editors’ concurrent edits, and reports when the passage is deleted', async () => {
		const a = client(seeded.cookies.secretariat);
		const b = client(seeded.cookies.voting_member);
		await Promise.all([a.synced, b.synced]);
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('The quorum is half the voting members.')]);
		a.doc.getXmlFragment(field).insert(0, [paragraph]);
		await expect.poll(() => wordsOf(b.doc.getXmlFragment(field))).toContain('half the voting');

		// The PPV representative reads along and comments on "half the voting members", stored as the page stores it.
		const ppv = client(seeded.cookies.ppv_representative);
		await ppv.synced;
		const text = wordsOf(ppv.doc.getXmlFragment(field));
		const from = text.indexOf('half');
		const anchor = anchorRange(ppv.doc.getXmlFragment(field), from, from + 'half the voting members'.length)!;
		const actor = await membership.actorFor(db.sql, { id: seeded.userIds.ppv_representative, isAdministrator: false });
		const started = await db.sql.begin((tx) =>
			commentThread.startThread(tx, actor, { anchor: { kind: 'text', docName: `terms-of-reference:${seeded.bodyId}`, field, ...anchor, label: 'Quorum' }, text: 'Should the chair count?' })
		);
		if (!started.ok) throw new Error(started.reason);

		// Concurrent edits before, inside and after the passage, neither editor having seen the other's.
		const aText = (a.doc.getXmlFragment(field).get(0) as Y.XmlElement).get(0) as Y.XmlText;
		const bText = (b.doc.getXmlFragment(field).get(0) as Y.XmlElement).get(0) as Y.XmlText;
		aText.insert(0, 'For every meeting, ');
		aText.insert(aText.toString().indexOf('voting'), 'current ');
		bText.insert(bText.toString().indexOf('.'), ' present in person');
		bText.insert(bText.toString().indexOf('half'), 'at least ');
		const expected = 'For every meeting, The quorum is at least half the current voting members present in person.\n';
		await expect.poll(() => wordsOf(a.doc.getXmlFragment(field))).toBe(expected);
		await expect.poll(() => wordsOf(b.doc.getXmlFragment(field))).toBe(expected);

		// Someone who opens the document afterwards finds the passage where it now is, from the thread as stored.
		const listed = await commentThread.listForDocument(db.sql, actor, `terms-of-reference:${seeded.bodyId}`);
		if (!listed.ok) throw new Error(listed.reason);
		const [thread] = listed.value;
		const later = client(seeded.cookies.observer);
		await later.synced;
		const stored = { start: thread!.anchor.rangeStart!, end: thread!.anchor.rangeEnd!, quote: thread!.anchor.quote! };
		expect(thread!.anchor.textField).toBe(field);
		expect(resolveAnchor(later.doc.getXmlFragment(thread!.anchor.textField!), stored)).toMatchObject({ state: 'present', text: 'half the current voting members' });

		// One editor deletes the passage while the other types at the start of the paragraph.
		const passageAt = aText.toString().indexOf('half');
		aText.delete(passageAt, 'half the current voting members'.length);
		bText.insert(0, '» ');
		await expect.poll(() => wordsOf(later.doc.getXmlFragment(field))).toBe('» For every meeting, The quorum is at least  present in person.\n');
		for (const made of [a, b, later]) expect(resolveAnchor(made.doc.getXmlFragment(field), stored)).toEqual({ state: 'deleted', quote: 'half the voting members' });
	});
});
