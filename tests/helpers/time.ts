/**
 * How much longer than on an idle machine the tests may take: TEST_TIME_SCALE (default 1; `npm run test:busy` sets
 * it). Every limit a test sets for itself is scaled by it, as are Vitest's and Playwright's own.
 */
export const TIME_SCALE = Math.max(1, Number(process.env.TEST_TIME_SCALE) || 1);

/** A limit in milliseconds, scaled by TEST_TIME_SCALE. */
export const scaled = (ms: number) => Math.round(ms * TIME_SCALE);

/**
 * The limit for tests that start processes, run commands or storm the server: room for a loaded two-core machine
 * (load average 10), where starting a portal process alone has taken 30 s.
 */
export const PROCESS_TEST_MS = scaled(180_000);
