import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './tests/helpers/browser';

/** E2E_PORT: where the portal under test listens (3210), so two checkouts on one machine can run their browser tests at once. */
const PORT = Number(process.env.E2E_PORT) || 3210;
/** TEST_TIME_SCALE: how much longer a loaded machine may take (tests/helpers/time.ts); `npm run test:busy` sets it. */
const timeScale = Math.max(1, Number(process.env.TEST_TIME_SCALE) || 1);

// A machine that reaches its package registry through a proxy has HTTP_PROXY set, and Playwright's health check of
// the web server honours it: the proxy cannot reach this machine's loopback, so the check never succeeds (CI timed out
// so). The portal under test is always on this machine: never through a proxy.
for (const name of ['NO_PROXY', 'no_proxy']) {
	process.env[name] = [process.env[name], 'localhost', '127.0.0.1', '::1'].filter(Boolean).join(',');
}

export default defineConfig({
	// Files run in name order, on one portal: first-run.spec.ts must come first, for it meets the portal new (a spec
	// named before it would set the portal up itself), and zz-documents.spec.ts last.
	testDir: 'tests/e2e',
	// The tests share one portal and walk one person's path after another: run them in order.
	workers: 1,
	fullyParallel: false,
	retries: 0,
	// A test walks a whole person's path (several pages and sockets); 60 s was too little on a loaded machine.
	timeout: 120_000 * timeScale,
	expect: { timeout: 10_000 * timeScale },
	// Not test-results/ itself: Playwright empties its output folder, and Vitest's report lives there too.
	outputDir: 'test-results/playwright',
	// CI (.ci/run) counts results from the JSON report.
	reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/playwright.json' }]] : [['list']],
	use: {
		baseURL: `http://localhost:${PORT}`,
		trace: 'retain-on-failure',
		launchOptions: CHROMIUM_LAUNCH
	},
	webServer: {
		command: `npx tsx tests/e2e/serve.ts`,
		env: { PORT: String(PORT), LOG_LEVEL: 'warn' },
		// The address serve.ts listens on, not a name: "localhost" may resolve to ::1 first on some machines.
		url: `http://127.0.0.1:${PORT}/healthz`,
		reuseExistingServer: false,
		timeout: 180_000 * timeScale,
		stdout: 'pipe',
		gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 }
	}
});
