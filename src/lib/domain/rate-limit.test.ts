import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBucket } from './rate-limit';

describe('a token bucket', () => {
	it('lets a burst through at once, then refuses until time refills it', () => {
		const bucket = new TokenBucket(10, 3, 0);
		expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
		// A tenth of a second later, at ten a second, one more.
		expect(bucket.take(99)).toBe(false);
		expect(bucket.take(100)).toBe(true);
		expect(bucket.take(100)).toBe(false);
	});

	it('never holds more than its burst, however long it waits', () => {
		const bucket = new TokenBucket(10, 3, 0);
		const taken = Array.from({ length: 5 }, () => bucket.take(60_000)).filter(Boolean).length;
		expect(taken).toBe(3);
	});

	it('a clock that steps back gives nothing away', () => {
		const bucket = new TokenBucket(10, 1, 1_000);
		expect(bucket.take(1_000)).toBe(true);
		expect(bucket.take(0)).toBe(false);
		expect(bucket.take(1_050)).toBe(false);
		expect(bucket.take(1_100)).toBe(true);
	});

	it('over any run of acts, lets through at most the burst plus the rate times the time elapsed', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 20 }), (gaps, perSecond, burst) => {
				const bucket = new TokenBucket(perSecond, burst, 0);
				let now = 0;
				let taken = 0;
				for (const gap of gaps) {
					now += gap;
					if (bucket.take(now)) taken++;
				}
				expect(taken).toBeLessThanOrEqual(burst + Math.floor((now / 1000) * perSecond + 1e-9));
			}),
			{ seed: 20261203 }
		);
	});

	it('refuses to be made with no rate or no burst', () => {
		expect(() => new TokenBucket(0, 3, 0)).toThrow(/rate above 0/);
		expect(() => new TokenBucket(1, 0, 0)).toThrow(/burst of at least 1/);
	});
});
