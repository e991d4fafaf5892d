import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import StarterKit from '@tiptap/starter-kit';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { CollabUser } from '$lib/components/documents/collab.svelte';

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
}): Editor {
	return new Editor({
		element: options.element,
		editable: options.editable,
		extensions: [
			// Collaboration brings its own undo, which undoes only this person's changes.
			StarterKit.configure({ undoRedo: false, heading: { levels: [3, 4] }, link: { openOnClick: false } }),
			Collaboration.configure({ document: options.doc, field: options.field }),
			CollaborationCaret.configure({ provider: options.provider, user: options.user, render: caret })
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
