// Issue 13, scenario 5: with 10 bodies, 500 meetings, 5,000 decisions and 20,000 comments seeded, a signed-in member
// asks for the home page, the decision register and a meeting page, each at 20 concurrent requests (autocannon).
// Target: p95 ≤ 50 ms for each page. There is no peer for this one; the target is absolute.
// The portal is the real server (server/index.ts with build/) in a process of its own, seeded before it starts;
// this process is the load generator. Each round loads each page for the duration; the figure is the median of the
// rounds' p95s, taken over every response's own time.
// Run: npm run build && npx tsx bench/pages.ts [rounds] [seconds] [scale] (DATABASE_URL=... for PostgreSQL).
// `scale` multiplies the issue's sizes (0.1 for a quick development run).
import fs from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import { newDatabaseLocation, seedAndClose } from '../tests/helpers/database';
import { ISSUE_SIZE, seedPages } from './pages-seed';
import { PORTAL_LISTENING, startServer } from './servers';

const ROUNDS = Number(process.argv[2] ?? 3);
const SECONDS = Number(process.argv[3] ?? 10);
const SCALE = Number(process.argv[4] ?? 1);
const CONNECTIONS = 20;
const TARGET_MS = 50;
const database = process.env.DATABASE_URL ? 'postgresql' : 'pglite';

interface RoundFigures {
	requests: number;
	perSecond: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
	failed: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Loads one page with CONNECTIONS requests in flight for `seconds`; every response's time is kept. */
function load(url: string, cookie: string, seconds: number): Promise<RoundFigures> {
	const times: number[] = [];
	let failed = 0;
	return new Promise((resolve, reject) => {
		const instance = autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { cookie }, timeout: 10 }, (error, result) => {
			if (error) return reject(error);
			times.sort((a, b) => a - b);
			failed += result.errors + result.timeouts;
			resolve({ requests: times.length, perSecond: round1(times.length / seconds), p50: round1(percentile(times, 0.5)), p95: round1(percentile(times, 0.95)), p99: round1(percentile(times, 0.99)), max: round1(times.at(-1) ?? 0), failed });
		});
		instance.on('response', (_client, statusCode, _bytes, responseTime) => {
			// Anything but the page itself (a redirect to sign in, an error) would be a fast answer to the wrong question.
			if (statusCode !== 200) failed++;
			times.push(responseTime);
		});
	});
}

const size = { bodies: ISSUE_SIZE.bodies, meetings: Math.round(ISSUE_SIZE.meetings * SCALE), decisions: Math.round(ISSUE_SIZE.decisions * SCALE), comments: Math.round(ISSUE_SIZE.comments * SCALE) };
const location = await newDatabaseLocation();
try {
	const seedStarted = performance.now();
	// An embedded database is one process's: seeded and closed before the portal opens it.
	const seeded = await seedAndClose(location, (sql) => seedPages(sql, size));
	const seedMs = Math.round(performance.now() - seedStarted);
	console.error(`seeded in ${seedMs} ms: ${JSON.stringify(seeded.counts)}`);

	const portal = await startServer([path.resolve('server/index.ts')], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: location.dataDir, DATABASE_URL: location.databaseUrl ?? '', REDIS_URL: '' }, PORTAL_LISTENING);
	try {
		const pages = [
			{ page: 'home', path: '/', shows: `Welcome, ${seeded.memberName}` },
			{ page: 'decision register', path: '/decisions', shows: 'Decision register' },
			{ page: 'meeting', path: `/meetings/${seeded.meetingId}`, shows: seeded.meetingTitle }
		];
		// Each page is asked for once first: it must be the page (not a sign-in redirect), and its size is reported.
		const bytes: Record<string, number> = {};
		for (const p of pages) {
			const response = await fetch(portal.url + p.path, { headers: { cookie: seeded.cookie }, redirect: 'manual' });
			const html = await response.text();
			if (response.status !== 200 || !html.includes(p.shows)) throw new Error(`${p.path} answered ${response.status} without "${p.shows}"`);
			bytes[p.page] = Buffer.byteLength(html);
		}
		for (const p of pages) await load(portal.url + p.path, seeded.cookie, 2);

		const rounds: Record<string, RoundFigures[]> = Object.fromEntries(pages.map((p) => [p.page, []]));
		for (let round = 0; round < ROUNDS; round++) {
			for (const p of pages) {
				const figures = await load(portal.url + p.path, seeded.cookie, SECONDS);
				rounds[p.page]!.push(figures);
				console.error(`round ${round + 1} ${p.page}: ${JSON.stringify(figures)}`);
			}
		}
		const loadavg = (await fs.readFile('/proc/loadavg', 'utf8')).trim();
		const results = pages.map((p) => {
			const rs = rounds[p.page]!;
			const p95 = median(rs.map((r) => r.p95));
			const failed = rs.reduce((sum, r) => sum + r.failed, 0);
			return {
				scenario: 'pages',
				database,
				page: p.page,
				path: p.path.replace(seeded.meetingId, ':id'),
				target: `p95 ≤ ${TARGET_MS} ms at ${CONNECTIONS} concurrent requests from a signed-in member`,
				figures: { p95Ms: p95, p50Ms: median(rs.map((r) => r.p50)), p99Ms: median(rs.map((r) => r.p99)), requestsPerSecond: median(rs.map((r) => r.perSecond)), failed, pageBytes: bytes[p.page], rounds: rs },
				peer: null,
				ratio: null,
				met: failed === 0 && p95 <= TARGET_MS
			};
		});
		for (const result of results) console.log(JSON.stringify(result));
		const stamp = new Date().toISOString().replace(/[:.]/g, '-');
		const file = path.resolve('bench/results', `pages-${stamp}.json`);
		await fs.mkdir(path.dirname(file), { recursive: true });
		await fs.writeFile(
			file,
			JSON.stringify({ scenario: 'pages', database, rounds: ROUNDS, secondsPerRound: SECONDS, connections: CONNECTIONS, seeded: { ...size, counts: seeded.counts, meetingDecisions: seeded.meetingDecisions, upcoming: seeded.upcoming, seedMs }, loadavg, results }, null, '\t') + '\n'
		);
		console.error(`wrote ${path.relative(process.cwd(), file)}; load average ${loadavg}`);
	} finally {
		portal.child.kill('SIGTERM');
	}
} finally {
	await location.remove();
}
