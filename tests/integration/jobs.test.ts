import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../src/lib/server/db';
import * as jobs from '../../src/lib/server/jobs';
import { londonDate, londonToInstant } from '../../src/lib/domain/london-time';
import { openDatabase } from '../../src/lib/server/db';
import { newDatabase, quietLog, type TestDatabase } from '../helpers/database';

/** Work a job does in the database: a row per run, so running twice shows. */
const recordRun = (tx: Tx, job: jobs.Job) => tx`insert into job_runs (job_key) values (${job.key})`.then(() => undefined);

describe('scheduled jobs', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await newDatabase();
		await db.sql`create table job_runs (job_key text not null)`;
	});
	afterAll(async () => db?.close());

	const runs = async (key: string) => (await db.sql<{ n: number }[]>`select count(*)::int as n from job_runs where job_key = ${key}`)[0]!.n;

	it('runs a due job once, and a job due later only once its time comes', async () => {
		await jobs.schedule(db.sql, { kind: 'record', key: 'now-1' });
		await jobs.schedule(db.sql, { kind: 'record', key: 'later-1', runAt: new Date(Date.now() + 60 * 60 * 1000) });
		expect(await jobs.runDue(db.sql, { record: recordRun }, quietLog)).toBe(1);
		expect(await jobs.runDue(db.sql, { record: recordRun }, quietLog)).toBe(0);
		expect(await runs('now-1')).toBe(1);
		expect(await runs('later-1')).toBe(0);
		expect(await jobs.runDue(db.sql, { record: recordRun }, quietLog, { now: new Date(Date.now() + 2 * 60 * 60 * 1000) })).toBe(1);
		expect(await runs('later-1')).toBe(1);
	});

	it('keeps the first of two schedulings of the same key', async () => {
		expect(await jobs.schedule(db.sql, { kind: 'record', key: 'twice' })).toBe(true);
		expect(await jobs.schedule(db.sql, { kind: 'record', key: 'twice' })).toBe(false);
		await jobs.runDue(db.sql, { record: recordRun }, quietLog);
		expect(await runs('twice')).toBe(1);
	});

	it('rolls a failed job’s work back and tries it again later, with the reason kept', async () => {
		await jobs.schedule(db.sql, { kind: 'flaky', key: 'flaky-1' });
		let calls = 0;
		const flaky = async (tx: Tx, job: jobs.Job) => {
			calls++;
			await recordRun(tx, job);
			if (calls === 1) throw new Error('the mail server refused');
		};
		expect(await jobs.runDue(db.sql, { flaky }, quietLog)).toBe(0);
		expect(await runs('flaky-1')).toBe(0);
		const [failed] = await db.sql<{ attempts: number; lastError: string; doneAt: Date | null }[]>`select attempts, last_error, done_at from jobs where key = 'flaky-1'`;
		expect(failed).toMatchObject({ attempts: 1, lastError: 'the mail server refused', doneAt: null });
		// Not again at once: after its delay.
		expect(await jobs.runDue(db.sql, { flaky }, quietLog)).toBe(0);
		expect(await jobs.runDue(db.sql, { flaky }, quietLog, { now: new Date(Date.now() + jobs.retryDelayMs(1) + 1000) })).toBe(1);
		expect(await runs('flaky-1')).toBe(1);
	});

	it('leaves a job of a kind it has no handler for to another instance', async () => {
		await jobs.schedule(db.sql, { kind: 'from-the-future', key: 'unknown-1' });
		expect(await jobs.runDue(db.sql, { record: recordRun }, quietLog)).toBe(0);
		expect(await jobs.runDue(db.sql, { 'from-the-future': recordRun }, quietLog, { now: new Date(Date.now() + 60_000) })).toBe(1);
		expect(await runs('unknown-1')).toBe(1);
	});

	it('runs each of 60 jobs exactly once when several runners race for them', async () => {
		for (let i = 0; i < 60; i++) await jobs.schedule(db.sql, { kind: 'record', key: `race-${i}` });
		// On PostgreSQL, separate pools are separate instances; embedded, the one connection serialises them.
		const pools = db.databaseUrl ? await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, log: quietLog }))) : [];
		try {
			const sqls = pools.length ? pools.map((p) => p.sql) : [db.sql, db.sql, db.sql];
			const slow = async (tx: Tx, job: jobs.Job) => {
				await recordRun(tx, job);
				await tx`select pg_sleep(0.002)`;
			};
			const done = await Promise.all(sqls.flatMap((sql) => [jobs.runDue(sql, { record: slow }, quietLog), jobs.runDue(sql, { record: slow }, quietLog)]));
			expect(done.reduce((a, b) => a + b, 0)).toBe(60);
		} finally {
			await Promise.all(pools.map((p) => p.close()));
		}
		const [row] = await db.sql<{ distinct: number; total: number }[]>`
			select count(distinct job_key)::int as distinct, count(*)::int as total from job_runs where job_key like 'race-%'`;
		expect(row).toEqual({ distinct: 60, total: 60 });
	});

	it('a runner polls by itself and stops when closed', async () => {
		await jobs.schedule(db.sql, { kind: 'record', key: 'polled' });
		const runner = jobs.createJobRunner({ sql: db.sql, handlers: { record: recordRun }, log: quietLog, pollMs: 20 });
		try {
			for (let i = 0; i < 200 && (await runs('polled')) === 0; i++) await new Promise((r) => setTimeout(r, 25));
		} finally {
			await runner.close();
		}
		expect(await runs('polled')).toBe(1);
	});

	it('schedules the work of a day once, at its London time, and runs it for that day', async () => {
		const dates: string[] = [];
		const handler = jobs.forTheDay(async (_tx, date) => void dates.push(date));
		const day = londonDate(new Date(Date.now() + 10 * DAY));
		expect(await jobs.scheduleForDay(db.sql, 'day-test', day, '06:30')).toBe(true);
		expect(await jobs.scheduleForDay(db.sql, 'day-test', day, '06:30')).toBe(false);
		const [first] = await db.sql<{ key: string; runAt: Date }[]>`select key, run_at from jobs where kind = 'day-test'`;
		expect(first).toEqual({ key: `day-test:${day}`, runAt: londonToInstant(day, '06:30') });
		expect(await jobs.runDue(db.sql, { 'day-test': handler }, quietLog, { now: first!.runAt })).toBe(1);
		expect(dates).toEqual([day]);
	});
});

const DAY = 24 * 60 * 60 * 1000;
