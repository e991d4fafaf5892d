import { describe, expect, it } from 'vitest';
import { createThreadBus, type Relay } from './bus';

/** Two instances' relays joined as Redis joins them: what one publishes, the other hears (never itself). */
function joinedRelays(): [Relay, Relay] {
	const listeners: [Set<(key: string) => void>, Set<(key: string) => void>] = [new Set(), new Set()];
	const relay = (mine: 0 | 1): Relay => ({
		publish: (key) => listeners[mine === 0 ? 1 : 0].forEach((listener) => listener(key)),
		subscribe(listener) {
			listeners[mine].add(listener);
			return () => listeners[mine].delete(listener);
		}
	});
	return [relay(0), relay(1)];
}

describe('the thread bus', () => {
	it('tells listeners here and on the other instance which lists changed, once each', () => {
		const [a, b] = joinedRelays();
		const here = createThreadBus(a);
		const there = createThreadBus(b);
		const heardHere: string[][] = [];
		const heardThere: string[][] = [];
		here.onChanged((places) => heardHere.push(places));
		there.onChanged((places) => heardThere.push(places));
		here.changed(['doc:raci:b1', 'meeting:m1']);
		here.changed([]);
		expect(heardHere).toEqual([['doc:raci:b1', 'meeting:m1']]);
		expect(heardThere).toEqual([['doc:raci:b1', 'meeting:m1']]);
	});

	it('ignores a notice it cannot read, and ends its streams when closed', () => {
		const [a, b] = joinedRelays();
		const there = createThreadBus(b);
		const heard: string[][] = [];
		there.onChanged((places) => heard.push(places));
		a.publish('not json');
		a.publish('{"not":"a list"}');
		expect(heard).toEqual([]);
		let ended = 0;
		there.onClosed(() => ended++);
		there.close();
		expect(ended).toBe(1);
	});
});
