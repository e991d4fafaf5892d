import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as organisation from '../../src/lib/server/organisation';
import { writeUnique } from '../../src/lib/server/result';
import { newDatabase, type TestDatabase } from '../helpers/database';

describe('a write refused by a unique key', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await newDatabase();
	});
	afterAll(async () => db?.close());

	it('comes back as a reason and leaves the surrounding transaction usable', async () => {
		const committed = await db.sql.begin(async (tx) => {
			const first = await organisation.create(tx, { name: 'NHS Salford CCG', kind: 'ccg', odsCode: '01G' }, null);
			expect(first.ok).toBe(true);
			// As if a second request had passed the friendly check before the first committed.
			const duplicate = await writeUnique(tx, (inner) => inner`insert into organisations (name, kind) values ('nhs salford ccg', 'ccg')`, 'taken');
			expect(duplicate).toEqual({ ok: false, reason: 'taken' });
			const [row] = await tx<{ n: number }[]>`select count(*)::int as n from organisations`;
			return row!.n;
		});
		expect(committed).toBe(1);
	});

	it('reports a name already taken through the module, not as a crash', async () => {
		const again = await db.sql.begin((tx) => organisation.create(tx, { name: 'NHS SALFORD CCG', kind: 'ccg', odsCode: null }, null));
		expect(again).toEqual({ ok: false, reason: 'An organisation with that name or ODS code already exists' });
	});
});
