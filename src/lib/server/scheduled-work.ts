import * as action from './action';
import * as consultation from './consultation';
import * as jobs from './jobs';
import * as notificationEmail from './notification-email';
import type { Services } from './services';
import * as urgentAction from './urgent-action';
import * as writtenResolution from './written-resolution';

/**
 * Every kind of scheduled job and the service command that does it, given the services it needs. A module that
 * schedules a kind of job (jobs.schedule) names its handler here, so one list says what runs by the clock.
 */
export function jobHandlers(services: Services): jobs.JobHandlers {
	return {
		[notificationEmail.DIGEST_JOB]: notificationEmail.digestJob(services.origin),
		[action.OVERDUE_JOB]: jobs.forTheDay((tx) => action.notifyOverdue(tx)),
		...betweenMeetingsHandlers(),
		...consultationHandlers()
	};
}

/** Written resolutions closing and reminding, and urgent actions lapsing (issue 15, decisions between meetings). */
export function betweenMeetingsHandlers(): jobs.JobHandlers {
	return {
		[writtenResolution.CLOSE_JOB]: async (tx, job) => {
			const closed = await writtenResolution.close(tx, String(job.payload.id));
			if (!closed.ok) throw new Error(closed.reason);
		},
		[writtenResolution.REMINDER_JOB]: async (tx, job) => {
			await writtenResolution.remind(tx, String(job.payload.id));
		},
		// The job runs at the London midnight after the last day to ratify, so `now` is past the period.
		[urgentAction.LAPSE_JOB]: async (tx, job) => {
			await urgentAction.lapse(tx, String(job.payload.id), job.runAt);
		}
	};
}

/** Consultation windows closing, and the notice a day before (issue 15, consultation windows). */
export function consultationHandlers(): jobs.JobHandlers {
	return {
		[consultation.CLOSE_JOB]: async (tx, job) => {
			await consultation.close(tx, String(job.payload.id));
		},
		[consultation.CLOSING_JOB]: async (tx, job) => {
			await consultation.noticeClosing(tx, String(job.payload.id));
		}
	};
}
