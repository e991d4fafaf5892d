import * as action from './action';
import * as jobs from './jobs';
import * as notificationEmail from './notification-email';
import type { Services } from './services';

/**
 * Every kind of scheduled job and the service command that does it, given the services it needs. A module that
 * schedules a kind of job (jobs.schedule) names its handler here, so one list says what runs by the clock.
 */
export function jobHandlers(services: Services): jobs.JobHandlers {
	return {
		[notificationEmail.DIGEST_JOB]: notificationEmail.digestJob(services.origin),
		[action.OVERDUE_JOB]: jobs.forTheDay((tx) => action.notifyOverdue(tx))
	};
}
