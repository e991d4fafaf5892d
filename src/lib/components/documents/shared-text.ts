import * as Y from 'yjs';
import { applyTextChange } from './text-diff';

/**
 * What the binding uses of an <input> or <textarea>, so that the unit tests can give it a stand-in.
 */
export interface TextControl {
	value: string;
	selectionStart: number | null;
	selectionEnd: number | null;
	selectionDirection: 'forward' | 'backward' | 'none' | null;
	setSelectionRange(start: number, end: number, direction?: 'forward' | 'backward' | 'none'): void;
	addEventListener(type: string, listener: (event: Event) => void): void;
	removeEventListener(type: string, listener: (event: Event) => void): void;
	ownerDocument: { activeElement: unknown } | null;
}

interface SavedSelection {
	anchor: Y.RelativePosition;
	head: Y.RelativePosition;
	direction: 'forward' | 'backward' | 'none';
	/** The plain offsets too, for when the text itself is replaced and the relative positions mean nothing. */
	start: number;
	end: number;
	text: Y.Text;
}

/**
 * Binds a text control to the shared text under `key` in `map`, both ways: what the person types goes into the
 * Y.Text as the smallest change (so two people typing in one field merge character by character), and what others
 * type appears in the control with the person's caret and selection kept beside the characters they were beside
 * (held as Yjs relative positions across the remote change). A field still holding a plain string (the layout
 * before fields were shared texts) is shown as it is and becomes a Y.Text with the first edit.
 * Returns the function that undoes the binding.
 */
export function bindSharedText(control: TextControl, map: Y.Map<unknown>, key: string, options: { editable: boolean }): () => void {
	const doc = map.doc;
	if (!doc) throw new Error('bindSharedText: the map must belong to a document');
	// This binding's own transactions: their changes are in the control already.
	const origin = { binding: key };
	let composing = false;
	let saved: SavedSelection | null = null;
	let observed: Y.Text | null = null;

	const sharedText = () => {
		const value = map.get(key);
		return value instanceof Y.Text ? value : null;
	};
	const currentValue = () => {
		const value = map.get(key);
		return value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '';
	};
	const focused = () => control.ownerDocument?.activeElement === control;

	// Before any change to the document, local or remote, note where the person's selection is in the text as it
	// stands, so that it can be found again after the change.
	function remember() {
		const text = sharedText();
		if (!text || !focused() || composing || control.value !== text.toString()) {
			saved = null;
			return;
		}
		const start = control.selectionStart ?? control.value.length;
		const end = control.selectionEnd ?? start;
		const direction = control.selectionDirection ?? 'none';
		const [anchorIndex, headIndex] = direction === 'backward' ? [end, start] : [start, end];
		// Association -1: the caret keeps to the character before it, so text someone else inserts exactly at the
		// caret goes after it, and the person goes on typing where they were.
		saved = {
			anchor: Y.createRelativePositionFromTypeIndex(text, anchorIndex, -1),
			head: Y.createRelativePositionFromTypeIndex(text, headIndex, -1),
			direction,
			start,
			end,
			text
		};
	}

	function show() {
		const value = currentValue();
		if (control.value === value) return;
		const selection = saved;
		control.value = value;
		if (!selection || !focused()) return;
		const text = sharedText();
		if (text && text === selection.text) {
			const anchor = Y.createAbsolutePositionFromRelativePosition(selection.anchor, doc!)?.index ?? selection.start;
			const head = Y.createAbsolutePositionFromRelativePosition(selection.head, doc!)?.index ?? selection.end;
			control.setSelectionRange(Math.min(anchor, head), Math.max(anchor, head), selection.direction);
		} else {
			// The field's text was replaced as a whole (a version restored): keep the offsets, within the new text.
			control.setSelectionRange(Math.min(selection.start, value.length), Math.min(selection.end, value.length), selection.direction);
		}
	}

	const onTextChange = (_event: Y.YTextEvent, transaction: Y.Transaction) => {
		if (transaction.origin !== origin) show();
	};
	function observe() {
		const text = sharedText();
		if (text === observed) return;
		observed?.unobserve(onTextChange);
		observed = text;
		observed?.observe(onTextChange);
	}
	const onMapChange = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
		if (!event.keysChanged.has(key)) return;
		observe();
		if (transaction.origin !== origin) show();
	};

	function write() {
		if (!options.editable || composing) return;
		const typed = control.value;
		doc!.transact(() => {
			let text = sharedText();
			if (!text) {
				// The first edit of a field written before fields were shared texts: it becomes one now.
				text = new Y.Text(currentValue());
				map.set(key, text);
			}
			applyTextChange(text, typed, origin);
		}, origin);
		observe();
	}
	const onInput = () => write();
	const onCompositionStart = () => (composing = true);
	const onCompositionEnd = () => {
		composing = false;
		write();
	};

	// Only when it differs: assigning a value, even the same one, may move the caret to the end.
	if (control.value !== currentValue()) control.value = currentValue();
	observe();
	map.observe(onMapChange);
	doc.on('beforeTransaction', remember);
	control.addEventListener('input', onInput);
	control.addEventListener('compositionstart', onCompositionStart);
	control.addEventListener('compositionend', onCompositionEnd);
	return () => {
		doc.off('beforeTransaction', remember);
		map.unobserve(onMapChange);
		observed?.unobserve(onTextChange);
		control.removeEventListener('input', onInput);
		control.removeEventListener('compositionstart', onCompositionStart);
		control.removeEventListener('compositionend', onCompositionEnd);
	};
}

/**
 * The binding as a Svelte attachment: `<input {@attach sharedText(map, 'title', editable)} />`. The control's
 * value belongs to the binding: give it no `value` of its own.
 */
export function sharedText(map: Y.Map<unknown> | null, key: string, editable: boolean) {
	return (element: HTMLInputElement | HTMLTextAreaElement) => (map ? bindSharedText(element, map, key, { editable }) : undefined);
}
