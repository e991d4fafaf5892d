import * as Y from 'yjs';

/**
 * A comment's anchor in co-edited text: the start and end of a passage as Yjs relative positions, which name the
 * characters themselves (not their offsets), so the anchor follows the passage as others type before, inside or
 * around it, on any replica. The start sticks to the passage's first character and the end to its last, so text
 * typed at either edge stays outside, and text typed inside becomes part of the passage. When every character
 * between the edges has been deleted, start and end meet (or their paragraph is gone), and the anchor says so,
 * unless the passage's words are found once elsewhere, moved there by a paragraph joined or split.
 *
 * Pure: works on a Y.Text or a Y.XmlFragment (a TipTap section) in any Y.Doc, in the browser or on the server.
 * Offsets in a fragment are counted through its text in document order, each paragraph ending with one "\n".
 */

/** What is stored for a thread on a passage (comment_threads.range_start, range_end, quote). */
export interface TextAnchor {
	/** base64 of Y.encodeRelativePosition, before the passage's first character. */
	start: string;
	/** base64 of Y.encodeRelativePosition, after the passage's last character. */
	end: string;
	/** The passage as it read when the anchor was made. */
	quote: string;
}

export type ResolvedAnchor =
	| { state: 'present'; from: number; to: number; text: string }
	| { state: 'deleted'; quote: string };

export type AnchorRoot = Y.Text | Y.XmlFragment;

function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
	const binary = atob(text);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}

export function encodePosition(position: Y.RelativePosition): string {
	return toBase64(Y.encodeRelativePosition(position));
}

/** The relative position in a stored string; null when it is not one. */
export function decodePosition(encoded: string): Y.RelativePosition | null {
	try {
		return Y.decodeRelativePosition(fromBase64(encoded));
	} catch {
		return null;
	}
}

/** A text node of the root and where its text begins in the root's offsets. */
interface Run {
	text: Y.Text;
	offset: number;
}

/** The root's text nodes in document order with their offsets, and its whole text. */
function runsOf(root: AnchorRoot): { runs: Run[]; text: string } {
	if (root instanceof Y.Text) return { runs: [{ text: root, offset: 0 }], text: root.toString() };
	const runs: Run[] = [];
	let text = '';
	const walk = (node: Y.XmlFragment | Y.XmlElement) => {
		for (const child of node.toArray()) {
			if (child instanceof Y.XmlText) {
				runs.push({ text: child, offset: text.length });
				text += plain(child);
			} else if (child instanceof Y.XmlElement) {
				walk(child);
				text += '\n';
			}
		}
	};
	walk(root);
	return { runs, text };
}

/** The characters of a text node, formatting left out; an embed counts as one character, as Yjs counts it. */
function plain(text: Y.Text): string {
	return (text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '\uFFFC')).join('');
}

/** The text node and index at a root offset, leaning to the node the offset's character is in. */
function locate(runs: Run[], offset: number, lean: 'forward' | 'backward'): { text: Y.Text; index: number } | null {
	for (const run of runs) {
		const length = run.text.length;
		const inside = lean === 'forward' ? offset >= run.offset && offset < run.offset + length : offset > run.offset && offset <= run.offset + length;
		if (inside) return { text: run.text, index: offset - run.offset };
	}
	return null;
}

/**
 * An anchor on the passage from `from` to `to` (root offsets, `to` exclusive); null when the range holds no
 * character to hold on to.
 */
export function anchorRange(root: AnchorRoot, from: number, to: number): TextAnchor | null {
	const { runs, text } = runsOf(root);
	if (!(from < to)) return null;
	const first = locate(runs, from, 'forward');
	const last = locate(runs, to, 'backward');
	if (!first || !last) return null;
	return fromPositions(
		Y.createRelativePositionFromTypeIndex(first.text, first.index, 0),
		Y.createRelativePositionFromTypeIndex(last.text, last.index, -1),
		text.slice(from, to)
	);
}

/** An anchor from relative positions made elsewhere (an editor's selection through y-tiptap's mapping). */
export function fromPositions(start: Y.RelativePosition, end: Y.RelativePosition, quote: string): TextAnchor {
	return { start: encodePosition(start), end: encodePosition(end), quote };
}

/** A stored position as a root offset; null when its paragraph, or the document it names, is gone. */
function offsetOf(root: AnchorRoot, runs: Run[], encoded: string): number | null {
	const relative = decodePosition(encoded);
	if (!relative || !root.doc) return null;
	const absolute = Y.createAbsolutePositionFromRelativePosition(relative, root.doc);
	if (!absolute) return null;
	const type = absolute.type as Y.AbstractType<unknown>;
	if (type._item?.deleted) return null;
	const run = runs.find((r) => r.text === type);
	return run ? run.offset + absolute.index : null;
}

/**
 * Where the anchored passage is now in `root`, and what it says; or that its text was deleted.
 *
 * An editor joining or splitting paragraphs rewrites the text that moves as new characters in another paragraph
 * (the ProseMirror binding diffs each paragraph), so the positions of a passage that moved name deleted
 * characters. Then the passage is found by its words, as it read when the thread started, if they appear exactly
 * once in the root; otherwise (gone, or now ambiguous) it is deleted.
 */
export function resolveAnchor(root: AnchorRoot, anchor: Pick<TextAnchor, 'start' | 'end' | 'quote'>): ResolvedAnchor {
	const { runs, text } = runsOf(root);
	const from = offsetOf(root, runs, anchor.start);
	const to = offsetOf(root, runs, anchor.end);
	if (from !== null && to !== null && from < to) return { state: 'present', from, to, text: text.slice(from, to) };
	// A position that is not one (damaged in storage) is not a passage moved: nothing is guessed.
	if (!decodePosition(anchor.start) || !decodePosition(anchor.end)) return { state: 'deleted', quote: anchor.quote };
	const at = anchor.quote === '' ? -1 : text.indexOf(anchor.quote);
	if (at >= 0 && text.indexOf(anchor.quote, at + 1) < 0) return { state: 'present', from: at, to: at + anchor.quote.length, text: anchor.quote };
	return { state: 'deleted', quote: anchor.quote };
}
