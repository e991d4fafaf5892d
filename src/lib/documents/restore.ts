import * as Y from 'yjs';
import {
	MINUTES_PART_A,
	MINUTES_PART_B,
	PRIORITIES_ARRAY,
	RACI_CELLS,
	RACI_COLUMNS,
	RACI_ROWS,
	RULES_TEXT,
	TERMS_OF_REFERENCE_SECTIONS,
	sectionFragment
} from '$lib/domain/documents/layout';
import type { SnapshotKind } from './snapshot';

/**
 * Makes the content of `target` that of `source`, as one change to `target` (one Yjs transaction, so one
 * update), touching only what the layout of `kind` names: comments or anything else kept beside it stay.
 * Parts already equal are left alone, so the change is no larger than the difference.
 *
 * The result is an ordinary edit of the current document: history is kept, and people editing meanwhile
 * merge with it as with anyone's edit.
 */
export function restoreInto(target: Y.Doc, source: Y.Doc, kind: SnapshotKind): void {
	target.transact(() => {
		switch (kind) {
			case 'terms-of-reference':
				for (const { key } of TERMS_OF_REFERENCE_SECTIONS) {
					replaceList(target.getXmlFragment(sectionFragment(key)), source.getXmlFragment(sectionFragment(key)));
				}
				replaceText(target.getText(RULES_TEXT), source.getText(RULES_TEXT));
				return;
			case 'priorities':
				replaceList(target.getArray(PRIORITIES_ARRAY), source.getArray(PRIORITIES_ARRAY));
				return;
			case 'raci':
				replaceList(target.getArray(RACI_ROWS), source.getArray(RACI_ROWS));
				replaceList(target.getArray(RACI_COLUMNS), source.getArray(RACI_COLUMNS));
				replaceMap(target.getMap(RACI_CELLS), source.getMap(RACI_CELLS));
				return;
			case 'minutes':
				for (const part of [MINUTES_PART_A, MINUTES_PART_B]) replaceList(target.getXmlFragment(part), source.getXmlFragment(part));
				return;
		}
	});
}

/** The update that restoring `source` into a document holding `current` makes; empty (null) when nothing differs. */
export function restoreUpdate(current: Y.Doc, source: Y.Doc, kind: SnapshotKind): Uint8Array | null {
	const updates: Uint8Array[] = [];
	const collect = (update: Uint8Array) => updates.push(update);
	current.on('update', collect);
	try {
		restoreInto(current, source, kind);
	} finally {
		current.off('update', collect);
	}
	if (updates.length === 0) return null;
	return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}

type List = Y.XmlFragment | Y.Array<unknown>;

function replaceList(target: List, source: List): void {
	if (sameContent(target, source)) return;
	target.delete(0, target.length);
	const copies = source.toArray().map((item: unknown) => (item instanceof Y.AbstractType ? item.clone() : item));
	// A fragment holds XML nodes and an array anything; each takes back what its source gave.
	(target as Y.Array<unknown>).insert(0, copies);
}

function replaceText(target: Y.Text, source: Y.Text): void {
	const text = source.toString();
	if (target.toString() === text) return;
	target.delete(0, target.length);
	target.insert(0, text);
}

function replaceMap(target: Y.Map<unknown>, source: Y.Map<unknown>): void {
	for (const key of [...target.keys()]) if (!source.has(key)) target.delete(key);
	for (const [key, value] of source.entries()) {
		if (value instanceof Y.AbstractType) {
			const existing = target.get(key);
			if (!(existing instanceof Y.AbstractType) || JSON.stringify(existing.toJSON()) !== JSON.stringify(value.toJSON())) target.set(key, value.clone());
		} else if (JSON.stringify(target.get(key)) !== JSON.stringify(value)) {
			target.set(key, value);
		}
	}
}

function sameContent(a: List, b: List): boolean {
	// An XML fragment's string form carries node names, attributes and marks; an array's JSON its whole content.
	return a instanceof Y.XmlFragment && b instanceof Y.XmlFragment
		? a.toString() === b.toString()
		: JSON.stringify(a.toJSON()) === JSON.stringify(b.toJSON());
}
