// Reads the test reports (test-results/vitest.json and playwright.json) and prints the closing line
// "N passed, N failed[, N skipped]", naming every failure. A test file that failed before or around its tests (a
// hook that timed out, an import that threw) counts as a failure of its own, so it cannot pass for skipped tests.
// Usage: node scripts/test-report.mjs <exit status of the test command>; exits 1 when anything failed.
import fs from 'node:fs';

const status = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
let skipped = 0;
let ran = false;
const failures = [];

const read = (file) => {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
};

const vitest = read('test-results/vitest.json');
if (vitest) {
	ran = true;
	passed += vitest.numPassedTests;
	failed += vitest.numFailedTests;
	skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
	for (const file of vitest.testResults ?? []) {
		const name = file.name.replace(`${process.cwd()}/`, '');
		const failedTests = file.assertionResults.filter((test) => test.status === 'failed');
		for (const test of failedTests) failures.push(`${name} > ${test.fullName ?? test.title}`);
		if (file.status === 'failed' && failedTests.length === 0) {
			failed += 1;
			failures.push(`${name}: failed outside its tests (a hook or the file itself): ${(file.message ?? '').split('\n')[0]}`);
		}
	}
}

const playwright = read('test-results/playwright.json');
if (playwright) {
	ran = true;
	passed += playwright.stats.expected;
	failed += playwright.stats.unexpected + playwright.stats.flaky;
	skipped += playwright.stats.skipped;
	const walk = (suite, path) => {
		for (const spec of suite.specs ?? []) {
			for (const test of spec.tests ?? []) {
				if (test.status === 'unexpected' || test.status === 'flaky') failures.push(`${[...path, spec.title].join(' > ')} (${test.status})`);
			}
		}
		for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
	};
	for (const suite of playwright.suites ?? []) walk(suite, [suite.title]);
	for (const error of playwright.errors ?? []) {
		failed += 1;
		failures.push(`playwright: ${(error.message ?? '').split('\n')[0]}`);
	}
}

// A failure before any test ran (type check, build) still counts as a failure.
if (status !== 0 && failed === 0) {
	failed = 1;
	failures.push(`the test command exited with ${status} before or outside the test runners`);
}
if (!ran && status === 0) {
	failed = 1;
	failures.push('no test reports were written');
}
for (const failure of failures) console.log(`failed: ${failure}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
