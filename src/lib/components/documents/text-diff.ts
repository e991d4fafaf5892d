import type * as Y from 'yjs';

/** One replacement: remove `remove` characters at `index`, then insert `insert` there. */
export interface TextChange {
	index: number;
	remove: number;
	insert: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The smallest single replacement turning `before` into `after`: whatever lies between their common start and
 * common end. Sending only that, not the whole text, is what lets two people's typing in one text merge.
 */
export function textChange(before: string, after: string): TextChange | null {
	if (before === after) return null;
	const shorter = Math.min(before.length, after.length);
	let start = 0;
	while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
	// Never split a character written as two UTF-16 units: Yjs would store half of it.
	if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
	let end = 0;
	while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
	if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
	return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

/** Makes `text` read `after` by the smallest change, in one transaction with `origin`. */
export function applyTextChange(text: Y.Text, after: string, origin: unknown): void {
	const change = textChange(text.toString(), after);
	if (!change) return;
	text.doc!.transact(() => {
		if (change.remove > 0) text.delete(change.index, change.remove);
		if (change.insert) text.insert(change.index, change.insert);
	}, origin);
}

/** A Yjs text delta, as Y.YTextEvent gives it. */
export type TextDelta = { insert?: unknown; retain?: number; delete?: number }[];

/**
 * Where a position in the text before `delta` is after it: a caret stays beside the characters it was beside
 * when someone else types or deletes elsewhere. Text inserted exactly at the caret goes after it.
 */
export function mapPosition(delta: TextDelta, position: number): number {
	let oldIndex = 0;
	let mapped = position;
	for (const op of delta) {
		if (oldIndex > position) break;
		if (op.retain !== undefined) {
			oldIndex += op.retain;
		} else if (op.insert !== undefined) {
			if (oldIndex < position) mapped += typeof op.insert === 'string' ? op.insert.length : 1;
		} else if (op.delete !== undefined) {
			if (oldIndex < position) mapped -= Math.min(op.delete, position - oldIndex);
			oldIndex += op.delete;
		}
	}
	return mapped;
}
