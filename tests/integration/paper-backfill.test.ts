import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as meeting from '../../src/lib/server/meeting';
import * as membership from '../../src/lib/server/membership';
import { extractPaperText, readUnreadPapers, type PaperFile } from '../../src/lib/server/paper-text';
import { search } from '../../src/lib/server/search';
import { newDatabase, quietLog, type TestDatabase } from '../helpers/database';
import { seedMeeting, type SeededMeeting } from '../helpers/meeting-fixture';
import { pdfWith } from '../helpers/papers';

/**
 * Papers uploaded before their words were read for the search (text_read_at null) are read in the background when
 * the portal starts: each once, even with several instances starting together, and none lost if one stops half way.
 */
describe('reading the words of older papers', () => {
	let db: TestDatabase;
	let seeded: SeededMeeting;
	let clerkId: string;

	async function oldPaper(filename: string, contentType: string, content: Uint8Array): Promise<string> {
		// No `text`: as an upload before the search read papers.
		const added = await db.sql.begin((tx) => meeting.addPaper(tx, seeded.decisionItemId, { filename, contentType, content }, clerkId));
		if (!added.ok) throw new Error(added.reason);
		return added.value.id;
	}

	beforeAll(async () => {
		db = await newDatabase();
		seeded = await seedMeeting(db.sql, { name: 'Backfill', rules: { schemaVersion: 1, quorum: { minimumCount: 1, deputiesCount: true }, voting: { basis: 'per_member', thresholds: [{ of: 'votes_cast', comparison: 'more_than', fraction: '1/2' }] } }, members: [{ key: 'chair', role: 'chair' }] });
		clerkId = (await membership.get(db.sql, seeded.membershipIds.chair!))!.userId;
	}, 60_000);
	afterAll(async () => db?.close());

	it('reads each unread paper once, with two readers racing, and then the search finds its words', async () => {
		const ids = [
			await oldPaper('renal.pdf', 'application/pdf', await pdfWith('Renal dialysis capacity across the hub is forecast to fall short.')),
			await oldPaper('notes.txt', 'text/plain', new TextEncoder().encode('Paediatric cardiology outreach clinics')),
			await oldPaper('chart.png', 'image/png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]))
		];
		const unread = await db.sql<{ id: string }[]>`select id from papers where text_read_at is null and id = any(${ids}::uuid[])`;
		expect(unread).toHaveLength(3);

		const readBy = new Map<string, number>();
		const counting = async (file: PaperFile) => {
			readBy.set(file.filename, (readBy.get(file.filename) ?? 0) + 1);
			// Give the other reader time to try to take the same paper.
			await new Promise((resolve) => setTimeout(resolve, 20));
			return extractPaperText(file, quietLog);
		};
		const [first, second] = await Promise.all([readUnreadPapers(db.sql, quietLog, { extract: counting }), readUnreadPapers(db.sql, quietLog, { extract: counting })]);
		expect(first + second).toBe(3);
		expect(Object.fromEntries(readBy)).toEqual({ 'renal.pdf': 1, 'notes.txt': 1, 'chart.png': 1 });

		const rows = await db.sql<{ filename: string; textContent: string; textReadAt: Date | null }[]>`select filename, text_content, text_read_at from papers where id = any(${ids}::uuid[]) order by filename`;
		expect(rows.every((row) => row.textReadAt instanceof Date)).toBe(true);
		expect(rows.find((row) => row.filename === 'renal.pdf')!.textContent).toContain('Renal dialysis capacity');
		expect(rows.find((row) => row.filename === 'chart.png')!.textContent).toBe('');

		const administrator = { userId: clerkId, isAdministrator: true, roles: [] };
		const found = await search(db.sql, administrator, 'dialysis forecast');
		expect(found.results.map((result) => result.title)).toContain('renal.pdf');
		// Nothing is left to read: a later start reads nothing.
		expect(await readUnreadPapers(db.sql, quietLog)).toBe(0);
	});

	it('leaves a paper another instance is reading, and takes it again once that instance has been gone a while', async () => {
		const id = await oldPaper('audit.txt', 'text/plain', new TextEncoder().encode('Clinical audit of stroke thrombectomy'));
		await db.sql`update papers set text_claimed_at = now() where id = ${id}`;
		expect(await readUnreadPapers(db.sql, quietLog)).toBe(0);
		await db.sql`update papers set text_claimed_at = now() - interval '11 minutes' where id = ${id}`;
		expect(await readUnreadPapers(db.sql, quietLog)).toBe(1);
		const [row] = await db.sql<{ textContent: string }[]>`select text_content from papers where id = ${id}`;
		expect(row!.textContent).toContain('stroke thrombectomy');
	});

	it('marks a paper uploaded with its words as read, so the background never reads it again', async () => {
		const added = await db.sql.begin((tx) =>
			meeting.addPaper(tx, seeded.decisionItemId, { filename: 'read.txt', contentType: 'text/plain', content: new TextEncoder().encode('x'), text: 'x' }, clerkId)
		);
		if (!added.ok) throw new Error(added.reason);
		const [row] = await db.sql<{ textReadAt: Date | null }[]>`select text_read_at from papers where id = ${added.value.id}`;
		expect(row!.textReadAt).toBeInstanceOf(Date);
	});
});
