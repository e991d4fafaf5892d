// Measures co-editing through the Yjs server: one editor types N small edits; how long until another client has
// seen them all (each is stored durably before it is relayed), and what the server holds in memory after unload.
// Run: npx tsx bench/collab-updates.ts [edits] (DATABASE_URL=... for PostgreSQL instead of PGlite).
import { newDatabase } from '../tests/helpers/database';
import { connectClient, newCollabServer, seedBody } from '../tests/helpers/collab';

const edits = Number(process.argv[2] ?? 500);
const db = await newDatabase();
const server = await newCollabServer(db, { idleMs: 200 });
try {
	const seeded = await seedBody(db.sql, ['administrator', 'voting_member']);
	const docName = `terms-of-reference:${seeded.bodyId}`;
	const writer = connectClient(server.url, docName, seeded.cookies.administrator);
	const reader = connectClient(server.url, docName, seeded.cookies.voting_member);
	await Promise.all([writer.synced, reader.synced]);
	const started = performance.now();
	for (let i = 0; i < edits; i++) writer.text.insert(writer.text.length, 'x');
	while (reader.text.length < edits) await new Promise((r) => setTimeout(r, 2));
	const relayed = performance.now() - started;
	writer.destroy();
	reader.destroy();
	global.gc?.();
	const heapWithDoc = process.memoryUsage().heapUsed;
	while (server.collab.stats().documents > 0) await new Promise((r) => setTimeout(r, 20));
	console.log(
		JSON.stringify({
			database: db.databaseUrl ? 'postgresql' : 'pglite',
			edits,
			allSeenByOtherClientMs: Math.round(relayed),
			durableEditsPerSecond: Math.round((edits / relayed) * 1000),
			documentsLoadedAfterIdle: server.collab.stats().documents,
			heapMb: Math.round(heapWithDoc / 1e6)
		})
	);
} finally {
	await server.close();
	await db.close();
}
