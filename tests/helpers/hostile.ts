import fc from 'fast-check';
import { ACT_NAMES } from '../../src/lib/server/meeting-commands';

/** Every event name the live meeting server answers. */
export const KNOWN_EVENTS = new Set<string>([...ACT_NAMES, 'join', 'sync']);

/**
 * Hostile socket.io traffic from a signed-in client (fast-check, fixed seed): real act names and made-up ones,
 * payloads of every shape, some aimed at the real meeting; each with whether to ask for an acknowledgement.
 * Shared by the fault test (tests/faults/hostile-input.test.ts) and its benchmark (bench/hostile-flood.ts).
 */
export function hostileEvents(meetingId: string, count: number, seed: number): [event: string, payload: unknown, wantsAck: boolean][] {
	const name = fc.oneof(fc.constantFrom(...ACT_NAMES, 'join', 'sync'), fc.string({ maxLength: 40 }));
	const payload = fc.oneof(
		fc.anything({ maxDepth: 3, withBigInt: false }),
		fc.record({ meetingId: fc.oneof(fc.constant(meetingId), fc.uuid(), fc.string()) }, { requiredKeys: [] }).chain((base) => fc.dictionary(fc.string({ maxLength: 12 }), fc.anything({ maxDepth: 2 })).map((rest) => ({ ...rest, ...base }))),
		fc.string({ maxLength: 2_000 })
	);
	return fc.sample(fc.tuple(name, payload, fc.boolean()), { numRuns: count, seed });
}

/** Hostile Yjs websocket frames: random bytes, and a real message type with garbage after it. */
export function hostileFrames(count: number, seed: number): Uint8Array[] {
	return fc.sample(fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.tuple(fc.constantFrom(0, 1, 2, 3), fc.constantFrom(0, 1, 2), fc.uint8Array({ maxLength: 300 })).map(([a, b, rest]) => Uint8Array.from([a, b, ...rest]))), {
		numRuns: count,
		seed
	});
}
