import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createNotificationBus } from './bus';
import { createPoller } from './poller';

const log = pino({ level: 'silent' });
const tick = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the poller', () => {
	it('runs at once, and many wakes during a run make one more run, not one each', async () => {
		let runs = 0;
		let release: () => void = () => {};
		const poller = createPoller({
			pollMs: null,
			log,
			failure: 'failed',
			run: () => {
				runs++;
				return new Promise<void>((resolve) => (release = resolve));
			}
		});
		await tick();
		expect(runs).toBe(1);
		for (let i = 0; i < 5; i++) poller.wake();
		release();
		await tick();
		expect(runs).toBe(2);
		release();
		await tick();
		// Without a poll interval, it waits to be woken.
		expect(runs).toBe(2);
		await poller.close();
	});

	it('keeps going after a failing run, and runs again when a run asks for it', async () => {
		let runs = 0;
		const poller = createPoller({
			pollMs: null,
			log,
			failure: 'failed',
			run: async () => {
				runs++;
				if (runs === 1) throw new Error('the database went away');
				return runs === 2 ? new Date(Date.now() + 1) : null;
			}
		});
		await tick();
		poller.wake();
		// The second run asked to run again (at least a second later: a retry).
		await tick(1300);
		expect(runs).toBe(3);
		await poller.close();
		poller.wake();
		await tick();
		expect(runs).toBe(3);
	});
});

describe('the notification bus', () => {
	it('tells whose inboxes changed, and ends its streams when closed', () => {
		const bus = createNotificationBus();
		const heard: string[][] = [];
		let closed = 0;
		bus.onChanged((ids) => heard.push(ids));
		bus.onClosed(() => closed++);
		bus.changed(['a', 'b']);
		bus.changed([]);
		bus.close();
		expect(heard).toEqual([['a', 'b']]);
		expect(closed).toBe(1);
	});
});
