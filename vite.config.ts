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

export default defineConfig({
	plugins: [sveltekit(), minifyCssWithEsbuild],
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		expect: { requireAssertions: true },
		// CI (.ci/run) counts results from the JSON report.
		reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
		// The built portal (build/) is loaded by Node as it is, not transformed again: its *.svelte.js chunks
		// would otherwise be compiled as Svelte modules a second time.
		server: { deps: { external: [/\/build\//] } },
		// Integration tests each start their own embedded database; two cores, so keep the pool small.
		maxWorkers: 2,
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
