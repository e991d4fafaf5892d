import { prosemirrorToYXmlFragment, updateYFragment } from '@tiptap/y-tiptap';
import { Schema } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorRange, resolveAnchor, type AnchorRoot } from './text-anchor';
import { seededRandom } from '../../../tests/helpers/seeded-random';

/** Two replicas that exchange their updates only when told, so edits between exchanges are concurrent. */
function pair() {
	const a = new Y.Doc();
	const b = new Y.Doc();
	const exchange = () => {
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
	};
	return { a, b, exchange };
}

// The passage is written in capitals and every other edit in lower case, so the passage's characters can be
// told apart wherever they end up: the anchor must span from the first capital to the last, whatever else
// was typed inside it, and never take in what was typed at its edges.
const PASSAGE = 'QUORUM';

/** The text of a Y.Text, or of the paragraphs of a fragment, with its edits, as text-anchor.ts counts it. */
interface Editable {
	root(doc: Y.Doc): AnchorRoot;
	text(doc: Y.Doc): string;
	insert(doc: Y.Doc, offset: number, text: string): void;
	remove(doc: Y.Doc, offset: number): void;
	setUp(doc: Y.Doc): void;
}

const plainText: Editable = {
	root: (doc) => doc.getText('body'),
	text: (doc) => doc.getText('body').toString(),
	insert: (doc, offset, text) => doc.getText('body').insert(offset, text),
	remove: (doc, offset) => doc.getText('body').delete(offset, 1),
	setUp: (doc) => doc.getText('body').insert(0, `the group meets ${PASSAGE} as the rules say`)
};

/** A TipTap-like section: paragraphs (Y.XmlElement) each holding one Y.XmlText; the passage in the second. */
const section: Editable = {
	root: (doc) => doc.getXmlFragment('section-quorum'),
	text: (doc) => doc.getXmlFragment('section-quorum').toArray().map((p) => `${((p as Y.XmlElement).get(0) as Y.XmlText).toString()}\n`).join(''),
	insert: (doc, offset, text) => {
		const [node, index] = nodeAt(doc, offset);
		node.insert(index, text);
	},
	remove: (doc, offset) => {
		const [node, index] = nodeAt(doc, offset);
		if (index < node.length) node.delete(index, 1);
	},
	setUp: (doc) => {
		const fragment = doc.getXmlFragment('section-quorum');
		const paragraphs = ['the first paragraph', `the group meets ${PASSAGE} as the rules say`, 'the last'].map((words) => {
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText(words)]);
			return p;
		});
		fragment.insert(0, paragraphs);
	}
};

/** The XmlText at a fragment offset, and the index in it (a paragraph's end counts as its last index). */
function nodeAt(doc: Y.Doc, offset: number): [Y.XmlText, number] {
	let at = 0;
	const paragraphs = doc.getXmlFragment('section-quorum').toArray() as Y.XmlElement[];
	for (const p of paragraphs) {
		const text = p.get(0) as Y.XmlText;
		if (offset <= at + text.length) return [text, offset - at];
		at += text.length + 1;
	}
	const last = paragraphs.at(-1)!.get(0) as Y.XmlText;
	return [last, last.length];
}

describe.each([
	['a Y.Text', plainText],
	['a Y.XmlFragment of paragraphs', section]
])('a text anchor in %s', (_name, editable) => {
	function start() {
		const docs = pair();
		editable.setUp(docs.a);
		docs.exchange();
		const from = editable.text(docs.a).indexOf(PASSAGE);
		const anchor = anchorRange(editable.root(docs.a), from, from + PASSAGE.length)!;
		return { ...docs, anchor };
	}

	it('reads back the passage it was made on', () => {
		const { b, anchor } = start();
		expect(anchor.quote).toBe(PASSAGE);
		// Stored and read on the other replica, as the server hands it to every page.
		expect(resolveAnchor(editable.root(b), JSON.parse(JSON.stringify(anchor)))).toMatchObject({ state: 'present', text: PASSAGE });
	});

	it('follows the passage through concurrent edits before, inside, at the edges of and after it', () => {
		for (let seed = 1; seed <= 60; seed++) {
			const next = seededRandom(seed);
			const { a, b, exchange, anchor } = start();
			for (let round = 0; round < 6; round++) {
				for (const doc of [a, b]) {
					for (let edit = 0; edit < 5; edit++) {
						const text = editable.text(doc);
						const passageAt = text.search(/[A-Z]/);
						const passageEnd = text.length - [...text].reverse().join('').search(/[A-Z]/);
						// Aim at the passage's edges half the time: the places where an anchor goes wrong.
						const offsets = [0, passageAt, passageAt + 1, passageEnd - 1, passageEnd, Math.floor(next() * (text.length + 1))];
						const offset = Math.min(offsets[Math.floor(next() * offsets.length)]!, text.length);
						const lower = text.split('').map((c, i) => (/[a-z ]/.test(c) ? i : -1)).filter((i) => i >= 0);
						if (next() < 0.6 || lower.length === 0) editable.insert(doc, offset, 'xy'.slice(0, 1 + Math.floor(next() * 2)));
						else editable.remove(doc, lower[Math.floor(next() * lower.length)]!);
					}
				}
				exchange();
			}
			expect(editable.text(a)).toBe(editable.text(b));
			const text = editable.text(a);
			const expected = text.slice(text.indexOf('Q'), text.lastIndexOf('M') + 1);
			for (const doc of [a, b]) {
				const resolved = resolveAnchor(editable.root(doc), anchor);
				expect(resolved, `seed ${seed}`).toMatchObject({ state: 'present', text: expected });
			}
			expect(expected.replace(/[^A-Z]/g, ''), `seed ${seed}`).toBe(PASSAGE);
		}
	});

	it('shrinks to what is left when the passage is partly deleted, and says "deleted" when all of it is', () => {
		for (let seed = 1; seed <= 30; seed++) {
			const next = seededRandom(seed);
			const { a, b, exchange, anchor } = start();
			// Each replica deletes some of the passage at once, and types outside it (text typed inside would be
			// part of the passage, which is whatever lies between its edges).
			for (const doc of [a, b]) {
				const text = editable.text(doc);
				const at = text.indexOf('Q');
				editable.remove(doc, at + Math.floor(next() * PASSAGE.length));
				const after = editable.text(doc);
				const outside = next() < 0.5 ? Math.floor(next() * (after.search(/[A-Z]/) + 1)) : after.length - [...after].reverse().join('').search(/[A-Z]/);
				editable.insert(doc, outside, 'z');
			}
			exchange();
			// What is left of the passage is all inside the anchor. Text typed where a deleted edge character was may
			// be taken in too: Yjs places it after the deleted character, the edge's anchor.
			const text = editable.text(a);
			const capitals = text.replace(/[^A-Z]/g, '');
			const resolved = resolveAnchor(editable.root(b), anchor);
			if (resolved.state !== 'present') throw new Error(`seed ${seed}: the passage was lost`);
			expect(resolved.text.replace(/[^A-Z]/g, ''), `seed ${seed}`).toBe(capitals);
			expect(resolved.text.replace(/^z|z$/g, ''), `seed ${seed}`).toBe(text.slice(text.search(/[A-Z]/), text.length - [...text].reverse().join('').search(/[A-Z]/)));
			expect(capitals.length).toBeLessThan(PASSAGE.length);

			// Then one replica deletes the rest while the other types elsewhere.
			const rest = resolveAnchor(editable.root(a), anchor);
			if (rest.state !== 'present') throw new Error(`seed ${seed}: the passage was lost`);
			for (let i = rest.to - 1; i >= rest.from; i--) editable.remove(a, i);
			editable.insert(b, 0, 'w');
			exchange();
			for (const doc of [a, b]) expect(resolveAnchor(editable.root(doc), anchor), `seed ${seed}`).toEqual({ state: 'deleted', quote: PASSAGE });
		}
	});

	it('makes no anchor on an empty range, and reads a damaged one as deleted', () => {
		const { a, anchor } = start();
		expect(anchorRange(editable.root(a), 3, 3)).toBeNull();
		expect(resolveAnchor(editable.root(a), { ...anchor, start: 'not base64!' })).toEqual({ state: 'deleted', quote: PASSAGE });
	});
});

describe('a text anchor whose paragraph is removed', () => {
	it('says the text was deleted', () => {
		const { a, b, exchange } = pair();
		section.setUp(a);
		exchange();
		const from = section.text(a).indexOf(PASSAGE);
		const anchor = anchorRange(section.root(a), from, from + PASSAGE.length)!;
		section.root(b).delete(1, 1);
		exchange();
		expect(resolveAnchor(section.root(a), anchor)).toEqual({ state: 'deleted', quote: PASSAGE });
	});
});

describe('an anchor when an editor joins or splits paragraphs (the binding rewrites the text node)', () => {
	const schema = new Schema({ nodes: { doc: { content: 'paragraph+' }, paragraph: { content: 'text*' }, text: {} } });
	const pmDoc = (...paragraphs: string[]) => schema.node('doc', null, paragraphs.map((p) => schema.node('paragraph', null, p ? [schema.text(p)] : [])));
	/** The Yjs section as an editor's document, then changed as the editor's binding changes it. */
	function sectionOf(...paragraphs: string[]) {
		const doc = new Y.Doc();
		const fragment = doc.getXmlFragment('section-quorum');
		prosemirrorToYXmlFragment(pmDoc(...paragraphs), fragment);
		const edit = (...next: string[]) => doc.transact(() => updateYFragment(doc, fragment, pmDoc(...next), { mapping: new Map(), isOMark: new Map() }));
		return { fragment, edit };
	}

	it('still finds a passage of the second paragraph once it is joined to the first', () => {
		const { fragment, edit } = sectionOf('Six members make a quorum.', 'Deputies COUNT towards it.');
		const from = 'Six members make a quorum.\nDeputies '.length;
		const anchor = anchorRange(fragment, from, from + 'COUNT'.length)!;
		edit('Six members make a quorum.Deputies COUNT towards it.');
		expect(resolveAnchor(fragment, anchor)).toEqual({ state: 'present', from: 'Six members make a quorum.Deputies '.length, to: 'Six members make a quorum.Deputies COUNT'.length, text: 'COUNT' });
	});

	it('still finds a passage when its paragraph is split before it', () => {
		const { fragment, edit } = sectionOf('Deputies COUNT towards it.');
		const anchor = anchorRange(fragment, 'Deputies '.length, 'Deputies COUNT'.length)!;
		edit('Deputies', ' COUNT towards it.');
		expect(resolveAnchor(fragment, anchor)).toEqual({ state: 'present', from: 'Deputies\n '.length, to: 'Deputies\n COUNT'.length, text: 'COUNT' });
	});

	it('says the passage was deleted when it went with its paragraph, or when its words now appear more than once', () => {
		const gone = sectionOf('Six members make a quorum.', 'Deputies COUNT towards it.');
		const anchor = anchorRange(gone.fragment, 'Six members make a quorum.\nDeputies '.length, 'Six members make a quorum.\nDeputies COUNT'.length)!;
		gone.edit('Six members make a quorum.');
		expect(resolveAnchor(gone.fragment, anchor)).toEqual({ state: 'deleted', quote: 'COUNT' });

		const twice = sectionOf('Six members make a quorum.', 'Deputies COUNT towards it.');
		const again = anchorRange(twice.fragment, 'Six members make a quorum.\nDeputies '.length, 'Six members make a quorum.\nDeputies COUNT'.length)!;
		twice.edit('Six members COUNT.Deputies COUNT towards it.');
		expect(resolveAnchor(twice.fragment, again)).toEqual({ state: 'deleted', quote: 'COUNT' });
	});
});
