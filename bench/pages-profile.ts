// What each page of scenario 5 costs, one request at a time: the SQL statements it sends (by shape), its size, and
// its time alone (median of 20 after a warm-up), and where that time goes (a CPU profile of the 20). With the seed of
// bench/pages.ts, the portal in this process (tests/helpers/portal.ts), so every statement it sends is seen.
// Run: npm run build && npx tsx bench/pages-profile.ts [scale] (DATABASE_URL=... for PostgreSQL).
import { Session } from 'node:inspector/promises';
import { newPortal } from '../tests/helpers/portal';
import { ISSUE_SIZE, seedPages } from './pages-seed';

const SCALE = Number(process.argv[2] ?? 1);
let statements: string[] = [];
const portal = await newPortal({}, { onQuery: (text) => statements.push(text) });
const shape = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 110);
try {
	const size = { bodies: ISSUE_SIZE.bodies, meetings: Math.round(ISSUE_SIZE.meetings * SCALE), decisions: Math.round(ISSUE_SIZE.decisions * SCALE), comments: Math.round(ISSUE_SIZE.comments * SCALE) };
	const seeded = await seedPages(portal.services.sql, size);
	const pages = [
		{ page: 'home', path: '/' },
		{ page: 'decision register', path: '/decisions' },
		{ page: 'meeting', path: `/meetings/${seeded.meetingId}` }
	];
	for (const p of pages) {
		const ask = async () => {
			const started = performance.now();
			const response = await fetch(portal.url + p.path, { headers: { cookie: seeded.cookie }, redirect: 'manual' });
			const html = await response.text();
			if (response.status !== 200) throw new Error(`${p.path}: ${response.status}`);
			return { ms: performance.now() - started, bytes: Buffer.byteLength(html) };
		};
		for (let i = 0; i < 5; i++) await ask();
		statements = [];
		const { bytes } = await ask();
		const sent = [...statements];
		const times: number[] = [];
		// The server runs in this process (and PGlite with it), so a CPU profile of the 20 requests says where their
		// time goes: self time summed by where the code comes from.
		const inspector = new Session();
		inspector.connect();
		await inspector.post('Profiler.enable');
		await inspector.post('Profiler.start');
		for (let i = 0; i < 20; i++) times.push((await ask()).ms);
		const { profile } = await inspector.post('Profiler.stop');
		inspector.disconnect();
		const byPlace = new Map<string, number>();
		const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples?.length ?? 1);
		const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
		for (const id of profile.samples ?? []) {
			const frame = nodes.get(id)!.callFrame;
			const url = frame.url;
			const place = url.includes('pglite') ? 'PGlite' : url.includes('/postgres/') ? 'postgres.js' : url.includes('/build/server/') ? 'SvelteKit render (build/)' : url.includes('node_modules/svelte') ? 'svelte' : url === '' ? `(${frame.functionName || 'native'})` : url.includes('node:') ? 'node' : url.replace(/.*\/work\/main\//, '').split('/').slice(0, 2).join('/');
			byPlace.set(place, (byPlace.get(place) ?? 0) + interval / 1000);
		}
		const places = [...byPlace.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([place, ms]) => `${place} ${(ms / 20).toFixed(1)}`);
		times.sort((a, b) => a - b);
		console.log(`\n${p.page} (${p.path}): ${sent.length} statements, ${bytes} bytes, alone ${times[10]!.toFixed(1)} ms (median of 20)`);
		console.log(`   CPU per request, ms: ${places.join(', ')}`);
		for (const text of sent) console.log(`   ${shape(text)}`);
	}

} finally {
	await portal.close();
}
