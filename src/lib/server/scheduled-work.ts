import * as action from './action';
import * as jobs from './jobs';
import * as notificationEmail from './notification-email';
import type { Tx } from './db';
import type { Services } from './services';

/** Owners hear of actions gone overdue each morning, before the digest is written at 07:00, so it includes them. */
const OVERDUE_ACTIONS_JOB = 'action.overdue';
const OVERDUE_ACTIONS_TIME = '06:30';

/** Schedules the first run of each daily job, at start; each run schedules the next. */
export async function scheduleDailyWork(tx: Tx): Promise<void> {
	await notificationEmail.scheduleNextDigest(tx);
	await jobs.scheduleDaily(tx, OVERDUE_ACTIONS_JOB, OVERDUE_ACTIONS_TIME);
}

/**
 * Every kind of scheduled job and the service command that does it, given the services it needs. A module that
 * schedules a kind of job (jobs.schedule) names its handler here, so one list says what runs by the clock.
 */
export function jobHandlers(services: Services): jobs.JobHandlers {
	return {
		[notificationEmail.DIGEST_JOB]: notificationEmail.digestJob(services.origin),
		[OVERDUE_ACTIONS_JOB]: jobs.daily(OVERDUE_ACTIONS_JOB, OVERDUE_ACTIONS_TIME, (tx) => action.notifyOverdue(tx))
	};
}
