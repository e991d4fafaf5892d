import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MINUTES_PART_A, readMinutes } from '../../src/lib/documents/minutes-doc';
import { addDays } from '../../src/lib/domain/governance';
import { londonDate, londonToInstant } from '../../src/lib/domain/london-time';
import { createPostgresStorage } from '../../src/lib/server/document-storage';
import * as meeting from '../../src/lib/server/meeting';
import * as minutes from '../../src/lib/server/minutes';
import { connectClient, newCollabServer, rawClient, seedBody, type SeededBody, type TestClient, type TestCollab } from '../helpers/collab';
import { newDatabase, type TestDatabase } from '../helpers/database';

/** Reads everything, Part B included, as an administrator may. */
const ADMINISTRATOR = { userId: 'administrator', isAdministrator: true, roles: [] };

function unwrap<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
	if (!result.ok) throw new Error(`Expected success, got: ${result.reason}`);
	return result.value;
}

/** Types a paragraph at the end of the minutes, as the editor in the browser would. */
function typeParagraph(client: TestClient, text: string): void {
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	const fragment = client.doc.getXmlFragment(MINUTES_PART_A);
	fragment.insert(fragment.length, [paragraph]);
}

const lastLine = (doc: Y.Doc) => readMinutes(doc).partA.at(-1)?.text;

describe('collaboration server: co-edited minutes', () => {
	let db: TestDatabase;
	let server: TestCollab;
	let seeded: SeededBody;
	let held: meeting.Meeting;
	let next: meeting.Meeting;
	const clients: TestClient[] = [];
	const client = (cookie: string) => {
		const made = connectClient(server.url, `minutes:${held.id}`, cookie);
		clients.push(made);
		return made;
	};
	const stored = async () => {
		const loaded = await createPostgresStorage(db.sql).load(`minutes:${held.id}`);
		const doc = new Y.Doc();
		if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
		for (const { update } of loaded.updates) Y.applyUpdate(doc, update);
		return doc;
	};

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedBody(db.sql, ['administrator', 'secretariat', 'voting_member', 'outsider']);
		server = await newCollabServer(db, { gapGraceMs: 50, recheckIntervalMs: 60_000 });
		const today = londonDate(new Date());
		const schedule = (days: number, title: string) =>
			db.sql.begin((tx) =>
				meeting.schedule(
					tx,
					seeded.bodyId,
					{ title, startsAt: londonToInstant(addDays(today, days), '10:00'), endsAt: londonToInstant(addDays(today, days), '12:00'), place: '', videoLink: '' },
					seeded.userIds.administrator
				)
			);
		held = unwrap(await schedule(-7, 'November meeting'));
		next = unwrap(await schedule(21, 'December meeting'));
		for (const status of ['in_progress', 'closed'] as const) unwrap(await db.sql.begin((tx) => meeting.setStatus(tx, held.id, status, seeded.userIds.administrator)));
		// The minutes page does this when the first reader opens it.
		unwrap(await db.sql.begin((tx) => minutes.openDraft(tx, held.id)));
	});
	afterEach(() => {
		for (const made of clients.splice(0)) made.destroy();
	});
	afterAll(async () => {
		await server?.close();
		await db?.close();
	});

	it('opens the minutes of a meeting to the body, and to nobody else', async () => {
		const cases: [docName: string, cookie: string, status: number][] = [
			[`minutes:${held.id}`, seeded.cookies.outsider, 403],
			[`minutes:${randomUUID()}`, seeded.cookies.secretariat, 404],
			[`minutes:${held.id.toUpperCase()}`, seeded.cookies.secretariat, 404]
		];
		for (const [docName, cookie, status] of cases) {
			const raw = rawClient(server.url, docName, { cookie });
			expect(await raw.opened, docName).toEqual({ status });
			expect(raw.frames).toEqual([]);
		}
	});

	it('lets the secretariat and a member see the minutes as generated, and only the secretariat change them', async () => {
		const secretariat = client(seeded.cookies.secretariat);
		const member = client(seeded.cookies.voting_member);
		await Promise.all([secretariat.synced, member.synced]);
		expect(readMinutes(member.doc).partA[0]?.text).toBe(`${'North West Collaborative Commissioning Oversight Group'}: minutes of November meeting`);

		typeParagraph(secretariat, 'Agreed as a fair record.');
		await expect.poll(() => lastLine(member.doc)).toBe('Agreed as a fair record.');
		typeParagraph(member, 'A member rewrites the minutes.');
		await expect.poll(() => member.refusals.length).toBeGreaterThan(0);
		expect(lastLine(await stored())).toBe('Agreed as a fair record.');
		expect(lastLine(secretariat.doc)).toBe('Agreed as a fair record.');
	});

	it('turns the editors into readers once the minutes are approved', async () => {
		const secretariat = client(seeded.cookies.secretariat);
		await secretariat.synced;
		unwrap(await db.sql.begin((tx) => minutes.approve(tx, held.id, next.id, seeded.userIds.administrator)));
		// What the approve action announces through the access bus; resolves once the connection is checked again.
		await server.collab.recheckUser(seeded.userIds.secretariat);
		typeParagraph(secretariat, 'Changed after approval.');
		await expect.poll(() => secretariat.refusals.length).toBeGreaterThan(0);
		expect(lastLine(await stored())).toBe('Agreed as a fair record.');
		const [approved] = await minutes.versions(db.sql, held.id);
		expect((await minutes.versionText(db.sql, held.id, approved!.id, ADMINISTRATOR))!.partA.at(-1)?.text).toBe('Agreed as a fair record.');
	});
});
