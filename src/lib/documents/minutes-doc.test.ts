import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { TextBlock } from '$lib/domain/documents/snapshots';
import { MINUTES_PART_A, minutesUpdate, readMinutes, writeMinutes } from './minutes-doc';

const blocks: TextBlock[] = [
	{ type: 'heading', text: 'Minutes of the June meeting', level: 1 },
	{ type: 'paragraph', text: 'Held on Tuesday 9 June 2015.' },
	{ type: 'heading', text: 'Present', level: 2 },
	{ type: 'bullet', text: 'Ann Chair, Chair', level: 1 },
	{ type: 'bullet', text: 'Farid Deputy, deputy for Carol Member', level: 1 },
	{ type: 'bullet', text: 'joined at 2:30pm', level: 2 },
	{ type: 'ordered', text: 'First action', level: 1 },
	{
		type: 'paragraph',
		text: 'RESOLVED: to approve the plan; carried 3–1.',
		runs: [{ text: 'RESOLVED:', bold: true }, { text: ' to approve the ' }, { text: 'plan', italic: true }, { text: '; carried 3–1.' }]
	}
];

describe('the minutes document', () => {
	it('reads back what was written, block for block, in the layout the editor writes', () => {
		const doc = new Y.Doc();
		writeMinutes(doc, { partA: blocks, partB: [{ type: 'paragraph', text: 'Confidential.' }] });
		expect(readMinutes(doc)).toEqual({ partA: blocks, partB: [{ type: 'paragraph', text: 'Confidential.' }] });
		const names = doc.getXmlFragment(MINUTES_PART_A).toArray().map((node) => (node as Y.XmlElement).nodeName);
		expect(names).toEqual(['heading', 'paragraph', 'heading', 'bulletList', 'orderedList', 'paragraph']);
	});

	it('replaces the minutes as one update that another copy merges', () => {
		const server = new Y.Doc();
		writeMinutes(server, { partA: blocks, partB: [] });
		const editor = new Y.Doc();
		Y.applyUpdate(editor, Y.encodeStateAsUpdate(server));
		const update = minutesUpdate(editor, { partA: [{ type: 'paragraph', text: 'Written again.' }], partB: [] });
		// The document it was made from is left as it was.
		expect(readMinutes(editor).partA).toEqual(blocks);
		Y.applyUpdate(editor, update);
		expect(readMinutes(editor)).toEqual({ partA: [{ type: 'paragraph', text: 'Written again.' }], partB: [] });
	});
});
