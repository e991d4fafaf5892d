// The arithmetic of bench/soak.ts: latencies kept with the time they completed, so any window of the run can be
// read from them; percentiles; the least-squares slope of a series; and what "flat" means for the soak.

/** Latencies (ms), each kept with when it completed (seconds since the load started). */
export class Latencies {
	readonly at: number[] = [];
	readonly ms: number[] = [];

	record(at: number, ms: number): void {
		this.at.push(at);
		this.ms.push(ms);
	}

	/** The latencies that completed in (from, to]. */
	between(from: number, to: number): number[] {
		const picked: number[] = [];
		for (let i = 0; i < this.at.length; i++) if (this.at[i]! > from && this.at[i]! <= to) picked.push(this.ms[i]!);
		return picked;
	}
}

/** Counts of things that went wrong, by kind, each kept with when it happened; the first few described. */
export class Errors {
	readonly events: { at: number; kind: string }[] = [];
	readonly examples: { at: number; kind: string; detail: string }[] = [];

	constructor(private readonly now: () => number) {}

	add(kind: string, detail: string): void {
		const at = this.now();
		this.events.push({ at, kind });
		if (this.examples.filter((e) => e.kind === kind).length < 5) this.examples.push({ at: round(at, 1), kind, detail: detail.slice(0, 300) });
	}

	/** Counts by kind of those in (from, to]; every kind seen in the run appears, with 0 when none fell in the window. */
	between(from: number, to: number): Record<string, number> {
		const counts: Record<string, number> = {};
		for (const { kind } of this.events) counts[kind] = 0;
		for (const { at, kind } of this.events) if (at > from && at <= to) counts[kind]!++;
		return counts;
	}
}

export const round = (x: number, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The p-th percentile by nearest rank; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** n, p50, p95 and max of a window's latencies, in whole milliseconds (p50 and p95 null when there were none). */
export function summarise(values: readonly number[]) {
	const p = (q: number) => {
		const v = percentile(values, q);
		return v === null ? null : round(v);
	};
	return { n: values.length, p50: p(50), p95: p(95), max: p(100) };
}

/** The slope of the least-squares line through the points (y per unit of x); null with fewer than two. */
export function slope(points: readonly { x: number; y: number }[]): number | null {
	if (points.length < 2) return null;
	const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
	const my = points.reduce((s, p) => s + p.y, 0) / points.length;
	const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
	if (sxx === 0) return null;
	return points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

/**
 * Flat, as the soak judges it, comparing the last minute with the second (the first is warm-up: the documents
 * load, the JIT compiles, the database's caches fill):
 * - memory: the last minute's mean RSS at most 20% above the second minute's (less is flat too);
 * - latency: each p95 in the last minute at most twice the second minute's, or at most 25 ms above it, so that a
 *   few milliseconds of jitter on a fast path (10 ms becoming 21 ms) is not taken for growth.
 */
export const FLAT = { rssGrowth: 0.2, p95Factor: 2, p95SlackMs: 25 } as const;

export function rssFlat(second: number, last: number): boolean {
	return last <= second * (1 + FLAT.rssGrowth);
}

/** True when flat; null when either minute has no such latencies to compare. */
export function p95Flat(second: number | null, last: number | null): boolean | null {
	if (second === null || last === null) return null;
	return last <= Math.max(second * FLAT.p95Factor, second + FLAT.p95SlackMs);
}
