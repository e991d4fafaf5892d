import { Editor, Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import StarterKit from '@tiptap/starter-kit';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { CollabUser } from '$lib/components/documents/collab.svelte';
import { decodePosition, fromPositions, type TextAnchor } from '$lib/documents/text-anchor';

/** A passage to highlight: a comment thread's anchor, as stored. */
export interface Highlight {
	threadId: string;
	start: string;
	end: string;
}

/** The editor of a section with what the comment threads need of it. */
export interface SectionEditor {
	editor: Editor;
	/** Shows these passages highlighted (those whose text is gone are skipped). */
	setHighlights(highlights: Highlight[]): void;
	destroy(): void;
}

const highlightKey = new PluginKey<Highlight[]>('commentHighlights');

/** The ProseMirror position of a stored relative position, through y-tiptap's mapping; null when it is gone. */
function positionOf(state: EditorState, doc: Y.Doc, fragment: Y.XmlFragment, encoded: string): number | null {
	const binding = ySyncPluginKey.getState(state)?.binding;
	const relative = decodePosition(encoded);
	if (!binding || !relative) return null;
	const direct = relativePositionToAbsolutePosition(doc, fragment, relative, binding.mapping);
	if (direct !== null) return direct;
	// y-tiptap refuses a position on the section's very first character (it takes one there for a misresolved
	// structural change); the same place named by its text and index, without the character, is accepted.
	const absolute = Y.createAbsolutePositionFromRelativePosition(relative, doc);
	if (!absolute || !(absolute.type instanceof Y.XmlText) || absolute.type._item?.deleted || absolute.index !== 0) return null;
	return relativePositionToAbsolutePosition(doc, fragment, Y.createRelativePositionFromTypeIndex(absolute.type, 0, -1), binding.mapping);
}

/** A relative position on the same character as `position`, leaning the other way when `assoc` differs. */
const leaning = (position: Y.RelativePosition, assoc: number) => new Y.RelativePosition(position.type, position.tname, position.item, assoc);

/**
 * The passage from `from` to `to` (ProseMirror positions) as an anchor: the start on its first character,
 * leaning right, and the end on its last, leaning left, so text typed at either edge stays outside it (as
 * text-anchor.ts makes them). y-tiptap's positions lean one way only (left, in this version), so the character
 * is found from the side that names it and the lean set here. Null for an empty range.
 */
function selectionAnchor(state: EditorState, fragment: Y.XmlFragment, from: number, to: number): TextAnchor | null {
	const binding = ySyncPluginKey.getState(state)?.binding;
	if (from >= to || !binding) return null;
	const quote = state.doc.textBetween(from, to, '\n').trim();
	if (quote === '') return null;
	const at = (pos: number) => absolutePositionToRelativePosition(pos, fragment, binding.mapping) as Y.RelativePosition;
	const before = at(from);
	const first = before.assoc >= 0 ? before : at(from + 1);
	const after = at(to);
	const last = after.assoc < 0 ? after : at(to - 1);
	if (!first.item || !last.item) return null;
	return fromPositions(leaning(first, 0), leaning(last, -1), quote);
}

/**
 * One section of the terms of reference as a Tiptap editor on its Y.XmlFragment. Loaded on demand: Tiptap runs
 * only in the browser, and only this page needs it.
 */
export function createSectionEditor(options: {
	element: HTMLElement;
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** The Y.XmlFragment's name: `section:<key>` (layout.ts). */
	field: string;
	user: CollabUser;
	editable: boolean;
	labelledBy: string;
	describedBy: string;
	/** Told of the selected passage as the selection changes (null when nothing is selected). */
	onSelect?: (anchor: TextAnchor | null) => void;
}): SectionEditor {
	const fragment = options.doc.getXmlFragment(options.field);
	let highlights: Highlight[] = [];
	const comments = Extension.create({
		name: 'commentHighlights',
		addProseMirrorPlugins: () => [
			new Plugin({
				key: highlightKey,
				props: {
					decorations(state) {
						const decorations = highlights.flatMap((h) => {
							const from = positionOf(state, options.doc, fragment, h.start);
							const to = positionOf(state, options.doc, fragment, h.end);
							return from !== null && to !== null && from < to ? [Decoration.inline(from, to, { class: 'comment-highlight', 'data-thread': h.threadId })] : [];
						});
						return DecorationSet.create(state.doc, decorations);
					}
				}
			})
		]
	});
	const editor = new Editor({
		element: options.element,
		editable: options.editable,
		extensions: [
			// Collaboration brings its own undo, which undoes only this person's changes.
			StarterKit.configure({ undoRedo: false, heading: { levels: [3, 4] }, link: { openOnClick: false } }),
			Collaboration.configure({ document: options.doc, field: options.field }),
			CollaborationCaret.configure({ provider: options.provider, user: options.user, render: caret }),
			comments
		],
		editorProps: {
			attributes: {
				role: 'textbox',
				'aria-multiline': 'true',
				'aria-labelledby': options.labelledBy,
				'aria-describedby': options.describedBy,
				'aria-readonly': options.editable ? 'false' : 'true',
				class: 'section-editor',
				spellcheck: 'true',
				lang: 'en-GB'
			}
		}
	});
	// The browser's selection, not the editor's: a read-only editor cannot take focus, so ProseMirror never
	// follows what a reader selects in it. A selection that leaves the editor (to press "Comment on this") is not
	// a change of mind, so only an empty selection inside the editor clears the passage.
	const followSelection = () => {
		const selection = document.getSelection();
		if (!selection || selection.rangeCount === 0 || editor.isDestroyed) return;
		const range = selection.getRangeAt(0);
		const dom = editor.view.dom;
		if (!dom.contains(range.startContainer) || !dom.contains(range.endContainer)) return;
		if (range.collapsed) return options.onSelect?.(null);
		const from = editor.view.posAtDOM(range.startContainer, range.startOffset);
		const to = editor.view.posAtDOM(range.endContainer, range.endOffset);
		options.onSelect?.(selectionAnchor(editor.state, fragment, Math.min(from, to), Math.max(from, to)));
	};
	if (options.onSelect) document.addEventListener('selectionchange', followSelection);
	return {
		editor,
		setHighlights(next) {
			highlights = next;
			if (!editor.isDestroyed) editor.view.dispatch(editor.state.tr.setMeta(highlightKey, true));
		},
		destroy() {
			document.removeEventListener('selectionchange', followSelection);
			editor.destroy();
		}
	};
}

/** Another person's caret with their name; hidden from screen readers, who hear who is here from the list instead. */
function caret(user: Record<string, unknown>): HTMLElement {
	const cursor = document.createElement('span');
	cursor.classList.add('collaboration-carets__caret');
	cursor.setAttribute('aria-hidden', 'true');
	cursor.style.borderColor = String(user.color);
	const label = document.createElement('span');
	label.classList.add('collaboration-carets__label');
	label.style.backgroundColor = String(user.color);
	label.textContent = String(user.name);
	cursor.append(label);
	return cursor;
}
