import * as Y from 'yjs';
import type { MinutesDraft } from '$lib/domain/minutes';
import { MINUTES_PART_A, MINUTES_PART_B } from '$lib/domain/documents/layout';
import type { MinutesSnapshot, TextBlock } from '$lib/domain/documents/snapshots';
import { readMinutes } from './snapshot';

/**
 * Writing the co-edited minutes of a meeting (layout.ts, MINUTES_PART_A and _B) in the layout Tiptap's
 * StarterKit writes through y-prosemirror (paragraph, heading with `level`, bulletList/orderedList > listItem >
 * paragraph), so the browser's editor opens what the server generated.
 */
export { MINUTES_PART_A, MINUTES_PART_B, readMinutes, type MinutesSnapshot };

/** Whether anything at all is written in the minutes. */
export function hasMinutes(doc: Y.Doc): boolean {
	return doc.getXmlFragment(MINUTES_PART_A).length > 0 || doc.getXmlFragment(MINUTES_PART_B).length > 0;
}

/**
 * Appends a node holding a block's words to `parent`, bold and italic as Tiptap's marks (y-prosemirror:
 * formatting `{ bold: {} }`). The node joins the document before its text is written: Yjs reads a type's
 * content when formatting it, which it can do only once the type is in a document.
 */
function appendTextElement(parent: Y.XmlFragment | Y.XmlElement, name: string, block: TextBlock, attributes: Record<string, unknown> = {}): void {
	const element = new Y.XmlElement(name);
	for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value as string);
	parent.insert(parent.length, [element]);
	if (block.text === '') return;
	const text = new Y.XmlText();
	element.insert(0, [text]);
	let at = 0;
	for (const run of block.runs ?? [{ text: block.text }]) {
		const marks: Record<string, object> = {};
		if (run.bold) marks.bold = {};
		if (run.italic) marks.italic = {};
		text.insert(at, run.text, marks);
		at += run.text.length;
	}
}

/** Appends blocks as y-prosemirror nodes: runs of list items become one list, deeper levels lists inside the item above. */
export function appendBlocks(parent: Y.XmlFragment, blocks: TextBlock[]): void {
	let i = 0;
	while (i < blocks.length) {
		const block = blocks[i]!;
		if (block.type === 'heading') {
			// y-prosemirror keeps attributes as the schema has them: a heading's level is a number.
			appendTextElement(parent, 'heading', block, { level: Math.min(6, Math.max(1, block.level ?? 3)) });
			i++;
		} else if (block.type === 'paragraph') {
			appendTextElement(parent, 'paragraph', block);
			i++;
		} else {
			i = appendList(parent, blocks, i, block.level ?? 1);
		}
	}
}

/** One list from blocks[start] on, at `depth`: its items, each with the deeper items after it inside it. Returns where it stopped. */
function appendList(parent: Y.XmlFragment | Y.XmlElement, blocks: TextBlock[], start: number, depth: number): number {
	const type = blocks[start]!.type;
	const list = new Y.XmlElement(type === 'ordered' ? 'orderedList' : 'bulletList');
	parent.insert(parent.length, [list]);
	let i = start;
	while (i < blocks.length) {
		const block = blocks[i]!;
		if ((block.type !== 'bullet' && block.type !== 'ordered') || (block.level ?? 1) < depth) break;
		if ((block.level ?? 1) === depth && block.type !== type) break;
		const item = new Y.XmlElement('listItem');
		list.insert(list.length, [item]);
		appendTextElement(item, 'paragraph', block);
		i++;
		if (i < blocks.length && (blocks[i]!.type === 'bullet' || blocks[i]!.type === 'ordered') && (blocks[i]!.level ?? 1) > depth) {
			i = appendList(item, blocks, i, depth + 1);
		}
	}
	return i;
}

/** Makes the minutes read `draft`, in one transaction: what was there is replaced. */
export function writeMinutes(doc: Y.Doc, draft: MinutesDraft, origin: unknown = null): void {
	doc.transact(() => {
		for (const [field, blocks] of [
			[MINUTES_PART_A, draft.partA],
			[MINUTES_PART_B, draft.partB]
		] as const) {
			const fragment = doc.getXmlFragment(field);
			if (fragment.length > 0) fragment.delete(0, fragment.length);
			appendBlocks(fragment, blocks);
		}
	}, origin);
}

/** The one Yjs update that turns the document `current` (left unchanged) into one reading `draft`. */
export function minutesUpdate(current: Y.Doc, draft: MinutesDraft): Uint8Array {
	const copy = new Y.Doc();
	try {
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(current));
		const before = Y.encodeStateVector(copy);
		writeMinutes(copy, draft);
		return Y.encodeStateAsUpdate(copy, before);
	} finally {
		copy.destroy();
	}
}

/** Minutes kept as plain text before they were co-edited: paragraphs by blank lines, "- " lines as list items. */
export function blocksFromText(text: string): TextBlock[] {
	return text
		.split('\n')
		.map((line) => line.trimEnd())
		.filter((line) => line.trim() !== '')
		.map((line): TextBlock => (/^\s*- /.test(line) ? { type: 'bullet', text: line.replace(/^\s*- /, ''), level: 1 } : { type: 'paragraph', text: line }));
}
