import type { Logger } from 'pino';
import type { Sql, Tx } from './db';
import type { Transaction } from './events';
import { londonToInstant } from '$lib/domain/london-time';
import { createPoller, type Poller } from './poller';

/**
 * Work that runs by the clock (migrations/017): a digest, a window closing, a reminder, a lapse. A job is claimed
 * with `for update skip locked` inside the transaction that does its work and marks it done, so across several
 * instances each job runs once: another instance skips the locked row, and a crash rolls the claim back with the
 * work, leaving the job due again. Work outside the database (sending mail) is itself written as rows (the outbox)
 * in that transaction, so it too happens once.
 */
export interface Job {
	id: string;
	kind: string;
	key: string | null;
	payload: Record<string, unknown>;
	runAt: Date;
	attempts: number;
}

/** Does a job's work in the transaction that claimed it; throwing rolls the work back and the job is tried again later. */
export type JobHandler = (tx: Tx, job: Job) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

export interface JobToSchedule {
	kind: string;
	/** One job per key: scheduling the same work again (the digest of a day, the close of a window) keeps the first. */
	key?: string;
	runAt?: Date;
	payload?: Record<string, unknown>;
}

/** Schedules work in the caller's transaction: it exists if and only if the act commits. True if it is new. */
export async function schedule(tx: Tx, job: JobToSchedule): Promise<boolean> {
	const rows = await tx`
		insert into jobs (kind, key, payload, run_at)
		values (${job.kind}, ${job.key ?? null}, ${tx.json((job.payload ?? {}) as never)}, ${job.runAt ?? new Date()})
		on conflict (key) do nothing returning id`;
	return rows.length > 0;
}

/** Moves a job not yet done to a new time (a window's closing time changed); false if there is none to move. */
export async function reschedule(tx: Tx, key: string, runAt: Date): Promise<boolean> {
	const rows = await tx`update jobs set run_at = ${runAt} where key = ${key} and done_at is null returning id`;
	return rows.length > 0;
}

/** Cancels a job not yet done (a window withdrawn). */
export async function cancel(tx: Tx, key: string): Promise<boolean> {
	const rows = await tx`delete from jobs where key = ${key} and done_at is null returning id`;
	return rows.length > 0;
}

/**
 * Schedules the work of one London day (`date`, YYYY-MM-DD) at a London wall-clock time that day: one job per kind
 * and day, so however many acts or instances ask for it, it exists once. True if it is new.
 */
export async function scheduleForDay(tx: Tx, kind: string, date: string, time: string): Promise<boolean> {
	return schedule(tx, { kind, key: `${kind}:${date}`, runAt: londonToInstant(date, time), payload: { date } });
}

/** The handler of a job of one day (scheduleForDay): does that day's work. */
export function forTheDay(work: (tx: Tx, date: string) => Promise<unknown>): JobHandler {
	return async (tx, job) => {
		await work(tx, typeof job.payload.date === 'string' ? job.payload.date : job.runAt.toISOString().slice(0, 10));
	};
}

/** A failed job waits a little longer after each failure, at most an hour. */
export function retryDelayMs(attempts: number): number {
	return Math.min(60 * 60 * 1000, 1000 * 2 ** Math.min(attempts, 20));
}

/**
 * Claims and runs due jobs one at a time, each in its own transaction, until none is due at `now` or `limit` have
 * run. Returns how many were done. A job whose kind has no handler here (an instance older than the one that
 * scheduled it) is left for another, with its attempt counted.
 */
export async function runDue(
	sql: Sql,
	handlers: JobHandlers,
	log: Logger,
	options: { now?: Date; limit?: number; transaction?: Transaction } = {}
): Promise<number> {
	// With the services' transaction, what a job announces (notifications.changed...) is published when it commits.
	const begin: Transaction = options.transaction ?? (<T>(work: (tx: Tx) => Promise<T>) => sql.begin(work) as Promise<T>);
	const now = options.now ?? new Date();
	const limit = options.limit ?? 100;
	let done = 0;
	// Most polls find nothing: look without a transaction first, so an idle instance costs one read per poll.
	const [due] = await sql`select 1 from jobs where done_at is null and run_at <= ${now} limit 1`;
	if (!due) return 0;
	for (let i = 0; i < limit; i++) {
		let claimed: Job | null = null;
		try {
			const ran = await begin(async (tx) => {
				const [job] = await tx<Job[]>`
					select id::text, kind, key, payload, run_at, attempts from jobs
					where done_at is null and run_at <= ${now}
					order by run_at, id limit 1 for update skip locked`;
				if (!job) return false;
				claimed = job;
				const handler = handlers[job.kind];
				if (!handler) throw new Error(`No handler for jobs of kind "${job.kind}" on this instance`);
				await handler(tx, job);
				await tx`update jobs set done_at = now(), attempts = attempts + 1, last_error = null where id = ${job.id}`;
				return true;
			});
			if (!ran) break;
			done++;
		} catch (error) {
			const job = claimed as Job | null;
			if (!job) throw error;
			const reason = error instanceof Error ? error.message : String(error);
			log.warn({ err: error, job: { id: job.id, kind: job.kind, key: job.key } }, 'a scheduled job failed; it will be tried again');
			await sql`
				update jobs set attempts = attempts + 1, last_error = ${reason},
					run_at = ${new Date(now.getTime() + retryDelayMs(job.attempts))}
				where id = ${job.id} and done_at is null`;
		}
	}
	return done;
}

export type JobRunner = Poller;

/**
 * Polls for due jobs every `pollMs` (and when woken), one run at a time per instance. `onRan` is called after a run
 * that did some work, once its transactions have committed: to send the mail the jobs wrote into the outbox.
 */
export function createJobRunner(options: { sql: Sql; handlers: JobHandlers; log: Logger; pollMs?: number; onRan?: () => void; transaction?: Transaction }): JobRunner {
	return createPoller({
		pollMs: options.pollMs ?? 5_000,
		log: options.log,
		failure: 'could not run scheduled jobs',
		run: async () => {
			const done = await runDue(options.sql, options.handlers, options.log, { transaction: options.transaction });
			if (done > 0) options.onRan?.();
		}
	});
}
