import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as documentVersion from '../../src/lib/server/document-version';
import { sectionFragment } from '../../src/lib/domain/documents/layout';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { seedBody, webSocketWithCookie } from '../helpers/collab';
import { newPortal, type TestPortal } from '../helpers/portal';
import { quietLog } from '../helpers/database';
import { readConfig } from '../../server/config';
import { startPortal } from '../../server/portal';

/** A y-websocket provider on the document's real layout (the shared test client claims 'rules' as a map). */
function open(url: string, docName: string, cookie: string) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(url, docName, doc, { WebSocketPolyfill: webSocketWithCookie(cookie) as unknown as typeof WebSocket, disableBc: true });
	const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	return { doc, synced, destroy: () => (provider.destroy(), doc.destroy()) };
}

describe('restoring a version while people are editing', () => {
	let portal: TestPortal;
	beforeAll(async () => {
		portal = await newPortal();
	});
	afterAll(async () => portal?.close());

	it('reaches the editors at once, without waiting for anyone’s next edit', async () => {
		const seeded = await seedBody(portal.services.sql, ['administrator', 'voting_member']);
		const docName = `terms-of-reference:${seeded.bodyId}`;
		const url = `${portal.url.replace('http', 'ws')}/collab`;
		const editor = open(url, docName, seeded.cookies.administrator);
		const watcher = open(url, docName, seeded.cookies.voting_member);
		try {
			await Promise.all([editor.synced, watcher.synced]);
			const rules = editor.doc.getText('rules');
			rules.insert(0, '{"version":"first"}');
			await expect.poll(() => watcher.doc.getText('rules').toString()).toBe('{"version":"first"}');
			expect(editor.doc.getXmlFragment(sectionFragment('purpose'))).toBeDefined();
			const saved = await portal.services.sql.begin((tx) => documentVersion.create(tx, docName, 'First draft', seeded.userIds.administrator));
			expect(saved.ok).toBe(true);
			rules.delete(0, rules.length);
			rules.insert(0, '{"version":"second"}');
			await expect.poll(() => watcher.doc.getText('rules').toString()).toBe('{"version":"second"}');
			const restored = await documentVersion.restore(portal.services, saved.ok ? saved.value.id : '', seeded.userIds.administrator);
			expect(restored).toMatchObject({ ok: true, value: { changed: true } });
			await expect.poll(() => watcher.doc.getText('rules').toString()).toBe('{"version":"first"}');
			await expect.poll(() => editor.doc.getText('rules').toString()).toBe('{"version":"first"}');
		} finally {
			editor.destroy();
			watcher.destroy();
		}
	});

	// Two instances need one shared database (PostgreSQL) and Redis between them.
	it.skipIf(!process.env.DATABASE_URL || !process.env.REDIS_URL)('reaches the editors on another instance at once, through Redis', async () => {
		const redisUrl = process.env.REDIS_URL!;
		const first = await newPortal({ redisUrl });
		const second = await startPortal({ ...readConfig({ LOG_LEVEL: 'silent' }), port: 0, host: '127.0.0.1', databaseUrl: first.databaseUrl, redisUrl }, { log: quietLog });
		const seeded = await seedBody(first.services.sql, ['administrator', 'voting_member']);
		const docName = `terms-of-reference:${seeded.bodyId}`;
		const watcher = open(`${second.url.replace('http', 'ws')}/collab`, docName, seeded.cookies.voting_member);
		const editor = open(`${first.url.replace('http', 'ws')}/collab`, docName, seeded.cookies.administrator);
		try {
			await Promise.all([editor.synced, watcher.synced]);
			const rules = editor.doc.getText('rules');
			rules.insert(0, '{"version":"first"}');
			await expect.poll(() => watcher.doc.getText('rules').toString()).toBe('{"version":"first"}');
			const saved = await first.services.sql.begin((tx) => documentVersion.create(tx, docName, 'First draft', seeded.userIds.administrator));
			rules.delete(0, rules.length);
			rules.insert(0, '{"version":"second"}');
			await expect.poll(() => watcher.doc.getText('rules').toString()).toBe('{"version":"second"}');
			// The restore goes through the first instance, as the version page's action does; nobody edits after it.
			expect(await documentVersion.restore(first.services, saved.ok ? saved.value.id : '', seeded.userIds.administrator)).toMatchObject({ ok: true });
			await expect.poll(() => watcher.doc.getText('rules').toString(), { timeout: 2000 }).toBe('{"version":"first"}');
		} finally {
			editor.destroy();
			watcher.destroy();
			await second.close();
			await first.close();
		}
	});
});
