import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRunning, startChild } from '../helpers/children';
import { PROCESS_TEST_MS } from '../helpers/time';

describe('processes started by tests', { timeout: PROCESS_TEST_MS }, () => {
	it('a test that times out leaves no process behind: its children and their children are killed before the next test', async () => {
		const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-children-'));
		try {
			const pidsFile = path.join(folder, 'pids');
			const report = path.join(folder, 'report.json');
			// A Vitest of its own, on a fixture that fails on purpose (tests/fixtures/times-out.fixture.ts).
			const run = startChild('npx', ['vitest', 'run', '--config', 'tests/fixtures/vitest.config.ts', '--outputFile', report], {
				env: { ...process.env, CHILDREN_PIDS_FILE: pidsFile, CI: '' }
			});
			const code = await run.exited;
			expect(code, run.output()).toBe(1);
			const results = JSON.parse(await fs.readFile(report, 'utf8')) as { testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[] };
			const tests = results.testResults.flatMap((file) => file.assertionResults);
			expect(tests.map((t) => [t.title, t.status])).toEqual([
				['starts a process (and, through it, a grandchild) and then runs out of time', 'failed'],
				['finds nothing of the test before it still running', 'passed']
			]);
			const pids = (await fs.readFile(pidsFile, 'utf8')).trim().split('\n').map(Number);
			expect(pids).toHaveLength(2);
			for (const pid of pids) expect(isRunning(pid)).toBe(false);
		} finally {
			await fs.rm(folder, { recursive: true, force: true });
		}
	});
});
