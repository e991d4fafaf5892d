import type { JobHandlers } from './jobs';
import type { Services } from './services';

/**
 * Every kind of scheduled job and the service command that does it, given the services it needs. A module that
 * schedules a kind of job (jobs.schedule) names its handler here, so one list says what runs by the clock.
 */
export function jobHandlers(_services: Services): JobHandlers {
	return {};
}
