import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextChange, mapPosition, textChange } from './text-diff';

describe('textChange: the smallest replacement between two texts', () => {
	it('finds a typed character in the middle', () => {
		expect(textChange('{"a": 1}', '{"a": 12}')).toEqual({ index: 7, remove: 0, insert: '2' });
	});
	it('finds a deletion', () => {
		expect(textChange('quorum half', 'quorum')).toEqual({ index: 6, remove: 5, insert: '' });
	});
	it('does not split a character written as two UTF-16 units', () => {
		const change = textChange('a😀b', 'a😁b')!;
		expect(change).toEqual({ index: 1, remove: 2, insert: '😁' });
	});
	it('is null when nothing changed', () => {
		expect(textChange('same', 'same')).toBeNull();
	});
	it('always turns one text into the other', () => {
		fc.assert(
			fc.property(fc.string(), fc.string(), (before, after) => {
				const change = textChange(before, after);
				const result = change ? before.slice(0, change.index) + change.insert + before.slice(change.index + change.remove) : before;
				expect(result).toBe(after);
			})
		);
	});
});

describe('applyTextChange: edits of two people merge', () => {
	it('keeps both when two people type in different places at once', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		a.getText('rules').insert(0, '{"papersDays": 7, "appealPeriodDays": 28}');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		applyTextChange(a.getText('rules'), '{"papersDays": 10, "appealPeriodDays": 28}', 'a');
		applyTextChange(b.getText('rules'), '{"papersDays": 7, "appealPeriodDays": 21}', 'b');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(a.getText('rules').toString()).toBe('{"papersDays": 10, "appealPeriodDays": 21}');
		expect(b.getText('rules').toString()).toBe(a.getText('rules').toString());
	});
});

describe('mapPosition: a caret follows its text when someone else edits', () => {
	it('moves right past text inserted before it', () => {
		expect(mapPosition([{ retain: 2 }, { insert: 'abc' }], 5)).toBe(8);
	});
	it('stays put for text inserted after it', () => {
		expect(mapPosition([{ retain: 6 }, { insert: 'abc' }], 5)).toBe(5);
	});
	it('moves left past text deleted before it, and to the start of a deletion around it', () => {
		expect(mapPosition([{ delete: 2 }], 5)).toBe(3);
		expect(mapPosition([{ retain: 3 }, { delete: 4 }], 5)).toBe(3);
	});
});
