// Issue 13, scenario 6: cold start on an existing data folder, until the first 200 from /healthz. Target ≤ 3 s.
// Started as `npm start` starts it (scripts/start.mjs, with build/ up to date). The folder is made and migrated by a
// first start (not counted); then ROUNDS starts, each a new process on the same folder, timed from spawn to the
// first 200, and stopped. Prints one JSON line with every run and the median.
// Run: npm run build && npx tsx bench/cold-start.ts [rounds] (DATABASE_URL=... for PostgreSQL instead of PGlite).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { newDatabaseLocation } from '../tests/helpers/database';

const ROUNDS = Number(process.argv[2] ?? 5);
const location = await newDatabaseLocation();
const PORT = 3900 + Math.floor(Math.random() * 90);

/** Starts the portal, waits for the first 200 from /healthz, stops it; the milliseconds until that 200. */
async function coldStart(): Promise<number> {
	const started = performance.now();
	const child = spawn(process.execPath, [path.resolve('scripts/start.mjs')], {
		env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '', REDIS_URL: '' },
		stdio: 'ignore'
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	try {
		for (;;) {
			const ok = await fetch(`http://127.0.0.1:${PORT}/healthz`).then((r) => r.status === 200, () => false);
			if (ok) return performance.now() - started;
			if (child.exitCode !== null) throw new Error(`the portal exited with ${child.exitCode} before answering`);
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	} finally {
		child.kill('SIGTERM');
		await exited;
	}
}

try {
	await coldStart(); // makes and migrates the folder
	const runs: number[] = [];
	for (let i = 0; i < ROUNDS; i++) runs.push(Math.round(await coldStart()));
	const median = [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
	console.log(JSON.stringify({ scenario: 'cold start to first 200 from /healthz', database: location.databaseUrl ? 'postgresql' : 'pglite', runsMs: runs, medianMs: median, target: 'median of 5 runs ≤ 3,000 ms', met: median <= 3000 }));
} finally {
	await location.remove();
}
