// `npm run test:busy`: the whole suite (`npm test`) with two CPU-bound processes running beside it, as on a
// shared two-core machine, to prove the suite holds under load. Prints the duration, the highest load average
// seen, and the closing line "N passed, N failed" (scripts/test-report.mjs). TEST_TIME_SCALE defaults to 3 here.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

const BURNERS = Number(process.env.BUSY_PROCESSES ?? 2);
const burners = Array.from({ length: BURNERS }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopBurners = () => burners.forEach((burner) => burner.kill('SIGKILL'));
process.once('exit', stopBurners);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

let highestLoad = 0;
const sampler = setInterval(() => (highestLoad = Math.max(highestLoad, os.loadavg()[0])), 5_000);

fs.rmSync('test-results', { recursive: true, force: true });
const started = Date.now();
const status = await new Promise((resolve) => {
	const run = spawn('npm', ['test'], { stdio: 'inherit', env: { TEST_TIME_SCALE: '3', ...process.env, CI: 'true' } });
	run.once('exit', (code) => resolve(code ?? 1));
});
clearInterval(sampler);
stopBurners();
const seconds = Math.round((Date.now() - started) / 1000);
console.log(`test:busy: npm test took ${seconds} s beside ${BURNERS} CPU-bound processes on ${os.cpus().length} cores; highest 1-minute load average ${highestLoad.toFixed(1)}`);
const report = spawn(process.execPath, ['scripts/test-report.mjs', String(status)], { stdio: 'inherit' });
report.once('exit', (code) => process.exit(code ?? 1));
