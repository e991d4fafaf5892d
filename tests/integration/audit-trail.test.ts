import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config';
import { startPortal } from '../../server/portal';
import * as audit from '../../src/lib/server/audit';
import { openDatabase, type Tx } from '../../src/lib/server/db';
import { newDatabase, newDatabaseLocation, quietLog, type TestDatabase } from '../helpers/database';

const KEY = 'a test audit key that is long enough to use';

/** Writes `n` audit rows, each in its own transaction as acts do. */
async function act(db: TestDatabase, n: number, label = 'organisation.create') {
	for (let i = 0; i < n; i++) {
		await db.sql.begin((tx) => audit.record(tx, { actorId: null, action: label, entity: 'organisation', entityId: `org-${label}-${i}`, after: { i } }));
	}
}

/** What someone with full database access could do: switch the append-only triggers off, change things, switch them on. */
async function tamper(db: TestDatabase, change: (tx: Tx) => Promise<unknown>) {
	await db.sql.begin(async (tx) => {
		await tx`alter table audit_log disable trigger user`;
		await tx`alter table audit_head disable trigger user`;
		await tx`alter table audit_seals disable trigger user`;
		await change(tx);
		await tx`alter table audit_log enable trigger user`;
		await tx`alter table audit_head enable trigger user`;
		await tx`alter table audit_seals enable trigger user`;
	});
}

describe('the audit trail holds against truncation and a cut-off tail', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await newDatabase();
	});
	afterAll(async () => db?.close());
	// One database for the file (opening one takes seconds); each test starts from an empty chain.
	beforeEach(async () => {
		await tamper(db, async (tx) => {
			await tx`truncate audit_log, audit_seals restart identity`;
			await tx`update audit_head set rows = 0, last_id = 0, last_hash = repeat('0', 64)`;
		});
	});

	it('refuses TRUNCATE of the chain, and removing or rewriting its checkpoints', async () => {
		await act(db, 3);
		await audit.seal(db.sql, KEY);
		await expect(db.sql`truncate audit_log`).rejects.toThrow(/append-only/);
		await expect(db.sql`delete from audit_head`).rejects.toThrow(/checkpoints/);
		await expect(db.sql`truncate audit_head`).rejects.toThrow(/checkpoints/);
		await expect(db.sql`update audit_seals set rows = 1`).rejects.toThrow(/checkpoints/);
		await expect(db.sql`delete from audit_seals`).rejects.toThrow(/checkpoints/);
		expect(await audit.verify(db.sql, { key: KEY })).toMatchObject({ intact: true, rows: 3, sealedRows: 3 });
	});

	it('finds the newest rows cut off, from the head kept apart from the chain', async () => {
		await act(db, 5);
		expect(await audit.verify(db.sql)).toMatchObject({ intact: true, rows: 5, head: { rows: 5 } });
		await tamper(db, (tx) => tx`delete from audit_log where id > 3`);
		const result = await audit.verify(db.sql);
		expect(result).toMatchObject({ intact: false, reason: expect.stringMatching(/^The newest rows have been cut off: the head records 5 rows ending at row 5, and the chain has 3, ending at row 3$/) });
	});

	it('finds the whole chain emptied', async () => {
		await act(db, 4);
		await tamper(db, (tx) => tx`truncate audit_log`);
		expect(await audit.verify(db.sql)).toMatchObject({ intact: false, reason: expect.stringMatching(/cut off: the head records 4 rows/) });
	});

	it('with AUDIT_KEY, finds a tail cut off even when the head was rewritten to match, and a forged seal', async () => {
		await act(db, 4);
		expect(await audit.seal(db.sql, KEY)).toBe(true);
		// Nothing new since: no second checkpoint.
		expect(await audit.seal(db.sql, KEY)).toBe(false);
		await act(db, 2, 'membership.end');
		expect(await audit.seal(db.sql, KEY)).toBe(true);
		expect(await audit.verify(db.sql, { key: KEY })).toMatchObject({ intact: true, rows: 6, sealedRows: 6, notes: [] });

		// Cut the two newest rows and set the head back to row 4, as a careful intruder would.
		await tamper(db, async (tx) => {
			await tx`delete from audit_log where id > 4`;
			await tx`update audit_head set rows = 4, last_id = 4, last_hash = (select hash from audit_log where id = 4)`;
		});
		// The head alone is fooled; the sealed checkpoint is not.
		expect(await audit.verify(db.sql)).toMatchObject({ intact: true });
		expect(await audit.verify(db.sql, { key: KEY })).toMatchObject({
			intact: false,
			reason: expect.stringMatching(/^The newest rows have been cut off: the sealed checkpoint of .* records 6 rows ending at row 6, and the chain has 4, ending at row 4$/)
		});

		// A checkpoint written without the key does not pass for a sealed one.
		await tamper(db, (tx) => tx`insert into audit_seals (rows, last_id, last_hash, seal) select 4, 4, hash, repeat('ab', 32) from audit_log where id = 4`);
		expect(await audit.verify(db.sql, { key: KEY })).toMatchObject({ intact: false, reason: expect.stringMatching(/does not match AUDIT_KEY/) });
		expect(await audit.verify(db.sql, { key: 'another key, also long enough to be used' })).toMatchObject({ intact: false });
	});

	it('says when there are sealed checkpoints it was not given the key to check', async () => {
		await act(db, 2);
		await audit.seal(db.sql, KEY);
		expect(await audit.verify(db.sql)).toMatchObject({ intact: true, sealedRows: null, notes: [expect.stringMatching(/set AUDIT_KEY/)] });
	});
});

describe('the portal with AUDIT_KEY', () => {
	it('seals the chain’s head, at the latest when it stops', async () => {
		const location = await newDatabaseLocation();
		try {
			const config = { ...readConfig({ LOG_LEVEL: 'silent' }), port: 0, host: '127.0.0.1', databaseUrl: location.databaseUrl, dataDir: location.dataDir, auditKey: KEY };
			const portal = await startPortal(config, { log: quietLog });
			try {
				for (let i = 0; i < 3; i++) await portal.services.sql.begin((tx) => audit.record(tx, { actorId: null, action: 'body.create', entity: 'body', entityId: `b${i}`, after: { i } }));
			} finally {
				await portal.close();
			}
			const database = await openDatabase({ databaseUrl: location.databaseUrl, dataDir: location.dataDir, log: quietLog });
			try {
				expect(await audit.verify(database.sql, { key: KEY })).toMatchObject({ intact: true, rows: 3, sealedRows: 3 });
			} finally {
				await database.close();
			}
		} finally {
			await location.remove();
		}
	});
});
