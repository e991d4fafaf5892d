/**
 * A token bucket: up to `burst` acts at once, then `perSecond` on average. Pure: the caller passes the clock, so a
 * test can walk time forward. Used per live-meeting socket, so that one connection sending as fast as it can (a
 * fault, or someone hostile) cannot slow the meeting for everyone else.
 */
export class TokenBucket {
	private tokens: number;
	private refilledAt: number;

	constructor(
		private readonly perSecond: number,
		private readonly burst: number,
		now: number
	) {
		if (!(perSecond > 0) || !(burst >= 1)) throw new Error(`TokenBucket needs a rate above 0 and a burst of at least 1 (got ${perSecond}, ${burst})`);
		this.tokens = burst;
		this.refilledAt = now;
	}

	/** Takes one token at `now` (milliseconds); false, taking nothing, when the bucket is empty. */
	take(now: number): boolean {
		const seconds = Math.max(0, now - this.refilledAt) / 1000;
		this.refilledAt = Math.max(this.refilledAt, now);
		this.tokens = Math.min(this.burst, this.tokens + seconds * this.perSecond);
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}
