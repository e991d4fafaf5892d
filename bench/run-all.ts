// `npm run bench`: issue 13's seven scenarios one after another, each its own script starting the real built
// server in a process of its own with its peer in the same run, on embedded PGlite or, with DATABASE_URL, on
// PostgreSQL. Prints each script's result lines as they come, then one table of every result with its target and
// whether it was met, and writes them all to bench/results/bench-<timestamp>.json.
// Run: npm run bench [-- 1,2,7] (a list of scenario numbers; all by default). BENCH_QUICK=1 runs small sizes, one
// round each: a check that every script works, not figures to quote. The 10-minute soak is separate: bench/soak.ts.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const quick = process.env.BENCH_QUICK === '1';

interface Scenario {
	number: number;
	name: string;
	script: string;
	/** Arguments for figures to quote, and for a quick check. */
	args: string[];
	quickArgs: string[];
	/** Needs the peer servers installed in bench/node_modules. */
	peers?: boolean;
}

const SCENARIOS: Scenario[] = [
	{ number: 1, name: 'vote storm', script: 'vote-storm-peers.ts', args: ['20,100,300', '3'], quickArgs: ['20', '1'] },
	{ number: 2, name: 'co-editing', script: 'collab-editing.ts', args: ['200,500,1000,2000', '3'], quickArgs: ['200', '1'], peers: true },
	{ number: 3, name: 'initial-sync storm', script: 'collab-sync-storm.ts', args: ['2000000', '3', '20'], quickArgs: ['200000', '1', '5'], peers: true },
	{ number: 4, name: 'memory', script: 'collab-memory.ts', args: ['500', '2000000', '3', 'portal,y-websocket'], quickArgs: ['50', '200000', '1', 'portal,y-websocket'], peers: true },
	{ number: 5, name: 'pages', script: 'pages.ts', args: ['3', '10'], quickArgs: ['1', '3', '0.1'] },
	{ number: 6, name: 'cold start', script: 'cold-start.ts', args: ['5'], quickArgs: ['1'] },
	{ number: 7, name: 'join burst', script: 'join-burst.ts', args: ['300', '3'], quickArgs: ['30', '1'] },
	// From the fault list: the honest client's latency under hostile input (the fault test proves nothing is stored).
	{ number: 8, name: 'hostile input', script: 'hostile-flood.ts', args: ['7000', '3000', '3'], quickArgs: ['1000', '300', '1'] }
];

const chosen = process.argv[2] ? process.argv[2].split(',').map(Number) : SCENARIOS.map((s) => s.number);
for (const n of chosen) if (!SCENARIOS.some((s) => s.number === n)) throw new Error(`no scenario ${n}: choose from ${SCENARIOS.map((s) => s.number).join(', ')}`);
const scenarios = SCENARIOS.filter((s) => chosen.includes(s.number));

function run(command: string, args: string[], cwd = ROOT) {
	const done = spawnSync(command, args, { cwd, stdio: 'inherit' });
	if (done.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${done.status ?? done.signal})`);
}

// The server the scenarios start is the built one, so build first; the peers are the bench folder's own dependencies.
run('npm', ['run', 'build', '--silent']);
if (scenarios.some((s) => s.peers) && !fs.existsSync(path.join(ROOT, 'bench/node_modules/@hocuspocus/server'))) run('npm', ['ci', '--no-audit', '--no-fund'], path.join(ROOT, 'bench'));

/** Runs one scenario's script, passing its output through, and returns the JSON lines it printed. */
function scenario(s: Scenario): Promise<{ lines: Record<string, unknown>[]; failed: string | null }> {
	const args = quick ? s.quickArgs : s.args;
	console.log(`\n== ${s.number}. ${s.name}: npx tsx bench/${s.script} ${args.join(' ')}`);
	const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', s.script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
	const lines: Record<string, unknown>[] = [];
	let rest = '';
	child.stdout.on('data', (chunk: Buffer) => {
		process.stdout.write(chunk);
		rest += chunk.toString();
		const complete = rest.split('\n');
		rest = complete.pop()!;
		for (const line of complete) {
			if (!line.startsWith('{')) continue;
			try {
				lines.push(JSON.parse(line) as Record<string, unknown>);
			} catch {
				// A line that only looks like JSON: passed through above, not a result.
			}
		}
	});
	return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ lines, failed: code === 0 ? null : `exited with ${code ?? signal}` })));
}

const started = new Date();
const all: { scenario: number; name: string; failed: string | null; lines: Record<string, unknown>[] }[] = [];
for (const s of scenarios) all.push({ scenario: s.number, name: s.name, ...(await scenario(s)) });

/** A result line's figures, without the fields the table shows in columns of their own. */
function figures(line: Record<string, unknown>): string {
	const { scenario: _s, database: _d, target: _t, met: _m, ...rest } = line;
	return JSON.stringify(rest);
}

console.log(`\n== Issue 13's scenarios on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}${quick ? ' (quick check: not figures to quote)' : ''}`);
for (const { scenario: n, name, failed, lines } of all) {
	const results = lines.filter((l) => 'met' in l);
	if (failed) console.log(`${n}. ${name}: the script ${failed}`);
	if (results.length === 0 && !failed) console.log(`${n}. ${name}: no result line`);
	for (const line of results) {
		const met = line.met === true ? 'met' : line.met === false ? 'NOT MET' : 'no target';
		console.log(`${n}. ${name} [${met}] ${String(line.target ?? '')}\n     ${figures(line)}`);
	}
}
fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
const file = path.join(ROOT, `bench/results/bench-${started.toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(file, JSON.stringify({ started: started.toISOString(), node: process.version, database: process.env.DATABASE_URL ? 'postgresql' : 'pglite', quick, scenarios: all }, null, 2) + '\n');
console.log(`written: ${path.relative(ROOT, file)}`);
if (all.some((s) => s.failed)) process.exitCode = 1;
