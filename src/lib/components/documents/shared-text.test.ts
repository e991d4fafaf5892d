import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bindSharedText, type TextControl } from './shared-text';

/** An <input> as far as the binding sees one: a value, a selection, events, and whether it has the focus. */
class FakeInput implements TextControl {
	value = '';
	selectionStart: number | null = 0;
	selectionEnd: number | null = 0;
	selectionDirection: 'forward' | 'backward' | 'none' | null = 'none';
	ownerDocument = { activeElement: null as unknown };
	private listeners = new Map<string, ((event: Event) => void)[]>();

	setSelectionRange(start: number, end: number, direction: 'forward' | 'backward' | 'none' = 'none') {
		this.selectionStart = start;
		this.selectionEnd = end;
		this.selectionDirection = direction;
	}
	addEventListener(type: string, listener: (event: Event) => void) {
		this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
	}
	removeEventListener(type: string, listener: (event: Event) => void) {
		this.listeners.set(type, (this.listeners.get(type) ?? []).filter((l) => l !== listener));
	}
	focus() {
		this.ownerDocument.activeElement = this;
	}
	/** Types at the caret, replacing the selection, as a browser would, then fires `input`. */
	type(characters: string) {
		const start = this.selectionStart ?? this.value.length;
		const end = this.selectionEnd ?? start;
		this.value = this.value.slice(0, start) + characters + this.value.slice(end);
		this.setSelectionRange(start + characters.length, start + characters.length);
		this.fire('input');
	}
	fire(type: string) {
		for (const listener of this.listeners.get(type) ?? []) listener(new Event(type));
	}
}

/** Two documents kept in step as the server would keep them, each change relayed at once. */
function pair() {
	const a = new Y.Doc();
	const b = new Y.Doc();
	a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'relay' && Y.applyUpdate(b, update, 'relay'));
	b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'relay' && Y.applyUpdate(a, update, 'relay'));
	const mapA = a.getArray<Y.Map<unknown>>('priorities');
	const map = new Y.Map<unknown>();
	map.set('title', new Y.Text('Adult critical care'));
	mapA.push([map]);
	return { a, b, mapA: mapA.get(0), mapB: b.getArray<Y.Map<unknown>>('priorities').get(0) };
}

describe('a text field bound to a shared text', () => {
	it('shows the shared text, and sends what is typed as a change to it', () => {
		const { mapA, mapB } = pair();
		const input = new FakeInput();
		bindSharedText(input, mapA, 'title', { editable: true });
		expect(input.value).toBe('Adult critical care');
		input.focus();
		input.setSelectionRange(5, 5);
		input.type(' neonatal and');
		expect((mapB.get('title') as Y.Text).toString()).toBe('Adult neonatal and critical care');
	});

	it('keeps the caret beside its characters when someone else types before, at or after it', () => {
		const { mapA, mapB } = pair();
		const input = new FakeInput();
		bindSharedText(input, mapA, 'title', { editable: true });
		input.focus();
		input.setSelectionRange(6, 6); // "Adult |critical care"
		const remote = mapB.get('title') as Y.Text;

		remote.insert(0, 'Paediatric and '); // before the caret: it moves with its text
		expect(input.value).toBe('Paediatric and Adult critical care');
		expect([input.selectionStart, input.selectionEnd]).toEqual([21, 21]);

		remote.insert(21, 'XX'); // exactly at the caret: it stays where the person was typing
		expect(input.value).toBe('Paediatric and Adult XXcritical care');
		expect([input.selectionStart, input.selectionEnd]).toEqual([21, 21]);

		remote.insert(input.value.length, ' (ECMO)'); // after the caret: it does not move
		expect([input.selectionStart, input.selectionEnd]).toEqual([21, 21]);

		remote.delete(0, 15); // a deletion before it
		expect(input.value).toBe('Adult XXcritical care (ECMO)');
		expect([input.selectionStart, input.selectionEnd]).toEqual([6, 6]);

		input.type('intensive ');
		expect(remote.toString()).toBe('Adult intensive XXcritical care (ECMO)');
	});

	it('keeps a selection, and its direction, across a remote change inside and around it', () => {
		const { mapA, mapB } = pair();
		const input = new FakeInput();
		bindSharedText(input, mapA, 'title', { editable: true });
		input.focus();
		input.setSelectionRange(6, 14, 'backward'); // "critical"
		const remote = mapB.get('title') as Y.Text;
		remote.insert(0, 'All ');
		remote.insert(14, '-'); // inside the selection: "crit-ical"
		expect(input.value).toBe('All Adult crit-ical care');
		expect([input.selectionStart, input.selectionEnd, input.selectionDirection]).toEqual([10, 19, 'backward']);
	});

	it('merges two people typing in the same place at once: each one’s characters in their own order, none lost', () => {
		const { mapA, mapB } = pair();
		const first = new FakeInput();
		const second = new FakeInput();
		bindSharedText(first, mapA, 'title', { editable: true });
		bindSharedText(second, mapB, 'title', { editable: true });
		const end = first.value.length;
		const mine = ' for adults';
		const theirs = ' in the North West';
		for (let i = 0; i < Math.max(mine.length, theirs.length); i++) {
			first.focus();
			if (i === 0) first.setSelectionRange(end, end);
			if (mine[i]) first.type(mine[i]!);
			second.focus();
			if (i === 0) second.setSelectionRange(end, end);
			if (theirs[i]) second.type(theirs[i]!);
		}
		expect(first.value).toBe(second.value);
		const added = first.value.slice(end);
		expect(added).toHaveLength(mine.length + theirs.length);
		const inOrder = (whole: string, part: string) => {
			let at = 0;
			for (const character of whole) if (character === part[at]) at++;
			return at === part.length;
		};
		expect(inOrder(added, mine)).toBe(true);
		expect(inOrder(added, theirs)).toBe(true);
	});

	it('turns a field written as a plain string into a shared text on its first edit, and writes nothing when read-only', () => {
		const doc = new Y.Doc();
		const list = doc.getArray<Y.Map<unknown>>('priorities');
		const map = new Y.Map<unknown>();
		map.set('lead', 'Dr Zoë Łukasiewicz');
		list.push([map]);
		const bound = list.get(0);
		const reader = new FakeInput();
		bindSharedText(reader, bound, 'lead', { editable: false });
		reader.focus();
		reader.value = 'changed';
		reader.fire('input');
		expect(bound.get('lead')).toBe('Dr Zoë Łukasiewicz');

		const editor = new FakeInput();
		bindSharedText(editor, bound, 'lead', { editable: true });
		expect(editor.value).toBe('Dr Zoë Łukasiewicz');
		editor.focus();
		editor.setSelectionRange(editor.value.length, editor.value.length);
		editor.type('-Brontë');
		expect(bound.get('lead')).toBeInstanceOf(Y.Text);
		expect((bound.get('lead') as Y.Text).toString()).toBe('Dr Zoë Łukasiewicz-Brontë');
	});
});
