import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * nhsuk-frontend's stylesheet carries an old IE hack (`@media screen\0`) that lightningcss, Vite's default
 * CSS minifier, rejects; esbuild minifies it. SvelteKit sets cssMinify itself, so this runs after it.
 */
const minifyCssWithEsbuild: Plugin = {
	name: 'portal:css-minify-esbuild',
	enforce: 'post',
	config: () => ({ build: { cssMinify: 'esbuild' } })
};

const timeScale = Math.max(1, Number(process.env.TEST_TIME_SCALE) || 1);

export default defineConfig({
	plugins: [sveltekit(), minifyCssWithEsbuild],
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/faults/**/*.test.ts'],
		// expect.poll waits for a condition; one second is too little on a loaded machine.
		expect: { requireAssertions: true, poll: { timeout: 5_000 * timeScale } },
		// CI (.ci/run) counts results from the JSON report.
		reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
		// The built portal (build/) is loaded by Node as it is, not transformed again: its *.svelte.js chunks
		// would otherwise be compiled as Svelte modules a second time.
		server: { deps: { external: [/\/build\//] } },
		// Integration tests each start their own embedded database; two cores, so keep the pool small.
		maxWorkers: 2,
		// Scaled by TEST_TIME_SCALE (tests/helpers/time.ts) on a loaded machine; tests that start processes set more.
		testTimeout: 30_000 * timeScale,
		hookTimeout: 90_000 * timeScale
	}
});
