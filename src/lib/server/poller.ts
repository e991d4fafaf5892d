import type { Logger } from 'pino';

export interface Poller {
	/** Runs now, without waiting for the next poll (after an act wrote work for it); coalesced with a run in progress. */
	wake(): void;
	/** Stops polling and waits for a run in progress. */
	close(): Promise<void>;
}

/**
 * Runs `run` at once, then every `pollMs` (only when woken with null) and whenever woken, one run at a time: a wake
 * during a run makes one more run after it, however many wakes there were. A run may ask to run again at a time of
 * its own by returning a Date (a retry). A failing run is logged and the next poll tries again.
 */
export function createPoller(options: { run: () => Promise<Date | null | void | number>; pollMs: number | null; log: Logger; failure: string }): Poller {
	let running: Promise<void> | null = null;
	let again = false;
	let closed = false;
	let timer: NodeJS.Timeout | null = null;

	const run = (): void => {
		if (closed) return;
		if (running) {
			again = true;
			return;
		}
		if (timer) clearTimeout(timer);
		timer = null;
		let asked: Date | null = null;
		running = options
			.run()
			.then((result) => void (asked = result instanceof Date ? result : null))
			.catch((error) => options.log.warn({ err: error }, options.failure))
			.finally(() => {
				running = null;
				if (closed) return;
				if (again) {
					again = false;
					run();
					return;
				}
				const askedIn = asked ? Math.max(1000, (asked as Date).getTime() - Date.now()) : null;
				const wait = askedIn !== null && options.pollMs !== null ? Math.min(askedIn, options.pollMs) : (askedIn ?? options.pollMs);
				if (wait !== null) {
					timer = setTimeout(run, wait);
					timer.unref();
				}
			});
	};
	run();
	return {
		wake: run,
		async close() {
			closed = true;
			if (timer) clearTimeout(timer);
			await running;
		}
	};
}
