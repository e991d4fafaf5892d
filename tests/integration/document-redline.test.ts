import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPostgresStorage, type DocumentStorage } from '../../src/lib/server/document-storage';
import * as documentVersion from '../../src/lib/server/document-version';
import { seedBody, type SeededBody } from '../helpers/collab';
import { newPortal, type TestPortal } from '../helpers/portal';

/** The redline page of the built portal, against a real server and database: two saved versions, and the current text. */
describe('comparing two versions of a document as a redline', () => {
	let portal: TestPortal;
	let storage: DocumentStorage;
	let seeded: SeededBody;
	let termsName: string;
	const versions: Record<string, string> = {};

	/** Makes a section of the stored terms of reference read `text`, as one editor's change appended to the log. */
	const doc = new Y.Doc();
	async function setSection(key: string, text: string) {
		const fragment = doc.getXmlFragment(`section:${key}`);
		const paragraph = new Y.XmlElement('paragraph');
		const words = new Y.XmlText();
		words.insert(0, text);
		paragraph.insert(0, [words]);
		const before = Y.encodeStateVector(doc);
		doc.transact(() => {
			fragment.delete(0, fragment.length);
			fragment.insert(0, [paragraph]);
		});
		await storage.append(termsName, Y.encodeStateAsUpdate(doc, before));
	}
	async function saveVersion(docName: string, name: string) {
		const saved = await portal.services.sql.begin((tx) => documentVersion.create(tx, docName, name, seeded.userIds.secretariat));
		if (!saved.ok) throw new Error(saved.reason);
		versions[name] = saved.value.id;
	}
	const base = () => `/bodies/${seeded.bodyId}/documents/versions`;
	const get = (path: string, cookie = seeded.cookies.voting_member) => fetch(portal.url + path, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
	const compare = (query: Record<string, string>) => `${base()}/compare?${new URLSearchParams(query)}`;
	/** An <ins> or <del> holding its hidden announcement, then the words. */
	const marked = (kind: 'ins' | 'del', words: string) =>
		new RegExp(`<${kind}[^>]*><span class="nhsuk-u-visually-hidden">${kind === 'ins' ? 'inserted' : 'deleted'}: </span>${words}<span class="nhsuk-u-visually-hidden">`);

	beforeAll(async () => {
		portal = await newPortal();
		storage = createPostgresStorage(portal.services.sql);
		seeded = await seedBody(portal.services.sql);
		termsName = `terms-of-reference:${seeded.bodyId}`;
		await setSection('purpose', 'To oversee specialised commissioning across the hub.');
		await setSection('quorum', 'Half of the voting members.');
		await saveVersion(termsName, 'First draft');
		await setSection('quorum', 'Two thirds of the voting members.');
		await saveVersion(termsName, 'Second draft');
		await setSection('quorum', 'Two thirds of the voting members, including the chair.');
	});
	afterAll(async () => portal?.close());

	it('marks the words inserted and deleted between two saved versions, each announced to screen readers', async () => {
		const response = await get(compare({ from: versions['First draft']!, to: versions['Second draft']! }));
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain('Compare version “First draft” with version “Second draft”');
		expect(html).toMatch(marked('del', 'Half'));
		expect(html).toMatch(marked('ins', 'Two thirds'));
		expect(html).toContain('2 words inserted and 1 deleted, in 1 section.');
		// What was typed after the second version is not part of this comparison.
		expect(html).not.toContain('including the chair');
		expect(html).toContain('Section “Quorum” changed: 1 block reworded');
	});

	it('compares a version with the current text, and the current text with a version', async () => {
		const forwards = await (await get(compare({ from: versions['Second draft']!, to: 'current' }))).text();
		expect(forwards).toMatch(marked('ins', ', including the chair'));
		expect(forwards).not.toMatch(marked('del', 'Half'));
		const backwards = await (await get(compare({ from: 'current', to: versions['First draft']!, doc: termsName }))).text();
		expect(backwards).toMatch(marked('del', 'Two thirds'));
		expect(backwards).toMatch(marked('ins', 'Half'));
	});

	it('says so when there are no differences', async () => {
		const html = await (await get(compare({ from: versions['Second draft']!, to: versions['Second draft']! }))).text();
		expect(html).toContain('No differences: version “Second draft” reads the same as version “Second draft”.');
		expect(html).not.toMatch(/<(ins|del)[ >]/);
	});

	it('refuses a bad or unknown “from”, naming it, and versions of two different documents', async () => {
		const bad = await get(compare({ from: 'yesterday', to: 'current', doc: termsName }));
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('“from” must be the id of a saved version, or “current” for the current text');

		const missing = await get(compare({ to: 'current', doc: termsName }));
		expect(missing.status).toBe(400);
		expect(await missing.text()).toContain('“from” is missing');

		const unknown = await get(compare({ from: '00000000-0000-4000-8000-000000000000', to: 'current', doc: termsName }));
		expect(unknown.status).toBe(404);
		expect(await unknown.text()).toContain('has the id given as “from”');

		const raciName = `raci:${seeded.bodyId}`;
		const raci = new Y.Doc();
		raci.getMap('cells').set('needs:hub', 'A');
		await storage.append(raciName, Y.encodeStateAsUpdate(raci));
		await saveVersion(raciName, 'Matrix');
		const mixed = await get(compare({ from: versions['First draft']!, to: versions.Matrix! }));
		expect(mixed.status).toBe(400);
		expect(await mixed.text()).toContain('Versions of two different documents cannot be compared: “from” is a version of the terms of reference and “to” of the RACI matrix');
		const wrongDoc = await get(compare({ from: versions['First draft']!, to: 'current', doc: raciName }));
		expect(wrongDoc.status).toBe(400);
	});

	it('lets anyone who sits on the body compare, and no one else', async () => {
		const query = compare({ from: versions['First draft']!, to: versions['Second draft']! });
		expect((await get(query, seeded.cookies.ppv_representative)).status).toBe(200);
		expect((await get(query, seeded.cookies.observer)).status).toBe(200);
		expect((await get(query, seeded.cookies.outsider)).status).toBe(403);
	});

	it('offers the comparison from the list of versions and from a version’s page', async () => {
		const list = await (await get(`${base()}?doc=${encodeURIComponent(termsName)}`)).text();
		expect(list).toMatch(/<form method="get" action="\/bodies\/[^"]+\/documents\/versions\/compare"/);
		expect(list).toContain('<label class="nhsuk-label" for="from">Compare from</label>');
		expect(list).toContain('>Current text</option>');
		expect(list).toContain('First draft (saved');

		const page = await (await get(`${base()}/${versions['Second draft']}`)).text();
		const redline = (from: string, to: string) =>
			`compare?${new URLSearchParams({ doc: termsName, from, to })}`.replaceAll('&', '&amp;');
		expect(page).toContain(redline(versions['Second draft']!, 'current'));
		expect(page).toContain(redline(versions['First draft']!, versions['Second draft']!));
	});
});
