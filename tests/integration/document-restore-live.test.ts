import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as documentVersion from '../../src/lib/server/document-version';
import { sectionFragment } from '../../src/lib/domain/documents/layout';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { seedBody, webSocketWithCookie } from '../helpers/collab';
import { newPortal, type TestPortal } from '../helpers/portal';

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
		// Plain providers on the document's real layout (the shared test client claims 'rules' as a map).
		const open = (cookie: string) => {
			const doc = new Y.Doc();
			const provider = new WebsocketProvider(url, docName, doc, { WebSocketPolyfill: webSocketWithCookie(cookie) as unknown as typeof WebSocket, disableBc: true });
			const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()));
			return { doc, synced, destroy: () => (provider.destroy(), doc.destroy()) };
		};
		const editor = open(seeded.cookies.administrator);
		const watcher = open(seeded.cookies.voting_member);
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
			const restored = await documentVersion.restore(portal.services.sql, saved.ok ? saved.value.id : '', seeded.userIds.administrator);
			expect(restored).toMatchObject({ ok: true, value: { changed: true } });
			portal.services.documents.changed(docName);
			await expect.poll(() => watcher.doc.getText('rules').toString()).toBe('{"version":"first"}');
			await expect.poll(() => editor.doc.getText('rules').toString()).toBe('{"version":"first"}');
		} finally {
			editor.destroy();
			watcher.destroy();
		}
	});
});
